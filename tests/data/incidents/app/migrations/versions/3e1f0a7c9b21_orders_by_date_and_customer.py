"""orders by date and customer

Release 1.4.1: an index on (created_at, customer_id) for the daily sales
report.  Applied before the recording starts.
"""
from alembic import op

revision = "3e1f0a7c9b21"
down_revision = None


def upgrade():
    op.create_index("orders_created_customer_idx", "orders",
                    ["created_at", "customer_id"])


def downgrade():
    op.drop_index("orders_created_customer_idx", table_name="orders")
