-- Deliberate failures sent by the application user while the load runs
-- (mariadb client with --force). Each statement expected to fail carries a
-- trailing expect-error marker comment (the client strips comments).
INSERT INTO customers (id, email, name, country) VALUES (1, 'user1@example.com', 'Dup', 'US'); -- expect-error 1062 duplicate key
SELEC id, name FROM products WHERE id = 1; -- expect-error 1064 syntax
UPDATE products SET price = price / 0 WHERE id = 3; -- expect-error 1365 division by zero
SELECT id, total FROM order_archive WHERE id = 42; -- expect-error 1146 unknown table
SELECT id, loyalty FROM customers WHERE id = 7; -- expect-error 1054 unknown column
SET SESSION max_statement_time = 0.2;
SELECT COUNT(*) FROM order_items a JOIN order_items b ON b.product_id = a.product_id JOIN order_items c ON c.product_id = b.product_id; -- expect-error 1969 max_statement_time
SET SESSION max_statement_time = 0;
SELECT id, email -- expect-error 1064 syntax (multi-line)
  FROM customers
 WHERE id = = 5;
\! sleep 1
INSERT INTO products (sku, name, category, price, stock) VALUES ('SKU-000007', 'Dup', 'cat-1', 1, 1); -- expect-error 1062 duplicate key
