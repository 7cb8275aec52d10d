"""messages.incident_id may be checked at commit, when a transaction asks

An ingest poll on PostgreSQL writes each relevant message already pointing at the card it will
open (the card's id taken from the sequence first) and writes the cards at the end of the same
transaction, once repeats are known (db.bulk.defer_card_links). Before, every such message was
written and then updated to point at its card: a second version of the row, its text vector
computed and its text index entries written again. The constraint stays checked at once unless
a transaction defers it. SQLite has the same constraint, so that the models describe both; its
table is rebuilt for it (SQLite cannot alter a constraint), and the rebuild drops the full-text
triggers of 0017, which are created again.

Revision ID: 0020
Revises: 0019
"""
import importlib.util
from pathlib import Path

from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

FK = "messages_incident_id_fkey"
# SQLite's constraint has no name: the rebuild names it by this convention to replace it
SQLITE_NAMES = {"fk": "%(table_name)s_%(column_0_name)s_fkey"}


def _sqlite_fts_triggers() -> None:
    spec = importlib.util.spec_from_file_location("queue_search", Path(__file__).with_name("0017_queue_search.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.sqlite_fts_triggers()


def _sqlite_rebuild(deferrable: bool | None, initially: str | None) -> None:
    with op.batch_alter_table('messages', naming_convention=SQLITE_NAMES, recreate='always') as batch_op:
        batch_op.drop_constraint(FK, type_='foreignkey')
        batch_op.create_foreign_key(FK, 'incidents', ['incident_id'], ['id'], deferrable=deferrable,
                                    initially=initially)
    _sqlite_fts_triggers()


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        op.execute(f"ALTER TABLE messages ALTER CONSTRAINT {FK} DEFERRABLE INITIALLY IMMEDIATE")
    elif dialect == 'sqlite':
        _sqlite_rebuild(deferrable=True, initially='IMMEDIATE')


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        op.execute(f"ALTER TABLE messages ALTER CONSTRAINT {FK} NOT DEFERRABLE")
    elif dialect == 'sqlite':
        _sqlite_rebuild(deferrable=None, initially=None)
