\set cid random(1, :nc)
\set pid random_exponential(1, :np, 4)
\set qty random(1, 4)
BEGIN;
INSERT INTO orders (customer_id, status, amount, created_at) VALUES (:cid, 'new', 0, now()) RETURNING id AS order_id \gset
INSERT INTO order_items (order_id, line, product_id, qty, price) SELECT :order_id::bigint, 1, id, :qty::int, price FROM products WHERE id = :pid;
UPDATE orders SET amount = (SELECT sum(qty * price) FROM order_items WHERE order_id = :order_id) WHERE id = :order_id;
UPDATE products SET stock = stock - :qty WHERE id = :pid;
COMMIT;
