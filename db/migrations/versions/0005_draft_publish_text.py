"""drafts.publish_text: the reply exactly as it will be posted, fitted before approval

Revision ID: 0005
Revises: 0004

Drafts written before this revision get their own text: what they approved is what is posted.
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('publish_text', sa.Text(), nullable=True))
    op.execute("UPDATE drafts SET publish_text = text")
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.alter_column('publish_text', existing_type=sa.Text(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.drop_column('publish_text')
