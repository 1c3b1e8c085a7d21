\set cid random(3, :nc)
SELECT kind, count(*) FROM events WHERE customer_id = :cid AND created_at > now() - interval '1 hour' GROUP BY kind ORDER BY kind;
