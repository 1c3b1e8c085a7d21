-- Holds a row lock on the hottest product for 2 s; waiters time out with
-- ERROR 1205 (innodb_lock_wait_timeout = 1).
START TRANSACTION;
UPDATE products SET stock = stock + 100 WHERE id = 1;
SELECT SLEEP(2);
COMMIT;
