-- Deadlock scenario, side A: moves money from wallet 1 to wallet 2,
-- while side B moves it the other way (rows locked in opposite order).
START TRANSACTION;
UPDATE wallets SET balance = balance - 10 WHERE customer_id = 1;
SELECT SLEEP(0.5);
UPDATE wallets SET balance = balance + 10 WHERE customer_id = 2;
COMMIT;
