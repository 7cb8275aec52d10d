"""activity_cases and activity_case_messages: immediate reports to the head (p. 25)

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

import db.models

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, db.models.UtcDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        'activity_cases',
        sa.Column('id', ID, nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('topic', sa.String(length=40), nullable=True),
        sa.Column('location', sa.String(length=40), nullable=True),
        _when('window_start', nullable=True),
        sa.Column('incident_id', ID, nullable=True),
        _when('opened_at'),
        sa.Column('opened_by', sa.String(length=100), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('baseline', sa.Float(), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        _when('acknowledged_at', nullable=True),
        sa.Column('acknowledged_by', sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('kind', 'topic', 'location', 'window_start', name='uq_activity_cases_window'),
        sa.UniqueConstraint('kind', 'incident_id', name='uq_activity_cases_card'),
    )
    op.create_table(
        'activity_case_messages',
        sa.Column('id', ID, nullable=False),
        sa.Column('case_id', ID, nullable=False),
        sa.Column('message_id', ID, nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['activity_cases.id'], ),
        sa.ForeignKeyConstraint(['message_id'], ['messages.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('case_id', 'message_id', name='uq_activity_case_messages'),
    )
    with op.batch_alter_table('activity_case_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_case_messages_case_id'), ['case_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('activity_case_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_case_messages_case_id'))
    op.drop_table('activity_case_messages')
    op.drop_table('activity_cases')
