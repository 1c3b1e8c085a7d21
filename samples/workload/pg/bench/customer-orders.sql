\set cid random(3, :nc)
SELECT o.id, o.status, o.total, o.created_at
  FROM orders o
 WHERE o.customer_id = :cid
 ORDER BY o.created_at DESC
 LIMIT 10;
