SELECT p.category, count(*) AS lines, sum(oi.qty * oi.price) AS revenue
  FROM order_items oi
  JOIN products p ON p.id = oi.product_id
 GROUP BY p.category
 ORDER BY revenue DESC;
