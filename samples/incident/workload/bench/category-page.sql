\set cat random(1, 20)
SELECT id, name, price FROM products WHERE category = 'cat-' || :cat::int AND stock > 0 ORDER BY price LIMIT 24;
