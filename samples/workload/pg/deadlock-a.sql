-- Deadlock scenario, side A: rows 1 then 2.
BEGIN;
UPDATE customers SET visits = visits + 1 WHERE id = 1;
SELECT pg_sleep(0.5);
UPDATE customers SET visits = visits + 1 WHERE id = 2;
COMMIT;
