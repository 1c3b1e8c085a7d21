/* check_compare.c - the comparison of two periods: the tail test flags a
 * clear regression and neither identical distributions nor tiny samples;
 * the categories (regressed, improved, new, vanished, volume, errors up,
 * unchanged) and the ranking by impact; and the ISO week / day periods in
 * a zone at a year boundary and across both DST changes. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/fl_compare.h"
#include "base/fl_err.h"
#include "sql/fl_sqldomain.h"
#include "time/fl_period.h"
#include "time/fl_time.h"
#include "time/fl_tz.h"

static const struct fl_stats_opts OPTS = { 0, 0, 0, false, false };

/* n durations spread around base us (a repeatable spread, +-40 %). */
static void fill(struct fl_sketch *k, int n, int64_t base)
{
    for (int i = 0; i < n; i++)
        fl_sketch_add(k, base * (60 + (i * 7919) % 81) / 100);
}

START_TEST(test_tail_test_flags_a_clear_regression_only)
{
    struct fl_sketch a, b, c, d, e, f;
    double sb, sa;

    fl_sketch_init(&a); fl_sketch_init(&b); fl_sketch_init(&c);
    fl_sketch_init(&d); fl_sketch_init(&e); fl_sketch_init(&f);
    fill(&a, 2000, 1000);
    fill(&b, 2000, 2000);           /* twice as slow */
    fill(&c, 1500, 1000);           /* the same distribution */
    ck_assert_double_gt(fl_compare_tail_z(&a, &b, 0.95, &sb, &sa), 10);
    ck_assert_double_le(sb, 0.05);
    ck_assert_double_gt(sa, 0.5);
    ck_assert_double_lt(fl_compare_tail_z(&a, &c, 0.95, &sb, &sa), 3.09);
    /* three calls against three, ten times slower: too few to tell */
    fill(&d, 3, 1000);
    fill(&e, 3, 10000);
    ck_assert_double_lt(fl_compare_tail_z(&d, &e, 0.95, &sb, &sa), 3.09);
    /* an empty side is no evidence */
    ck_assert_double_eq(fl_compare_tail_z(&f, &b, 0.95, &sb, &sa), 0);
    fl_sketch_cleanup(&a); fl_sketch_cleanup(&b); fl_sketch_cleanup(&c);
    fl_sketch_cleanup(&d); fl_sketch_cleanup(&e); fl_sketch_cleanup(&f);
}
END_TEST

static void add(struct fl_summary *s, int n, int64_t base, const char *sql,
                int every_error)
{
    struct fl_stats *st = fl_summary_lens(s, "sql");

    for (int i = 0; i < n; i++) {
        struct fl_event e;
        fl_event_clear(&e);
        e.domain = &fl_sql_domain;
        e.kind = FL_EV_QUERY;
        e.duration_us = base * (60 + (i * 7919) % 81) / 100;
        e.time_us = 1700000000000000LL + i * 1000000LL;
        e.statement.p = sql;
        e.statement.n = strlen(sql);
        e.error = every_error && i % every_error == 0;
        e.file = e.format = "t";
        fl_stats_add(st, &e);
    }
}

static const struct fl_cmp_class *find(const struct fl_compare *c,
                                       const char *prefix)
{
    for (size_t i = 0; i < c->nclasses; i++)
        if (strncmp(c->classes[i].text, prefix, strlen(prefix)) == 0)
            return &c->classes[i];
    return NULL;
}

START_TEST(test_categories_and_ranking)
{
    struct fl_summary *b = fl_summary_new(&OPTS), *a = fl_summary_new(&OPTS);
    struct fl_compare_opts o;
    struct fl_compare *c;

    memset(&o, 0, sizeof o);
    o.before_start = o.after_start = INT64_MIN;
    o.before_end = o.after_end = INT64_MAX;
    add(b, 2000, 1000, "select * from slow where id = 1", 0);
    add(a, 2000, 5000, "select * from slow where id = 1", 0);
    add(b, 500, 1000, "select * from slower where id = 1", 0);
    add(a, 500, 20000, "select * from slower where id = 1", 0);
    add(b, 2000, 8000, "select * from fast where id = 1", 0);
    add(a, 2000, 2000, "select * from fast where id = 1", 0);
    add(b, 2000, 1000, "select * from same where id = 1", 0);
    add(a, 2000, 1000, "select * from same where id = 1", 0);
    add(b, 1000, 1000, "select * from busy where id = 1", 0);
    add(a, 3000, 1000, "select * from busy where id = 1", 0);
    add(b, 2000, 1000, "select * from failing where id = 1", 0);
    add(a, 2000, 1000, "select * from failing where id = 1", 5);
    add(b, 100, 1000, "select * from gone where id = 1", 0);
    add(a, 100, 1000, "select * from fresh where id = 1", 0);
    /* a rise too small to matter: +10 % on 1 ms */
    add(b, 3000, 1000, "select * from slight where id = 1", 0);
    add(a, 3000, 1100, "select * from slight where id = 1", 0);
    c = fl_compare_new(b, a, &o);
    ck_assert_int_eq(find(c, "select * from slow ")->category, FL_CMP_REGRESSED);
    ck_assert_int_eq(find(c, "select * from slower")->category, FL_CMP_REGRESSED);
    ck_assert_int_eq(find(c, "select * from fast")->category, FL_CMP_IMPROVED);
    ck_assert_int_eq(find(c, "select * from same")->category, FL_CMP_UNCHANGED);
    ck_assert_int_eq(find(c, "select * from busy")->category, FL_CMP_VOLUME);
    ck_assert_int_eq(find(c, "select * from failing")->category, FL_CMP_ERRORS_UP);
    ck_assert_int_eq(find(c, "select * from gone")->category, FL_CMP_VANISHED);
    ck_assert_int_eq(find(c, "select * from fresh")->category, FL_CMP_NEW);
    ck_assert_int_eq(find(c, "select * from slight")->category, FL_CMP_UNCHANGED);
    ck_assert_uint_eq(c->counts[FL_CMP_REGRESSED], 2);
    /* ranked by extra time: 500 calls x 19 ms more (9.5 s) before
     * 2000 x 4 ms more (8 s), though the latter has more calls */
    ck_assert_ptr_eq(&c->classes[0], find(c, "select * from slower"));
    ck_assert_ptr_eq(&c->classes[1], find(c, "select * from slow "));
    ck_assert_double_gt(c->classes[0].impact_us, c->classes[1].impact_us);
    ck_assert_double_gt(c->classes[1].impact_us, 7e6);
    fl_compare_free(c);
    /* a higher floor turns the regressions into nothing */
    o.min_effect_us = 50000;
    c = fl_compare_new(b, a, &o);
    ck_assert_uint_eq(c->counts[FL_CMP_REGRESSED], 0);
    fl_compare_free(c);
    fl_summary_free(a);
    fl_summary_free(b);
}
END_TEST

static int64_t at(const char *s)
{
    int64_t us;
    ck_assert_int_eq(fl_time_parse_user(s, NULL, &us), FL_OK);
    return us;
}

static void check_period(const struct fl_tz *tz, int unit, const char *now,
                         int back, const char *label, const char *start,
                         const char *end)
{
    int64_t s, e;
    char l[32];

    fl_period_back(tz, unit, at(now), back, &s, &e, l, sizeof l);
    ck_assert_str_eq(l, label);
    ck_assert_int_eq(s, at(start));
    ck_assert_int_eq(e, at(end));
}

START_TEST(test_periods_year_boundary_and_dst)
{
    struct fl_tz *berlin, *ny;
    struct fl_err e;

    ck_assert_int_eq(fl_tz_load(&berlin, "Europe/Berlin", &e), FL_OK);
    ck_assert_int_eq(fl_tz_load(&ny, "America/New_York", &e), FL_OK);
    /* 2026 starts on a Thursday: it has a week 53, which holds 2027-01-01 */
    check_period(berlin, FL_PERIOD_WEEK, "2027-01-06 12:00Z", 1, "2026-W53",
                 "2026-12-27 23:00Z", "2027-01-03 23:00Z");
    check_period(berlin, FL_PERIOD_WEEK, "2027-01-06 12:00Z", 2, "2026-W52",
                 "2026-12-20 23:00Z", "2026-12-27 23:00Z");
    check_period(berlin, FL_PERIOD_WEEK, "2027-01-11 00:30+01:00", 1, "2027-W01",
                 "2027-01-03 23:00Z", "2027-01-10 23:00Z");
    /* Monday 00:30 local is already the new week, though still Sunday UTC */
    check_period(berlin, FL_PERIOD_WEEK, "2027-01-10 23:30Z", 1, "2027-W01",
                 "2027-01-03 23:00Z", "2027-01-10 23:00Z");
    /* spring forward (2026-03-29): a week of 167 hours */
    check_period(berlin, FL_PERIOD_WEEK, "2026-04-01 12:00Z", 1, "2026-W13",
                 "2026-03-22 23:00Z", "2026-03-29 22:00Z");
    /* fall back (2026-10-25): a week of 169 hours */
    check_period(berlin, FL_PERIOD_WEEK, "2026-10-28 12:00Z", 1, "2026-W43",
                 "2026-10-18 22:00Z", "2026-10-25 23:00Z");
    /* New York: the days of both changes are 23 and 25 hours long */
    check_period(ny, FL_PERIOD_DAY, "2026-03-09 12:00Z", 1, "2026-03-08",
                 "2026-03-08 05:00Z", "2026-03-09 04:00Z");
    check_period(ny, FL_PERIOD_DAY, "2026-11-02 12:00Z", 1, "2026-11-01",
                 "2026-11-01 04:00Z", "2026-11-02 05:00Z");
    /* UTC weeks */
    check_period(NULL, FL_PERIOD_WEEK, "2026-11-25 10:00Z", 1, "2026-W47",
                 "2026-11-16", "2026-11-23");
    ck_assert_int_eq(fl_period_unit_parse("week"), FL_PERIOD_WEEK);
    ck_assert_int_eq(fl_period_unit_parse("month"), -1);
    fl_tz_free(berlin);
    fl_tz_free(ny);
}
END_TEST

int main(void)
{
    Suite *su = suite_create("compare");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_tail_test_flags_a_clear_regression_only);
    tcase_add_test(tc, test_categories_and_ranking);
    tcase_add_test(tc, test_periods_year_boundary_and_dst);
    suite_add_tcase(su, tc);
    sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
