"""workflow: assignments, drafts, stage deadlines, absences; reply columns on incidents

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

import db.models

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, db.models.UtcDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.add_column(_when('reply_due_at', nullable=True))
        batch_op.add_column(sa.Column('reply_minutes_set', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('requires_measures_report', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('reply_external_id', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('reply_url', sa.Text(), nullable=True))
        batch_op.add_column(_when('published_at', nullable=True))
        batch_op.add_column(_when('closed_at', nullable=True))

    op.create_table('assignments',
    sa.Column('id', ID, nullable=False),
    sa.Column('incident_id', ID, nullable=False),
    sa.Column('unit_id', ID, nullable=False),
    sa.Column('cycle', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    _when('assigned_at'),
    sa.Column('assigned_by', sa.String(length=100), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    _when('returned_at', nullable=True),
    sa.Column('return_reason', sa.Text(), nullable=True),
    sa.Column('contribution', sa.Text(), nullable=True),
    _when('contributed_at', nullable=True),
    sa.Column('contributed_by', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('incident_id', 'unit_id', 'cycle', name='uq_assignments_incident_unit_cycle')
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignments_incident_id'), ['incident_id'], unique=False)

    op.create_table('drafts',
    sa.Column('id', ID, nullable=False),
    sa.Column('incident_id', ID, nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('unit_id', ID, nullable=True),
    sa.Column('author', sa.String(length=100), nullable=False),
    _when('submitted_at'),
    sa.Column('measures_reported', sa.Boolean(), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=True),
    _when('decided_at', nullable=True),
    sa.Column('decided_by', sa.String(length=100), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    _when('published_at', nullable=True),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('incident_id', 'version', name='uq_drafts_incident_version')
    )
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_drafts_incident_id'), ['incident_id'], unique=False)

    op.create_table('stage_deadlines',
    sa.Column('id', ID, nullable=False),
    sa.Column('incident_id', ID, nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('unit_id', ID, nullable=True),
    sa.Column('user_id', ID, nullable=True),
    sa.Column('cycle', sa.Integer(), nullable=False),
    sa.Column('working', sa.Boolean(), nullable=False),
    _when('started_at'),
    _when('due_at'),
    _when('done_at', nullable=True),
    _when('breached_at', nullable=True),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('incident_id', 'stage', 'unit_id', 'cycle', name='uq_stage_deadlines_stage')
    )
    with op.batch_alter_table('stage_deadlines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stage_deadlines_incident_id'), ['incident_id'], unique=False)
        batch_op.create_index('ix_stage_deadlines_open', ['done_at', 'due_at'], unique=False)

    op.create_table('absences',
    sa.Column('id', ID, nullable=False),
    sa.Column('user_id', ID, nullable=False),
    sa.Column('deputy_id', ID, nullable=False),
    _when('starts_at'),
    _when('ends_at'),
    sa.Column('reason', sa.Text(), nullable=True),
    _when('created_at'),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['deputy_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('absences', schema=None) as batch_op:
        batch_op.create_index('ix_absences_user_period', ['user_id', 'starts_at', 'ends_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('absences', schema=None) as batch_op:
        batch_op.drop_index('ix_absences_user_period')
    op.drop_table('absences')
    with op.batch_alter_table('stage_deadlines', schema=None) as batch_op:
        batch_op.drop_index('ix_stage_deadlines_open')
        batch_op.drop_index(batch_op.f('ix_stage_deadlines_incident_id'))
    op.drop_table('stage_deadlines')
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_drafts_incident_id'))
    op.drop_table('drafts')
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignments_incident_id'))
    op.drop_table('assignments')
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_column('closed_at')
        batch_op.drop_column('published_at')
        batch_op.drop_column('reply_url')
        batch_op.drop_column('reply_external_id')
        batch_op.drop_column('requires_measures_report')
        batch_op.drop_column('reply_minutes_set')
        batch_op.drop_column('reply_due_at')
