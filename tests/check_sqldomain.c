/* check_sqldomain.c - Check tests for the sql domain: refine, classify
 * (fingerprint, id, subjects, type), the change record of a DDL event, and
 * the signed effects: fl_change_undoes on two changes made by one state
 * answers like fl_ddl_undoes on the same statements (table-driven). */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "sql/fl_sqldomain.h"
#include "sql/fl_ddltext.h"
#include "sql/fl_ddl.h"
#include "sql/fl_sql.h"
#include "sql/fl_sqlconfig.h"

static struct fl_event event_of(const char *sql)
{
    struct fl_event ev;

    fl_event_clear(&ev);
    ev.kind = FL_EV_QUERY;
    ev.statement.p = sql;
    ev.statement.n = strlen(sql);
    fl_sql_domain.refine(&ev);
    return ev;
}

/* Run sql through the domain's change() with state; must be a change. */
static struct fl_change change_of(void *state, const char *sql)
{
    struct fl_event ev = event_of(sql);
    struct fl_change c;

    ck_assert_msg(ev.kind == FL_EV_DDL, "not refined to ddl: [%s]", sql);
    ck_assert_msg(fl_sql_domain.change(state, &ev, &c), "no change: [%s]", sql);
    return c;
}

START_TEST(test_sqldomain_found_by_name)
{
    static const struct fl_domain *const table[] = { &fl_sql_domain, NULL };
    ck_assert_ptr_eq(fl_domain_find(table, "sql"), &fl_sql_domain);
    ck_assert_str_eq(fl_sql_domain.name, "sql");
}
END_TEST

START_TEST(test_sqldomain_refine_ddl_only)
{
    struct fl_event ev = event_of("/* m */ ALTER TABLE t ADD COLUMN c int");
    ck_assert_int_eq(ev.kind, FL_EV_DDL);
    ev = event_of("SELECT 1");
    ck_assert_int_eq(ev.kind, FL_EV_QUERY);
    ev = event_of("VACUUM t");
    ck_assert_int_eq(ev.kind, FL_EV_QUERY);
    fl_event_clear(&ev);
    ev.kind = FL_EV_ERROR;   /* only queries are refined */
    ev.statement.p = "DROP TABLE t";
    ev.statement.n = 12;
    fl_sql_domain.refine(&ev);
    ck_assert_int_eq(ev.kind, FL_EV_ERROR);
}
END_TEST

START_TEST(test_sqldomain_classify_like_stats)
{
    const char *sql = "SELECT o.id FROM Public.Orders o JOIN \"Items\" i ON i.o = o.id "
                      "WHERE o.id IN (1, 2, 3) AND i.x = 'a'";
    struct fl_event ev = event_of(sql);
    struct fl_class cls;
    struct fl_buf fp;
    struct fl_sql_tables t;

    fl_class_init(&cls);
    fl_buf_init(&fp);
    ck_assert(fl_sql_domain.classify(&ev, &cls));
    fl_sql_fingerprint(sql, strlen(sql), &fp);
    ck_assert_str_eq(cls.text.p, fp.p);
    ck_assert(cls.id == fl_sql_fingerprint_id(fp.p, fp.len));
    ck_assert_str_eq(cls.subjects.p, "public.orders,Items");
    ck_assert_int_eq(cls.type, FL_SQL_STMT_SELECT);
    ck_assert_int_eq(fl_sql_tables(fp.p, fp.len, &t), 0);
    ck_assert_uint_eq(t.count, 2);
    /* buffers are reused: a second class replaces the first */
    ev = event_of("BEGIN");
    ck_assert(fl_sql_domain.classify(&ev, &cls));
    ck_assert_str_eq(cls.text.p, "begin");
    ck_assert_uint_eq(cls.subjects.len, 0);
    ck_assert_int_eq(cls.type, FL_SQL_STMT_TCL);
    ev = event_of("");
    ck_assert(!fl_sql_domain.classify(&ev, &cls));
    fl_buf_cleanup(&fp);
    fl_class_cleanup(&cls);
}
END_TEST

/* DDL is shown as logged, white space collapsed, except statements that
 * can carry a secret: those keep their literals redacted. */
START_TEST(test_sqldomain_change_text_redacts_only_secrets)
{
    static const struct {
        const char *sql, *text;
    } cases[] = {
        { "ALTER TABLE t\n\tALTER COLUMN c SET DEFAULT 'x' ;",
          "ALTER TABLE t ALTER COLUMN c SET DEFAULT 'x'" },
        { "ALTER ROLE app PASSWORD 'hunter2'", NULL },
        { "CREATE USER 'u'@'%' IDENTIFIED BY 'hunter2'", NULL },
        { "SET PASSWORD FOR 'u'@'%' = PASSWORD('hunter2')", NULL },
        { "CREATE SUBSCRIPTION s CONNECTION 'host=h password=hunter2' "
          "PUBLICATION p", NULL },
        { "CREATE USER MAPPING FOR app SERVER s OPTIONS (user 'a', "
          "password 'hunter2')", NULL },
    };
    struct fl_buf b;

    fl_buf_init(&b);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool red = fl_ddl_text(cases[i].sql, strlen(cases[i].sql), &b);
        ck_assert_msg(red == (cases[i].text == NULL), "case %zu", i);
        if (cases[i].text)
            ck_assert_str_eq(b.p, cases[i].text);
        else
            ck_assert_msg(!strstr(b.p, "hunter2"), "case %zu: %s", i, b.p);
    }
    fl_buf_cleanup(&b);
}
END_TEST

START_TEST(test_sqldomain_change_record)
{
    void *st = fl_sql_domain.state_new();
    struct fl_event ev = event_of("CREATE INDEX ix_o ON orders (customer_id) WHERE x = 5");
    struct fl_change c;

    ev.time_us = 1000000;
    ev.duration_us = 250;
    ev.pid.p = "4242";
    ev.pid.n = 4;
    ev.file = "pg.log";
    ev.line = 17;
    ck_assert(fl_sql_domain.change(st, &ev, &c));
    ck_assert(c.time_us == 1000000);
    ck_assert(c.duration_us == 250);
    ck_assert_str_eq(c.kind, "create_index");
    ck_assert_str_eq(c.domain, "sql");
    ck_assert_str_eq(c.subjects, "orders");
    /* as logged: the literal is what a person acts on */
    ck_assert_str_eq(c.text, "CREATE INDEX ix_o ON orders (customer_id) WHERE x = 5");
    ck_assert_str_eq(c.pid, "4242");
    ck_assert(c.blocks_writes && !c.blocks_reads && !c.rewrites);
    ck_assert_str_eq(c.file, "pg.log");
    ck_assert_uint_eq(c.line, 17);
    ck_assert_uint_gt(c.neffects, 0);
    ck_assert(!c.truncated);
    /* the registry resolves a later DROP INDEX to its table */
    c = change_of(st, "DROP INDEX ix_o");
    ck_assert_str_eq(c.kind, "drop_index");
    ck_assert_str_eq(c.subjects, "orders");
    ck_assert(c.blocks_reads && c.blocks_writes);
    c = change_of(st, "VACUUM FULL big");
    ck_assert(c.rewrites);
    ck_assert_uint_eq(c.neffects, 0);
    /* not changes: a query, a ddl event without a statement */
    ev = event_of("SELECT 1");
    ck_assert(!fl_sql_domain.change(st, &ev, &c));
    fl_event_clear(&ev);
    ev.kind = FL_EV_DDL;
    ck_assert(!fl_sql_domain.change(st, &ev, &c));
    fl_sql_domain.state_free(st);
    fl_sql_domain.state_free(NULL);
}
END_TEST

/* One undo case: statements noted first (NULL-terminated), then a, then b,
 * all through one state; want is the answer of both rules. */
struct undo_case {
    const char *before[3];
    const char *a, *b;
    bool want;
};

static const struct undo_case undo_cases[] = {
    /* index by name (the cases of check_ddl) */
    { { NULL }, "CREATE INDEX ix ON t (a)", "DROP INDEX ix", true },
    { { NULL }, "CREATE INDEX ix ON public.t (a)", "DROP INDEX public.ix", true },
    { { NULL }, "CREATE INDEX \"IX\" ON t (a)", "DROP INDEX \"IX\"", true },
    { { NULL }, "DROP INDEX ix", "CREATE INDEX ix ON t (a)", true },
    { { NULL }, "ALTER TABLE t ADD INDEX ix (a)", "DROP INDEX ix ON t", true },
    { { NULL }, "CREATE INDEX ix ON t (a)", "ALTER TABLE t DROP INDEX ix", true },
    { { NULL }, "CREATE INDEX ix ON t (a)", "DROP INDEX iy", false },
    { { NULL }, "CREATE INDEX ix ON t (a)", "DROP INDEX \"IX\"", false },
    { { NULL }, "CREATE INDEX ix ON s1.t (a)", "DROP INDEX s2.ix", false },
    { { NULL }, "ALTER TABLE t ADD INDEX ix (a)", "DROP INDEX ix ON u", false },
    { { NULL }, "CREATE INDEX ix ON t (a)", "CREATE INDEX ix ON t (a)", false },
    { { NULL }, "DROP INDEX ix", "DROP INDEX ix", false },
    /* index by name: schema spellings */
    { { NULL }, "CREATE INDEX ix ON s.t (a)", "DROP INDEX ix", true },
    { { NULL }, "CREATE INDEX ix ON s.t (a)", "DROP INDEX s.ix", true },
    { { NULL }, "CREATE INDEX ix ON t (a)", "DROP INDEX s.ix", true },
    { { NULL }, "DROP INDEX s.ix", "CREATE INDEX ix ON s.t (a)", true },
    { { NULL }, "DROP INDEX s2.ix", "CREATE INDEX ix ON s1.t (a)", false },
    { { NULL }, "CREATE INDEX ix ON s.t (a)", "DROP INDEX ix ON s.t", true },
    { { NULL }, "CREATE INDEX ix ON s.t (a)", "DROP INDEX ix ON t", true },
    { { NULL }, "CREATE INDEX ix ON s1.t (a)", "DROP INDEX ix ON s2.t", false },
    { { NULL }, "CREATE INDEX ix ON t (a)", "DROP INDEX ix ON s.t", true },
    { { NULL }, "CREATE INDEX ix ON t (a)", "ALTER TABLE u DROP INDEX ix", false },
    { { NULL }, "ALTER TABLE t DROP INDEX ix", "ALTER TABLE t ADD INDEX ix (b)", true },
    { { NULL }, "ALTER TABLE t ADD INDEX ix (a)", "ALTER TABLE t ADD INDEX ix (a)", false },
    /* index by definition, through the registry (check_ddl's cases) */
    { { "CREATE INDEX idx_old ON orders (customer_id, created_at)", NULL },
      "DROP INDEX idx_old",
      "CREATE INDEX CONCURRENTLY idx_new ON orders (customer_id, created_at)", true },
    { { "CREATE INDEX idx_old ON orders (customer_id, created_at)", NULL },
      "DROP INDEX idx_old", "CREATE INDEX idx_other ON orders (created_at, customer_id)",
      false },
    { { "CREATE INDEX idx_old ON orders (customer_id, created_at)", NULL },
      "DROP INDEX idx_old", "CREATE UNIQUE INDEX idx_u ON orders (customer_id, created_at)",
      false },
    { { NULL }, "CREATE INDEX idx_old ON orders (customer_id, created_at)",
      "DROP INDEX idx_old", true },
    { { "CREATE INDEX idx_old ON orders (customer_id, created_at)",
        "CREATE INDEX CONCURRENTLY idx_new ON orders (customer_id, created_at)", NULL },
      "CREATE INDEX idx_old2 ON orders (customer_id, created_at)", "DROP INDEX idx_new",
      true },
    { { "CREATE INDEX CONCURRENTLY idx_new ON orders (customer_id, created_at)", NULL },
      "CREATE INDEX idx_other ON orders (created_at, customer_id)", "DROP INDEX idx_new",
      false },
    { { "CREATE UNIQUE INDEX u1 ON s.orders (a)", NULL },
      "CREATE UNIQUE INDEX u2 ON orders (a)", "DROP INDEX s.u1", true },
    { { "CREATE UNIQUE INDEX u1 ON s1.orders (a)", NULL },
      "CREATE UNIQUE INDEX u2 ON s2.orders (a)", "DROP INDEX s1.u1", false },
    { { "ALTER TABLE t ADD UNIQUE INDEX m1 (a, b)", NULL },
      "DROP INDEX m1 ON t", "ALTER TABLE t ADD UNIQUE INDEX m2 (a, b)", true },
    { { NULL }, "DROP INDEX nobody_knows", "CREATE INDEX other ON t (a)", false },
    /* columns, constraints, tables, renames (check_ddl's cases) */
    { { NULL }, "ALTER TABLE t ADD COLUMN c int", "ALTER TABLE t DROP COLUMN c", true },
    { { NULL }, "ALTER TABLE t DROP COLUMN c", "ALTER TABLE t ADD COLUMN c text", true },
    { { NULL }, "ALTER TABLE public.t ADD COLUMN a int, ADD COLUMN c int",
      "ALTER TABLE t DROP COLUMN x, DROP COLUMN c", true },
    { { NULL }, "ALTER TABLE t ADD COLUMN c int", "ALTER TABLE u DROP COLUMN c", false },
    { { NULL }, "ALTER TABLE t ADD COLUMN c int", "ALTER TABLE t DROP COLUMN d", false },
    { { NULL }, "ALTER TABLE t ADD COLUMN c int", "ALTER TABLE t ADD COLUMN c int", false },
    { { NULL }, "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id)",
      "ALTER TABLE t DROP CONSTRAINT fk", true },
    { { NULL }, "ALTER TABLE t ADD UNIQUE (a)", "ALTER TABLE t DROP CONSTRAINT fk", false },
    { { NULL }, "CREATE TABLE t (a int)", "DROP TABLE t", true },
    { { NULL }, "DROP TABLE IF EXISTS t", "CREATE TABLE t (a int)", true },
    { { NULL }, "CREATE TABLE t (a int)", "DROP TABLE u", false },
    { { NULL }, "RENAME TABLE a TO b", "ALTER TABLE b RENAME TO a", true },
    { { NULL }, "RENAME TABLE a TO b", "RENAME TABLE b TO c", false },
    { { NULL }, "ALTER TABLE t RENAME COLUMN a TO b", "ALTER TABLE t RENAME COLUMN b TO a",
      true },
    { { NULL }, "ALTER TABLE t RENAME COLUMN a TO b", "ALTER TABLE t RENAME COLUMN a TO b",
      false },
    { { NULL }, "CREATE INDEX i ON t (a)", "ALTER TABLE t DROP COLUMN a", false },
    /* more negatives and schema spellings */
    { { NULL }, "ALTER TABLE s1.t ADD COLUMN c int", "ALTER TABLE s2.t DROP COLUMN c", false },
    { { NULL }, "ALTER TABLE s1.t ADD COLUMN c int", "ALTER TABLE s1.t DROP COLUMN c", true },
    { { NULL }, "ALTER TABLE t ADD COLUMN c int", "ALTER TABLE s.t DROP COLUMN c", true },
    { { NULL }, "ALTER TABLE t DROP COLUMN c, ADD COLUMN d int",
      "ALTER TABLE t DROP COLUMN d, ADD COLUMN e int", true },
    { { NULL }, "ALTER TABLE t ADD COLUMN c int", "ALTER TABLE t DROP CONSTRAINT c", false },
    { { NULL }, "ALTER TABLE t ADD CONSTRAINT k CHECK (a > 0)",
      "ALTER TABLE u DROP CONSTRAINT k", false },
    { { NULL }, "ALTER TABLE t DROP CONSTRAINT k",
      "ALTER TABLE t ADD CONSTRAINT k CHECK (a > 0)", true },
    { { NULL }, "ALTER TABLE t ADD COLUMN c int", "DROP TABLE t", false },
    { { NULL }, "CREATE TABLE s1.t (a int)", "DROP TABLE s2.t", false },
    { { NULL }, "CREATE TABLE s.t (a int)", "DROP TABLE t", true },
    { { NULL }, "CREATE TABLE t (a int)", "DROP TABLE s.t", true },
    { { NULL }, "DROP TABLE t", "DROP TABLE t", false },
    { { NULL }, "CREATE TABLE t (a int)", "CREATE TABLE t (a int)", false },
    { { NULL }, "CREATE TABLE t (a int)", "TRUNCATE t", false },
    { { NULL }, "RENAME TABLE a TO b", "RENAME TABLE a TO b", false },
    { { NULL }, "ALTER TABLE a RENAME TO b", "ALTER TABLE b RENAME TO a", true },
    { { NULL }, "ALTER TABLE s.a RENAME TO b", "ALTER TABLE s.b RENAME TO a", true },
    { { NULL }, "RENAME TABLE s1.a TO s1.b", "RENAME TABLE s2.b TO s2.a", false },
    { { NULL }, "RENAME TABLE a TO b", "RENAME TABLE c TO a", false },
    { { NULL }, "ALTER TABLE t RENAME COLUMN a TO b", "ALTER TABLE u RENAME COLUMN b TO a",
      false },
    { { NULL }, "ALTER TABLE t RENAME COLUMN a TO b", "ALTER TABLE t RENAME COLUMN b TO c",
      false },
    { { NULL }, "ALTER TABLE t RENAME a TO b", "ALTER TABLE public.t RENAME COLUMN b TO a",
      true },
    { { NULL }, "ALTER TABLE t RENAME COLUMN a TO b", "RENAME TABLE b TO a", false },
    { { NULL }, "CREATE VIEW v AS SELECT 1", "DROP VIEW v", false },
    { { NULL }, "ALTER TABLE t ALTER COLUMN c SET DEFAULT 1",
      "ALTER TABLE t ALTER COLUMN c DROP DEFAULT", false },
};

START_TEST(test_sqldomain_undo_matches_ddl)
{
    const struct undo_case *k = &undo_cases[_i];
    void *st = fl_sql_domain.state_new();
    struct fl_change ca, cb;
    struct fl_ddl da, db;
    bool by_ddl, by_change;

    for (size_t i = 0; k->before[i]; i++)
        (void)change_of(st, k->before[i]);
    ca = change_of(st, k->a);
    cb = change_of(st, k->b);
    ck_assert_int_eq(fl_ddl_classify(k->a, strlen(k->a), &da), 0);
    ck_assert_int_eq(fl_ddl_classify(k->b, strlen(k->b), &db), 0);
    by_ddl = fl_ddl_undoes(&da, &db, st);
    by_change = fl_change_undoes(&ca, &cb);
    ck_assert_msg(by_ddl == k->want, "fl_ddl_undoes [%s] -> [%s] = %d",
                  k->a, k->b, by_ddl);
    ck_assert_msg(by_change == by_ddl, "fl_change_undoes [%s] -> [%s] = %d",
                  k->a, k->b, by_change);
    ck_assert(!ca.truncated && !cb.truncated);
    fl_sql_domain.state_free(st);
}
END_TEST

START_TEST(test_sqldomain_effects_bounded)
{
    void *st = fl_sql_domain.state_new();
    struct fl_change c = change_of(st,
        "ALTER TABLE s.t ADD COLUMN a int, ADD COLUMN b int, ADD COLUMN c int, "
        "ADD COLUMN d int, ADD COLUMN e int");
    ck_assert_uint_eq(c.neffects, FL_CHANGE_MAX_EFFECTS);
    ck_assert(c.truncated);
    fl_sql_domain.state_free(st);
}
END_TEST

/* Configuration statements: name and value, or not one. */
static const struct { const char *sql, *name, *value; } config_cases[] = {
    { "ALTER SYSTEM SET work_mem = '64MB'", "work_mem", "64MB" },
    { "alter system set random_page_cost to 1.1;", "random_page_cost", "1.1" },
    { "ALTER SYSTEM RESET work_mem", "work_mem", "default" },
    { "SET GLOBAL max_connections = 500", "max_connections", "500" },
    { "SET @@GLOBAL.max_connections=500", "max_connections", "500" },
    { "SET PERSIST innodb_buffer_pool_size = 1073741824, GLOBAL x = 1",
      "innodb_buffer_pool_size", "1073741824" },
    { "/* deploy */ SET GLOBAL Slow_Query_Log := 'ON'", "slow_query_log", "ON" },
    { "SET work_mem = '64MB'", NULL, NULL },       /* a session setting */
    { "SET NAMES utf8mb4", NULL, NULL },
    { "SET global_counter = 1", NULL, NULL },
    { "ALTER TABLE t ADD COLUMN c int", NULL, NULL },
    { "ALTER SYSTEM", NULL, NULL },
    { "SET GLOBAL", NULL, NULL },
};

START_TEST(test_sqlconfig_parse)
{
    struct fl_sqlconfig c;
    const char *sql = config_cases[_i].sql;
    bool is = fl_sqlconfig_parse(sql, strlen(sql), &c);

    ck_assert_msg(is == (config_cases[_i].name != NULL), "[%s]", sql);
    if (is) {
        ck_assert_str_eq(c.name, config_cases[_i].name);
        ck_assert_str_eq(c.value, config_cases[_i].value);
    }
}
END_TEST

START_TEST(test_sqldomain_config_changes)
{
    void *st = fl_sql_domain.state_new();
    struct fl_event ev = event_of("ALTER SYSTEM SET work_mem = '64MB'");
    struct fl_change c;

    ck_assert_int_eq(ev.kind, FL_EV_CONFIG);
    ev.time_us = 5;
    ck_assert(fl_sql_domain.change(st, &ev, &c));
    ck_assert_str_eq(c.kind, "config");
    ck_assert_str_eq(c.domain, "sql");
    ck_assert_str_eq(c.subjects, "work_mem");
    ck_assert_str_eq(c.text, "work_mem = 64MB");
    ck_assert_uint_eq(c.neffects, 1);
    ck_assert_str_eq(c.effects[0], "+config:work_mem=64MB");
    ck_assert_int_eq(c.time_us, 5);
    /* SET GLOBAL stays a query (slow-log digests count it) but is a
     * config change */
    ev = event_of("SET GLOBAL max_connections = 500");
    ck_assert_int_eq(ev.kind, FL_EV_QUERY);
    ck_assert(fl_sql_domain.change(st, &ev, &c));
    ck_assert_str_eq(c.effects[0], "+config:max_connections=500");
    ev = event_of("SET work_mem = '64MB'");
    ck_assert_int_eq(ev.kind, FL_EV_QUERY);
    ck_assert(!fl_sql_domain.change(st, &ev, &c));
    /* PostgreSQL's 'parameter "work_mem" changed to "64MB"': attributes */
    fl_event_clear(&ev);
    ev.kind = FL_EV_CONFIG;
    ev.nattrs = 2;
    ev.attrs[0].name = "setting";
    ev.attrs[0].value = (struct fl_str){ "work_mem", 8 };
    ev.attrs[1].name = "value";
    ev.attrs[1].value = (struct fl_str){ "64MB", 4 };
    ck_assert(fl_sql_domain.change(st, &ev, &c));
    ck_assert_str_eq(c.effects[0], "+config:work_mem=64MB");
    ev.nattrs = 0;                 /* a config event without a setting */
    ck_assert(!fl_sql_domain.change(st, &ev, &c));
    fl_sql_domain.state_free(st);
}
END_TEST

static Suite *sqldomain_suite(void)
{
    Suite *s = suite_create("sqldomain");
    TCase *tc = tcase_create("domain");
    tcase_add_test(tc, test_sqldomain_found_by_name);
    tcase_add_test(tc, test_sqldomain_refine_ddl_only);
    tcase_add_test(tc, test_sqldomain_classify_like_stats);
    tcase_add_test(tc, test_sqldomain_change_record);
    tcase_add_test(tc, test_sqldomain_change_text_redacts_only_secrets);
    tcase_add_loop_test(tc, test_sqldomain_undo_matches_ddl, 0,
                        (int)(sizeof undo_cases / sizeof undo_cases[0]));
    tcase_add_test(tc, test_sqldomain_effects_bounded);
    tcase_add_loop_test(tc, test_sqlconfig_parse, 0,
                        (int)(sizeof config_cases / sizeof config_cases[0]));
    tcase_add_test(tc, test_sqldomain_config_changes);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(sqldomain_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
