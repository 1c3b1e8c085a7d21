-- Shop schema and deterministic seed data for the MariaDB recordings.
-- Run by the mariadb client as root with @n_customers, @n_products,
-- @n_orders, @n_events set first (the recorder prepends them). Every DDL
-- statement starts at column 0 with its keyword (the recorder counts them).
CREATE USER 'app'@'%';
CREATE USER 'reporter'@'%';
CREATE DATABASE shop;
USE shop;
CREATE TABLE customers (
    id         INT AUTO_INCREMENT PRIMARY KEY,
    email      VARCHAR(100) NOT NULL UNIQUE,
    name       VARCHAR(100) NOT NULL,
    country    CHAR(2) NOT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    last_seen  DATETIME(6),
    visits     INT NOT NULL DEFAULT 0
) ENGINE=InnoDB;
CREATE TABLE products (
    id       INT AUTO_INCREMENT PRIMARY KEY,
    sku      VARCHAR(20) NOT NULL UNIQUE,
    name     VARCHAR(100) NOT NULL,
    category VARCHAR(20) NOT NULL,
    price    DECIMAL(10,2) NOT NULL,
    stock    INT NOT NULL
) ENGINE=InnoDB;
CREATE TABLE orders (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    customer_id INT NOT NULL,
    status      VARCHAR(12) NOT NULL DEFAULT 'new',
    total       DECIMAL(12,2) NOT NULL DEFAULT 0,
    created_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB;
CREATE TABLE order_items (
    order_id   BIGINT NOT NULL,
    line       INT NOT NULL,
    product_id INT NOT NULL,
    qty        INT NOT NULL,
    price      DECIMAL(10,2) NOT NULL,
    PRIMARY KEY (order_id, line),
    KEY order_items_product_idx (product_id)
) ENGINE=InnoDB;
CREATE TABLE events (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    customer_id INT NOT NULL,
    kind        VARCHAR(12) NOT NULL,
    payload     JSON,
    created_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    KEY events_customer_idx (customer_id, created_at)
) ENGINE=InnoDB;
CREATE TABLE audit_log (
    id     INT AUTO_INCREMENT PRIMARY KEY,
    action VARCHAR(100) NOT NULL,
    at     DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB;
CREATE TABLE scratch_import (
    id   INT,
    data VARCHAR(64)
) ENGINE=InnoDB;
CREATE TABLE wallets (
    customer_id INT PRIMARY KEY,
    balance     DECIMAL(12,2) NOT NULL DEFAULT 0
) ENGINE=InnoDB;

INSERT INTO customers (email, name, country, created_at, visits)
SELECT CONCAT('user', seq, '@example.com'),
       CONCAT('Customer ', seq),
       ELT(1 + (seq * 7) % 8, 'US', 'DE', 'FR', 'GB', 'IN', 'BR', 'JP', 'CA'),
       NOW(6) - INTERVAL (seq * 7919) % 31536000 SECOND,
       (seq * 31) % 50
  FROM seq_1_to_1000000 WHERE seq <= @n_customers;

INSERT INTO products (sku, name, category, price, stock)
SELECT CONCAT('SKU-', LPAD(seq, 6, '0')),
       CONCAT('Product ', seq),
       CONCAT('cat-', 1 + seq % 12),
       1 + ((seq * 7919) % 24900) / 100,
       (seq * 104729) % 1000
  FROM seq_1_to_1000000 WHERE seq <= @n_products;

INSERT INTO orders (customer_id, status, created_at)
SELECT 1 + (seq * 7919) % @n_customers,
       ELT(1 + (seq * 13) % 4, 'new', 'paid', 'shipped', 'delivered'),
       NOW(6) - INTERVAL (seq * 104729) % 5184000 SECOND
  FROM seq_1_to_1000000 WHERE seq <= @n_orders;

INSERT INTO order_items (order_id, line, product_id, qty, price)
SELECT o.id, l.seq, 1 + (o.id * 31 + l.seq * 7919) % @n_products, 1 + (o.id + l.seq) % 5, 0
  FROM orders o JOIN seq_1_to_3 l ON l.seq <= 1 + o.id % 3;

UPDATE order_items oi JOIN products p ON p.id = oi.product_id SET oi.price = p.price;

UPDATE orders o
  JOIN (SELECT order_id, SUM(qty * price) AS total FROM order_items GROUP BY order_id) s
    ON s.order_id = o.id
   SET o.total = s.total;

INSERT INTO events (customer_id, kind, payload, created_at)
SELECT 1 + (seq * 7919) % @n_customers,
       ELT(1 + seq % 4, 'view', 'click', 'search', 'cart'),
       JSON_OBJECT('k', seq % 97, 'src', 'import'),
       NOW(6) - INTERVAL (seq * 7919) % 7200 SECOND
  FROM seq_1_to_1000000 WHERE seq <= @n_events;

INSERT INTO audit_log (action) SELECT CONCAT('action ', seq) FROM seq_1_to_2000;
DELETE FROM audit_log WHERE id % 3 <> 0;
INSERT INTO scratch_import SELECT seq, MD5(seq) FROM seq_1_to_1000;
INSERT INTO wallets (customer_id, balance) SELECT id, 100 FROM customers;

GRANT SELECT, INSERT, UPDATE, DELETE ON shop.* TO 'app'@'%';
GRANT SELECT ON shop.* TO 'reporter'@'%';
ANALYZE TABLE customers, products, orders, order_items, events;
