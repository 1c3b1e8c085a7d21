-- Reporting session: heavy aggregates with a small sort buffer and a
-- temporary table that spills to disk (Created_tmp_disk_tables).
SET SESSION sort_buffer_size = 32768, SESSION tmp_table_size = 16384, SESSION max_heap_table_size = 16384;
SELECT c.country, c.email, COUNT(o.id) AS orders, SUM(o.total) AS spent
  FROM customers c
  JOIN orders o ON o.customer_id = c.id
 GROUP BY c.country, c.email
 ORDER BY spent DESC
 LIMIT 20;
SELECT e.id, e.kind, e.payload
  FROM events e
 ORDER BY JSON_VALUE(e.payload, '$.k'), e.id DESC
 LIMIT 10;
