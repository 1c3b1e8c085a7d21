-- Holds a row lock on the hottest product for a while (lock-wait scenario).
BEGIN;
UPDATE products SET stock = stock + 100 WHERE id = 1;
SELECT pg_sleep(1.2);
COMMIT;
