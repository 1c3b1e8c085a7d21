\set n random(1, 999)
SELECT id, email FROM customers WHERE email LIKE 'user' || :n::int || '%' ORDER BY id LIMIT 5;
