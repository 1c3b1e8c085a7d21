\set cid random_zipfian(1, :nc, 1.07)
SELECT id, email, name, country, visits FROM customers WHERE id = :cid;
