/* check_incident.c - the incident analysis on synthetic workloads with a
 * known truth: a change-driven shift (culprit ranked first, onset and
 * recovery within two buckets), a load surge with an innocent change (not
 * blamed), a quiet log (no incident), a shift with no change (unexplained),
 * no recovery, and a lock queue behind a table rewrite; and the numbers the
 * report model (fl_report.h) pins for the first scenario. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/fl_incident.h"
#include "analysis/fl_journal.h"
#include "series/fl_stats.h"
#include "sql/fl_sqldomain.h"
#include "analysis/fl_report.h"

#define S 1000000LL
#define T0 (1715767200LL * S)

struct world {
    struct fl_stats *stats;
    struct fl_journal *j;
    void *sql;              /* the sql domain's change state */
    uint64_t seed;
};

static double urand(struct world *w)
{
    uint64_t z = (w->seed += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return (double)((z ^ (z >> 31)) >> 11) / 9007199254740992.0;
}

/* Log-normal-ish noise around base (us). */
static int64_t noisy(struct world *w, double base)
{
    double u = urand(w), v = urand(w);
    double g = sqrt(-2 * log(u + 1e-12)) * cos(6.283185307 * v);
    return (int64_t)(base * exp(0.4 * g)) + 1;
}

static void query(struct world *w, int64_t start, int64_t dur, const char *sql)
{
    struct fl_event e;
    fl_event_clear(&e);
    e.domain = &fl_sql_domain;
    e.kind = FL_EV_QUERY;
    e.time_us = start + dur;
    e.duration_us = dur;
    e.statement.p = sql;
    e.statement.n = strlen(sql);
    e.file = "t";
    e.format = "t";
    fl_stats_add(w->stats, &e);
}

static void note(struct world *w, enum fl_event_kind k, int64_t t,
                 const char *pid, const char *sql, const char *blocker)
{
    struct fl_change ch;
    struct fl_event e;
    fl_event_clear(&e);
    e.domain = &fl_sql_domain;
    e.kind = k;
    e.time_us = t;
    e.pid.p = pid;
    e.pid.n = strlen(pid);
    if (sql) {
        e.statement.p = sql;
        e.statement.n = strlen(sql);
    }
    if (blocker) {
        e.blocker.p = blocker;
        e.blocker.n = strlen(blocker);
        e.message.p = "process still waiting for AccessShareLock";
        e.message.n = strlen(e.message.p);
    }
    e.file = "t";
    e.format = "t";
    if (fl_sql_domain.change(w->sql, &e, &ch))
        fl_journal_add_change(w->j, &ch);
    fl_journal_add(w->j, &e);
    fl_stats_add(w->stats, &e);
}

/* 30 minutes, `rate` calls/s over three shapes; orders slowed by
 * slow_orders between [a, b) minutes, everything by slow_all and the rate
 * by rate_mult between [c, d). */
struct plan {
    double slow_orders;
    int a, b;
    double slow_all, rate_mult;
    int c, d;
};

static void workload(struct world *w, const struct plan *p)
{
    for (int64_t ms = 0; ms < 30 * 60 * 1000; ms += 50) {
        int minute = (int)(ms / 60000);
        bool surge = minute >= p->c && minute < p->d;
        int reps = surge ? (int)p->rate_mult : 1;
        for (int r = 0; r < reps; r++) {
            double k = urand(w), f = surge ? p->slow_all : 1;
            int64_t t = T0 + ms * 1000 + r * 10;
            if (k < 0.5)
                query(w, t, noisy(w, 2000 * f * (minute >= p->a && minute < p->b
                                              ? p->slow_orders : 1)),
                      "SELECT * FROM orders WHERE customer_id = 42");
            else if (k < 0.8)
                query(w, t, noisy(w, 1000 * f), "SELECT * FROM customers WHERE id = 7");
            else
                query(w, t, noisy(w, 3000 * f), "UPDATE products SET stock = stock - 1 WHERE id = 3");
        }
    }
}

static struct world *world_new(void)
{
    struct fl_stats_opts so = { 0, 0, 0, false };
    struct world *w = calloc(1, sizeof *w);
    w->stats = fl_stats_new(&so);
    w->j = fl_journal_new(0);
    w->sql = fl_sql_domain.state_new();
    w->seed = 7;
    return w;
}

static struct fl_incident *analyse_floor(struct world *w, int64_t floor_us)
{
    struct fl_incident_opts o = { 0, 0, floor_us };
    fl_journal_sort(w->j);
    return fl_incident_analyse(w->stats, w->j, &o);
}

static struct fl_incident *analyse(struct world *w)
{
    return analyse_floor(w, 0);
}

static void world_free(struct world *w, struct fl_incident *inc)
{
    fl_incident_free(inc);
    fl_stats_free(w->stats);
    fl_journal_free(w->j);
    fl_sql_domain.state_free(w->sql);
    free(w);
}

static void assert_near(int64_t got, int64_t want, int64_t bucket)
{
    ck_assert_msg(llabs(got - want) <= 2 * bucket, "got %lld, want %lld "
                  "(bucket %lld)", (long long)(got / S), (long long)(want / S),
                  (long long)(bucket / S));
}

START_TEST(test_incident_index_drop_ranked_first_with_rollback)
{
    struct world *w = world_new();
    struct plan p = { 20, 10, 20, 1, 1, 0, 0 };
    struct fl_incident *inc;

    note(w, FL_EV_DDL, T0 + 60 * S, "90", "CREATE INDEX orders_cust_idx ON orders (customer_id)", NULL);
    note(w, FL_EV_DDL, T0 + 300 * S, "91", "COMMENT ON TABLE products IS 'x'", NULL);
    note(w, FL_EV_DDL, T0 + 598 * S, "92", "DROP INDEX orders_cust_idx", NULL);
    note(w, FL_EV_DDL, T0 + 900 * S, "93", "GRANT SELECT ON customers TO r", NULL);
    note(w, FL_EV_DDL, T0 + 1199 * S, "94", "CREATE INDEX orders_cust_idx2 ON orders (customer_id)", NULL);
    workload(w, &p);
    inc = analyse(w);
    ck_assert(inc->found);
    ck_assert_int_eq(inc->verdict, FL_VERDICT_CHANGE);
    assert_near(inc->onset_us, T0 + 600 * S, inc->bucket_us);
    ck_assert(inc->recovered);
    assert_near(inc->recovery_us, T0 + 1200 * S, inc->bucket_us);
    ck_assert_str_eq(inc->culprits[0].kind, "drop_index");
    ck_assert_str_eq(inc->culprits[0].table, "orders");
    ck_assert_int_eq(inc->culprits[0].confidence, FL_CONF_HIGH);
    ck_assert_ptr_nonnull(inc->culprits[0].rollback);
    ck_assert_uint_ge(inc->naffected, 1);
    ck_assert_ptr_nonnull(strstr(inc->affected[0].fingerprint, "orders"));
    ck_assert_double_gt(inc->impact.p50_during, 3 * inc->impact.p50_before);
    ck_assert_double_gt(inc->affected[0].p50_during, 10 * inc->affected[0].p50_before);
    world_free(w, inc);
}
END_TEST

START_TEST(test_incident_load_surge_blames_no_change)
{
    struct world *w = world_new();
    struct plan p = { 1, 0, 0, 4, 3, 12, 18 };
    struct fl_incident *inc;

    note(w, FL_EV_DDL, T0 + 700 * S, "91", "COMMENT ON TABLE products IS 'x'", NULL);
    workload(w, &p);
    inc = analyse(w);
    ck_assert(inc->found);
    ck_assert_int_eq(inc->verdict, FL_VERDICT_LOAD);
    assert_near(inc->onset_us, T0 + 720 * S, inc->bucket_us);
    for (size_t i = 0; i < inc->nculprits; i++)
        ck_assert_int_eq(inc->culprits[i].confidence, FL_CONF_LOW);
    world_free(w, inc);
}
END_TEST

START_TEST(test_incident_quiet_log_has_none)
{
    struct world *w = world_new();
    struct plan p = { 1, 0, 0, 1, 1, 0, 0 };
    struct fl_incident *inc;

    note(w, FL_EV_DDL, T0 + 700 * S, "91", "CREATE INDEX t_idx ON tiny (a)", NULL);
    note(w, FL_EV_DDL, T0 + 900 * S, "92", "GRANT SELECT ON orders TO r", NULL);
    workload(w, &p);
    inc = analyse(w);
    ck_assert(!inc->found);
    ck_assert_int_eq(inc->verdict, FL_VERDICT_NONE);
    ck_assert_uint_eq(inc->nculprits, 0);
    ck_assert_double_gt(inc->quiet_p50_hi_us, 0);
    ck_assert_double_le(inc->quiet_p50_lo_us, inc->quiet_p50_hi_us);
    ck_assert_uint_eq(inc->changes_seen, 2);
    world_free(w, inc);
}
END_TEST

/* A shift of 0.45 ms (0.3 -> 0.75 ms, x2.5) of the only class is below the
 * default floor of 1 ms: no incident, and the quiet draft can name what was
 * set aside.  With the floor at 0.2 ms the same log has its incident. */
START_TEST(test_incident_below_the_floor_is_not_an_incident)
{
    struct world *w = world_new();
    struct fl_incident *inc;

    note(w, FL_EV_DDL, T0 + 598 * S, "92", "DROP INDEX orders_cust_idx", NULL);
    for (int64_t ms = 0; ms < 30 * 60 * 1000; ms += 50) {
        bool slow = ms >= 600000 && ms < 1200000;
        query(w, T0 + ms * 1000, noisy(w, slow ? 750 : 300),
              "SELECT * FROM orders WHERE customer_id = 42");
    }
    inc = analyse(w);
    ck_assert(!inc->found);
    ck_assert_int_eq(inc->verdict, FL_VERDICT_NONE);
    ck_assert_int_eq(inc->below, FL_BELOW_EFFECT);
    ck_assert_ptr_nonnull(strstr(inc->below_group, "orders"));
    ck_assert_double_lt(inc->below_during_us - inc->below_before_us, 1000);
    ck_assert_double_gt(inc->below_during_us - inc->below_before_us, 300);
    fl_incident_free(inc);
    inc = analyse_floor(w, 200);
    ck_assert(inc->found);
    ck_assert_int_eq(inc->below, FL_BELOW_NONE);
    ck_assert_str_eq(inc->culprits[0].kind, "drop_index");
    world_free(w, inc);
}
END_TEST

/* One session's CREATE INDEX and DROP INDEX in the same second are one
 * change named by the DROP, the other listed as its member; the same two
 * statements from two unrelated sessions are a tie, neither "high". */
START_TEST(test_incident_one_change_per_burst_and_ties)
{
    for (int unrelated = 0; unrelated < 2; unrelated++) {
        struct world *w = world_new();
        struct plan p = { 20, 10, 20, 1, 1, 0, 0 };
        struct fl_incident *inc;

        note(w, FL_EV_DDL, T0 + 598 * S, "92",
             "CREATE INDEX orders_status_idx ON orders (status)", NULL);
        note(w, FL_EV_DDL, T0 + 598 * S + 2000, unrelated ? "93" : "92",
             "DROP INDEX orders_cust_idx", NULL);
        workload(w, &p);
        inc = analyse(w);
        ck_assert(inc->found);
        ck_assert_int_eq(inc->verdict, FL_VERDICT_CHANGE);
        if (!unrelated) {
            ck_assert_uint_eq(inc->nculprits, 1);
            ck_assert_str_eq(inc->culprits[0].kind, "drop_index");
            ck_assert_uint_eq(inc->culprits[0].nmembers, 1);
            ck_assert_str_eq(inc->culprits[0].members[0].kind, "create_index");
            ck_assert(!inc->culprits[0].tie);
            ck_assert_int_eq(inc->culprits[0].confidence, FL_CONF_HIGH);
        } else {
            ck_assert_uint_eq(inc->nculprits, 2);
            ck_assert(inc->culprits[0].tie && inc->culprits[1].tie);
            ck_assert_int_eq(inc->culprits[0].confidence, FL_CONF_MEDIUM);
            ck_assert_int_eq(inc->culprits[1].confidence, FL_CONF_MEDIUM);
            ck_assert_uint_eq(inc->culprits[0].nmembers, 0);
        }
        world_free(w, inc);
    }
}
END_TEST

/* A rise of x2.6 in a log whose stable stretch already stepped x1.9 up
 * and back is within twice its normal variation: no incident.  The same
 * rise in a log without the earlier step is one. */
START_TEST(test_incident_shift_within_normal_variation)
{
    for (int wiggle = 0; wiggle < 2; wiggle++) {
        struct world *w = world_new();
        struct fl_incident *inc;

        for (int64_t ms = 0; ms < 30 * 60 * 1000; ms += 50) {
            int minute = (int)(ms / 60000);
            double f = minute >= 20 && minute < 25 ? 2.6
                     : wiggle && minute >= 10 && minute < 14 ? 1.9 : 1;
            query(w, T0 + ms * 1000, noisy(w, 2000 * f),
                  "SELECT * FROM orders WHERE customer_id = 42");
        }
        inc = analyse(w);
        if (wiggle) {
            ck_assert(!inc->found);
            ck_assert_int_eq(inc->below, FL_BELOW_NOISE);
        } else {
            ck_assert(inc->found);
            assert_near(inc->onset_us, T0 + 20 * 60 * S, inc->bucket_us);
        }
        world_free(w, inc);
    }
}
END_TEST

START_TEST(test_incident_shift_without_change_is_unexplained)
{
    struct world *w = world_new();
    struct plan p = { 15, 10, 30, 1, 1, 0, 0 };
    struct fl_incident *inc;

    workload(w, &p);
    inc = analyse(w);
    ck_assert(inc->found);
    ck_assert_int_eq(inc->verdict, FL_VERDICT_UNEXPLAINED);
    ck_assert(!inc->recovered);
    ck_assert_uint_eq(inc->nculprits, 0);
    world_free(w, inc);
}
END_TEST

START_TEST(test_incident_lock_queue_behind_rewrite)
{
    struct world *w = world_new();
    struct plan p = { 30, 10, 12, 1, 1, 0, 0 };
    struct fl_incident *inc;

    note(w, FL_EV_DDL, T0 + 599 * S, "77", "ALTER TABLE orders ALTER COLUMN total TYPE numeric(14,2)", NULL);
    for (int i = 0; i < 10; i++)
        note(w, FL_EV_LOCK_WAIT, T0 + (601 + i) * S, "100", NULL, "77");
    workload(w, &p);
    inc = analyse(w);
    ck_assert(inc->found);
    ck_assert_int_eq(inc->verdict, FL_VERDICT_CHANGE);
    ck_assert_str_eq(inc->culprits[0].kind, "alter_table");
    ck_assert_uint_eq(inc->culprits[0].ev.lock_waits, 10);
    world_free(w, inc);
}
END_TEST

/* The report model of the index-drop scenario, number by number (the
 * workload is deterministic: a fixed seed). */
START_TEST(test_report_pins_index_drop_numbers)
{
    struct world *w = world_new();
    struct plan p = { 20, 10, 20, 1, 1, 0, 0 };
    struct fl_report_opts ro;
    struct fl_report *r;
    const struct fl_incident *inc;
    const struct fl_culprit *k;

    note(w, FL_EV_DDL, T0 + 60 * S, "90", "CREATE INDEX orders_cust_idx ON orders (customer_id)", NULL);
    note(w, FL_EV_DDL, T0 + 300 * S, "91", "COMMENT ON TABLE products IS 'x'", NULL);
    note(w, FL_EV_DDL, T0 + 598 * S, "92", "DROP INDEX orders_cust_idx", NULL);
    note(w, FL_EV_DDL, T0 + 900 * S, "93", "GRANT SELECT ON customers TO r", NULL);
    note(w, FL_EV_DDL, T0 + 1199 * S, "94", "CREATE INDEX orders_cust_idx2 ON orders (customer_id)", NULL);
    workload(w, &p);
    memset(&ro, 0, sizeof ro);
    fl_journal_sort(w->j);
    r = fl_report_timeline(w->stats, w->j, &ro);
    inc = r->incident;
    ck_assert_int_eq(r->kind, FL_REPORT_TIMELINE);
    ck_assert_int_eq(inc->window_us, FL_INCIDENT_WINDOW_DEFAULT_US);
    ck_assert_int_eq(inc->bucket_us, 4 * S);
    ck_assert_int_eq(inc->onset_us, T0 + 608 * S);
    ck_assert_int_eq(inc->recovery_us, T0 + 1200 * S);
    ck_assert_uint_eq(inc->changes_seen, 5);
    ck_assert_uint_eq(inc->impact.calls_during, 11840);
    ck_assert_uint_eq(inc->impact.calls_affected, 5906);
    ck_assert_uint_eq(inc->impact.calls_over_10x, 5686);
    ck_assert_uint_eq(inc->naffected, 1);
    ck_assert_uint_eq(inc->nculprits, 3);
    k = &inc->culprits[0];
    ck_assert_str_eq(k->kind, "drop_index");
    ck_assert_str_eq(k->table, "orders");
    ck_assert_double_eq_tol(k->score, 0.8418, 5e-4);
    ck_assert_double_eq_tol(k->ev.onset_offset_s, 10, 1e-9);
    ck_assert_double_eq_tol(k->ev.table_ratio, 20.09, 0.01);
    ck_assert_double_eq_tol(k->ev.other_ratio, 0.961, 0.001);
    ck_assert_double_eq_tol(k->ev.touch_share, 1, 1e-9);
    ck_assert_double_eq_tol(k->ev.rollback_offset_s, -1, 1e-9);
    ck_assert_double_eq_tol(k->ev.rollback, 1, 1e-9);
    ck_assert_uint_eq(k->ev.lock_waits, 0);
    /* the earlier CREATE INDEX was undone before the onset: halved */
    ck_assert(inc->culprits[1].ev.undone_before);
    ck_assert_double_eq_tol(inc->culprits[1].score, 0.2701, 5e-4);
    /* series: overall and the affected class, every bucket present */
    ck_assert_uint_eq(r->nseries, 2);
    ck_assert_str_eq(r->series[0].key, "overall");
    ck_assert_uint_eq(r->series[0].npoints, 450);
    ck_assert_uint_eq(r->series[1].id, inc->affected[0].id);
    ck_assert_uint_eq(r->series[0].points[0].calls, 80);
    ck_assert_uint_eq(r->left_out.journal_events + r->left_out.journal_changes, 0);
    fl_report_free(r);
    world_free(w, NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("incident");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_incident_index_drop_ranked_first_with_rollback);
    tcase_add_test(tc, test_incident_load_surge_blames_no_change);
    tcase_add_test(tc, test_incident_quiet_log_has_none);
    tcase_add_test(tc, test_incident_shift_without_change_is_unexplained);
    tcase_add_test(tc, test_incident_below_the_floor_is_not_an_incident);
    tcase_add_test(tc, test_incident_one_change_per_burst_and_ties);
    tcase_add_test(tc, test_incident_shift_within_normal_variation);
    tcase_add_test(tc, test_incident_lock_queue_behind_rewrite);
    tcase_add_test(tc, test_report_pins_index_drop_numbers);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
