\set cid random(1, :nc)
SELECT id, email, name, country, last_seen FROM customers WHERE id = :cid;
