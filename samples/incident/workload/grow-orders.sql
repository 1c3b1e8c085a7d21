-- grow-orders.sql - lock-queue scenario only: grow orders to ~3 million
-- rows so that rewriting it takes seconds. Loaded after setup.sql with
-- statement logging off, like it; psql variable n_extra (rows to add).
\c shop
SET max_parallel_maintenance_workers = 0;
SELECT setseed(0.7) \gset
INSERT INTO orders (customer_id, status, amount, created_at)
SELECT 1 + floor(random() * 50000)::int,
       (ARRAY['new', 'paid', 'shipped', 'delivered', 'delivered', 'delivered'])[1 + floor(random() * 6)::int],
       round((5 + random() * 495)::numeric, 2),
       timestamptz '2023-01-01 00:00:00+00' + random() * interval '500 days'
  FROM generate_series(1, :n_extra) AS g;
VACUUM ANALYZE orders;
CHECKPOINT;
-- Start warm (shared_buffers is raised for this scenario to hold it), as a
-- long-running production server would be.
CREATE EXTENSION pg_prewarm;
SELECT pg_prewarm('orders'), pg_prewarm('orders_pkey'), pg_prewarm('orders_customer_id_idx'),
       pg_prewarm('order_items'), pg_prewarm('order_items_pkey');
