-- Shop schema and seeded data for the PostgreSQL recordings.
-- Run by psql as the superuser, connected to database "postgres"; expects
-- psql variables n_customers, n_products, n_orders, n_events.
-- Every statement that counts as DDL starts at column 0 with its keyword
-- (the recorder counts them with grep); indented lines never do.
SELECT setseed(0.42);
CREATE ROLE app LOGIN;
CREATE ROLE reporter LOGIN;
CREATE DATABASE shop;
\c shop
SELECT setseed(0.42);
CREATE TABLE customers (
    id         serial PRIMARY KEY,
    email      text NOT NULL UNIQUE,
    name       text NOT NULL,
    country    char(2) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen  timestamptz,
    visits     integer NOT NULL DEFAULT 0
);
CREATE TABLE products (
    id       serial PRIMARY KEY,
    sku      text NOT NULL UNIQUE,
    name     text NOT NULL,
    category text NOT NULL,
    price    numeric(10,2) NOT NULL,
    stock    integer NOT NULL
);
CREATE TABLE orders (
    id          bigserial PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customers (id),
    status      text NOT NULL DEFAULT 'new',
    total       numeric(12,2) NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE order_items (
    order_id   bigint NOT NULL REFERENCES orders (id),
    line       integer NOT NULL,
    product_id integer NOT NULL REFERENCES products (id),
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
CREATE INDEX events_customer_idx ON events (customer_id, created_at);
CREATE TABLE audit_log (
    id     serial PRIMARY KEY,
    action text NOT NULL,
    at     timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE scratch_import (
    id   integer,
    data text
);
CREATE TABLE wallets (
    customer_id integer PRIMARY KEY,
    balance     numeric(12,2) NOT NULL DEFAULT 0
);

INSERT INTO customers (email, name, country, created_at, visits)
SELECT 'user' || g || '@example.com',
       'Customer ' || g,
       (ARRAY['US', 'DE', 'FR', 'GB', 'IN', 'BR', 'JP', 'CA'])[1 + floor(random() * 8)::int],
       now() - random() * interval '365 days',
       floor(random() * 50)::int
  FROM generate_series(1, :n_customers) AS g;

INSERT INTO products (sku, name, category, price, stock)
SELECT 'SKU-' || lpad(g::text, 6, '0'),
       'Product ' || g,
       'cat-' || (1 + g % 12),
       round((1 + random() * 249)::numeric, 2),
       floor(random() * 1000)::int
  FROM generate_series(1, :n_products) AS g;

INSERT INTO orders (customer_id, status, created_at)
SELECT 1 + floor(random() * :n_customers)::int,
       (ARRAY['new', 'paid', 'shipped', 'delivered'])[1 + floor(random() * 4)::int],
       now() - random() * interval '60 days'
  FROM generate_series(1, :n_orders) AS g;

INSERT INTO order_items (order_id, line, product_id, qty, price)
SELECT o.id, l, 1 + floor(random() * :n_products)::int, 1 + floor(random() * 5)::int, 0
  FROM orders o, generate_series(1, 3) AS l
 WHERE l <= 1 + o.id % 3;

UPDATE order_items oi SET price = p.price FROM products p WHERE p.id = oi.product_id;

UPDATE orders o SET total = s.total
  FROM (SELECT order_id, sum(qty * price) AS total FROM order_items GROUP BY order_id) s
 WHERE s.order_id = o.id;

INSERT INTO events (customer_id, kind, payload, created_at)
SELECT 1 + floor(random() * :n_customers)::int,
       (ARRAY['view', 'click', 'search', 'cart'])[1 + floor(random() * 4)::int],
       jsonb_build_object('k', g % 97, 'src', 'import'),
       now() - random() * interval '2 hours'
  FROM generate_series(1, :n_events) AS g;

INSERT INTO audit_log (action)
SELECT 'action ' || g FROM generate_series(1, 2000) AS g;
DELETE FROM audit_log WHERE id % 3 <> 0;

INSERT INTO scratch_import SELECT g, md5(g::text) FROM generate_series(1, 1000) AS g;

INSERT INTO wallets (customer_id, balance) SELECT id, 100 FROM customers;

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO app;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO reporter;
ANALYZE;
