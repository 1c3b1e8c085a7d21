\set p1 random(1, :np)
\set p2 random(1, :np)
\set p3 random(1, :np)
\set p4 random(1, :np)
SELECT id, name, price FROM products WHERE id IN (:p1, :p2, :p3, :p4);
