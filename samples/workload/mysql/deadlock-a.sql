-- Deadlock scenario, side A: rows 1 then 2.
START TRANSACTION;
UPDATE customers SET visits = visits + 1 WHERE id = 1;
SELECT SLEEP(0.5);
UPDATE customers SET visits = visits + 1 WHERE id = 2;
COMMIT;
