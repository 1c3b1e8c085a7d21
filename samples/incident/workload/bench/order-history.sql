\set cid random(1, :nc)
SELECT o.id, o.status, o.amount, o.created_at, count(i.line) AS items FROM orders o LEFT JOIN order_items i ON i.order_id = o.id WHERE o.customer_id = :cid GROUP BY o.id ORDER BY o.created_at DESC LIMIT 20;
