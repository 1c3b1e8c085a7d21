\set n random(10, 200)
SELECT id, sku, stock FROM products WHERE stock < :n ORDER BY stock LIMIT 50;
