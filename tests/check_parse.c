/* check_parse.c - the parsing engine against every shipped format:
 * table-driven line sets with the events they must produce, statement
 * pairing, multi-line framing, and format detection; captures going to the
 * event fields of the same name, other captures to attributes (capped and
 * counted), the error flag, and the format's domain (resolved, stamped,
 * refine called). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fl_buf.h"
#include "event/fl_domain.h"
#include "format/fl_format.h"
#include "parse/fl_ingest.h"
#include "parse/fl_parse.h"
#include "parse/fl_parse_int.h"
#include "report/fl_evout.h"

/* Collected events rendered as compact "kind|duration|statement|..." text
 * so a case can compare against one expected string. */
struct got {
    struct fl_buf text;
    int n;
};

static void add_field(struct fl_buf *b, const char *k, struct fl_str s)
{
    if (!s.n)
        return;
    fl_buf_printf(b, " %s=", k);
    fl_buf_add(b, s.p, s.n);
}

static int collect(const struct fl_event *ev, void *ctx)
{
    struct got *g = ctx;
    struct fl_buf *b = &g->text;

    g->n++;
    fl_buf_printf(b, "%s", fl_event_kind_name(ev->kind));
    if (ev->duration_us >= 0)
        fl_buf_printf(b, " dur=%lld", (long long)ev->duration_us);
    if (ev->lock_us >= 0)
        fl_buf_printf(b, " lock=%lld", (long long)ev->lock_us);
    if (ev->rows_examined >= 0)
        fl_buf_printf(b, " rexam=%lld", (long long)ev->rows_examined);
    if (ev->time_us != INT64_MIN)
        fl_buf_printf(b, " t=%lld", (long long)(ev->time_us / 1000000));
    fl_buf_printf(b, " line=%llu", (unsigned long long)ev->line);
    add_field(b, "pid", ev->pid);
    add_field(b, "user", ev->user);
    add_field(b, "db", ev->db);
    add_field(b, "stmt", ev->statement);
    add_field(b, "params", ev->params);
    add_field(b, "state", ev->sqlstate);
    add_field(b, "obj", ev->object);
    fl_buf_adds(b, "\n");
    return 0;
}

static struct fl_formats *builtin(void)
{
    struct fl_format_opts o = { NULL, 0, NULL, NULL, true };
    struct fl_formats *set = NULL;
    struct fl_err e;
    ck_assert_int_eq(fl_formats_load(&set, &o, &e), FL_OK);
    return set;
}

/* Parse lines (joined by \n in text) with format name; return events. */
static char *parse_text(const char *fmt, const char *text, int *nev,
                        uint64_t *unparsed)
{
    struct fl_formats *set = builtin();
    const struct fl_format *f = fl_formats_find(set, fmt);
    struct fl_parse_opts po = { NULL, 2024, NULL, false, 0 };
    struct got g;
    struct fl_parser *p;
    const char *s = text;
    uint64_t ln = 0;
    char *out;

    ck_assert_msg(f != NULL, "format %s", fmt);
    fl_buf_init(&g.text);
    fl_buf_adds(&g.text, "");
    g.n = 0;
    p = fl_parser_new(f, "t", &po, collect, &g);
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        fl_parser_line(p, s, n, ++ln);
        s += n + (nl ? 1 : 0);
    }
    fl_parser_finish(p);
    if (unparsed)
        *unparsed = fl_parser_stats(p)->unparsed;
    fl_parser_free(p);
    fl_formats_free(set);
    *nev = g.n;
    out = strdup(g.text.p);
    fl_buf_cleanup(&g.text);
    return out;
}

struct pcase {
    const char *name;
    const char *format;
    const char *input;
    const char *expect;   /* exact rendering of all events */
};

static const struct pcase cases[] = {
    { "stderr duration statement", "postgresql-stderr",
      "2024-05-15 10:00:00.123 UTC [42] LOG:  duration: 1.532 ms  statement: SELECT 1",
      "query dur=1532 t=1715767200 line=1 pid=42 stmt=SELECT 1\n" },
    { "stderr multi-line statement with tab continuation", "postgresql-stderr",
      "2024-05-15 10:00:00 UTC [42] app@shop LOG:  duration: 10.000 ms  statement: SELECT a\n"
      "\tFROM t\n"
      "\tWHERE b = 1\n",
      "query dur=10000 t=1715767200 line=1 pid=42 user=app db=shop stmt=SELECT a\nFROM t\nWHERE b = 1\n" },
    { "execute with DETAIL parameters is one query", "postgresql-stderr",
      "2024-05-15 10:00:00 UTC [42] LOG:  duration: 0.050 ms  parse S_1: SELECT $1\n"
      "2024-05-15 10:00:00 UTC [42] LOG:  duration: 0.020 ms  bind S_1: SELECT $1\n"
      "2024-05-15 10:00:00 UTC [42] DETAIL:  parameters: $1 = '5'\n"
      "2024-05-15 10:00:00 UTC [42] LOG:  duration: 0.300 ms  execute S_1: SELECT $1\n"
      "2024-05-15 10:00:00 UTC [42] DETAIL:  parameters: $1 = '5'\n",
      "query dur=300 t=1715767200 line=4 pid=42 stmt=SELECT $1 params=$1 = '5'\n" },
    { "split form: statement then bare duration pairs once", "postgresql-stderr",
      "2024-05-15 10:00:00 UTC [42] LOG:  statement: UPDATE t SET a = 1\n"
      "2024-05-15 10:00:01 UTC [43] LOG:  statement: SELECT 2\n"
      "2024-05-15 10:00:02 UTC [42] LOG:  duration: 2.000 ms\n"
      "2024-05-15 10:00:03 UTC [43] LOG:  duration: 3.000 ms\n",
      "query dur=2000 t=1715767202 line=1 pid=42 stmt=UPDATE t SET a = 1\n"
      "query dur=3000 t=1715767203 line=2 pid=43 stmt=SELECT 2\n" },
    { "log_duration of parse/bind without a statement is no query", "postgresql-stderr",
      "2024-05-15 10:00:00 UTC [42] LOG:  duration: 0.010 ms\n"
      "2024-05-15 10:00:00 UTC [42] LOG:  duration: 0.010 ms\n"
      "2024-05-15 10:00:00 UTC [42] LOG:  execute <unnamed>: SELECT 1\n"
      "2024-05-15 10:00:00 UTC [42] LOG:  duration: 0.500 ms\n",
      "query dur=500 t=1715767200 line=3 pid=42 stmt=SELECT 1\n" },
    { "statement without duration does not inherit one", "postgresql-stderr",
      "2024-05-15 10:00:00 UTC [42] LOG:  statement: SELECT 1\n"
      "2024-05-15 10:00:01 UTC [42] LOG:  statement: SELECT 2\n",
      "query t=1715767200 line=1 pid=42 stmt=SELECT 1\n"
      "query t=1715767201 line=2 pid=42 stmt=SELECT 2\n" },
    { "lock wait does not steal the pending statement", "postgresql-stderr",
      "2024-05-15 10:00:00 UTC [42] LOG:  statement: UPDATE t SET a = 1\n"
      "2024-05-15 10:00:01 UTC [42] LOG:  process 42 still waiting for ShareLock on transaction 7 after 1000.123 ms\n"
      "2024-05-15 10:00:01 UTC [42] DETAIL:  Process holding the lock: 41. Wait queue: 42.\n"
      "2024-05-15 10:00:02 UTC [42] LOG:  duration: 2000.000 ms\n",
      "lock_wait t=1715767201 line=2 pid=42 obj=transaction 7\n"
      "query dur=2000000 t=1715767202 line=1 pid=42 stmt=UPDATE t SET a = 1\n" },
    { "error takes its STATEMENT and kv fields", "postgresql-stderr",
      "2021-02-14 01:34:02 UTC [30291]: [3-1] user=postgres,db=template1,app=psql,client=[local] ERROR:  division by zero\n"
      "2021-02-14 01:34:02 UTC [30291]: [4-1] user=postgres,db=template1,app=psql,client=[local] STATEMENT:  select 1/0;\n",
      "error t=1613266442 line=1 pid=30291 user=postgres db=template1 stmt=select 1/0;\n" },
    { "deadlock is its own kind", "postgresql-stderr",
      "2024-05-15 10:00:00 UTC [42] ERROR:  deadlock detected\n",
      "deadlock t=1715767200 line=1 pid=42\n" },
    { "autovacuum with tab-indented detail", "postgresql-stderr",
      "2024-06-27 00:00:07 CEST [58151]: [1-1] user=,db=,host=,app= LOG:  automatic vacuum of table \"db.public.t\": index scans: 0\n"
      "\tpages: 0 removed\n",
      "autovacuum t=1719439207 line=1 pid=58151 obj=db.public.t\n" },
    { "amazon rds prefix", "postgresql-stderr",
      "2020-03-11 20:40:43 UTC:10.0.0.1(5432):app@shop:[12760]:LOG:  duration: 1.000 ms  statement: SELECT 1\n",
      "query dur=1000 t=1583959243 line=1 pid=12760 user=app db=shop stmt=SELECT 1\n" },
    { "csvlog record spanning lines", "postgresql-csvlog",
      "2024-05-15 10:00:00.123 UTC,\"app\",\"shop\",42,\"h:1\",s.1,1,\"SELECT\",2024-05-15 09:00:00 UTC,3/1,0,LOG,00000,\"duration: 4.000 ms  statement: SELECT \"\"a\"\"\n"
      "FROM t\",,,,,,,,,\"psql\",\"client backend\",,0\n",
      "query dur=4000 t=1715767200 line=1 pid=42 user=app db=shop stmt=SELECT \"a\"\nFROM t state=00000\n" },
    { "jsonlog with escapes", "postgresql-jsonlog",
      "{\"timestamp\":\"2024-05-15 10:00:00.000 UTC\",\"pid\":42,\"error_severity\":\"ERROR\",\"state_code\":\"22012\",\"message\":\"division by zero\",\"statement\":\"SELECT 1/0 -- \\u00e9\\n\"}\n",
      "error t=1715767200 line=1 pid=42 stmt=SELECT 1/0 -- \xc3\xa9\n state=22012\n" },
    { "syslog segments and DETAIL", "postgresql-syslog",
      "Feb 11 13:15:40 h postgres[7]: [5-1] db=d,user=u LOG:  duration: 1.000 ms  execute S: SELECT\n"
      "Feb 11 13:15:40 h postgres[7]: [5-2] #011$1\n"
      "Feb 11 13:15:40 h postgres[7]: [5-3] db=d,user=u DETAIL:  parameters: $1 = '1'\n",
      "query dur=1000 t=1707657340 line=1 pid=7 user=u db=d stmt=SELECT\n\t$1 params=$1 = '1'\n" },
    { "mysql slow: use, SET timestamp, admin command", "mysql-slow",
      "/usr/sbin/mysqld, Version: 5.0.77-log (x). started with:\n"
      "Tcp port: 3306  Unix socket: /tmp/s\n"
      "Time                 Id Command    Argument\n"
      "# Time: 071015 21:43:52\n"
      "# User@Host: root[root] @ localhost []\n"
      "# Query_time: 2  Lock_time: 0  Rows_sent: 1  Rows_examined: 7\n"
      "use test;\n"
      "select sleep(2) from n;\n"
      "# User@Host: root[root] @ localhost []\n"
      "# Thread_id: 5  Schema: db2\n"
      "# Query_time: 0.000100  Lock_time: 0.000020  Rows_sent: 0  Rows_examined: 0\n"
      "# administrator command: Quit;\n",
      "query dur=2000000 lock=0 rexam=7 t=1192484632 line=4 user=root db=test stmt=select sleep(2) from n\n"
      "query dur=100 lock=20 rexam=0 t=1192484632 line=9 pid=5 user=root db=db2 stmt=# administrator command: Quit\n" },
    { "mysql general log: inherited times and multi-line", "mysql-general",
      "081127  8:51:20\t      1 Connect     root@localhost on test\n"
      "\t\t      1 Query       select 1\n"
      "081127  8:51:23\t      1 Query       select *\n"
      "from t\n"
      "\t\t      1 Quit       \n",
      "connect t=1227775880 line=1 pid=1 user=root db=test stmt=root@localhost on test\n"
      "query t=1227775880 line=2 pid=1 stmt=select 1\n"
      "query t=1227775883 line=3 pid=1 stmt=select *\nfrom t\n"
      "disconnect t=1227775883 line=5 pid=1\n" },
};

START_TEST(test_parse_table_cases)
{
    const struct pcase *c = &cases[_i];
    int n;
    char *got = parse_text(c->format, c->input, &n, NULL);
    ck_assert_msg(strcmp(got, c->expect) == 0, "%s:\n got: %s\nwant: %s",
                  c->name, got, c->expect);
    free(got);
}
END_TEST

START_TEST(test_parse_unmatched_lines_are_counted)
{
    int n;
    uint64_t bad = 0;
    char *got = parse_text("postgresql-stderr",
        "pg_ctl: could not start server\n"
        "2024-05-15 10:00:00 UTC [42] LOG:  checkpoint complete: wrote 3 buffers\n"
        "garbage\n", &n, &bad);
    ck_assert_int_eq(n, 1);
    ck_assert_int_eq(bad, 2);
    ck_assert_str_eq(got, "checkpoint t=1715767200 line=2 pid=42\n");
    free(got);
}
END_TEST

START_TEST(test_parse_catastrophic_regex_hits_limit)
{
    struct fl_formats *set = fl_formats_new();
    struct fl_err e;
    const struct fl_format *f;
    struct fl_parse_opts po = { NULL, 2024, NULL, false, 0 };
    struct fl_parser *p;
    char line[64];
    int rc = fl_formats_add_json(set,
        "{\"name\":\"evil\",\"type\":\"line\",\"patterns\":[\"^(?<message>(a+)+)$\"],"
        "\"time\":[{\"field\":\"time\",\"style\":\"iso\"}],"
        "\"rules\":[{\"kind\":\"log\"}],\"samples\":[]}", "evil.json", false, &e);
    ck_assert_int_eq(rc, FL_OK);
    f = fl_formats_find(set, "evil");
    p = fl_parser_new(f, "t", &po, NULL, NULL);
    memset(line, 'a', 40);
    line[40] = '!';
    fl_parser_line(p, line, 41, 1);
    fl_parser_finish(p);
    ck_assert_int_eq(fl_parser_stats(p)->unparsed, 1);
    ck_assert_uint_ge(fl_parser_stats(p)->limit_hits, 1);
    fl_parser_free(p);
    fl_formats_free(set);
}
END_TEST

struct dcase {
    const char *text;
    const char *format;
};

static const struct dcase dcases[] = {
    { "2024-05-15 10:00:00.123 UTC [4242] LOG:  duration: 1.0 ms  statement: SELECT 1\n", "postgresql-stderr" },
    { "2024-05-15 10:00:00.123 UTC,\"a\",\"b\",1,\"h\",s,1,\"\",2024-05-15 10:00:00 UTC,1/1,0,LOG,00000,\"checkpoint starting: time\",,,,,,,,,\"\",\"checkpointer\",,0\n", "postgresql-csvlog" },
    { "{\"timestamp\":\"2024-05-15 10:00:00.000 UTC\",\"pid\":1,\"error_severity\":\"LOG\",\"message\":\"checkpoint starting: time\"}\n", "postgresql-jsonlog" },
    { "# Time: 071015 21:43:52\n# User@Host: root[root] @ localhost []\n# Query_time: 2  Lock_time: 0  Rows_sent: 1  Rows_examined: 0\nselect 1;\n", "mysql-slow" },
    { "081127  8:51:20\t      1 Connect     root@localhost on test\n081127  8:51:21\t      1 Query       select 1\n", "mysql-general" },
    { "Feb 11 13:15:39 test-pc postgres[10808]: [1-1] db=,user= LOG:  database system is ready\n", "postgresql-syslog" },
};

START_TEST(test_ingest_detect_picks_the_right_format)
{
    struct fl_formats *set = builtin();
    const struct fl_format *f = fl_ingest_detect(set, dcases[_i].text,
                                                 strlen(dcases[_i].text), NULL);
    ck_assert_msg(f != NULL, "no format for case %d", _i);
    ck_assert_str_eq(f->name, dcases[_i].format);
    fl_formats_free(set);
}
END_TEST

START_TEST(test_ingest_detect_rejects_prose)
{
    struct fl_formats *set = builtin();
    const char *t = "Once upon a time\nthere was a log\n";
    ck_assert_ptr_null(fl_ingest_detect(set, t, strlen(t), NULL));
    fl_formats_free(set);
}
END_TEST

/* ---- fields from the table, attributes, error flag, domains ------------ */

/* A test domain: statements starting with "ALTER" become kind ddl. */
static int refined;

static void test_refine(struct fl_event *ev)
{
    refined++;
    if (ev->kind == FL_EV_QUERY && ev->statement.n >= 5 &&
        memcmp(ev->statement.p, "ALTER", 5) == 0)
        ev->kind = FL_EV_DDL;
}

static const struct fl_domain test_domain = { "test", false, test_refine, NULL,
                                              NULL, NULL, NULL, NULL };
static const struct fl_domain other_domain = { "other", false, NULL, NULL, NULL,
                                               NULL, NULL, NULL };

/* Events rendered by the `events` writer, plus what the test checks on
 * the struct itself (the domain pointer). */
struct evs {
    struct fl_buf json;
    const struct fl_domain *domain[8];
    int n;
};

static int keep_event(const struct fl_event *ev, void *ctx)
{
    struct evs *v = ctx;
    if (v->n < 8)
        v->domain[v->n] = ev->domain;
    v->n++;
    fl_evout_json(ev, NULL, &v->json);
    return 0;
}

/* Load one definition (must load and pass its samples), parse lines with
 * the domains table, render the events into v->json. */
static const struct fl_parse_stats *parse_def(const char *json,
                                              const char *lines,
                                              const struct fl_domain *const
                                                  *domains,
                                              struct evs *v)
{
    static struct fl_parse_stats st;
    struct fl_formats *set = fl_formats_new();
    struct fl_parse_opts po = { NULL, 2024, domains, false, 0 };
    struct fl_parser *p;
    struct fl_err e;
    uint64_t ln = 0;

    ck_assert_msg(fl_formats_add_json(set, json, "t.json", false, &e) == FL_OK,
                  "%s", e.msg);
    ck_assert_msg(fl_parse_check_samples(fl_formats_get(set, 0), &e) == FL_OK,
                  "%s", e.msg);
    memset(v, 0, sizeof *v);
    fl_buf_init(&v->json);
    fl_buf_adds(&v->json, "");
    p = fl_parser_new(fl_formats_get(set, 0), "t", &po, keep_event, v);
    while (*lines) {
        const char *nl = strchr(lines, '\n');
        size_t n = nl ? (size_t)(nl - lines) : strlen(lines);
        fl_parser_line(p, lines, n, ++ln);
        lines += n + (nl ? 1 : 0);
    }
    fl_parser_finish(p);
    st = *fl_parser_stats(p);
    fl_parser_free(p);
    fl_formats_free(set);
    return &st;
}

/* An access log: method, url, status and bytes are event fields by name;
 * duration_ms is the parser's; upstream is an attribute. */
#define ACCESS_DEF \
    "{\"name\":\"access\",\"type\":\"line\",\"domain\":\"test\"," \
    "\"patterns\":[\"^(?<time>\\\\S+) (?<host>\\\\S+) \\\"(?<method>[A-Z]+) " \
    "(?<url>\\\\S+)\\\" (?<status>\\\\d+) (?<bytes>\\\\d+) " \
    "(?<duration_ms>[\\\\d.]+) (?<upstream>\\\\S+)$\"]," \
    "\"time\":[{\"field\":\"time\",\"style\":\"iso\"}]," \
    "\"rules\":[{\"kind\":\"log\"}]," \
    "\"samples\":[{\"lines\":[\"2024-05-15T10:00:00Z 10.0.0.1 \\\"GET /a\\\" " \
    "503 12 2.5 up-1\"],\"expect\":{\"kind\":\"log\",\"status\":503," \
    "\"url\":\"/a\",\"upstream\":\"up-1\",\"error\":true}}]}"

START_TEST(test_parse_access_line_fills_fields_by_name_and_flags_5xx)
{
    struct evs v;
    parse_def(ACCESS_DEF,
              "2024-05-15T10:00:00Z 10.0.0.1 \"POST /api/orders?id=7\" 503 "
              "1234 250.5 10.1.2.3:8080\n"
              "2024-05-15T10:00:01Z 10.0.0.1 \"GET /health\" 200 2 0.1 "
              "10.1.2.3:8080\n", NULL, &v);
    ck_assert_int_eq(v.n, 2);
    ck_assert_str_eq(v.json.p,
        "{\"time\":\"2024-05-15T10:00:00.000000Z\",\"kind\":\"log\","
        "\"file\":\"t\",\"line\":1,\"format\":\"access\","
        "\"duration_us\":250500,\"status\":503,\"bytes\":1234,"
        "\"host\":\"10.0.0.1\",\"method\":\"POST\","
        "\"url\":\"/api/orders?id=7\","
        "\"attrs\":{\"upstream\":\"10.1.2.3:8080\"},\"error\":true}\n"
        "{\"time\":\"2024-05-15T10:00:01.000000Z\",\"kind\":\"log\","
        "\"file\":\"t\",\"line\":2,\"format\":\"access\","
        "\"duration_us\":100,\"status\":200,\"bytes\":2,"
        "\"host\":\"10.0.0.1\",\"method\":\"GET\",\"url\":\"/health\","
        "\"attrs\":{\"upstream\":\"10.1.2.3:8080\"}}\n");
    ck_assert_ptr_null(strstr(v.json.p, "statement"));
    fl_buf_cleanup(&v.json);
}
END_TEST

/* A request log timed at TIME_AT with durations in ns (and ms for the
 * precedence): request events move back by their duration unless the
 * format says "start"; ns round half up to us. */
#define REQ_DEF(TIME_AT) \
    "{\"name\":\"req\",\"type\":\"line\"," TIME_AT \
    "\"patterns\":[\"^(?<time>\\\\S+) (?<status>\\\\d+) (?<duration_ns>\\\\S+)" \
    "(?: (?<duration_ms>\\\\S+))?$\"]," \
    "\"time\":[{\"field\":\"time\",\"style\":\"iso\"}]," \
    "\"rules\":[{\"kind\":\"request\"}]," \
    "\"samples\":[{\"lines\":[\"2024-05-15T10:00:00Z 200 1500\"]," \
    "\"expect\":{\"kind\":\"request\",\"duration_us\":2}}]}"
#define REQ_LINES \
    "2024-05-15T10:00:01.000Z 200 250000000\n" \
    "2024-05-15T10:00:01.000Z 500 1500.4\n" \
    "2024-05-15T10:00:01.000Z 200 1499\n" \
    "2024-05-15T10:00:01.000Z 200 7000000 3.5\n"

START_TEST(test_parse_request_time_at_and_duration_ns)
{
    struct evs v;

    parse_def(REQ_DEF(""), REQ_LINES, NULL, &v);
    ck_assert_int_eq(v.n, 4);
    ck_assert_msg(strstr(v.json.p, "\"time\":\"2024-05-15T10:00:00.750000Z\""
                         ",\"kind\":\"request\"") != NULL, "%s", v.json.p);
    ck_assert_msg(strstr(v.json.p, "\"time\":\"2024-05-15T10:00:00.999998Z\""
                         ",\"kind\":\"request\",\"file\":\"t\",\"line\":2,"
                         "\"format\":\"req\",\"duration_us\":2,"
                         "\"status\":500") != NULL, "%s", v.json.p);
    ck_assert_msg(strstr(v.json.p, "\"line\":3,\"format\":\"req\","
                         "\"duration_us\":1,") != NULL, "%s", v.json.p);
    /* duration_ms wins over duration_ns */
    ck_assert_msg(strstr(v.json.p, "\"time\":\"2024-05-15T10:00:00.996500Z\""
                         ",\"kind\":\"request\",\"file\":\"t\",\"line\":4,"
                         "\"format\":\"req\",\"duration_us\":3500,")
                  != NULL, "%s", v.json.p);
    ck_assert_msg(strstr(v.json.p, "\"status\":500,\"error\":true"),
                  "%s", v.json.p);
    fl_buf_cleanup(&v.json);

    /* an end written to the whole second is in [01, 02): its middle */
    parse_def(REQ_DEF(""), "2024-05-15T10:00:01Z 200 250000000\n", NULL, &v);
    ck_assert_msg(strstr(v.json.p, "\"time\":\"2024-05-15T10:00:01.250000Z\"")
                  != NULL, "%s", v.json.p);
    fl_buf_cleanup(&v.json);

    parse_def(REQ_DEF("\"time_at\":\"start\","), REQ_LINES, NULL, &v);
    ck_assert_int_eq(v.n, 4);
    ck_assert_msg(strstr(v.json.p, "00.") == NULL, "%s", v.json.p);
    fl_buf_cleanup(&v.json);
}
END_TEST

/* Durations are decimals scaled to an integer unit; JSON writers may use
 * an exponent (Python prints 1.6e-05 s); values that do not fit fail. */
START_TEST(test_parse_scaled_decimals_and_exponents)
{
    int64_t v;

    ck_assert(fl_ptime_scaled("0.012345", 8, 6, &v));
    ck_assert_int_eq(v, 12345);
    ck_assert(fl_ptime_scaled("1.6e-05", 7, 6, &v));
    ck_assert_int_eq(v, 16);
    ck_assert(fl_ptime_scaled("4e-06", 5, 6, &v));
    ck_assert_int_eq(v, 4);
    ck_assert(fl_ptime_scaled("2.5E+3", 6, 3, &v));
    ck_assert_int_eq(v, 2500000);
    ck_assert(fl_ptime_scaled("6e-10", 5, 6, &v)); /* below the unit */
    ck_assert_int_eq(v, 0);
    ck_assert(fl_ptime_scaled("1.5e-6", 6, 3, &v)); /* rounded half up */
    ck_assert_int_eq(v, 0);
    ck_assert(fl_ptime_scaled("15e-4", 5, 3, &v));
    ck_assert_int_eq(v, 2);
    ck_assert(!fl_ptime_scaled("1e", 2, 6, &v));
    ck_assert(!fl_ptime_scaled("e5", 2, 6, &v));
    ck_assert(!fl_ptime_scaled("1e-", 3, 6, &v));
    ck_assert(!fl_ptime_scaled("1e99", 4, 6, &v));
    ck_assert(!fl_ptime_scaled("9e18", 4, 6, &v));
    ck_assert(!fl_ptime_scaled("99999999999999999", 17, 6, &v));
    ck_assert(!fl_ptime_scaled("-1", 2, 6, &v));
}
END_TEST

#define SQL_DEF \
    "{\"name\":\"q\",\"type\":\"line\",\"domain\":\"test\"," \
    "\"patterns\":[\"^(?<time>\\\\S+) (?<severity>[A-Z]+) (?<message>.*)$\"]," \
    "\"time\":[{\"field\":\"time\",\"style\":\"iso\"}]," \
    "\"rules\":[" \
    "{\"field\":\"message\",\"match\":\"^stmt: (?<statement>.*)\",\"kind\":\"query\"}," \
    "{\"field\":\"message\",\"match\":\"^timeout (?<tag>\\\\w+)\",\"kind\":\"log\",\"error\":true}," \
    "{\"field\":\"severity\",\"match\":\"^ERROR$\",\"kind\":\"error\"}," \
    "{\"field\":\"message\",\"match\":\"^deadlock\",\"kind\":\"deadlock\"}," \
    "{\"kind\":\"log\"}]," \
    "\"samples\":[{\"lines\":[\"2024-05-15T10:00:00Z LOG timeout x\"]," \
    "\"expect\":{\"kind\":\"log\",\"error\":true,\"tag\":\"x\"}}]}"

START_TEST(test_parse_domain_is_resolved_stamped_and_refines)
{
    static const struct fl_domain *const domains[] = { &other_domain,
                                                       &test_domain, NULL };
    struct evs v;

    refined = 0;
    parse_def(SQL_DEF, "2024-05-15T10:00:00Z LOG stmt: ALTER TABLE t\n"
                       "2024-05-15T10:00:01Z LOG stmt: SELECT 1\n",
              domains, &v);
    ck_assert_int_eq(v.n, 2);
    ck_assert_int_eq(refined, 2);
    ck_assert_ptr_eq(v.domain[0], &test_domain);
    ck_assert_ptr_eq(v.domain[1], &test_domain);
    ck_assert_ptr_nonnull(strstr(v.json.p, "\"kind\":\"ddl\",\"file\":\"t\","
                                           "\"line\":1"));
    ck_assert_ptr_nonnull(strstr(v.json.p, "\"kind\":\"query\",\"file\":\"t\","
                                           "\"line\":2"));
    fl_buf_cleanup(&v.json);
    /* Without a table (or with one that lacks the name): no domain, no
     * refinement. */
    parse_def(SQL_DEF, "2024-05-15T10:00:00Z LOG stmt: ALTER TABLE t\n",
              NULL, &v);
    ck_assert_ptr_null(v.domain[0]);
    ck_assert_int_eq(refined, 2);
    ck_assert_ptr_nonnull(strstr(v.json.p, "\"kind\":\"query\""));
    fl_buf_cleanup(&v.json);
}
END_TEST

START_TEST(test_parse_error_flag_kinds_and_rules)
{
    struct evs v;

    parse_def(SQL_DEF, "2024-05-15T10:00:00Z ERROR relation missing\n"
                       "2024-05-15T10:00:01Z LOG deadlock detected\n"
                       "2024-05-15T10:00:02Z LOG timeout upstream\n"
                       "2024-05-15T10:00:03Z LOG all fine\n", NULL, &v);
    ck_assert_int_eq(v.n, 4);
    /* kind error says it already; deadlock and the rule say it with the
     * flag; a plain log does not. */
    ck_assert_str_eq(v.json.p,
        "{\"time\":\"2024-05-15T10:00:00.000000Z\",\"kind\":\"error\","
        "\"file\":\"t\",\"line\":1,\"format\":\"q\",\"severity\":\"ERROR\","
        "\"message\":\"relation missing\"}\n"
        "{\"time\":\"2024-05-15T10:00:01.000000Z\",\"kind\":\"deadlock\","
        "\"file\":\"t\",\"line\":2,\"format\":\"q\",\"severity\":\"LOG\","
        "\"message\":\"deadlock detected\",\"error\":true}\n"
        "{\"time\":\"2024-05-15T10:00:02.000000Z\",\"kind\":\"log\","
        "\"file\":\"t\",\"line\":3,\"format\":\"q\",\"severity\":\"LOG\","
        "\"message\":\"timeout upstream\",\"attrs\":{\"tag\":\"upstream\"},"
        "\"error\":true}\n"
        "{\"time\":\"2024-05-15T10:00:03.000000Z\",\"kind\":\"log\","
        "\"file\":\"t\",\"line\":4,\"format\":\"q\",\"severity\":\"LOG\","
        "\"message\":\"all fine\"}\n");
    fl_buf_cleanup(&v.json);
}
END_TEST

/* 18 captures that are not event fields: the first 16 are kept in order,
 * the other 2 are counted. */
START_TEST(test_parse_attributes_are_capped_and_counted)
{
    struct fl_buf def, line;
    const struct fl_parse_stats *st;
    struct evs v;

    fl_buf_init(&def);
    fl_buf_init(&line);
    fl_buf_adds(&def, "{\"name\":\"many\",\"type\":\"line\",\"patterns\":[\""
                      "^(?<time>\\\\S+)");
    fl_buf_adds(&line, "2024-05-15T10:00:00Z");
    for (int i = 0; i < 18; i++) {
        fl_buf_printf(&def, " (?<a%02d>\\\\S+)", i);
        fl_buf_printf(&line, " v%d", i);
    }
    fl_buf_adds(&def, "$\"],\"time\":[{\"field\":\"time\",\"style\":\"iso\"}],"
                      "\"rules\":[{\"kind\":\"log\"}],\"samples\":[]}");
    st = parse_def(def.p, line.p, NULL, &v);
    ck_assert_int_eq(v.n, 1);
    ck_assert_uint_eq(st->attrs_dropped, 2);
    ck_assert_ptr_nonnull(strstr(v.json.p, "\"attrs\":{\"a00\":\"v0\","
                                           "\"a01\":\"v1\""));
    ck_assert_ptr_nonnull(strstr(v.json.p, "\"a15\":\"v15\"}}"));
    ck_assert_ptr_null(strstr(v.json.p, "a16"));
    fl_buf_cleanup(&v.json);
    fl_buf_cleanup(&def);
    fl_buf_cleanup(&line);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("parse");
    TCase *tc = tcase_create("core");

    tcase_add_loop_test(tc, test_parse_table_cases, 0,
                        (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, test_parse_unmatched_lines_are_counted);
    tcase_add_test(tc, test_parse_catastrophic_regex_hits_limit);
    tcase_add_loop_test(tc, test_ingest_detect_picks_the_right_format, 0,
                        (int)(sizeof dcases / sizeof dcases[0]));
    tcase_add_test(tc, test_ingest_detect_rejects_prose);
    tcase_add_test(tc, test_parse_access_line_fills_fields_by_name_and_flags_5xx);
    tcase_add_test(tc, test_parse_request_time_at_and_duration_ns);
    tcase_add_test(tc, test_parse_scaled_decimals_and_exponents);
    tcase_add_test(tc, test_parse_domain_is_resolved_stamped_and_refines);
    tcase_add_test(tc, test_parse_error_flag_kinds_and_rules);
    tcase_add_test(tc, test_parse_attributes_are_capped_and_counted);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
