\set cid random(3, :nc)
UPDATE customers SET last_seen = now(), visits = visits + 1 WHERE id = :cid;
