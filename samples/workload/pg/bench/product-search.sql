\set cat random(1, 12)
\set lo random(1, 200)
SELECT id, sku, name, price
  FROM products
 WHERE category = 'cat-' || :cat::int
   AND price BETWEEN :lo::numeric AND :lo::numeric + 50
 ORDER BY price
 LIMIT 20;
