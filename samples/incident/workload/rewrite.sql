-- Widen orders.customer_id to bigint. ALTER COLUMN TYPE rewrites the table
-- and rebuilds its indexes under an ACCESS EXCLUSIVE lock, and the migration
-- tool keeps its transaction open a while longer (simulated by pg_sleep), so
-- every query on orders queues behind the lock until COMMIT.
BEGIN;
ALTER TABLE orders ALTER COLUMN customer_id TYPE bigint;
SELECT pg_sleep(8);
COMMIT;
