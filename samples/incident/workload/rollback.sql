-- Roll back release 412: put the per-customer index back (without blocking
-- writes), then drop the index the release added.
CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);
DROP INDEX CONCURRENTLY orders_status_created_idx;
