"""notifications outbox, handled reminder points, recorded deadline breaches

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

import db.models

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, db.models.UtcDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table('notifications',
    sa.Column('id', ID, nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('user_id', ID, nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('incident_id', ID, nullable=True),
    sa.Column('context', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    _when('created_at'),
    _when('next_attempt_at'),
    _when('sent_at', nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key', 'user_id', 'channel', name='uq_notifications_key_user_channel')
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_incident_id'), ['incident_id'], unique=False)

    op.create_table('deadline_reminders',
    sa.Column('id', ID, nullable=False),
    sa.Column('stage_deadline_id', ID, nullable=False),
    sa.Column('percent', sa.Integer(), nullable=False),
    sa.Column('user_id', ID, nullable=True),
    _when('at'),
    sa.ForeignKeyConstraint(['stage_deadline_id'], ['stage_deadlines.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('stage_deadline_id', 'percent', name='uq_deadline_reminders_point')
    )

    op.create_table('breaches',
    sa.Column('id', ID, nullable=False),
    sa.Column('stage_deadline_id', ID, nullable=False),
    sa.Column('incident_id', ID, nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('unit_id', ID, nullable=True),
    sa.Column('user_id', ID, nullable=True),
    _when('due_at'),
    _when('done_at', nullable=True),
    _when('recorded_at'),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], ),
    sa.ForeignKeyConstraint(['stage_deadline_id'], ['stage_deadlines.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('stage_deadline_id', name='uq_breaches_stage_deadline')
    )
    with op.batch_alter_table('breaches', schema=None) as batch_op:
        batch_op.create_index('ix_breaches_due_at', ['due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_breaches_incident_id'), ['incident_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('breaches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_breaches_incident_id'))
        batch_op.drop_index('ix_breaches_due_at')
    op.drop_table('breaches')
    op.drop_table('deadline_reminders')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_incident_id'))
        batch_op.drop_index('ix_notifications_due')
    op.drop_table('notifications')
