-- Schema changes applied by a "migration" session while the application
-- load runs. Run by psql as the superuser with ON_ERROR_STOP=1; the pauses
-- (\! sleep) spread the changes over the run. Every DDL statement starts at
-- column 0 with its keyword (counted by the recorder with grep).
\! sleep 1.5
CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id, created_at);
\! sleep 0.4
ALTER TABLE customers ADD COLUMN loyalty_tier smallint NOT NULL DEFAULT 0;
COMMENT ON COLUMN customers.loyalty_tier IS 'loyalty programme tier (0-3)';
\! sleep 0.4
CREATE TABLE coupons (
    code       text PRIMARY KEY,
    percent    smallint NOT NULL,
    valid_till date
);
GRANT SELECT, INSERT, UPDATE ON coupons TO app;
GRANT SELECT ON coupons TO reporter;
\! sleep 0.4
CREATE INDEX products_category_price_idx ON products (category, price);
\! sleep 0.4
ALTER TABLE events ALTER COLUMN customer_id TYPE bigint;
\! sleep 0.4
ALTER TABLE orders ADD CONSTRAINT orders_total_nonneg CHECK (total >= 0);
\! sleep 0.4
TRUNCATE scratch_import;
INSERT INTO scratch_import SELECT g, md5(g::text) FROM generate_series(1, 2000) AS g;
ALTER TABLE scratch_import RENAME TO scratch_import_done;
ALTER TABLE scratch_import_done RENAME COLUMN data TO checksum;
\! sleep 0.4
VACUUM FULL audit_log;
CLUSTER audit_log USING audit_log_pkey;
\! sleep 0.4
REINDEX TABLE customers;
\! sleep 0.4
ALTER TABLE order_items ALTER COLUMN product_id TYPE bigint;
\! sleep 0.4
DROP INDEX products_category_price_idx;
ALTER INDEX orders_customer_idx RENAME TO orders_customer_created_idx;
DROP TABLE scratch_import_done;
