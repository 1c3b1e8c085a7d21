WITH daily AS (
    SELECT date_trunc('day', created_at) AS day,
           sum(total) AS revenue,
           count(*) AS orders
      FROM orders
     WHERE created_at > now() - interval '30 days'
     GROUP BY 1
)
SELECT day, revenue, orders, round(revenue / NULLIF(orders, 0), 2) AS avg_order
  FROM daily
 ORDER BY day DESC
 LIMIT 7;
