-- Deadlock scenario, side B: moves money from wallet 2 to wallet 1,
-- while side A moves it the other way (rows locked in opposite order).
START TRANSACTION;
UPDATE wallets SET balance = balance - 10 WHERE customer_id = 2;
SELECT SLEEP(0.5);
UPDATE wallets SET balance = balance + 10 WHERE customer_id = 1;
COMMIT;
