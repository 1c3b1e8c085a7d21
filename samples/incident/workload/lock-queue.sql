-- Widen orders.customer_id to bigint on the grown orders table (~3 million
-- rows): ALTER COLUMN TYPE rewrites the table and rebuilds its indexes for
-- seconds under an ACCESS EXCLUSIVE lock, in the migration's transaction;
-- every query on orders queues behind it until COMMIT. No pg_sleep: the
-- rewrite itself is the long part. The migration re-analyzes the table in
-- the same transaction (ALTER COLUMN TYPE drops the column's statistics).
BEGIN;
ALTER TABLE orders ALTER COLUMN customer_id TYPE bigint;
ANALYZE orders;
COMMIT;
