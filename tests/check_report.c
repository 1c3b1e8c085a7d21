/* check_report.c - the report model and its writers: the writer table
 * (by name, by extension, every writer on a stats report, an empty report
 * refused), the journal's
 * bound reported instead of dropped silently, and the writers' output for
 * a small hand-built model: every figure appears once in the Markdown
 * draft, JSON evidence is an object of numbers, and log text (backticks,
 * `</script>`, control characters) is escaped in each format. */
#include <check.h>
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "sql/fl_sqldomain.h"
#include "analysis/fl_journal.h"
#include "analysis/fl_report.h"
#include "base/fl_err.h"
#include "base/fl_xalloc.h"
#include "report/fl_html.h"
#include "report/fl_textfmt.h"
#include "report/fl_writer.h"

#define S 1000000LL
#define T0 (1715767200LL * S)

/* Log text that tries to break every format. */
static const char BAD_SQL[] = "select `a``b` from t where x = '</script>'\x01\x1b[31m";
static const char BAD_MSG[] = "boom </script> <b>*x*</b> `y`\x02 end";

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

static bool has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 && *s != '\n')
            return true;
    return false;
}

static struct fl_tl_entry *entry(struct fl_incident *inc, int64_t t,
                                 enum fl_tl_type type)
{
    struct fl_tl_entry *e;
    inc->entries = fl_xrealloc(inc->entries, (inc->nentries + 1) * sizeof *e);
    e = &inc->entries[inc->nentries++];
    memset(e, 0, sizeof *e);
    e->time_us = t;
    e->type = type;
    e->value_us = -1;
    return e;
}

static void hand_impact(struct fl_incident *inc)
{
    struct fl_impact *im = &inc->impact;
    im->calls_during = 77777;
    im->calls_affected = 44444;
    im->share_affected = 0.5714;        /* 57% */
    im->p50_before = 211;
    im->p50_during = 733;
    im->p95_before = 1234;              /* 1.23ms */
    im->p95_during = 56789;             /* 56.8ms */
    im->worst_us = 98765;               /* 98.8ms */
    im->calls_over_10x = 4321;
    im->rate_before = 12.3;
    im->rate_during = 45.6;
    im->err_rate_before = 0.07;
    im->err_rate_during = 0.89;
    im->errors_during = 642;
    im->lock_waits_during = 17;
}

static void hand_culprit(struct fl_incident *inc)
{
    struct fl_culprit *k = fl_xcalloc(1, sizeof *k);
    inc->culprits = k;
    inc->nculprits = 1;
    k->rank = 1;
    k->time_us = T0 + 598 * S;
    k->kind = fl_xstrdup("drop_index");
    k->domain = fl_xstrdup("sql");
    k->statement = fl_xstrdup(BAD_SQL);
    k->table = fl_xstrdup("orders");
    k->pid = fl_xstrdup("26853");
    k->score = 0.8512;
    k->confidence = FL_CONF_HIGH;
    k->ev.onset_offset_s = 2;
    k->ev.has_ratios = true;
    k->ev.table_ratio = 10.18;          /* x10.2 */
    k->ev.other_ratio = 1.13;           /* x1.1 */
    k->ev.has_touch = true;
    k->ev.touch_share = 0.97;           /* 97% */
    k->ev.has_rollback_offset = true;
    k->ev.rollback_offset_s = 1;
    k->ev.timing = 1;
    k->ev.did = 0.9;
    k->ev.rollback = 1;
    k->rollback_us = T0 + 1201 * S;
    k->rollback = fl_xstrdup("create index ix on orders(customer_id)");
}

static void hand_entries(struct fl_incident *inc)
{
    struct fl_tl_entry *e = entry(inc, T0 + 598 * S, FL_TL_CHANGE);
    e->pid = fl_xstrdup("26853");
    e->statement = fl_xstrdup(BAD_SQL);
    e = entry(inc, T0 + 600 * S, FL_TL_ONSET);
    e->statement = fl_xstrdup(BAD_SQL);
    e = entry(inc, T0 + 610 * S, FL_TL_ERROR);
    e->message = fl_xstrdup(BAD_MSG);
    e->count = 642;
    e = entry(inc, T0 + 620 * S, FL_TL_DEADLOCK);
    e->message = fl_xstrdup("deadlock detected");
    e->count = 3;
    e = entry(inc, T0 + 660 * S, FL_TL_PEAK);
    e->value_us = 3210000;              /* 3.21s */
    entry(inc, T0 + 1200 * S, FL_TL_RECOVERY);
    e = entry(inc, T0 + 1201 * S, FL_TL_ROLLBACK);
    e->pid = fl_xstrdup("26853");
    e->statement = fl_xstrdup("create index ix on orders(customer_id)");
}

/* A timeline report with distinct figures and hostile log text. */
static struct fl_report *hand_model(void)
{
    struct fl_report *r = fl_report_new();
    struct fl_incident *inc = fl_xcalloc(1, sizeof *inc);
    struct fl_affected *a = fl_xcalloc(1, sizeof *a);
    struct fl_ingest_file f = { "logs/`evil`\x03.log", "postgresql-stderr",
                                "gzip", 1111, 999, 7, 999, false, false, false };

    r->kind = FL_REPORT_TIMELINE;
    r->incident = inc;
    inc->verdict = FL_VERDICT_CHANGE;
    inc->found = inc->recovered = true;
    inc->start_us = T0;
    inc->end_us = T0 + 3600 * S;
    inc->onset_us = T0 + 600 * S;
    inc->peak_us = T0 + 660 * S;
    inc->recovery_us = T0 + 1200 * S;
    inc->bucket_us = 10 * S;
    inc->window_us = 1800 * S;
    inc->shift_up = 2;
    inc->shift_back = 1.5;
    inc->peak_p95_us = 3210000;
    inc->nbuckets = 360;
    inc->changes_seen = 1;
    hand_impact(inc);
    inc->affected = a;
    inc->naffected = 1;
    a->id = 0xabcdef;
    a->fingerprint = fl_xstrdup(BAD_SQL);
    a->tables = fl_xstrdup("orders");
    a->p50_before = 347;                /* 347us */
    a->p50_during = 3531;               /* 3.53ms */
    a->p95_before = 488;                /* 488us */
    a->p95_during = 7261;               /* 7.26ms */
    a->calls_during = 6643;
    hand_culprit(inc);
    hand_entries(inc);
    fl_report_add_input(r, &f);
    r->left_out.journal_events = 5;
    return r;
}

static char *render(const struct fl_report *r, const char *name)
{
    const struct fl_writer *w = fl_writer_find(name);
    struct fl_write_opts o = { NULL, false };
    struct fl_buf b;

    ck_assert_ptr_nonnull(w);
    fl_buf_init(&b);
    ck_assert_int_eq(w->fn(r, &o, &b), FL_OK);
    return b.p;   /* owned by the caller */
}

START_TEST(test_writer_table_by_name_and_extension)
{
    size_t n = 0;

    ck_assert_str_eq(fl_writer_find("md")->ext, ".md");
    ck_assert_str_eq(fl_writer_find("text")->ext, ".txt");
    ck_assert_str_eq(fl_writer_find("json")->ext, ".json");
    ck_assert_str_eq(fl_writer_find("html")->ext, ".html");
    ck_assert_str_eq(fl_writer_for_path("out/draft.md")->name, "md");
    ck_assert_str_eq(fl_writer_for_path("x.json")->name, "json");
    ck_assert_str_eq(fl_writer_for_path("a.b/x.txt")->name, "text");
    ck_assert_str_eq(fl_writer_for_path("r/x.html")->name, "html");
    ck_assert_ptr_null(fl_writer_for_path("noext"));
    for (const struct fl_writer *w = fl_writers(); w->name; w++)
        n++;
    ck_assert_uint_eq(n, 4);
    ck_assert(fl_writer_supports(fl_writer_find("md"), FL_REPORT_STATS));
    ck_assert(fl_writer_supports(fl_writer_find("md"), FL_REPORT_TIMELINE));
    ck_assert(fl_writer_supports(fl_writer_find("json"), FL_REPORT_STATS));
}
END_TEST

START_TEST(test_writers_cover_stats_and_refuse_an_empty_report)
{
    struct fl_stats_opts so = { 0, 0, 0, false };
    struct fl_stats *s = fl_stats_new(&so);
    struct fl_report_opts ro = { FL_DIM_FINGERPRINT, FL_SORT_TOTAL, 0, false,
                                 { 0, 0 }, 0 };
    struct fl_report *r = fl_report_stats(s, &ro), *empty = fl_report_new();
    struct fl_write_opts o = { NULL, false };
    struct fl_event e;
    struct fl_buf b;

    fl_event_clear(&e);
    e.domain = &fl_sql_domain;
    e.kind = FL_EV_QUERY;
    e.time_us = T0;
    e.duration_us = 1500;
    e.statement.p = "SELECT a|b FROM t";
    e.statement.n = strlen(e.statement.p);
    fl_stats_add(s, &e);
    fl_report_free(r);
    r = fl_report_stats(s, &ro);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(r->stats.nrows, 1);
    fl_buf_init(&b);
    for (const struct fl_writer *w = fl_writers(); w->name; w++) {
        fl_buf_reset(&b);
        ck_assert_int_eq(w->fn(r, &o, &b), FL_OK);
        ck_assert_uint_gt(b.len, 0);
        fl_buf_reset(&b);
        ck_assert_int_eq(w->fn(empty, &o, &b), FL_ERR_USAGE);
        ck_assert_uint_eq(b.len, 0);
    }
    /* Markdown: the '|' of the statement cannot end its table cell. */
    fl_writer_find("md")->fn(r, &o, &b);
    ck_assert_msg(strstr(b.p, "| select a \\| b from t |") != NULL, "%s", b.p);
    /* A report is filled once. */
    ck_assert_int_eq(fl_report_set_stats(r, s, &ro), FL_ERR_USAGE);
    fl_buf_cleanup(&b);
    fl_report_free(r);
    fl_report_free(empty);
    fl_stats_free(s);
}
END_TEST

START_TEST(test_md_states_each_figure_once)
{
    static const char *const figures[] = {
        "57%", "77777", "211us", "733us", "1.23ms", "56.8ms", "98.8ms",
        "4321", "12.3", "45.6", "0.07/s", "0.89", "642 errors", "17 lock waits",
        "347us", "3.53ms", "488us", "7.26ms", "6643", "x10.2", "x1.1", "97%",
        "3.21s", "0.85", "of 3 in", "1111 lines", "999 events", "7 lines not",
        "Left out: 5"
    };
    struct fl_report *r = hand_model();
    char *md = render(r, "md");

    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++)
        ck_assert_msg(count_of(md, figures[i]) == 1, "\"%s\" appears %zu "
                      "times in:\n%s", figures[i], count_of(md, figures[i]), md);
    free(md);
    fl_report_free(r);
}
END_TEST

START_TEST(test_md_and_text_escape_log_text)
{
    struct fl_report *r = hand_model();
    char *md = render(r, "md"), *txt = render(r, "text");

    ck_assert(!has_control(md));
    ck_assert(!has_control(txt));
    /* statements: in code spans fenced longer than their backtick runs */
    ck_assert_ptr_nonnull(strstr(md, "``` select `a``b` from t"));
    /* messages: prose, HTML and markup neutralised */
    ck_assert_ptr_nonnull(strstr(md, "boom &lt;/script> &lt;b>\\*x\\*&lt;/b> \\`y\\`? end"));
    ck_assert_ptr_null(strstr(md, "boom </script>"));
    ck_assert_ptr_nonnull(strstr(txt, "boom </script> <b>*x*</b> `y`? end"));
    ck_assert_ptr_nonnull(strstr(md, "Left out: 5 lock waits, deadlocks and errors"));
    ck_assert_ptr_nonnull(strstr(txt, "Left out: 5 lock waits, deadlocks and errors"));
    free(md);
    free(txt);
    fl_report_free(r);
}
END_TEST

/* Give the hand model an overall series of n buckets across its span. */
static void hand_series(struct fl_report *r, size_t n)
{
    struct fl_report_series *sr = fl_xcalloc(1, sizeof *sr);

    r->series = sr;
    r->nseries = 1;
    sr->key = fl_xstrdup("overall");
    sr->points = fl_xcalloc(n, sizeof *sr->points);
    sr->npoints = n;
    for (size_t i = 0; i < n; i++) {
        struct fl_report_point *p = &sr->points[i];
        p->start_us = T0 + (int64_t)i * 10 * S;
        p->calls = 100 + i % 7;
        p->errors = i % 3;
        p->p50_us = i >= 60 && i < 120 ? 3500 : 300;
        p->p95_us = p->p50_us * 2;
    }
}

START_TEST(test_html_escapes_log_text_and_draws_the_incident)
{
    struct fl_report *r = hand_model();
    char *html;

    hand_series(r, 360);
    html = render(r, "html");
    ck_assert(!has_control(html));
    /* the statement and the message are text: no tag made of them, and
     * the timeline page has no script at all */
    ck_assert_ptr_null(strstr(html, "</script>"));
    ck_assert_ptr_null(strstr(html, "<b>"));
    ck_assert_ptr_nonnull(strstr(html, "boom &lt;/script&gt; &lt;b&gt;*x*&lt;/b&gt; `y`  end"));
    ck_assert_ptr_nonnull(strstr(html, "select `a``b` from t where x = &#39;&lt;/script&gt;&#39;"));
    ck_assert_ptr_nonnull(strstr(html, "default-src 'none'"));
    /* the charts: latency, calls, errors; the window and both markers */
    ck_assert_uint_eq(count_of(html, "<svg class=\"chart "), 3);
    ck_assert_uint_eq(count_of(html, "<rect class=\"incident-window\""), 3);
    ck_assert_uint_eq(count_of(html, "<g class=\"marker change\">"), 3);
    ck_assert_uint_eq(count_of(html, "<g class=\"marker rollback\">"), 3);
    ck_assert_uint_eq(count_of(html, "<path class=\"line p95\""), 1);
    /* the figures and the evidence sentences of the draft */
    ck_assert_ptr_nonnull(strstr(html, "1.23ms &#8594; 56.8ms"));
    ck_assert_ptr_nonnull(strstr(html, "97% of slowed calls touch orders"));
    ck_assert_ptr_nonnull(strstr(html, "[TODO: "));
    ck_assert_ptr_nonnull(strstr(html, "Left out: 5 lock waits"));
    free(html);
    fl_report_free(r);
}
END_TEST

START_TEST(test_html_shortens_on_a_character_boundary)
{
    struct fl_buf b;
    char s[1 + 2 * 100 + 1] = "a";

    for (int i = 0; i < 100; i++)
        memcpy(s + 1 + 2 * i, "\xc3\xa9", 2);        /* e acute */
    s[sizeof s - 1] = 0;
    fl_buf_init(&b);
    fl_html_code(&b, s);
    /* cut before a whole character, then the ellipsis; the full text
     * follows in the <details> */
    ck_assert_ptr_nonnull(strstr(b.p, "\xc3\xa9\xe2\x80\xa6</code></summary>"));
    ck_assert_uint_eq(count_of(b.p, s), 1);
    fl_buf_reset(&b);
    fl_html_code(&b, "short <x>");
    ck_assert_str_eq(b.p, "<code>short &lt;x&gt;</code>");
    fl_buf_cleanup(&b);
}
END_TEST

START_TEST(test_json_evidence_is_numbers_and_text_round_trips)
{
    struct fl_report *r = hand_model();
    char *js = render(r, "json");
    cJSON *doc = cJSON_Parse(js), *k, *ev, *tl;

    ck_assert_msg(doc != NULL, "invalid JSON:\n%s", js);
    ck_assert(!has_control(js));
    k = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "culprits"), 0);
    ev = cJSON_GetObjectItem(k, "evidence");
    ck_assert(cJSON_IsObject(ev));
    ck_assert(cJSON_IsNumber(cJSON_GetObjectItem(ev, "table_ratio")));
    ck_assert_double_eq_tol(cJSON_GetObjectItem(ev, "table_ratio")->valuedouble, 10.18, 1e-9);
    ck_assert_double_eq_tol(cJSON_GetObjectItem(ev, "other_ratio")->valuedouble, 1.13, 1e-9);
    ck_assert_double_eq_tol(cJSON_GetObjectItem(ev, "touch_share")->valuedouble, 0.97, 1e-9);
    ck_assert_double_eq_tol(cJSON_GetObjectItem(ev, "onset_offset_s")->valuedouble, 2, 1e-9);
    ck_assert_double_eq_tol(cJSON_GetObjectItem(ev, "rollback_offset_s")->valuedouble, 1, 1e-9);
    ck_assert_int_eq(cJSON_GetObjectItem(ev, "lock_waits")->valueint, 0);
    ck_assert(cJSON_IsString(cJSON_GetObjectItem(k, "evidence_text")));
    ck_assert_str_eq(cJSON_GetObjectItem(k, "statement")->valuestring, BAD_SQL);
    tl = cJSON_GetObjectItem(doc, "timeline");
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(tl, 2), "message")->valuestring, BAD_MSG);
    ck_assert_int_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(tl, 2), "count")->valueint, 642);
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(tl, 2), "kind")->valuestring, "error");
    ck_assert_int_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "left_out"), "journal_events")->valueint, 5);
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "inputs"), 0), "path")->valuestring,
                     "logs/`evil`\x03.log");
    cJSON_Delete(doc);
    free(js);
    fl_report_free(r);
}
END_TEST

static void lock_wait(struct fl_journal *j, int64_t t)
{
    struct fl_event e;
    fl_event_clear(&e);
    e.domain = &fl_sql_domain;
    e.kind = FL_EV_LOCK_WAIT;
    e.time_us = t;
    e.file = "t";
    e.blocker.p = "77";
    e.blocker.n = 2;
    fl_journal_add(j, &e);
}

START_TEST(test_journal_bound_is_counted_and_reported)
{
    struct fl_stats_opts so = { 0, 0, 0, false };
    struct fl_stats *s = fl_stats_new(&so);
    struct fl_journal *j = fl_journal_new(2);
    struct fl_report_opts ro;
    struct fl_change c;
    struct fl_report *r;
    char *md, *js;

    for (int i = 0; i < 5; i++)
        lock_wait(j, T0 + i * S);
    fl_change_clear(&c);
    strcpy(c.kind, "deploy");
    for (int i = 0; i < 3; i++) {
        c.time_us = T0 + i * S;
        fl_journal_add_change(j, &c);
    }
    ck_assert_uint_eq(fl_journal_count(j), 2);
    ck_assert_uint_eq(fl_journal_dropped(j), 3);
    ck_assert_uint_eq(fl_journal_nchanges(j), 2);
    ck_assert_uint_eq(fl_journal_changes_dropped(j), 1);
    memset(&ro, 0, sizeof ro);
    fl_journal_sort(j);
    r = fl_report_timeline(s, j, &ro);
    ck_assert_uint_eq(r->left_out.journal_events, 3);
    ck_assert_uint_eq(r->left_out.journal_changes, 1);
    md = render(r, "md");
    js = render(r, "json");
    ck_assert_ptr_nonnull(strstr(md, "Left out: 3 lock waits, deadlocks and errors and 1 changes"));
    ck_assert_ptr_nonnull(strstr(js, "\"journal_events\":3,\"journal_changes\":1"));
    free(md);
    free(js);
    fl_report_free(r);
    fl_journal_free(j);
    fl_stats_free(s);
}
END_TEST

START_TEST(test_duration_for_humans)
{
    char b[32];
    fl_textfmt_duration(812, b, sizeof b);
    ck_assert_str_eq(b, "812us");
    fl_textfmt_duration(12345, b, sizeof b);
    ck_assert_str_eq(b, "12.3ms");
    fl_textfmt_duration(4.21e6, b, sizeof b);
    ck_assert_str_eq(b, "4.21s");
    fl_textfmt_duration(62e6, b, sizeof b);
    ck_assert_str_eq(b, "1m02s");
    fl_textfmt_duration(-1, b, sizeof b);
    ck_assert_str_eq(b, "-");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_writer_table_by_name_and_extension);
    tcase_add_test(tc, test_writers_cover_stats_and_refuse_an_empty_report);
    tcase_add_test(tc, test_md_states_each_figure_once);
    tcase_add_test(tc, test_md_and_text_escape_log_text);
    tcase_add_test(tc, test_html_escapes_log_text_and_draws_the_incident);
    tcase_add_test(tc, test_html_shortens_on_a_character_boundary);
    tcase_add_test(tc, test_json_evidence_is_numbers_and_text_round_trips);
    tcase_add_test(tc, test_journal_bound_is_counted_and_reported);
    tcase_add_test(tc, test_duration_for_humans);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
