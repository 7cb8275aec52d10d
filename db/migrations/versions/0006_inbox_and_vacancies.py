"""in-app inbox (notifications.read_at) and units left without an executor (vacancies, p. 7)

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

import db.models

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, db.models.UtcDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(_when('read_at', nullable=True))

    op.create_table(
        'vacancies',
        sa.Column('id', ID, nullable=False),
        sa.Column('unit_id', ID, nullable=False),
        sa.Column('user_id', ID, nullable=False),
        sa.Column('stand_in_id', ID, nullable=True),
        _when('opened_at'),
        sa.Column('opened_by', sa.String(length=100), nullable=False),
        _when('due_at'),
        _when('filled_at', nullable=True),
        sa.Column('filled_by_id', ID, nullable=True),
        sa.Column('reminded_percent', sa.Integer(), nullable=False),
        _when('breached_at', nullable=True),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'], ),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
        sa.ForeignKeyConstraint(['stand_in_id'], ['users.id'], ),
        sa.ForeignKeyConstraint(['filled_by_id'], ['users.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('vacancies', schema=None) as batch_op:
        batch_op.create_index('ix_vacancies_open', ['filled_at', 'due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_vacancies_unit_id'), ['unit_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('vacancies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vacancies_unit_id'))
        batch_op.drop_index('ix_vacancies_open')
    op.drop_table('vacancies')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('read_at')
