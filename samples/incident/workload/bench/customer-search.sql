\set n random(1, 9999)
SELECT id, email, name FROM customers WHERE name ILIKE '%' || :n::int || '%' ORDER BY id LIMIT 50;
