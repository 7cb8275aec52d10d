"""report_runs (the monthly report sent once) and stored_files (its documents, attached to email)

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

import db.models

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, db.models.UtcDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        'report_runs',
        sa.Column('id', ID, nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('period', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('claim', sa.String(length=40), nullable=False),
        _when('claimed_at'),
        _when('lease_until'),
        sa.Column('attempts', sa.Integer(), nullable=False),
        _when('finished_at', nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('kind', 'period', name='uq_report_runs_period'),
    )
    op.create_table(
        'stored_files',
        sa.Column('id', ID, nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        _when('created_at'),
        sa.Column('report_run_id', ID, nullable=True),
        sa.ForeignKeyConstraint(['report_run_id'], ['report_runs.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stored_files_report_run_id'), ['report_run_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stored_files_report_run_id'))
    op.drop_table('stored_files')
    op.drop_table('report_runs')
