-- Holds an ACCESS EXCLUSIVE table lock for a while (lock-queue scenario).
BEGIN;
LOCK TABLE customers IN ACCESS EXCLUSIVE MODE;
SELECT pg_sleep(1);
COMMIT;
