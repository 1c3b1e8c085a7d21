/* check_lenses.c - the incident over several lenses (fl_incident_analyse_
 * lenses) on synthetic workloads with a known truth: a database log that
 * holds only DDL while the access log shows the shift (the DDL is still
 * named, on its on/off bracket); a deploy with no DDL whose new N+1 query
 * class and rollback make it the culprit (verdict deploy); a DROP INDEX run
 * by a migration of a release (both linked, neither ranked separately);
 * and access-log clocks 7 s ahead of the database's (offset measured). */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/fl_incident.h"
#include "analysis/fl_journal.h"
#include "deploy/fl_deploy.h"
#include "http/fl_http.h"
#include "series/fl_stats.h"
#include "sql/fl_sqldomain.h"

#define S 1000000LL
#define T0 (1715767200LL * S)
#define SV(x) ((struct fl_str){ (x), strlen(x) })

struct world {
    struct fl_stats *sql, *http;
    struct fl_journal *j;
    void *sqlst, *depst;
    uint64_t seed;
};

static double urand(struct world *w)
{
    uint64_t z = (w->seed += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return (double)((z ^ (z >> 31)) >> 11) / 9007199254740992.0;
}

static int64_t noisy(struct world *w, double base)
{
    double u = urand(w), v = urand(w);
    double g = sqrt(-2 * log(u + 1e-12)) * cos(6.283185307 * v);
    return (int64_t)(base * exp(0.3 * g)) + 1;
}

static void query(struct world *w, int64_t start, int64_t dur, const char *sql)
{
    struct fl_event e;

    fl_event_clear(&e);
    e.domain = &fl_sql_domain;
    e.kind = FL_EV_QUERY;
    e.time_us = start + dur;
    e.duration_us = dur;
    e.statement = SV(sql);
    e.file = "db.log";
    fl_stats_add(w->sql, &e);
}

/* A request logged at its end, as nginx does. */
static void request(struct world *w, int64_t start, int64_t dur,
                    const char *url)
{
    struct fl_event e;

    fl_event_clear(&e);
    e.domain = &fl_http_domain;
    e.kind = FL_EV_REQUEST;
    e.time_us = start + dur;
    e.duration_us = dur;
    e.method = SV("GET");
    e.url = SV(url);
    e.status = 200;
    e.file = "access.log";
    fl_stats_add(w->http, &e);
}

static void ddl(struct world *w, int64_t t, const char *pid, const char *sql)
{
    struct fl_change ch;
    struct fl_event e;

    fl_event_clear(&e);
    e.domain = &fl_sql_domain;
    e.kind = FL_EV_DDL;
    e.time_us = t;
    e.pid = SV(pid);
    e.statement = SV(sql);
    e.file = "db.log";
    if (fl_sql_domain.change(w->sqlst, &e, &ch))
        fl_journal_add_change(w->j, &ch);
    fl_journal_add(w->j, &e);
}

/* A deploy-domain record: kind, version, message, direction, phase. */
static void change(struct world *w, enum fl_event_kind k, int64_t t,
                   const char *version, const char *msg, const char *dir,
                   const char *phase)
{
    struct fl_change ch;
    struct fl_event e;

    fl_event_clear(&e);
    e.domain = &fl_deploy_domain;
    e.kind = k;
    e.time_us = t;
    e.service = SV("shop");
    e.version = SV(version);
    if (msg)
        e.message = SV(msg);
    if (dir)
        e.direction = SV(dir);
    if (phase)
        e.phase = SV(phase);
    e.file = "deploy.log";
    fl_deploy_domain.refine(&e);
    if (fl_deploy_domain.change(w->depst, &e, &ch))
        fl_journal_add_change(w->j, &ch);
}

static struct world *world_new(void)
{
    struct fl_stats_opts so = { 0, 0, 0, false };
    struct world *w = calloc(1, sizeof *w);

    w->sql = fl_stats_new(&so);
    w->http = fl_stats_new(&so);
    w->j = fl_journal_new(0);
    w->sqlst = fl_sql_domain.state_new();
    w->depst = fl_deploy_domain.state_new();
    w->seed = 11;
    return w;
}

static struct fl_incident *analyse(struct world *w)
{
    struct fl_incident_lens l[2] = { { w->sql, "sql" }, { w->http, "http" } };
    struct fl_incident_opts o = { 0, 0, 0 };

    fl_journal_sort(w->j);
    return fl_incident_analyse_lenses(l, 2, NULL, w->j, &o);
}

static void world_free(struct world *w, struct fl_incident *inc)
{
    fl_incident_free(inc);
    fl_stats_free(w->sql);
    fl_stats_free(w->http);
    fl_journal_free(w->j);
    fl_sql_domain.state_free(w->sqlst);
    fl_deploy_domain.state_free(w->depst);
    free(w);
}

/* 30 minutes of traffic, 20 requests/s: /orders/N is slowed by `slow`
 * between seconds [a, b) (shifted by skew in the access log only); with
 * db, each request also runs its query in the database, and with n1 the
 * slowed /orders requests run 5 extra queries of a new shape. */
struct plan {
    double slow;
    int a, b;
    bool db, n1;
    int64_t skew_us;
};

static void traffic(struct world *w, const struct plan *p)
{
    for (int64_t ms = 0; ms < 30 * 60 * 1000; ms += 50) {
        int64_t t = T0 + ms * 1000, sec = ms / 1000;
        bool bad = sec >= p->a && sec < p->b;
        if (urand(w) < 0.5) {
            int64_t q = noisy(w, 1000 * (bad ? p->slow : 1));
            request(w, t + p->skew_us, q + noisy(w, 2000), "/orders/4711");
            if (p->db)
                query(w, t + 500, q, "SELECT * FROM orders WHERE customer_id = 42");
            for (int k = 0; p->n1 && bad && k < 5; k++)
                query(w, t + 600 + k, noisy(w, 400),
                      "SELECT * FROM order_items WHERE order_id = 9");
        } else {
            int64_t q = noisy(w, 700);
            request(w, t + p->skew_us, q + noisy(w, 2000), "/products/17");
            if (p->db)
                query(w, t + 500, q, "SELECT * FROM products WHERE id = 17");
        }
    }
}

START_TEST(test_ddl_found_through_access_log)
{
    struct world *w = world_new();
    struct plan p = { 40, 600, 1200, false, false, 0 };
    struct fl_incident *inc;

    ddl(w, T0 + 599 * S, "70", "DROP INDEX orders_customer_idx");
    ddl(w, T0 + 1199 * S, "71", "CREATE INDEX orders_customer_idx ON orders (customer_id)");
    traffic(w, &p);
    inc = analyse(w);
    ck_assert(inc->found);
    ck_assert_str_eq(inc->domain, "http");
    ck_assert_int_eq(inc->verdict, FL_VERDICT_CHANGE);
    ck_assert_str_eq(inc->culprits[0].kind, "drop_index");
    ck_assert_int_ge(inc->culprits[0].confidence, FL_CONF_MEDIUM);
    ck_assert_ptr_nonnull(inc->culprits[0].rollback);
    ck_assert_double_eq(inc->culprits[0].ev.bracket, 0.8);
    ck_assert_uint_ge(inc->naffected, 1);
    ck_assert_str_eq(inc->affected[0].fingerprint, "GET /orders/:id");
    world_free(w, inc);
}
END_TEST

START_TEST(test_deploy_without_ddl_is_the_culprit)
{
    struct world *w = world_new();
    struct plan p = { 4, 600, 1200, true, true, 0 };
    struct fl_incident *inc;
    bool sql_side = false;

    change(w, FL_EV_DEPLOY, T0 + 200 * S, "1.9.0", NULL, NULL, NULL);
    change(w, FL_EV_DEPLOY, T0 + 598 * S, "2.0.0", NULL, NULL, NULL);
    change(w, FL_EV_DEPLOY, T0 + 1199 * S, "1.9.0", NULL, "down", NULL);
    traffic(w, &p);
    inc = analyse(w);
    ck_assert(inc->found);
    ck_assert_int_eq(inc->verdict, FL_VERDICT_DEPLOY);
    ck_assert_str_eq(inc->culprits[0].kind, "deploy");
    ck_assert_str_eq(inc->culprits[0].version, "2.0.0");
    ck_assert_uint_ge(inc->culprits[0].ev.fresh_classes, 1);
    ck_assert_ptr_nonnull(inc->culprits[0].rollback);
    for (size_t i = 0; i < inc->nsides; i++)
        sql_side |= strcmp(inc->sides[i].domain, "sql") == 0 ||
                    strcmp(inc->domain, "sql") == 0;
    ck_assert(sql_side);
    world_free(w, inc);
}
END_TEST

START_TEST(test_migration_linked_to_its_ddl_and_release)
{
    struct world *w = world_new();
    struct plan p = { 20, 600, 1200, true, false, 0 };
    struct fl_incident *inc;

    change(w, FL_EV_DEPLOY, T0 + 590 * S, "1.4.2", NULL, NULL, "start");
    change(w, FL_EV_MIGRATION, T0 + 595 * S, "ae1027a6acf",
           "drop redundant customer index", "up", NULL);
    ddl(w, T0 + 598 * S, "80", "DROP INDEX orders_customer_idx");
    change(w, FL_EV_DEPLOY, T0 + 605 * S, "1.4.2", NULL, NULL, "end");
    traffic(w, &p);
    inc = analyse(w);
    ck_assert(inc->found);
    ck_assert_int_eq(inc->verdict, FL_VERDICT_CHANGE);
    ck_assert_str_eq(inc->culprits[0].kind, "drop_index");
    ck_assert_ptr_nonnull(inc->culprits[0].migration.text);
    ck_assert_str_eq(inc->culprits[0].migration.version, "ae1027a6acf");
    ck_assert_str_eq(inc->culprits[0].migration.text,
                     "drop redundant customer index");
    ck_assert_ptr_nonnull(inc->culprits[0].release.text);
    ck_assert_str_eq(inc->culprits[0].release.version, "1.4.2");
    for (size_t i = 0; i < inc->nculprits; i++) {
        ck_assert_str_ne(inc->culprits[i].kind, "migration");
        ck_assert_str_ne(inc->culprits[i].kind, "deploy");
    }
    world_free(w, inc);
}
END_TEST

START_TEST(test_clock_offset_between_access_and_database_logs)
{
    struct world *w = world_new();
    struct plan p = { 20, 600, 1200, true, false, 7 * S };
    struct fl_incident *inc;
    double ahead;

    ddl(w, T0 + 599 * S, "70", "DROP INDEX orders_customer_idx");
    traffic(w, &p);
    inc = analyse(w);
    ck_assert(inc->found);
    ck_assert(inc->has_clock_offset);
    ahead = strcmp(inc->clock_domain, "http") == 0 ? inc->clock_offset_s
                                                   : -inc->clock_offset_s;
    ck_assert_msg(fabs(ahead - 7) < 1.5, "access log ahead by %.2f s", ahead);
    world_free(w, inc);
}
END_TEST

START_TEST(test_clocks_that_agree_measure_near_zero)
{
    struct world *w = world_new();
    struct plan p = { 20, 600, 1200, true, false, 0 };
    struct fl_incident *inc;

    ddl(w, T0 + 599 * S, "70", "DROP INDEX orders_customer_idx");
    traffic(w, &p);
    inc = analyse(w);
    ck_assert(inc->has_clock_offset);
    ck_assert_msg(fabs(inc->clock_offset_s) < 1.0, "offset %.2f s",
                  inc->clock_offset_s);
    world_free(w, inc);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("lenses");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_ddl_found_through_access_log);
    tcase_add_test(tc, test_deploy_without_ddl_is_the_culprit);
    tcase_add_test(tc, test_migration_linked_to_its_ddl_and_release);
    tcase_add_test(tc, test_clock_offset_between_access_and_database_logs);
    tcase_add_test(tc, test_clocks_that_agree_measure_near_zero);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
