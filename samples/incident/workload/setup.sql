-- setup.sql - schema and seeded data of the incident recordings (a small
-- shop). Run by psql as the superuser connected to database "postgres",
-- with psql variables n_customers, n_products, n_orders, n_events.
-- Invariants: the data depends only on the variables (setseed before every
-- random fill, fixed row order), and this session logs no statement (the
-- recorder connects with PGOPTIONS='-c log_statement=none -c
-- log_min_duration_statement=-1'), so a recorded log shows the application
-- already running against a populated database, as an archived production
-- log would (only the setup's connections and checkpoint appear).
CREATE ROLE app LOGIN;
CREATE ROLE reporter LOGIN;
CREATE ROLE deploy LOGIN SUPERUSER;
CREATE DATABASE shop;
\c shop
SET max_parallel_maintenance_workers = 0;

CREATE TABLE customers (
    id         integer PRIMARY KEY,
    email      text NOT NULL UNIQUE,
    name       text NOT NULL,
    country    char(2) NOT NULL,
    created_at timestamptz NOT NULL,
    last_seen  timestamptz
);
CREATE TABLE products (
    id       integer PRIMARY KEY,
    sku      text NOT NULL UNIQUE,
    name     text NOT NULL,
    category text NOT NULL,
    price    numeric(10,2) NOT NULL,
    stock    integer NOT NULL
);
CREATE TABLE orders (
    id          bigserial PRIMARY KEY,
    customer_id integer NOT NULL,
    status      text NOT NULL,
    amount      numeric(12,2) NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE TABLE order_items (
    order_id   bigint NOT NULL,
    line       integer NOT NULL,
    product_id integer NOT NULL,
    qty        integer NOT NULL,
    price      numeric(10,2) NOT NULL,
    PRIMARY KEY (order_id, line)
);
CREATE TABLE events (
    id          bigserial PRIMARY KEY,
    customer_id integer NOT NULL,
    kind        text NOT NULL,
    payload     jsonb,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE coupons (
    code     text PRIMARY KEY,
    percent  smallint NOT NULL,
    valid_to date NOT NULL
);

SELECT setseed(0.1) \gset
INSERT INTO customers
SELECT g, 'user' || g || '@example.com', 'Customer ' || g,
       (ARRAY['US', 'DE', 'FR', 'GB', 'IN', 'BR', 'JP', 'CA'])[1 + floor(random() * 8)::int],
       timestamptz '2024-01-01 00:00:00+00' + random() * interval '365 days', NULL
  FROM generate_series(1, :n_customers) AS g;

SELECT setseed(0.2) \gset
INSERT INTO products
SELECT g, 'SKU-' || lpad(g::text, 6, '0'), 'Product ' || g, 'cat-' || (1 + g % 20),
       round((1 + random() * 249)::numeric, 2), 100000
  FROM generate_series(1, :n_products) AS g;

SELECT setseed(0.3) \gset
INSERT INTO orders (customer_id, status, amount, created_at)
SELECT 1 + floor(random() * :n_customers)::int,
       (ARRAY['new', 'paid', 'shipped', 'delivered', 'delivered', 'delivered'])[1 + floor(random() * 6)::int],
       round((5 + random() * 495)::numeric, 2),
       timestamptz '2024-06-01 00:00:00+00' + random() * interval '180 days'
  FROM generate_series(1, :n_orders) AS g
 ORDER BY g;

SELECT setseed(0.4) \gset
INSERT INTO order_items
SELECT o.id, l, 1 + floor(random() * :n_products)::int, 1 + floor(random() * 4)::int,
       round((1 + random() * 249)::numeric, 2)
  FROM orders o, generate_series(1, 3) AS l
 WHERE l <= 1 + o.id % 3
 ORDER BY o.id, l;

SELECT setseed(0.5) \gset
INSERT INTO events (customer_id, kind, payload, created_at)
SELECT 1 + floor(random() * :n_customers)::int,
       (ARRAY['view', 'click', 'search', 'cart'])[1 + floor(random() * 4)::int],
       jsonb_build_object('page', g % 97),
       timestamptz '2024-11-01 00:00:00+00' + random() * interval '30 days'
  FROM generate_series(1, :n_events) AS g
 ORDER BY g;

INSERT INTO coupons
SELECT 'SAVE' || g, 5 + g % 20, date '2025-01-01' + g FROM generate_series(1, 40) AS g;

-- The index the hot query (order history of one customer) depends on.
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
CREATE INDEX events_customer_idx ON events (customer_id, created_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO app;
GRANT SELECT ON customers, products, orders TO reporter;
VACUUM ANALYZE;
CHECKPOINT;
