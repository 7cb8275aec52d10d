"""The curator's queue: full-text search over messages and the queue's keyset index

PostgreSQL: a stored generated column fts_vector = to_tsvector('russian', text) with a GIN index
(stored, because a prefix match rechecks every candidate row: computing the vector there again
cost ~30 µs a row). SQLite: an FTS5 table over messages (external content, unicode61 tokenizer with
diacritics removed, so «ё»/«е» and «й»/«и» fold alike), kept in step by triggers on every
insert, update of the text and delete, whatever path writes the row (ingest's bulk insert too).
Note: a later SQLite batch migration that recreates ``messages`` drops these triggers; it must
create them again (see ``sqlite_fts_triggers``).

Revision ID: 0017
Revises: 0016
"""
import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

FTS_TRIGGERS = (
    "CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages BEGIN "
    "INSERT INTO messages_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN "
    "INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER messages_fts_au AFTER UPDATE OF text ON messages BEGIN "
    "INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO messages_fts(rowid, text) VALUES (new.id, new.text); END",
)


def sqlite_fts_triggers() -> None:
    for statement in FTS_TRIGGERS:
        op.execute(statement)


def upgrade() -> None:
    # The queue walks each state's cards by reply deadline (monitor/web/queue.py): one index range each.
    op.create_index('ix_incidents_queue', 'incidents', ['state', 'reply_due_at', 'id'])
    op.create_index('ix_incidents_detected_at', 'incidents', ['detected_at'])
    op.create_index('ix_assignments_unit_incident', 'assignments', ['unit_id', 'incident_id'])
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        op.execute("ALTER TABLE messages ADD COLUMN fts_vector tsvector GENERATED ALWAYS AS "
                   "(to_tsvector('russian'::regconfig, coalesce(text, ''))) STORED")
        op.execute("CREATE INDEX ix_messages_fts ON messages USING gin (fts_vector)")
    elif dialect == 'sqlite':
        op.execute("CREATE VIRTUAL TABLE messages_fts USING fts5(text, content='messages', content_rowid='id', "
                   "tokenize='unicode61 remove_diacritics 2')")
        sqlite_fts_triggers()
        op.execute("INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        op.execute("DROP INDEX IF EXISTS ix_messages_fts")
        op.execute("ALTER TABLE messages DROP COLUMN IF EXISTS fts_vector")
    elif dialect == 'sqlite':
        for name in ('messages_fts_ai', 'messages_fts_ad', 'messages_fts_au'):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS messages_fts")
    op.drop_index('ix_assignments_unit_incident', table_name='assignments')
    op.drop_index('ix_incidents_detected_at', table_name='incidents')
    op.drop_index('ix_incidents_queue', table_name='incidents')
    _ = sa
