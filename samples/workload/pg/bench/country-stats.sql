SELECT country, count(*), avg(visits) FROM customers GROUP BY country ORDER BY 2 DESC;
