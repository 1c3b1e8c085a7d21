-- Deadlock scenario, side B: rows 2 then 1.
BEGIN;
UPDATE customers SET visits = visits + 1 WHERE id = 2;
SELECT pg_sleep(0.5);
UPDATE customers SET visits = visits + 1 WHERE id = 1;
COMMIT;
