\set oid random(1, :no)
SELECT oi.line, p.sku, p.name, oi.qty, oi.price
  FROM order_items oi
  JOIN products p ON p.id = oi.product_id
 WHERE oi.order_id = :oid
 ORDER BY oi.line;
