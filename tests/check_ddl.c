/* check_ddl.c - Check tests for fl_ddl: DDL detection, classification
 * (action, target, columns, flags), lock and rewrite rules, the index
 * registry and the recognised undo pairs. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql/fl_ddl.h"
#include "base/fl_err.h"

static struct fl_ddl cls(const char *sql)
{
    struct fl_ddl d;
    ck_assert_msg(fl_ddl_classify(sql, strlen(sql), &d) == FL_OK, "not DDL: [%s]", sql);
    return d;
}

/* ------------------------------------------------------------------------
 * Detection
 * ---------------------------------------------------------------------- */

START_TEST(test_ddl_is_ddl)
{
    static const char *const yes[] = {
        "CREATE TABLE t (a int)", "create index on t (a)", "  \n alter table t add x int",
        "DROP INDEX x", "TRUNCATE t", "RENAME TABLE a TO b", "REINDEX TABLE t",
        "CLUSTER t", "VACUUM FULL t", "vacuum (full) t", "COMMENT ON TABLE t IS 'x'",
        "GRANT SELECT ON t TO u", "revoke all on t from u",
        "/* migration 42 */ ALTER TABLE t DROP COLUMN c", "-- c\nDrop Table t",
    };
    static const char *const no[] = {
        "VACUUM t", "VACUUM ANALYZE t", "ANALYZE t", "SELECT 1", "select 'create table'",
        "insert into create_log values (1)", "COMMENT", "", "WITH x AS (SELECT 1) SELECT 1",
        "explain create table t (a int)",
    };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        ck_assert_msg(fl_ddl_is_ddl(yes[i], strlen(yes[i])), "[%s] should be DDL", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        ck_assert_msg(!fl_ddl_is_ddl(no[i], strlen(no[i])), "[%s] is not DDL", no[i]);
}
END_TEST

START_TEST(test_ddl_not_ddl_returns_notfound)
{
    struct fl_ddl d;
    ck_assert_int_eq(fl_ddl_classify("select 1", 8, &d), FL_ERR_NOTFOUND);
    ck_assert_int_eq(d.action, FL_DDL_NONE);
    ck_assert_int_eq(fl_ddl_classify(NULL, 3, &d), FL_ERR_USAGE);
    ck_assert_int_eq(fl_ddl_classify("drop table t", 12, NULL), FL_ERR_USAGE);
    ck_assert_int_eq(fl_ddl_classify(NULL, 0, &d), FL_ERR_NOTFOUND);
}
END_TEST

/* ------------------------------------------------------------------------
 * Classification
 * ---------------------------------------------------------------------- */

START_TEST(test_ddl_create_index_columns)
{
    static const struct {
        const char *sql, *table, *object, *columns;
        bool unique, concurrently, if_not_exists;
    } c[] = {
        {"CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_cust ON public.orders "
         "USING btree (customer_id, created_at)",
         "public.orders", "idx_orders_cust", "customer_id,created_at", false, true, true},
        {"create unique index ix on T (Lower(Email)) where deleted_at is null",
         "t", "ix", "lower(email)", true, false, false},
        {"CREATE INDEX ON \"Orders\" (\"CustomerId\" ASC, created_at DESC NULLS LAST)",
         "Orders", "", "CustomerId,created_at desc nulls last", false, false, false},
        {"CREATE INDEX idx USING BTREE ON `t` (c(10), d)", "t", "idx", "c(10),d", false, false, false},
        {"CREATE INDEX i ON t (a) INCLUDE (b)", "t", "i", "a", false, false, false},
        {"CREATE INDEX i ON t (a text_pattern_ops)", "t", "i", "a text_pattern_ops", false, false, false},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        struct fl_ddl d = cls(c[i].sql);
        ck_assert_int_eq(d.action, FL_DDL_CREATE_INDEX);
        ck_assert_str_eq(d.table, c[i].table);
        ck_assert_str_eq(d.object, c[i].object);
        ck_assert_msg(strcmp(d.columns, c[i].columns) == 0, "[%s]: columns [%s]", c[i].sql, d.columns);
        ck_assert_int_eq(d.unique, c[i].unique);
        ck_assert_int_eq(d.concurrently, c[i].concurrently);
        ck_assert_int_eq(d.if_not_exists, c[i].if_not_exists);
    }
}
END_TEST

START_TEST(test_ddl_drop_index_forms)
{
    struct fl_ddl d = cls("DROP INDEX CONCURRENTLY IF EXISTS public.idx_orders_cust");
    ck_assert_int_eq(d.action, FL_DDL_DROP_INDEX);
    ck_assert_str_eq(d.object, "public.idx_orders_cust");
    ck_assert_str_eq(d.table, "");
    ck_assert(d.concurrently && d.if_exists && !d.mysql);
    d = cls("DROP INDEX `idx` ON `t`");
    ck_assert_int_eq(d.action, FL_DDL_DROP_INDEX);
    ck_assert_str_eq(d.object, "idx");
    ck_assert_str_eq(d.table, "t");
    ck_assert(d.mysql);
    d = cls("ALTER TABLE t DROP INDEX idx");
    ck_assert_int_eq(d.action, FL_DDL_ALTER_TABLE);
    ck_assert_int_eq(d.alter, FL_DDL_AT_DROP_INDEX);
    ck_assert_str_eq(d.object, "idx");
}
END_TEST

START_TEST(test_ddl_alter_table_subcommands)
{
    static const struct {
        const char *sql;
        int alter;
        const char *object, *columns, *new_name;
    } c[] = {
        {"ALTER TABLE t ADD COLUMN c int", FL_DDL_AT_ADD_COLUMN, "c", "c", ""},
        {"ALTER TABLE t ADD c int NOT NULL DEFAULT 0", FL_DDL_AT_ADD_COLUMN, "c", "c", ""},
        {"ALTER TABLE t ADD COLUMN IF NOT EXISTS \"C\" text", FL_DDL_AT_ADD_COLUMN, "C", "C", ""},
        {"ALTER TABLE t DROP COLUMN IF EXISTS c CASCADE", FL_DDL_AT_DROP_COLUMN, "c", "c", ""},
        {"ALTER TABLE t DROP c", FL_DDL_AT_DROP_COLUMN, "c", "c", ""},
        {"ALTER TABLE t ALTER COLUMN c TYPE bigint USING c::bigint", FL_DDL_AT_ALTER_COLUMN_TYPE, "c", "c", ""},
        {"ALTER TABLE t ALTER c SET DATA TYPE text", FL_DDL_AT_ALTER_COLUMN_TYPE, "c", "c", ""},
        {"ALTER TABLE t ALTER COLUMN c SET DEFAULT 0", FL_DDL_AT_SET_DEFAULT, "c", "c", ""},
        {"ALTER TABLE t ALTER COLUMN c DROP DEFAULT", FL_DDL_AT_DROP_DEFAULT, "c", "c", ""},
        {"ALTER TABLE t ALTER COLUMN c SET NOT NULL", FL_DDL_AT_SET_NOT_NULL, "c", "c", ""},
        {"ALTER TABLE t ALTER COLUMN c DROP NOT NULL", FL_DDL_AT_DROP_NOT_NULL, "c", "c", ""},
        {"ALTER TABLE t ADD CONSTRAINT pk PRIMARY KEY (id, k)", FL_DDL_AT_ADD_CONSTRAINT, "pk", "id,k", ""},
        {"ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id)", FL_DDL_AT_ADD_CONSTRAINT, "fk", "a", ""},
        {"ALTER TABLE t ADD UNIQUE (a, b)", FL_DDL_AT_ADD_CONSTRAINT, "", "a,b", ""},
        {"ALTER TABLE t DROP CONSTRAINT IF EXISTS fk", FL_DDL_AT_DROP_CONSTRAINT, "fk", "", ""},
        {"ALTER TABLE t DROP PRIMARY KEY", FL_DDL_AT_DROP_CONSTRAINT, "primary", "", ""},
        {"ALTER TABLE t DROP FOREIGN KEY fk_1", FL_DDL_AT_DROP_CONSTRAINT, "fk_1", "", ""},
        {"ALTER TABLE t RENAME COLUMN a TO b", FL_DDL_AT_RENAME_COLUMN, "a", "a", "b"},
        {"ALTER TABLE t RENAME a TO b", FL_DDL_AT_RENAME_COLUMN, "a", "a", "b"},
        {"ALTER TABLE t ADD INDEX idx (a, b), ALGORITHM=INPLACE, LOCK=NONE", FL_DDL_AT_ADD_INDEX, "idx", "a,b", ""},
        {"ALTER TABLE t ADD UNIQUE KEY uk (a)", FL_DDL_AT_ADD_INDEX, "uk", "a", ""},
        {"ALTER TABLE t MODIFY COLUMN c varchar(20)", FL_DDL_AT_ALTER_COLUMN_TYPE, "c", "c", ""},
        {"ALTER TABLE t CHANGE old_c new_c int", FL_DDL_AT_ALTER_COLUMN_TYPE, "old_c", "old_c", "new_c"},
        {"ALTER TABLE t OWNER TO bob", FL_DDL_AT_OTHER, "", "", ""},
        {"ALTER TABLE t VALIDATE CONSTRAINT fk", FL_DDL_AT_OTHER, "", "", ""},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        struct fl_ddl d = cls(c[i].sql);
        ck_assert_msg(d.action == FL_DDL_ALTER_TABLE && d.alter == c[i].alter,
                      "[%s]: %s/%s", c[i].sql, fl_ddl_action_name(d.action), fl_ddl_alter_name(d.alter));
        ck_assert_str_eq(d.table, "t");
        ck_assert_msg(!strcmp(d.object, c[i].object) && !strcmp(d.columns, c[i].columns) &&
                      !strcmp(d.new_name, c[i].new_name),
                      "[%s]: object [%s] columns [%s] new [%s]", c[i].sql, d.object, d.columns, d.new_name);
        ck_assert_uint_eq(d.nsubs, 1);
        ck_assert_uint_eq(d.alter_mask, 1u << c[i].alter);
    }
}
END_TEST

START_TEST(test_ddl_multiple_subcommands)
{
    struct fl_ddl d = cls("ALTER TABLE ONLY public.t ALTER COLUMN c TYPE bigint, "
                          "ADD COLUMN d int DEFAULT f(1, 2), DROP COLUMN e; SELECT 1");
    ck_assert_str_eq(d.table, "public.t");
    ck_assert_uint_eq(d.nsubs, 3);
    ck_assert_int_eq(d.subs[0].cmd, FL_DDL_AT_ALTER_COLUMN_TYPE);
    ck_assert_int_eq(d.subs[1].cmd, FL_DDL_AT_ADD_COLUMN);
    ck_assert_str_eq(d.subs[1].name, "d");
    ck_assert_int_eq(d.subs[2].cmd, FL_DDL_AT_DROP_COLUMN);
    ck_assert_str_eq(d.subs[2].name, "e");
    ck_assert_uint_eq(d.alter_mask, (1u << FL_DDL_AT_ALTER_COLUMN_TYPE) |
                      (1u << FL_DDL_AT_ADD_COLUMN) | (1u << FL_DDL_AT_DROP_COLUMN));
    ck_assert(!d.truncated);
    /* more than FL_DDL_MAX_SUBS are counted in the mask and flagged */
    char q[1024];
    size_t n = (size_t)sprintf(q, "ALTER TABLE t ADD COLUMN c0 int");
    for (int i = 1; i < 10; i++)
        n += (size_t)sprintf(q + n, ", DROP COLUMN d%d", i);
    d = cls(q);
    ck_assert_uint_eq(d.nsubs, FL_DDL_MAX_SUBS);
    ck_assert(d.truncated);
}
END_TEST

START_TEST(test_ddl_rewrite_rules)
{
    static const struct {
        const char *sql;
        bool rewrites;
    } c[] = {
        {"ALTER TABLE t ALTER COLUMN c TYPE bigint", true},
        {"ALTER TABLE t ADD COLUMN c int", false},
        {"ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 0", false},
        {"ALTER TABLE t ADD COLUMN c timestamptz DEFAULT now()", false},
        {"ALTER TABLE t ADD COLUMN c timestamptz DEFAULT CURRENT_TIMESTAMP", false},
        {"ALTER TABLE t ADD COLUMN c timestamptz DEFAULT clock_timestamp()", true},
        {"ALTER TABLE t ADD COLUMN c float DEFAULT random()", true},
        {"ALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid()", true},
        {"ALTER TABLE t ADD COLUMN id bigserial", true},
        {"ALTER TABLE t ADD COLUMN id int GENERATED ALWAYS AS IDENTITY", true},
        {"ALTER TABLE t ADD COLUMN s int GENERATED ALWAYS AS (a + b) STORED", true},
        {"ALTER TABLE t DROP COLUMN c", false},
        {"ALTER TABLE t SET TABLESPACE fast", true},
        {"ALTER TABLE t SET LOGGED", true},
        {"ALTER TABLE t MODIFY c bigint", true},
        {"ALTER TABLE t ENGINE=InnoDB", true},
        {"ALTER TABLE t ADD COLUMN a int, ALTER COLUMN b TYPE text", true},
        {"VACUUM FULL t", true},
        {"CLUSTER t USING i", true},
        {"TRUNCATE t", false},
        {"CREATE INDEX i ON t (a)", false},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        struct fl_ddl d = cls(c[i].sql);
        ck_assert_msg(d.rewrites_table == c[i].rewrites, "[%s]: rewrites_table %d", c[i].sql,
                      d.rewrites_table);
    }
}
END_TEST

START_TEST(test_ddl_lock_flags)
{
    static const struct {
        const char *sql;
        bool writes, reads;
    } c[] = {
        {"CREATE INDEX i ON t (a)", true, false},
        {"CREATE INDEX CONCURRENTLY i ON t (a)", false, false},
        {"DROP INDEX i", true, true},
        {"DROP INDEX CONCURRENTLY i", false, false},
        {"REINDEX TABLE t", true, true},
        {"REINDEX INDEX CONCURRENTLY i", false, false},
        {"DROP TABLE t", true, true},
        {"TRUNCATE t", true, true},
        {"VACUUM FULL t", true, true},
        {"CLUSTER t", true, true},
        {"ALTER TABLE t ADD COLUMN c int", true, true},
        {"ALTER TABLE t RENAME TO u", true, true},
        {"RENAME TABLE a TO b", true, true},
        {"ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id) NOT VALID", true, false},
        {"ALTER TABLE t VALIDATE CONSTRAINT fk", false, false},
        {"ALTER TABLE t SET (fillfactor = 70)", false, false},
        {"ALTER TABLE t ALTER COLUMN c SET STATISTICS 500", false, false},
        {"ALTER TABLE t VALIDATE CONSTRAINT fk, ADD COLUMN c int", true, true},
        {"ALTER TABLE t ADD INDEX i (a), ALGORITHM=INPLACE, LOCK=NONE", false, false},
        {"ALTER TABLE t ADD FULLTEXT INDEX ft (body)", true, false},
        {"DROP INDEX i ON t", false, false},
        {"CREATE INDEX i ON `t` (a)", false, false},
        {"CREATE FULLTEXT INDEX ft ON t (body)", true, false},
        {"CREATE TABLE t (a int)", false, false},
        {"CREATE VIEW v AS SELECT 1", false, false},
        {"CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()", true, false},
        {"DROP VIEW v", true, true},
        {"DROP FUNCTION f()", false, false},
        {"COMMENT ON TABLE t IS 'x'", false, false},
        {"GRANT SELECT ON t TO u", false, false},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        struct fl_ddl d = cls(c[i].sql);
        ck_assert_msg(d.blocks_writes == c[i].writes && d.blocks_reads == c[i].reads,
                      "[%s]: blocks_writes %d blocks_reads %d", c[i].sql, d.blocks_writes,
                      d.blocks_reads);
    }
}
END_TEST

START_TEST(test_ddl_other_statements)
{
    static const struct {
        const char *sql;
        int action;
        const char *table, *object, *kind, *new_name;
    } c[] = {
        {"CREATE TABLE IF NOT EXISTS s.\"T\" (a int)", FL_DDL_CREATE_TABLE, "s.T", "", "", ""},
        {"CREATE TEMP TABLE tmp AS SELECT 1", FL_DDL_CREATE_TABLE, "tmp", "", "", ""},
        {"DROP TABLE IF EXISTS a, b CASCADE", FL_DDL_DROP_TABLE, "a", "", "", ""},
        {"DROP TEMPORARY TABLE t1", FL_DDL_DROP_TABLE, "t1", "", "", ""},
        {"ALTER TABLE a RENAME TO b", FL_DDL_RENAME_TABLE, "a", "", "", "b"},
        {"RENAME TABLE a TO b, c TO d", FL_DDL_RENAME_TABLE, "a", "", "", "b"},
        {"TRUNCATE TABLE ONLY t", FL_DDL_TRUNCATE, "t", "", "", ""},
        {"REINDEX (VERBOSE) INDEX CONCURRENTLY i", FL_DDL_REINDEX, "", "i", "index", ""},
        {"REINDEX TABLE t", FL_DDL_REINDEX, "t", "", "table", ""},
        {"CLUSTER VERBOSE t USING i", FL_DDL_CLUSTER, "t", "i", "", ""},
        {"CLUSTER i ON t", FL_DDL_CLUSTER, "t", "i", "", ""},
        {"VACUUM (FULL, ANALYZE) public.t", FL_DDL_VACUUM_FULL, "public.t", "", "", ""},
        {"COMMENT ON COLUMN public.t.c IS 'x'", FL_DDL_COMMENT, "public.t", "c", "column", ""},
        {"COMMENT ON TABLE t IS 'x'", FL_DDL_COMMENT, "t", "", "table", ""},
        {"GRANT SELECT, UPDATE ON TABLE t TO bob", FL_DDL_GRANT, "t", "", "", ""},
        {"GRANT SELECT ON t2 TO bob", FL_DDL_GRANT, "t2", "", "", ""},
        {"REVOKE ALL ON SCHEMA s FROM bob", FL_DDL_REVOKE, "", "s", "schema", ""},
        {"GRANT admin TO bob", FL_DDL_GRANT, "", "", "", ""},
        {"CREATE OR REPLACE MATERIALIZED VIEW mv AS SELECT 1", FL_DDL_CREATE_OTHER, "", "mv", "materialized view", ""},
        {"CREATE SEQUENCE IF NOT EXISTS s1", FL_DDL_CREATE_OTHER, "", "s1", "sequence", ""},
        {"DROP VIEW IF EXISTS v", FL_DDL_DROP_OTHER, "", "v", "view", ""},
        {"DROP TRIGGER trg ON t", FL_DDL_DROP_OTHER, "t", "trg", "trigger", ""},
        {"ALTER INDEX a RENAME TO b", FL_DDL_ALTER_OTHER, "", "a", "index", "b"},
        {"ALTER SEQUENCE s RESTART", FL_DDL_ALTER_OTHER, "", "s", "sequence", ""},
        {"CREATE USER bob WITH PASSWORD 'x'", FL_DDL_CREATE_OTHER, "", "bob", "user", ""},
        {"DROP FOREIGN TABLE IF EXISTS ft", FL_DDL_DROP_OTHER, "", "ft", "foreign table", ""},
        {"GRANT SELECT ON ALL TABLES IN SCHEMA app TO ro", FL_DDL_GRANT, "", "app", "all tables", ""},
        {"CREATE OR REPLACE FUNCTION f(a int) RETURNS int AS $$ select 1 $$ LANGUAGE sql",
         FL_DDL_CREATE_OTHER, "", "f", "function", ""},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        struct fl_ddl d = cls(c[i].sql);
        ck_assert_msg(d.action == c[i].action && !strcmp(d.table, c[i].table) &&
                      !strcmp(d.object, c[i].object) && !strcmp(d.object_kind, c[i].kind) &&
                      !strcmp(d.new_name, c[i].new_name),
                      "[%s]: %s table [%s] object [%s] kind [%s] new [%s]", c[i].sql,
                      fl_ddl_action_name(d.action), d.table, d.object, d.object_kind, d.new_name);
    }
}
END_TEST

START_TEST(test_ddl_truncated_fields)
{
    char q[2048];
    size_t n = (size_t)sprintf(q, "CREATE INDEX i ON t (");
    for (int i = 0; i < 60; i++)
        n += (size_t)sprintf(q + n, "%scolumn_number_%02d", i ? ", " : "", i);
    sprintf(q + n, ")");
    struct fl_ddl d = cls(q);
    ck_assert(d.truncated);
    ck_assert_uint_eq(strlen(d.columns), FL_DDL_COLS_MAX - 1);
    d = cls("CREATE INDEX i ON t (a)");
    ck_assert(!d.truncated);
}
END_TEST

START_TEST(test_ddl_names)
{
    ck_assert_str_eq(fl_ddl_action_name(FL_DDL_CREATE_INDEX), "create_index");
    ck_assert_str_eq(fl_ddl_action_name(FL_DDL_ALTER_OTHER), "alter_other");
    ck_assert_str_eq(fl_ddl_action_name(-1), "unknown");
    ck_assert_str_eq(fl_ddl_action_name(FL_DDL_ACTION_COUNT_), "unknown");
    ck_assert_str_eq(fl_ddl_alter_name(FL_DDL_AT_ADD_COLUMN), "add_column");
    ck_assert_str_eq(fl_ddl_alter_name(FL_DDL_AT_OTHER), "other");
    ck_assert_str_eq(fl_ddl_alter_name(99), "unknown");
}
END_TEST

START_TEST(test_ddl_arbitrary_bytes)
{
    static const char alphabet[] = "'\"`(),.;:- \nacdeilnortxyACDEGILNORT";
    static const char *const heads[] = {
        "alter table ", "create index ", "drop index ", "create ", "comment on ", "grant ",
        "reindex ", "cluster ", "vacuum full ", "rename table ", "alter ",
    };
    char q[256];
    unsigned long long s = 88172645463325252ULL;
    for (int round = 0; round < 4000; round++) {
        size_t n = (size_t)sprintf(q, "%s", heads[round % 11]);
        size_t extra = (size_t)(round % 120);
        for (size_t i = 0; i < extra; i++) {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            q[n++] = alphabet[s % (sizeof alphabet - 1)];
        }
        struct fl_ddl d;
        int rc = fl_ddl_classify(q, n, &d);
        ck_assert(rc == FL_OK || rc == FL_ERR_NOTFOUND);
        ck_assert(strlen(d.table) < sizeof d.table && strlen(d.columns) < sizeof d.columns);
        ck_assert(d.nsubs <= FL_DDL_MAX_SUBS);
    }
}
END_TEST

/* ------------------------------------------------------------------------
 * Undo pairs and the registry
 * ---------------------------------------------------------------------- */

static bool undoes(const char *a, const char *b, const struct fl_ddl_registry *reg)
{
    struct fl_ddl x = cls(a), y = cls(b);
    return fl_ddl_undoes(&x, &y, reg);
}

START_TEST(test_ddl_undo_by_name)
{
    ck_assert(undoes("CREATE INDEX ix ON t (a)", "DROP INDEX ix", NULL));
    ck_assert(undoes("CREATE INDEX ix ON public.t (a)", "DROP INDEX public.ix", NULL));
    ck_assert(undoes("CREATE INDEX \"IX\" ON t (a)", "DROP INDEX \"IX\"", NULL));
    ck_assert(undoes("DROP INDEX ix", "CREATE INDEX ix ON t (a)", NULL)); /* reverse */
    ck_assert(undoes("ALTER TABLE t ADD INDEX ix (a)", "DROP INDEX ix ON t", NULL));
    ck_assert(undoes("CREATE INDEX ix ON t (a)", "ALTER TABLE t DROP INDEX ix", NULL));
    ck_assert(!undoes("CREATE INDEX ix ON t (a)", "DROP INDEX iy", NULL));
    ck_assert(!undoes("CREATE INDEX ix ON t (a)", "DROP INDEX \"IX\"", NULL));
    ck_assert(!undoes("CREATE INDEX ix ON s1.t (a)", "DROP INDEX s2.ix", NULL));
    ck_assert(!undoes("ALTER TABLE t ADD INDEX ix (a)", "DROP INDEX ix ON u", NULL));
    ck_assert(!undoes("CREATE INDEX ix ON t (a)", "CREATE INDEX ix ON t (a)", NULL));
    ck_assert(!undoes("DROP INDEX ix", "DROP INDEX ix", NULL));
}
END_TEST

START_TEST(test_ddl_undo_by_columns)
{
    struct fl_ddl_registry *reg = fl_ddl_registry_new(16);
    struct fl_ddl old_ix = cls("CREATE INDEX idx_old ON orders (customer_id, created_at)");
    fl_ddl_registry_note(reg, &old_ix);
    struct fl_ddl drop = cls("DROP INDEX idx_old");
    struct fl_ddl recreate = cls("CREATE INDEX CONCURRENTLY idx_new ON orders (customer_id, created_at)");
    struct fl_ddl other = cls("CREATE INDEX idx_other ON orders (created_at, customer_id)");
    struct fl_ddl uniq = cls("CREATE UNIQUE INDEX idx_u ON orders (customer_id, created_at)");
    /* the DROP alone does not say what it drops: the registry does */
    ck_assert(!fl_ddl_undoes(&drop, &recreate, NULL));
    ck_assert(fl_ddl_undoes(&drop, &recreate, reg));
    ck_assert(!fl_ddl_undoes(&drop, &other, reg));  /* column order matters */
    ck_assert(!fl_ddl_undoes(&drop, &uniq, reg));   /* uniqueness too */
    /* the reverse: an index built, then dropped under its name or another */
    ck_assert(fl_ddl_undoes(&old_ix, &drop, reg));
    fl_ddl_registry_note(reg, &recreate);
    struct fl_ddl drop_new = cls("DROP INDEX idx_new");
    ck_assert(fl_ddl_undoes(&old_ix, &drop_new, reg));
    ck_assert(!fl_ddl_undoes(&other, &drop_new, reg));
    /* resolve fills the DROP in place */
    ck_assert(fl_ddl_registry_resolve(reg, &drop));
    ck_assert_str_eq(drop.table, "orders");
    ck_assert_str_eq(drop.columns, "customer_id,created_at");
    ck_assert(fl_ddl_undoes(&drop, &recreate, NULL));
    ck_assert(!fl_ddl_registry_resolve(reg, &drop)); /* already complete */
    struct fl_ddl unknown = cls("DROP INDEX nobody_knows");
    ck_assert(!fl_ddl_registry_resolve(reg, &unknown));
    ck_assert(!fl_ddl_registry_resolve(reg, &recreate)); /* not a DROP */
    fl_ddl_registry_free(reg);
}
END_TEST

START_TEST(test_ddl_undo_columns_constraints_tables)
{
    ck_assert(undoes("ALTER TABLE t ADD COLUMN c int", "ALTER TABLE t DROP COLUMN c", NULL));
    ck_assert(undoes("ALTER TABLE t DROP COLUMN c", "ALTER TABLE t ADD COLUMN c text", NULL));
    ck_assert(undoes("ALTER TABLE public.t ADD COLUMN a int, ADD COLUMN c int",
                     "ALTER TABLE t DROP COLUMN x, DROP COLUMN c", NULL));
    ck_assert(!undoes("ALTER TABLE t ADD COLUMN c int", "ALTER TABLE u DROP COLUMN c", NULL));
    ck_assert(!undoes("ALTER TABLE t ADD COLUMN c int", "ALTER TABLE t DROP COLUMN d", NULL));
    ck_assert(!undoes("ALTER TABLE t ADD COLUMN c int", "ALTER TABLE t ADD COLUMN c int", NULL));
    ck_assert(undoes("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id)",
                     "ALTER TABLE t DROP CONSTRAINT fk", NULL));
    ck_assert(!undoes("ALTER TABLE t ADD UNIQUE (a)", "ALTER TABLE t DROP CONSTRAINT fk", NULL));
    ck_assert(undoes("CREATE TABLE t (a int)", "DROP TABLE t", NULL));
    ck_assert(undoes("DROP TABLE IF EXISTS t", "CREATE TABLE t (a int)", NULL));
    ck_assert(!undoes("CREATE TABLE t (a int)", "DROP TABLE u", NULL));
    ck_assert(undoes("RENAME TABLE a TO b", "ALTER TABLE b RENAME TO a", NULL));
    ck_assert(!undoes("RENAME TABLE a TO b", "RENAME TABLE b TO c", NULL));
    ck_assert(undoes("ALTER TABLE t RENAME COLUMN a TO b", "ALTER TABLE t RENAME COLUMN b TO a", NULL));
    ck_assert(!undoes("ALTER TABLE t RENAME COLUMN a TO b", "ALTER TABLE t RENAME COLUMN a TO b", NULL));
    ck_assert(!undoes("CREATE INDEX i ON t (a)", "ALTER TABLE t DROP COLUMN a", NULL));
    ck_assert(!fl_ddl_undoes(NULL, NULL, NULL));
}
END_TEST

START_TEST(test_ddl_registry_bounded)
{
    struct fl_ddl_registry *reg = fl_ddl_registry_new(2);
    struct fl_ddl a = cls("CREATE INDEX a ON t (x)");
    struct fl_ddl b = cls("CREATE INDEX b ON t (y)");
    struct fl_ddl c = cls("CREATE INDEX c ON t (z)");
    fl_ddl_registry_note(reg, &a);
    fl_ddl_registry_note(reg, &b);
    fl_ddl_registry_note(reg, &c); /* forgets a, the oldest */
    struct fl_ddl da = cls("DROP INDEX a"), db = cls("DROP INDEX b"), dc = cls("DROP INDEX c");
    ck_assert(!fl_ddl_registry_resolve(reg, &da));
    ck_assert(fl_ddl_registry_resolve(reg, &db));
    ck_assert(fl_ddl_registry_resolve(reg, &dc));
    ck_assert_str_eq(dc.columns, "z");
    /* re-noting a name replaces its definition in place */
    struct fl_ddl c2 = cls("CREATE INDEX c ON t (w)");
    fl_ddl_registry_note(reg, &c2);
    struct fl_ddl dc2 = cls("DROP INDEX c");
    ck_assert(fl_ddl_registry_resolve(reg, &dc2));
    ck_assert_str_eq(dc2.columns, "w");
    struct fl_ddl db2 = cls("DROP INDEX b");
    ck_assert(fl_ddl_registry_resolve(reg, &db2));
    /* ALTER INDEX ... RENAME TO follows the index */
    struct fl_ddl ren = cls("ALTER INDEX b RENAME TO b2");
    fl_ddl_registry_note(reg, &ren);
    struct fl_ddl db3 = cls("DROP INDEX b2");
    ck_assert(fl_ddl_registry_resolve(reg, &db3));
    ck_assert_str_eq(db3.columns, "y");
    /* non-index statements are ignored; default capacity; NULL safe */
    struct fl_ddl other = cls("ALTER TABLE t ADD COLUMN q int");
    fl_ddl_registry_note(reg, &other);
    fl_ddl_registry_note(NULL, &other);
    ck_assert(!fl_ddl_registry_resolve(NULL, &db3));
    fl_ddl_registry_free(reg);
    fl_ddl_registry_free(NULL);
    reg = fl_ddl_registry_new(0);
    fl_ddl_registry_note(reg, &a);
    fl_ddl_registry_free(reg);
}
END_TEST

static Suite *ddl_suite(void)
{
    Suite *s = suite_create("ddl");
    TCase *tc = tcase_create("classify");
    tcase_add_test(tc, test_ddl_is_ddl);
    tcase_add_test(tc, test_ddl_not_ddl_returns_notfound);
    tcase_add_test(tc, test_ddl_create_index_columns);
    tcase_add_test(tc, test_ddl_drop_index_forms);
    tcase_add_test(tc, test_ddl_alter_table_subcommands);
    tcase_add_test(tc, test_ddl_multiple_subcommands);
    tcase_add_test(tc, test_ddl_rewrite_rules);
    tcase_add_test(tc, test_ddl_lock_flags);
    tcase_add_test(tc, test_ddl_other_statements);
    tcase_add_test(tc, test_ddl_truncated_fields);
    tcase_add_test(tc, test_ddl_names);
    tcase_add_test(tc, test_ddl_arbitrary_bytes);
    suite_add_tcase(s, tc);
    tc = tcase_create("undo");
    tcase_add_test(tc, test_ddl_undo_by_name);
    tcase_add_test(tc, test_ddl_undo_by_columns);
    tcase_add_test(tc, test_ddl_undo_columns_constraints_tables);
    tcase_add_test(tc, test_ddl_registry_bounded);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(ddl_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
