SELECT status, count(*) AS orders, sum(amount) AS revenue FROM orders GROUP BY status ORDER BY status;
