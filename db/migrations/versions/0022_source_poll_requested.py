"""sources.poll_requested_at: an administrator asked for a poll now (web desk); the service runs the source's
poll within seconds instead of at its next interval, and clears the request

Revision ID: 0022
Revises: 0021
"""
import sqlalchemy as sa
from alembic import op

import db.models

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.add_column(sa.Column('poll_requested_at', db.models.UtcDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.drop_column('poll_requested_at')
