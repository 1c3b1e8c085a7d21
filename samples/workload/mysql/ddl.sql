-- Schema changes applied by a "migration" session while the application
-- load runs (mariadb client as root, stops at the first failure). The
-- "\! sleep" pauses spread them over the run. Every DDL statement starts at
-- column 0 with its keyword (counted by the recorder with grep).
\! sleep 1.5
CREATE INDEX orders_customer_idx ON orders (customer_id, created_at);
\! sleep 0.4
ALTER TABLE customers ADD COLUMN loyalty_tier TINYINT NOT NULL DEFAULT 0;
\! sleep 0.4
CREATE TABLE coupons (
    code       VARCHAR(20) PRIMARY KEY,
    percent    SMALLINT NOT NULL,
    valid_till DATE
) ENGINE=InnoDB COMMENT='discount codes';
ALTER TABLE coupons COMMENT = 'discount codes (0-100 percent)';
GRANT SELECT, INSERT, UPDATE ON shop.coupons TO 'app'@'%';
GRANT SELECT ON shop.coupons TO 'reporter'@'%';
\! sleep 0.4
CREATE INDEX products_category_price_idx ON products (category, price);
\! sleep 0.4
ALTER TABLE events MODIFY COLUMN customer_id BIGINT NOT NULL;
\! sleep 0.4
ALTER TABLE orders ADD CONSTRAINT orders_total_nonneg CHECK (total >= 0);
\! sleep 0.4
TRUNCATE TABLE scratch_import;
INSERT INTO scratch_import SELECT seq, MD5(seq) FROM seq_1_to_2000;
RENAME TABLE scratch_import TO scratch_import_done;
ALTER TABLE scratch_import_done RENAME COLUMN data TO checksum;
\! sleep 0.4
OPTIMIZE TABLE audit_log;
\! sleep 0.4
ALTER TABLE audit_log MODIFY COLUMN action VARCHAR(200) NOT NULL;
\! sleep 0.4
DROP INDEX products_category_price_idx ON products;
ALTER TABLE orders RENAME INDEX orders_customer_idx TO orders_customer_created_idx;
DROP TABLE scratch_import_done;
