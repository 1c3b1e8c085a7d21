-- Deliberate failures sent by the application role while the load runs.
-- Run by psql with ON_ERROR_STOP=0. Each statement expected to fail carries
-- the marker "expect-error" on its first line (the recorder counts them).
INSERT INTO customers (id, email, name, country) VALUES (1, 'user1@example.com', 'Dup', 'US'); -- expect-error unique_violation
SELEC id, name FROM products WHERE id = 1; -- expect-error syntax_error
SELECT sum(total) / (SELECT count(*) FROM orders WHERE status = 'lost') FROM orders; -- expect-error division_by_zero
SELECT id, total FROM order_archive WHERE id = 42; -- expect-error undefined_table
SET statement_timeout = '200ms';
SELECT pg_sleep(2); -- expect-error query_canceled
RESET statement_timeout;
SELECT id, email -- expect-error syntax_error (multi-line)
  FROM customers
 WHERE id = = 5;
\! sleep 1
INSERT INTO products (sku, name, category, price, stock) VALUES ('SKU-000007', 'Dup', 'cat-1', 1, 1); -- expect-error unique_violation
UPDATE products SET price = -price / 0 WHERE id = 3; -- expect-error division_by_zero
