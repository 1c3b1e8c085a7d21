-- Deadlock scenario, side B: rows 2 then 1.
START TRANSACTION;
UPDATE customers SET visits = visits + 1 WHERE id = 2;
SELECT SLEEP(0.5);
UPDATE customers SET visits = visits + 1 WHERE id = 1;
COMMIT;
