/* check_summary.c - saved summaries: the round trip through the file bytes,
 * merges in any order giving the same report, and the loader on damaged,
 * truncated and foreign-version input (every byte of a record body changed
 * in turn must be refused or loaded safely, never crash: run it under
 * ASan). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "analysis/fl_report.h"
#include "base/fl_err.h"
#include "report/fl_statsout.h"
#include "sql/fl_sqldomain.h"
#include "summary/fl_summary.h"

static const struct fl_stats_opts OPTS = { 0, 0, 0, false, false };

static struct fl_event ev_query(int64_t t_s, int64_t dur_us, const char *sql,
                                const char *db)
{
    struct fl_event e;
    fl_event_clear(&e);
    e.domain = &fl_sql_domain;
    e.kind = FL_EV_QUERY;
    e.time_us = t_s * 1000000 + dur_us;
    e.duration_us = dur_us;
    e.statement.p = sql;
    e.statement.n = strlen(sql);
    e.db.p = db;
    e.db.n = db ? strlen(db) : 0;
    e.file = "t";
    e.format = "t";
    return e;
}

static const char *const SQL[] = {
    "SELECT * FROM orders WHERE id = 1",
    "UPDATE customers SET x = 'a' WHERE id = 7",
    "SELECT o.id FROM orders o JOIN items i ON i.o = o.id WHERE o.c = 3",
    "INSERT INTO events VALUES (1, 2)",
    "DELETE FROM sessions WHERE age > 9",
};

/* Event i of a deterministic workload (classes, durations, errors). */
static struct fl_event ev_n(int i)
{
    struct fl_event e = ev_query(1000000 + i * 7, 50 + (i * 37) % 5000 +
                                 (i % 97 == 0 ? 900000 : 0), SQL[i % 5],
                                 i % 3 ? "shop" : "crm");
    if (i % 41 == 0)
        e.error = true;
    e.rows_examined = i % 4 ? i : -1;
    return e;
}

/* A summary of events [from, to) with one change and one input. */
static struct fl_summary *make(int from, int to)
{
    struct fl_summary *s = fl_summary_new(&OPTS);
    struct fl_stats *st = fl_summary_lens(s, "sql");
    struct fl_change c;
    struct fl_summary_input in = { "f.log", "postgresql-stderr", "none", 10,
                                   5, 4, 1, 0, 0, false, false };
    char path[32];

    for (int i = from; i < to; i++) {
        struct fl_event e = ev_n(i);
        fl_stats_add(st, &e);
    }
    fl_change_clear(&c);
    c.time_us = (1000000 + from * 7) * 1000000LL;
    snprintf(c.kind, sizeof c.kind, "drop_index");
    snprintf(c.domain, sizeof c.domain, "sql");
    snprintf(c.text, sizeof c.text, "DROP INDEX orders_ix_%d", from);
    fl_change_add_effect(&c, '-', "index:Uorders_ix");
    c.file = "f.log";
    fl_summary_add_change(s, &c);
    snprintf(path, sizeof path, "f%d.log", from);
    in.path = path;
    in.first_us = c.time_us;
    in.last_us = c.time_us + 1;
    fl_summary_add_input(s, &in);
    fl_summary_sort(s);
    return s;
}

static void bytes_of(const struct fl_summary *s, struct fl_buf *b)
{
    fl_buf_init(b);
    ck_assert_int_eq(fl_summary_write(s, "1.2.3", b), FL_OK);
}

/* The stats report of a summary's sql lens as JSON. */
static void report_of(const struct fl_summary *s, struct fl_buf *out)
{
    struct fl_report_opts ro;
    struct fl_report *r;

    memset(&ro, 0, sizeof ro);
    ro.by = FL_DIM_FINGERPRINT;
    r = fl_report_stats(fl_summary_find(s, "sql"), &ro);
    ck_assert_ptr_nonnull(r);
    fl_buf_init(out);
    ck_assert_int_eq(fl_statsout_json(r, NULL, out), FL_OK);
    fl_report_free(r);
}

START_TEST(test_summary_round_trip)
{
    struct fl_summary *s = make(0, 3000), *t;
    struct fl_buf a, b;
    struct fl_err e;
    const struct fl_stats *x, *y;

    bytes_of(s, &a);
    ck_assert_int_eq(fl_summary_load_mem(a.p, a.len, "x", &OPTS, &t, &e), FL_OK);
    x = fl_summary_find(s, "sql");
    y = fl_summary_find(t, "sql");
    ck_assert_ptr_nonnull(y);
    for (int d = 0; d < FL_DIM__COUNT; d++) {
        ck_assert_uint_eq(fl_stats_count(x, d), fl_stats_count(y, d));
        for (size_t i = 0; i < fl_stats_count(x, d); i++) {
            const struct fl_stats_group *g = fl_stats_get(x, d, i);
            const struct fl_stats_group *h = d == FL_DIM_FINGERPRINT
                ? fl_stats_find_id(y, g->id) : fl_stats_find_key(y, d, g->key);
            ck_assert_ptr_nonnull(h);
            ck_assert(fl_sketch_equal(&g->lat, &h->lat));
            ck_assert_uint_eq(g->errors, h->errors);
            ck_assert_int_eq(g->rows_examined, h->rows_examined);
            ck_assert_int_eq(g->first_us, h->first_us);
            ck_assert_uint_eq(g->ncells, h->ncells);
            for (size_t k = 0; k < g->ncells; k++)
                ck_assert(fl_sketch_equal(&g->cells[k].lat, &h->cells[k].lat));
        }
    }
    ck_assert_int_eq(fl_stats_bucket_us(x), fl_stats_bucket_us(y));
    ck_assert_uint_eq(t->nchanges, 1);
    ck_assert_str_eq(t->changes[0].text, "DROP INDEX orders_ix_0");
    ck_assert_str_eq(t->changes[0].effects[0], "-index:Uorders_ix");
    ck_assert_uint_eq(t->ninputs, 1);
    ck_assert_str_eq(t->inputs[0].path, "f0.log");
    /* Saving what was loaded gives the same bytes. */
    bytes_of(t, &b);
    ck_assert_uint_eq(a.len, b.len);
    ck_assert(memcmp(a.p, b.p, a.len) == 0);
    fl_buf_cleanup(&a);
    fl_buf_cleanup(&b);
    fl_summary_free(s);
    fl_summary_free(t);
}
END_TEST

START_TEST(test_summary_merge_any_order_same_report)
{
    struct fl_summary *whole = make(0, 3000);
    struct fl_summary *p[3] = { make(0, 1000), make(1000, 2200), make(2200, 3000) };
    static const int orders[4][3] = { {0,1,2}, {2,0,1}, {1,2,0}, {2,1,0} };
    struct fl_buf ref, got;

    report_of(whole, &ref);
    for (int k = 0; k < 4; k++) {
        struct fl_summary *m = fl_summary_new(&OPTS);
        struct fl_summary *tail = fl_summary_new(&OPTS);
        /* (a + (b + c)) as well as ((a + b) + c): associativity too */
        if (k % 2) {
            ck_assert_int_eq(fl_summary_merge(tail, p[orders[k][1]]), FL_OK);
            ck_assert_int_eq(fl_summary_merge(tail, p[orders[k][2]]), FL_OK);
            ck_assert_int_eq(fl_summary_merge(m, p[orders[k][0]]), FL_OK);
            ck_assert_int_eq(fl_summary_merge(m, tail), FL_OK);
        } else {
            for (int i = 0; i < 3; i++)
                ck_assert_int_eq(fl_summary_merge(m, p[orders[k][i]]), FL_OK);
        }
        report_of(m, &got);
        ck_assert_str_eq(got.p, ref.p);
        ck_assert_uint_eq(m->nchanges, 3);
        ck_assert_str_eq(m->changes[0].text, "DROP INDEX orders_ix_0");
        ck_assert_str_eq(m->inputs[0].path, "f0.log");
        fl_buf_cleanup(&got);
        fl_summary_free(m);
        fl_summary_free(tail);
    }
    fl_buf_cleanup(&ref);
    for (int i = 0; i < 3; i++)
        fl_summary_free(p[i]);
    fl_summary_free(whole);
}
END_TEST

START_TEST(test_summary_refuses_other_version_and_garbage)
{
    struct fl_summary *s = make(0, 50), *t;
    struct fl_buf a, f;
    struct fl_err e;
    const char *nl;

    bytes_of(s, &a);
    nl = memchr(a.p, '\n', a.len);
    fl_buf_init(&f);
    fl_buf_adds(&f, "faultline-summary format=2 version=9.9.9\n");
    fl_buf_add(&f, nl + 1, a.len - (size_t)(nl + 1 - a.p));
    ck_assert_int_eq(fl_summary_load_mem(f.p, f.len, "new.summary", &OPTS, &t, &e),
                     FL_ERR_FORMAT);
    ck_assert_ptr_null(t);
    ck_assert_ptr_nonnull(strstr(e.msg, "9.9.9"));
    ck_assert_int_eq(fl_summary_load_mem("hello\n", 6, "x", &OPTS, &t, &e),
                     FL_ERR_CORRUPT);
    ck_assert(!fl_summary_sniff("2026-11-24 08:00", 16));
    ck_assert(fl_summary_sniff(a.p, a.len));
    /* every truncation is refused */
    for (size_t n = 0; n < a.len; n++) {
        ck_assert_int_ne(fl_summary_load_mem(a.p, n, "cut", &OPTS, &t, &e), FL_OK);
        ck_assert_ptr_null(t);
    }
    fl_buf_cleanup(&a);
    fl_buf_cleanup(&f);
    fl_summary_free(s);
}
END_TEST

/* Re-wrap a changed body so it passes zlib and reaches the record parser. */
static void rewrap(const unsigned char *raw, size_t n, struct fl_buf *out)
{
    uLongf zl = compressBound(n);

    fl_buf_reset(out);
    fl_buf_adds(out, "faultline-summary format=1 version=t\n");
    fl_buf_reserve(out, zl);
    ck_assert_int_eq(compress2((Bytef *)out->p + out->len, &zl, raw, n, 1), Z_OK);
    out->len += zl;
}

START_TEST(test_summary_every_damaged_byte_is_safe)
{
    struct fl_summary *s = make(0, 40), *t;
    struct fl_buf a, w;
    struct fl_err e;
    const char *nl;
    unsigned char *raw;
    uLongf rawn = 1 << 20;
    size_t refused = 0;

    bytes_of(s, &a);
    nl = memchr(a.p, '\n', a.len);
    raw = malloc(rawn);
    ck_assert_int_eq(uncompress(raw, &rawn, (const Bytef *)nl + 1,
                                a.len - (size_t)(nl + 1 - a.p)), Z_OK);
    fl_buf_init(&w);
    for (size_t i = 0; i < rawn; i++) {
        static const unsigned char deltas[] = { 0x01, 0x80, 0xff };
        for (size_t d = 0; d < sizeof deltas; d++) {
            raw[i] ^= deltas[d];
            rewrap(raw, rawn, &w);
            if (fl_summary_load_mem(w.p, w.len, "x", &OPTS, &t, &e) != FL_OK)
                refused++;
            fl_summary_free(t);
            raw[i] ^= deltas[d];
        }
    }
    /* most changes break a length, a count or the end mark */
    ck_assert_uint_gt(refused, rawn);
    /* the body cut short or with a byte more is refused */
    rewrap(raw, rawn - 1, &w);
    ck_assert_int_eq(fl_summary_load_mem(w.p, w.len, "x", &OPTS, &t, &e), FL_ERR_CORRUPT);
    raw[rawn] = 0;
    rewrap(raw, rawn + 1, &w);
    ck_assert_int_eq(fl_summary_load_mem(w.p, w.len, "x", &OPTS, &t, &e), FL_ERR_CORRUPT);
    free(raw);
    fl_buf_cleanup(&a);
    fl_buf_cleanup(&w);
    fl_summary_free(s);
}
END_TEST

int main(void)
{
    Suite *su = suite_create("summary");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_summary_round_trip);
    tcase_add_test(tc, test_summary_merge_any_order_same_report);
    tcase_add_test(tc, test_summary_refuses_other_version_and_garbage);
    tcase_add_test(tc, test_summary_every_damaged_byte_is_safe);
    suite_add_tcase(su, tc);
    sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
