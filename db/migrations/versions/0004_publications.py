"""publisher outbox: publications

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

import db.models

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, db.models.UtcDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        'publications',
        sa.Column('id', ID, nullable=False),
        sa.Column('key', sa.String(length=100), nullable=False),
        sa.Column('incident_id', ID, nullable=False),
        sa.Column('draft_id', ID, nullable=True),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('source_name', sa.String(length=100), nullable=True),
        sa.Column('platform', sa.String(length=20), nullable=False),
        sa.Column('owner_id', sa.String(length=200), nullable=True),
        sa.Column('post_id', sa.String(length=100), nullable=True),
        sa.Column('comment_id', sa.String(length=100), nullable=True),
        sa.Column('topic_id', sa.String(length=100), nullable=True),
        sa.Column('author_name', sa.String(length=300), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('attachments', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        _when('created_at'),
        _when('next_attempt_at'),
        sa.Column('claim', sa.String(length=40), nullable=True),
        _when('lease_until', nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('external_id', sa.String(length=200), nullable=True),
        sa.Column('url', sa.Text(), nullable=True),
        _when('sent_at', nullable=True),
        sa.ForeignKeyConstraint(['incident_id'], ['incidents.id']),
        sa.ForeignKeyConstraint(['draft_id'], ['drafts.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key', name='uq_publications_key'),
    )
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.create_index('ix_publications_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_publications_incident_id'), ['incident_id'], unique=False)


def downgrade() -> None:
    op.drop_table('publications')
