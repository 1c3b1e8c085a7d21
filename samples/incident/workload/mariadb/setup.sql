-- setup.sql - schema and seeded data of the MariaDB incident recording
-- (record-mariadb-incident.sh). Run as root before statement logging is
-- switched on, so the log starts with the application already running.
-- Invariant: the data depends only on the fixed seeds of RAND(N).
CREATE USER 'app'@'%';
CREATE USER 'deploy'@'%';
CREATE DATABASE shop;
GRANT SELECT, INSERT, UPDATE ON shop.* TO 'app'@'%';
GRANT ALL ON shop.* TO 'deploy'@'%';
USE shop;
CREATE TABLE customers (
    id         INT PRIMARY KEY,
    email      VARCHAR(80) NOT NULL,
    country    CHAR(2) NOT NULL,
    last_seen  DATETIME(6) NULL
) ENGINE=InnoDB;
CREATE TABLE orders (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    customer_id INT NOT NULL,
    status      VARCHAR(12) NOT NULL,
    total       DECIMAL(12,2) NOT NULL,
    created_at  DATETIME NOT NULL,
    KEY orders_customer_idx (customer_id)
) ENGINE=InnoDB;
INSERT INTO customers
SELECT seq, CONCAT('user', seq, '@example.com'),
       ELT(1 + FLOOR(RAND(1 + seq) * 4), 'US', 'DE', 'FR', 'JP'), NULL
  FROM seq_1_to_20000;
INSERT INTO orders (customer_id, status, total, created_at)
SELECT 1 + FLOOR(RAND(7 * seq) * 20000),
       ELT(1 + FLOOR(RAND(11 * seq) * 3), 'new', 'paid', 'shipped'),
       ROUND(5 + RAND(13 * seq) * 495, 2),
       '2026-01-01 00:00:00' + INTERVAL FLOOR(RAND(17 * seq) * 300 * 86400) SECOND
  FROM seq_1_to_200000;
ANALYZE TABLE customers, orders;
