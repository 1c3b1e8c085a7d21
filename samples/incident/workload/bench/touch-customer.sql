\set cid random(1, :nc)
UPDATE customers SET last_seen = now() WHERE id = :cid;
