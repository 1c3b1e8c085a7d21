\set cid random(3, :nc)
DELETE FROM events WHERE id IN (SELECT id FROM events WHERE customer_id = :cid ORDER BY id LIMIT 3);
