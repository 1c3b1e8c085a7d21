"""create orders

Revision ID: 1a2b
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "1a2b"
down_revision = None


def upgrade():
    op.create_table("orders", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("customer", sa.Integer))


def downgrade():
    op.drop_table("orders")
