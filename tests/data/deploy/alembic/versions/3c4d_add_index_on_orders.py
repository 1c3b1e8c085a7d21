"""add index on orders

Revision ID: 3c4d
Revises: 1a2b
"""
from alembic import op

revision = "3c4d"
down_revision = "1a2b"


def upgrade():
    op.create_index("orders_customer_ix", "orders", ["customer"])


def downgrade():
    op.drop_index("orders_customer_ix", "orders")
