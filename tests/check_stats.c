/* check_stats.c - the statistics model: grouping by fingerprint, table, db
 * and user; start-time bucketing; automatic bucket widening; the class cap;
 * and the merge property (merge of parts equals the model of the whole). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql/fl_sqldomain.h"
#include "base/fl_err.h"
#include "series/fl_stats.h"

static struct fl_event ev_query(int64_t t_s, int64_t dur_us, const char *sql,
                                const char *db)
{
    struct fl_event e;
    fl_event_clear(&e);
    e.domain = &fl_sql_domain;
    e.kind = FL_EV_QUERY;
    e.time_us = t_s * 1000000 + dur_us;  /* logged at completion */
    e.duration_us = dur_us;
    e.statement.p = sql;
    e.statement.n = strlen(sql);
    e.db.p = db;
    e.db.n = db ? strlen(db) : 0;
    e.file = "t";
    e.format = "t";
    return e;
}

START_TEST(test_stats_literals_group_into_one_class)
{
    struct fl_stats_opts o = { 0, 0, 0, false };
    struct fl_stats *s = fl_stats_new(&o);
    struct fl_event a = ev_query(100, 1000, "SELECT * FROM orders WHERE id = 1", "shop");
    struct fl_event b = ev_query(101, 3000, "select * from orders where id=42", "shop");
    struct fl_event c = ev_query(102, 5000, "UPDATE customers SET x = 'a' WHERE id = 7", "crm");
    const struct fl_stats_group *g;

    fl_stats_add(s, &a);
    fl_stats_add(s, &b);
    fl_stats_add(s, &c);
    ck_assert_uint_eq(fl_stats_count(s, FL_DIM_FINGERPRINT), 2);
    g = fl_stats_get(s, FL_DIM_FINGERPRINT, 0);
    ck_assert_uint_eq(fl_sketch_count(&g->lat), 2);
    ck_assert_int_eq(fl_sketch_sum(&g->lat), 4000);
    ck_assert_str_eq(g->tables, "orders");
    ck_assert_ptr_null(strstr(g->key, "42"));
    ck_assert_ptr_null(g->sample);
    ck_assert_uint_eq(fl_stats_count(s, FL_DIM_TABLE), 2);
    g = fl_stats_find_key(s, FL_DIM_TABLE, "customers");
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(fl_sketch_sum(&g->lat), 5000);
    g = fl_stats_find_key(s, FL_DIM_DB, "shop");
    ck_assert_uint_eq(fl_sketch_count(&g->lat), 2);
    g = fl_stats_get(s, FL_DIM_OVERALL, 0);
    ck_assert_int_eq(fl_sketch_sum(&g->lat), 9000);
    fl_stats_free(s);
}
END_TEST

START_TEST(test_stats_query_placed_at_start_time)
{
    struct fl_stats_opts o = { 10 * 1000000, 0, 0, false };
    struct fl_stats *s = fl_stats_new(&o);
    /* Started at t=95 s, logged at t=105 s after 10 s: bucket [90,100). */
    struct fl_event a = ev_query(95, 10000000, "SELECT 1", NULL);
    const struct fl_stats_group *g;

    fl_stats_add(s, &a);
    g = fl_stats_get(s, FL_DIM_OVERALL, 0);
    ck_assert_uint_eq(g->ncells, 1);
    ck_assert_int_eq(g->cells[0].start_us, 90 * 1000000LL);
    fl_stats_free(s);
}
END_TEST

START_TEST(test_stats_auto_width_widens_and_keeps_totals)
{
    struct fl_stats_opts o = { 0, 16, 0, false };
    struct fl_stats *s = fl_stats_new(&o);
    const struct fl_stats_group *g;
    uint64_t n = 0;

    for (int i = 0; i < 1000; i++) {
        struct fl_event e = ev_query(1000 + i, 100 + i, "SELECT 1", NULL);
        fl_stats_add(s, &e);
    }
    g = fl_stats_get(s, FL_DIM_OVERALL, 0);
    ck_assert_int_ge(fl_stats_bucket_us(s), 64 * 1000000LL);
    ck_assert_uint_le(g->ncells, 17);
    for (size_t i = 0; i < g->ncells; i++) {
        ck_assert_int_eq(g->cells[i].start_us % fl_stats_bucket_us(s), 0);
        n += fl_sketch_count(&g->cells[i].lat);
    }
    ck_assert_uint_eq(n, 1000);
    fl_stats_free(s);
}
END_TEST

START_TEST(test_stats_cap_folds_into_other)
{
    struct fl_stats_opts o = { 0, 0, 3, false };
    struct fl_stats *s = fl_stats_new(&o);
    char sql[64];

    for (int i = 0; i < 10; i++) {
        struct fl_event e;
        snprintf(sql, sizeof sql, "SELECT * FROM t%d", i);
        e = ev_query(100, 10, sql, NULL);
        fl_stats_add(s, &e);
    }
    ck_assert(fl_stats_capped(s));
    ck_assert_uint_eq(fl_stats_count(s, FL_DIM_FINGERPRINT), 4);
    ck_assert(fl_stats_get(s, FL_DIM_FINGERPRINT, 3)->other);
    ck_assert_uint_eq(fl_sketch_count(&fl_stats_get(s, FL_DIM_FINGERPRINT, 3)->lat), 7);
    fl_stats_free(s);
}
END_TEST

/* Splitmix64, for reproducible random workloads. */
static uint64_t rnd(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void random_event(uint64_t *seed, struct fl_event *e, char *buf)
{
    static const char *const shapes[] = {
        "SELECT * FROM orders WHERE id = ", "UPDATE customers SET v = ",
        "DELETE FROM events WHERE id IN (2, 3) AND x = ", "SELECT count(*) FROM t",
    };
    static const char *const dbs[] = { "a", "b", "c" };
    int k = (int)(rnd(seed) % 4);
    sprintf(buf, "%s%d", shapes[k], (int)(rnd(seed) % 50));
    *e = ev_query((int64_t)(rnd(seed) % 7200), (int64_t)(rnd(seed) % 100000),
                  buf, dbs[rnd(seed) % 3]);
}

static void assert_same_group(const struct fl_stats_group *a,
                              const struct fl_stats_group *b)
{
    ck_assert_ptr_nonnull(b);
    ck_assert(fl_sketch_equal(&a->lat, &b->lat));
    ck_assert_uint_eq(a->nexact, b->nexact);
    ck_assert_mem_eq(a->exact, b->exact, sizeof a->exact);
    ck_assert_uint_eq(a->ncells, b->ncells);
    for (size_t i = 0; i < a->ncells; i++) {
        ck_assert_int_eq(a->cells[i].start_us, b->cells[i].start_us);
        ck_assert(fl_sketch_equal(&a->cells[i].lat, &b->cells[i].lat));
    }
}

START_TEST(test_stats_merge_equals_whole)
{
    struct fl_stats_opts o = { 0, 64, 0, false };
    struct fl_stats *whole = fl_stats_new(&o), *p1 = fl_stats_new(&o);
    struct fl_stats *p2 = fl_stats_new(&o);
    uint64_t seed = 42;
    char buf[128];

    for (int i = 0; i < 3000; i++) {
        struct fl_event e;
        random_event(&seed, &e, buf);
        fl_stats_add(whole, &e);
        fl_stats_add(i % 3 ? p1 : p2, &e);
    }
    ck_assert_int_eq(fl_stats_merge(p1, p2), FL_OK);
    ck_assert_int_eq(fl_stats_bucket_us(p1), fl_stats_bucket_us(whole));
    for (int d = 0; d < FL_DIM__COUNT; d++) {
        ck_assert_uint_eq(fl_stats_count(p1, d), fl_stats_count(whole, d));
        for (size_t i = 0; i < fl_stats_count(whole, d); i++) {
            const struct fl_stats_group *g = fl_stats_get(whole, d, i);
            assert_same_group(g, d == FL_DIM_FINGERPRINT
                                     ? fl_stats_find_id(p1, g->id)
                                     : fl_stats_find_key(p1, d, g->key));
        }
    }
    fl_stats_free(whole);
    fl_stats_free(p1);
    fl_stats_free(p2);
}
END_TEST

/* Small classes: exact nearest-rank percentiles, as pt-query-digest gives
 * them (the cases), exact through a merge of parts, and the
 * sketch's estimate once the class is past FL_STATS_EXACT calls. */
START_TEST(test_stats_small_class_percentiles_are_exact)
{
    static const int64_t four[] = { 500000, 2000000, 500000, 1000000 };
    static const int64_t three[] = { 100000, 20000000, 200000 };
    struct fl_stats_opts o = { 0, 0, 0, false };
    struct fl_stats *s = fl_stats_new(&o), *a = fl_stats_new(&o);
    struct fl_stats *b = fl_stats_new(&o);
    const struct fl_stats_group *g;

    for (int i = 0; i < 4; i++) {
        struct fl_event e = ev_query(100 + i, four[i], "select pg_sleep(1)", "x");
        fl_stats_add(s, &e);
    }
    for (int i = 0; i < 3; i++) {
        struct fl_event e = ev_query(100 + i, three[i], "select c from t", "x");
        fl_stats_add(i == 1 ? a : b, &e);
    }
    g = fl_stats_find_key(s, FL_DIM_FINGERPRINT, "select pg_sleep(?)");
    ck_assert_ptr_nonnull(g);
    ck_assert_double_eq(fl_stats_group_quantile(g, 0.50), 500000);
    ck_assert_double_eq(fl_stats_group_quantile(g, 0.95), 2000000);
    ck_assert_double_eq(fl_stats_group_quantile(g, 0.99), 2000000);
    ck_assert_int_eq(fl_stats_merge(a, b), FL_OK);
    g = fl_stats_find_key(a, FL_DIM_FINGERPRINT, "select c from t");
    ck_assert_ptr_nonnull(g);
    ck_assert_uint_eq(g->nexact, 3);
    ck_assert_double_eq(fl_stats_group_quantile(g, 0.50), 200000);
    ck_assert_double_eq(fl_stats_group_quantile(g, 0.95), 20000000);
    /* past the exact store: the sketch, within 1% */
    for (int i = 0; i < 40; i++) {
        struct fl_event e = ev_query(200 + i, 1000 + 1000 * i, "select c from t", "x");
        fl_stats_add(a, &e);
    }
    ck_assert_uint_eq(fl_sketch_count(&g->lat), 43);
    ck_assert_double_eq_tol(fl_stats_group_quantile(g, 0.50), 22000, 220);
    ck_assert_double_eq(fl_stats_group_quantile(g, 0.99), 20000000);
    fl_stats_free(s);
    fl_stats_free(a);
    fl_stats_free(b);
}
END_TEST

START_TEST(test_stats_errors_count_against_their_class)
{
    struct fl_stats_opts o = { 0, 0, 0, false };
    struct fl_stats *s = fl_stats_new(&o);
    struct fl_event q = ev_query(100, 10, "INSERT INTO t VALUES (1)", NULL);
    struct fl_event e = q;

    e.kind = FL_EV_ERROR;
    e.duration_us = -1;
    e.statement.p = "insert into t values (2)";
    e.statement.n = strlen(e.statement.p);
    fl_stats_add(s, &q);
    fl_stats_add(s, &e);
    ck_assert_uint_eq(fl_stats_count(s, FL_DIM_FINGERPRINT), 1);
    ck_assert_uint_eq(fl_stats_get(s, FL_DIM_FINGERPRINT, 0)->errors, 1);
    ck_assert_uint_eq(fl_sketch_count(&fl_stats_get(s, FL_DIM_FINGERPRINT, 0)->lat), 1);
    fl_stats_free(s);
}
END_TEST

/* The statement cache in front of the fingerprinter must never merge
 * statements whose fingerprints differ. */
START_TEST(test_stats_cache_keeps_distinct_classes_apart)
{
    static const char *const pairs[][2] = {
        { "SELECT * FROM t1 WHERE a = 1", "SELECT * FROM t2 WHERE a = 1" },
        { "SELECT 12_13_foo FROM x", "SELECT 14_13_foo FROM x" },
        { "SELECT \"A1\" FROM x", "SELECT \"A2\" FROM x" },
        { "SELECT `a1` FROM x", "SELECT `a2` FROM x" },
        { "SELECT 1e5 FROM x1", "SELECT 1e5 FROM x2" },
        { "SELECT 'a' || b1", "SELECT 'a' || b2" },
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        struct fl_stats_opts o = { 0, 0, 0, false };
        struct fl_stats *s = fl_stats_new(&o);
        for (int r = 0; r < 2; r++)
            for (int k = 0; k < 2; k++) {
                struct fl_event e = ev_query(100, 10, pairs[i][k], NULL);
                fl_stats_add(s, &e);
            }
        ck_assert_msg(fl_stats_count(s, FL_DIM_FINGERPRINT) == 2, "pair %zu", i);
        fl_stats_free(s);
    }
}
END_TEST

START_TEST(test_stats_cache_groups_literal_variants)
{
    struct fl_stats_opts o = { 0, 0, 0, false };
    struct fl_stats *s = fl_stats_new(&o);
    char sql[128];

    for (int i = 0; i < 200; i++) {
        struct fl_event e;
        snprintf(sql, sizeof sql, "SELECT * FROM t WHERE id = %d AND name = 'n%d''x'", i, i * 7);
        e = ev_query(100, 10, sql, NULL);
        fl_stats_add(s, &e);
    }
    ck_assert_uint_eq(fl_stats_count(s, FL_DIM_FINGERPRINT), 1);
    ck_assert_uint_eq(fl_sketch_count(&fl_stats_get(s, FL_DIM_FINGERPRINT, 0)->lat), 200);
    fl_stats_free(s);
}
END_TEST

int main(void)
{
    Suite *su = suite_create("stats");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_stats_literals_group_into_one_class);
    tcase_add_test(tc, test_stats_query_placed_at_start_time);
    tcase_add_test(tc, test_stats_auto_width_widens_and_keeps_totals);
    tcase_add_test(tc, test_stats_cap_folds_into_other);
    tcase_add_test(tc, test_stats_merge_equals_whole);
    tcase_add_test(tc, test_stats_errors_count_against_their_class);
    tcase_add_test(tc, test_stats_cache_keeps_distinct_classes_apart);
    tcase_add_test(tc, test_stats_cache_groups_literal_variants);
    tcase_add_test(tc, test_stats_small_class_percentiles_are_exact);
    suite_add_tcase(su, tc);
    sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
