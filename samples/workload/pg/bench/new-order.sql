\set cid random(3, :nc)
\set pid random_exponential(1, :np, 5)
\set qty random(1, 5)
BEGIN;
INSERT INTO orders (customer_id, status, total, created_at)
VALUES (:cid, 'new', 0, now())
RETURNING id AS order_id \gset
INSERT INTO order_items (order_id, line, product_id, qty, price)
SELECT :order_id::bigint, 1, p.id, :qty::int, p.price FROM products p WHERE p.id = :pid;
UPDATE orders SET total = (SELECT sum(qty * price) FROM order_items WHERE order_id = :order_id) WHERE id = :order_id;
UPDATE products SET stock = stock - :qty WHERE id = :pid;
INSERT INTO events (customer_id, kind, payload)
VALUES (:cid, 'order', jsonb_build_object('order_id', :order_id::bigint, 'product_id', :pid::int));
COMMIT;
