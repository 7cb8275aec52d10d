"""The queue at a million cards (PostgreSQL only): statistics on the filter columns, a word list for search

Statistics: the queue filters on coalesce(topic_set, topic) and the like; without statistics on
these expressions the planner guessed 1 matching card of 60,000 and read the whole state by
bitmap (20,000 heap pages, ~175 ms) instead of walking its deadline index (~10 ms).
Word list (messages_fts_words): every lexeme of every message's fts_vector, kept by triggers, so
that a search's prefix «протек:*» is turned into the few words it stands for («протека | протекл»),
which the text index finds ~10 times faster than by prefix (see monitor/web/search.py). Words are
never removed: a word no message has any more matches nothing. Lexemes go in sorted, so two
writers never wait on each other's words in opposite orders. SQLite needs neither (FTS5 prefixes
are fast).

Revision ID: 0019
Revises: 0018
"""
import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

STATISTICS = ("CREATE STATISTICS incidents_facets ON platform, (coalesce(topic_set, topic)), "
              "(coalesce(importance_set, importance)), (coalesce(location_set, location)) FROM incidents")
STATEMENTS = (
    'CREATE TABLE messages_fts_words (word text COLLATE "C" PRIMARY KEY)',
    "CREATE FUNCTION messages_fts_words_added() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO messages_fts_words (word) SELECT DISTINCT w.lexeme FROM added, unnest(added.fts_vector) AS w "
    "ORDER BY 1 ON CONFLICT DO NOTHING; RETURN NULL; END $$",
    "CREATE FUNCTION messages_fts_words_edited() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO messages_fts_words (word) SELECT w.lexeme FROM unnest(NEW.fts_vector) AS w "
    "ORDER BY 1 ON CONFLICT DO NOTHING; RETURN NULL; END $$",
    "CREATE TRIGGER messages_fts_words_ai AFTER INSERT ON messages REFERENCING NEW TABLE AS added "
    "FOR EACH STATEMENT EXECUTE FUNCTION messages_fts_words_added()",
    "CREATE TRIGGER messages_fts_words_au AFTER UPDATE OF text ON messages FOR EACH ROW "
    "WHEN (OLD.text IS DISTINCT FROM NEW.text) EXECUTE FUNCTION messages_fts_words_edited()",
    "INSERT INTO messages_fts_words (word) SELECT DISTINCT w.lexeme FROM messages, unnest(messages.fts_vector) AS w "
    "ORDER BY 1 ON CONFLICT DO NOTHING",
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return
    if (bind.dialect.server_version_info or (0,)) >= (14,):  # statistics on expressions came in 14
        op.execute(STATISTICS)
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS messages_fts_words_au ON messages")
        op.execute("DROP TRIGGER IF EXISTS messages_fts_words_ai ON messages")
        op.execute("DROP FUNCTION IF EXISTS messages_fts_words_edited()")
        op.execute("DROP FUNCTION IF EXISTS messages_fts_words_added()")
        op.execute("DROP TABLE IF EXISTS messages_fts_words")
        op.execute("DROP STATISTICS IF EXISTS incidents_facets")
    _ = sa
