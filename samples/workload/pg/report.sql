-- Reporting session with a tiny work_mem: its sorts and hashes spill to
-- temporary files (log_temp_files = 0 logs each one).
SET work_mem = '64kB';
SELECT c.country, c.email, count(o.id) AS orders, sum(o.total) AS spent
  FROM customers c
  JOIN orders o ON o.customer_id = c.id
 GROUP BY c.country, c.email
 ORDER BY spent DESC NULLS LAST
 LIMIT 20;
SELECT e.id, e.kind, e.payload
  FROM events e
 ORDER BY e.payload ->> 'k', e.id DESC
 LIMIT 10;
RESET work_mem;
