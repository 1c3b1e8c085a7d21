\set cid random(1, :nc)
SELECT kind, payload, created_at FROM events WHERE customer_id = :cid ORDER BY created_at DESC LIMIT 10;
