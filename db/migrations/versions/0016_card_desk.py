"""the card page: the curator's kind of message, reply templates per topic, reply attachments

Revision ID: 0016
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind_set', sa.String(length=20), nullable=True))
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attachment_ids', sa.JSON(), nullable=True))
    op.create_table(
        'reply_templates',
        sa.Column('id', ID, primary_key=True),
        sa.Column('topic', sa.String(length=40), nullable=True),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_by', sa.String(length=100), nullable=False),
    )
    op.create_index('ix_reply_templates_topic', 'reply_templates', ['topic'])
    op.create_table(
        'attachments',
        sa.Column('id', ID, primary_key=True),
        sa.Column('incident_id', ID, sa.ForeignKey('incidents.id'), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=True),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('path', sa.Text(), nullable=True),
        sa.Column('url', sa.Text(), nullable=True),
        sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('added_by', sa.String(length=100), nullable=False),
        sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index('ix_attachments_incident_id', 'attachments', ['incident_id'])


def downgrade() -> None:
    op.drop_index('ix_attachments_incident_id', table_name='attachments')
    op.drop_table('attachments')
    op.drop_index('ix_reply_templates_topic', table_name='reply_templates')
    op.drop_table('reply_templates')
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.drop_column('attachment_ids')
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_column('kind_set')
