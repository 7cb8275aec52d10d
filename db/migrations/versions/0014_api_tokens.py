"""api_tokens: personal access tokens for the JSON API (stored as SHA-256, revocable);
messages.source_id indexed for /metrics' count per source

Revision ID: 0014
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'api_tokens',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), primary_key=True),
        sa.Column('token_hash', sa.String(length=64), nullable=False, unique=True),
        sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'),
                  sa.ForeignKey('users.id'), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index('ix_api_tokens_user_id', 'api_tokens', ['user_id'])
    op.create_index('ix_messages_source_id', 'messages', ['source_id'])


def downgrade() -> None:
    op.drop_index('ix_messages_source_id', table_name='messages')
    op.drop_index('ix_api_tokens_user_id', table_name='api_tokens')
    op.drop_table('api_tokens')
