SELECT date_trunc('day', created_at) AS day,
       count(*) AS orders,
       sum(amount) AS revenue
  FROM orders
 WHERE created_at >= timestamptz '2024-11-01 00:00:00+00'
 GROUP BY 1
 ORDER BY 1;
