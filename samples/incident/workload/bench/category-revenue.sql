\set oid random(1, :no)
SELECT p.category, count(*) AS lines, sum(i.qty * i.price) AS revenue
  FROM order_items i
  JOIN products p ON p.id = i.product_id
 WHERE i.order_id BETWEEN :oid AND :oid + 3000
 GROUP BY p.category
 ORDER BY revenue DESC;
