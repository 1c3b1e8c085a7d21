\set pid random_exponential(1, :np, 4)
SELECT id, sku, name, category, price, stock FROM products WHERE id = :pid;
