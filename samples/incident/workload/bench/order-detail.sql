\set oid random(1, :no)
SELECT i.line, p.sku, p.name, i.qty, i.price
  FROM order_items i
  JOIN products p ON p.id = i.product_id
 WHERE i.order_id = :oid
 ORDER BY i.line;
