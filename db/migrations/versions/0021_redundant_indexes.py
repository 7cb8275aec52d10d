"""Two indexes that another index already serves are dropped

ix_incidents_state (state) is the leading column of ix_incidents_queue (state, reply_due_at,
id), and ix_stage_deadlines_incident_id (incident_id) of the unique uq_stage_deadlines_stage
(incident_id, stage, unit_id, cycle): each lookup they served, the longer index serves as
well. Every card opened wrote an entry in the first and two (its route and reply stages) in
the second, for nothing.

Revision ID: 0021
Revises: 0020
"""
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_incidents_state', table_name='incidents')
    op.drop_index('ix_stage_deadlines_incident_id', table_name='stage_deadlines')


def downgrade() -> None:
    op.create_index('ix_stage_deadlines_incident_id', 'stage_deadlines', ['incident_id'], unique=False)
    op.create_index('ix_incidents_state', 'incidents', ['state'], unique=False)
