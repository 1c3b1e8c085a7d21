/* check_prefix.c - Check tests for fl_prefix: log_line_prefix values become
 * regex fragments that PCRE2 compiles and that capture the right values
 * from real PostgreSQL prefix output.
 *
 * Each case compiles "^" + fragment + a typical message part, matches one
 * line and compares named groups; NULL expects an unset (or absent) group,
 * "" an empty match.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <check.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include "format/fl_prefix.h"
#include "time/fl_time.h"

#define MSG_PART "(?<level>[A-Z]+\\d?):  (?<msg>.*)$"
#define MAXG 8

struct want {
    const char *group;
    const char *value;   /* NULL: unset */
};

struct match_case {
    const char *prefix;
    const char *line;
    struct want w[MAXG];
};

/* Real prefixes with lines as PostgreSQL writes them, session and
 * non-session processes both. */
static const struct match_case cases[] = {
    {"%m [%p] ",
     "2024-05-15 10:00:00.123 UTC [1234] LOG:  statement: select 1",
     {{"time", "2024-05-15 10:00:00.123 UTC"}, {"pid", "1234"},
      {"msg", "statement: select 1"}}},
    {"%m [%p] %q%u@%d ",
     "2024-05-15 10:00:00.123 UTC [1234] alice@shop LOG:  statement: select 1",
     {{"time", "2024-05-15 10:00:00.123 UTC"}, {"pid", "1234"},
      {"user", "alice"}, {"db", "shop"}, {"level", "LOG"}}},
    {"%m [%p] %q%u@%d ",
     "2024-05-15 10:00:00.123 UTC [99] LOG:  checkpoint starting: time",
     {{"pid", "99"}, {"user", NULL}, {"db", NULL},
      {"msg", "checkpoint starting: time"}}},
    {"%m [%p] %q%u@%d ",
     "2024-05-15 10:00:00.456 UTC [1300] [unknown]@[unknown] LOG:  "
     "connection received: host=10.0.0.7 port=51234",
     {{"user", "[unknown]"}, {"db", "[unknown]"}, {"level", "LOG"}}},
    {"%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ",
     "2024-05-15 10:00:00 UTC [1234]: [3-1] user=alice,db=shop,app=psql,"
     "client=10.0.0.1 LOG:  duration: 1.234 ms",
     {{"time", "2024-05-15 10:00:00 UTC"}, {"pid", "1234"},
      {"line_no", "3"}, {"user", "alice"}, {"db", "shop"}, {"app", "psql"},
      {"host", "10.0.0.1"}, {"msg", "duration: 1.234 ms"}}},
    {"%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ",
     "2024-05-15 10:00:00 EDT [1234]: [12-1] user=bob,db=shop,"
     "app=pgAdmin 4 - DB:shop,client=[local] ERROR:  division by zero",
     {{"time", "2024-05-15 10:00:00 EDT"}, {"line_no", "12"},
      {"app", "pgAdmin 4 - DB:shop"}, {"host", "[local]"},
      {"level", "ERROR"}}},
    {"%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ",
     "2024-05-15 10:00:00 UTC [77]: [1-1] user=,db=,app=,client= LOG:  "
     "checkpoint complete",
     {{"user", ""}, {"db", ""}, {"app", ""}, {"host", ""},
      {"msg", "checkpoint complete"}}},
    {"%t:%r:%u@%d:[%p]:",
     "2024-05-15 10:00:00 UTC:10.0.0.1(5432):app@mydb:[1234]:LOG:  "
     "statement: SELECT 1",
     {{"time", "2024-05-15 10:00:00 UTC"}, {"host", "10.0.0.1"},
      {"port", "5432"}, {"user", "app"}, {"db", "mydb"}, {"pid", "1234"},
      {"msg", "statement: SELECT 1"}}},
    {"%t:%r:%u@%d:[%p]:",
     "2024-05-15 10:00:00 UTC::@:[567]:LOG:  checkpoint starting: time",
     {{"host", ""}, {"port", NULL}, {"user", ""}, {"db", ""},
      {"pid", "567"}}},
    {"%t:%r:%u@%d:[%p]:",
     "2024-05-15 10:00:00 UTC:[local]:postgres@postgres:[88]:LOG:  "
     "disconnection: session time: 0:00:01.002",
     {{"host", "[local]"}, {"port", NULL}, {"user", "postgres"},
      {"pid", "88"}}},
    {"%t:%r:%u@%d:[%p]:",
     "2024-05-15 10:00:00 UTC:2001:db8::5(52314):app@mydb:[1234]:LOG:  x",
     {{"host", "2001:db8::5"}, {"port", "52314"}, {"user", "app"},
      {"db", "mydb"}}},
    {"%t:%r:%u@%d:[%p]:",
     "2024-05-15 10:00:00 UTC:::1(40000):app@mydb:[1234]:LOG:  x",
     {{"host", "::1"}, {"port", "40000"}, {"user", "app"}}},
    {"%m %p %u %d ",
     "2024-05-15 12:00:00.007 CEST 4242 bob shop WARNING:  nonstandard use",
     {{"time", "2024-05-15 12:00:00.007 CEST"}, {"pid", "4242"},
      {"user", "bob"}, {"db", "shop"}, {"level", "WARNING"}}},
    {"%m [%p] ",
     "2024-05-15 13:00:00.000 +03 [1] LOG:  database system is ready",
     {{"time", "2024-05-15 13:00:00.000 +03"}, {"pid", "1"}}},
    {"%m [%p] ",
     "2024-05-15 06:30:00.000 -0330 [1] LOG:  x",
     {{"time", "2024-05-15 06:30:00.000 -0330"}}},
    {"%n [%p] ",
     "1715767200.123 [1234] LOG:  x",
     {{"time", "1715767200.123"}, {"pid", "1234"}}},
    {"%m [%p] %b ",
     "2024-05-15 10:00:00.123 UTC [31] client backend LOG:  x",
     {{"backend_type", "client backend"}, {"level", "LOG"}}},
    {"%m [%p] %b ",
     "2024-05-15 10:00:00.123 UTC [32] checkpointer LOG:  x",
     {{"backend_type", "checkpointer"}}},
    {"%m [%p] %b ",
     "2024-05-15 10:00:00.123 UTC [33] pg_cron launcher LOG:  x",
     {{"backend_type", "pg_cron launcher"}}},
    {"%m [%p] %c %l %s %v %x %e %Q [%P] %i ",
     "2024-05-15 10:00:00.123 UTC [1234] 6644a0b0.4d2 7 "
     "2024-05-15 09:58:08 UTC 3/17 0 00000 -123456789 [] idle in "
     "transaction LOG:  x",
     {{"session", "6644a0b0.4d2"}, {"line_no", "7"},
      {"session_start", "2024-05-15 09:58:08 UTC"}, {"vxid", "3/17"},
      {"xid", "0"}, {"sqlstate", "00000"}, {"query_id", "-123456789"},
      {"leader_pid", ""}}},
    {"%m [%p] %c %l %s %v %x %e %Q [%P] %i ",
     "2024-05-15 10:00:00.123 UTC [1240] 6644a0b0.4d8 2 "
     "2024-05-15 09:58:08 UTC 4/2 751 40P01 42 [1234] UPDATE ERROR:  x",
     {{"xid", "751"}, {"sqlstate", "40P01"}, {"query_id", "42"},
      {"leader_pid", "1234"}, {"tag", "UPDATE"}, {"level", "ERROR"}}},
    {"%m [%-6p] %-10u %5d:",
     "2024-05-15 10:00:00.123 UTC [1234  ] alice       shop:LOG:  x",
     {{"pid", "1234"}, {"user", "alice"}, {"db", "shop"}}},
    {"%m [%10p] ",
     "2024-05-15 10:00:00.123 UTC [      1234] LOG:  x",
     {{"pid", "1234"}}},
    {"%m %% [%p] ",
     "2024-05-15 10:00:00.123 UTC % [5] LOG:  x",
     {{"pid", "5"}}},
    {"(%p) $^.*+?{}|\\ ",
     "(5) $^.*+?{}|\\ LOG:  x",
     {{"pid", "5"}}},
    {"%p %p %m %t ",
     "12 12 2024-05-15 10:00:00.123 UTC 2024-05-15 10:00:00 UTC LOG:  x",
     {{"pid", "12"}, {"time", "2024-05-15 10:00:00.123 UTC"}}},
    {"%h %r %L ",
     "10.1.1.1 10.1.1.1(5000) 10.0.0.9 LOG:  x",
     {{"host", "10.1.1.1"}, {"port", "5000"}}},
};

/* The value of group `name` in the match, or NULL if unset/absent;
 * owned by the caller. */
static char *group_value(pcre2_match_data *md, const char *name)
{
    PCRE2_UCHAR *v = NULL;
    PCRE2_SIZE len;
    char *s;

    if (pcre2_substring_get_byname(md, (PCRE2_SPTR)name, &v, &len) < 0)
        return NULL;
    s = strdup((char *)v);
    pcre2_substring_free(v);
    return s;
}

/* Compile "^" + fragment(prefix) + MSG_PART; fails the test on errors. */
static pcre2_code *compile_prefix(const char *prefix, int *style)
{
    struct fl_buf b;
    struct fl_err err;
    pcre2_code *re;
    int ec;
    PCRE2_SIZE eo;
    int rc;

    fl_buf_init(&b);
    fl_buf_addc(&b, '^');
    rc = fl_prefix_to_regex(prefix, &b, style, &err);
    ck_assert_msg(rc == FL_OK, "prefix '%s': %s", prefix, err.msg);
    fl_buf_adds(&b, MSG_PART);
    re = pcre2_compile((PCRE2_SPTR)b.p, b.len, 0, &ec, &eo, NULL);
    ck_assert_msg(re != NULL, "prefix '%s' gave a regex PCRE2 rejects at %zu: %s",
                  prefix, (size_t)eo, b.p);
    fl_buf_cleanup(&b);
    return re;
}

START_TEST(test_prefix_real_lines_capture_fields)
{
    const struct match_case *c = &cases[_i];
    pcre2_code *re = compile_prefix(c->prefix, NULL);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc, k;

    rc = pcre2_match(re, (PCRE2_SPTR)c->line, strlen(c->line), 0, 0, md, NULL);
    ck_assert_msg(rc > 0, "prefix '%s' does not match '%s'", c->prefix,
                  c->line);
    for (k = 0; k < MAXG && c->w[k].group; k++) {
        char *got = group_value(md, c->w[k].group);
        if (c->w[k].value == NULL)
            ck_assert_msg(got == NULL, "prefix '%s' group %s: want unset, got "
                          "'%s'", c->prefix, c->w[k].group, got);
        else
            ck_assert_msg(got && !strcmp(got, c->w[k].value),
                          "prefix '%s' group %s: want '%s', got '%s'",
                          c->prefix, c->w[k].group, c->w[k].value,
                          got ? got : "(unset)");
        free(got);
    }
    pcre2_match_data_free(md);
    pcre2_code_free(re);
}
END_TEST

START_TEST(test_prefix_time_style_follows_time_escape)
{
    static const struct {
        const char *prefix;
        int style;
    } t[] = {
        {"%m [%p] ", FL_TIME_ISO}, {"%t [%p] ", FL_TIME_ISO},
        {"%n [%p] ", FL_TIME_EPOCH}, {"[%p] %u ", -1},
        {"%n %m ", FL_TIME_EPOCH}, {"%s %t ", FL_TIME_ISO},
    };
    size_t i;

    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        int style = 12345;
        pcre2_code *re = compile_prefix(t[i].prefix, &style);
        ck_assert_msg(style == t[i].style, "prefix '%s': style %d, want %d",
                      t[i].prefix, style, t[i].style);
        pcre2_code_free(re);
    }
}
END_TEST

/* The captured time goes straight into fl_time_parse with its zone. */
START_TEST(test_prefix_captured_time_parses)
{
    static const struct {
        const char *line;
        int64_t us;
    } t[] = {
        /* date -u -d '2024-05-15 10:00:00 UTC' +%s = 1715767200 */
        {"2024-05-15 10:00:00.123 UTC [1] LOG:  x", 1715767200123000},
        /* date -u -d '2024-05-15 13:00:00 +03' +%s = 1715767200 */
        {"2024-05-15 13:00:00.000 +03 [1] LOG:  x", 1715767200000000},
        /* date -u -d '2024-05-15 06:30:00 -0330' +%s = 1715767200 */
        {"2024-05-15 06:30:00.000 -0330 [1] LOG:  x", 1715767200000000},
        /* date -u -d '2024-05-15 06:00:00 EDT' +%s = 1715767200 */
        {"2024-05-15 06:00:00.999 EDT [1] LOG:  x", 1715767200999000},
    };
    pcre2_code *re = compile_prefix("%m [%p] ", NULL);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    size_t i;

    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        int64_t us = 0;
        char *v;
        ck_assert_int_gt(pcre2_match(re, (PCRE2_SPTR)t[i].line,
                                     strlen(t[i].line), 0, 0, md, NULL), 0);
        v = group_value(md, "time");
        ck_assert_ptr_nonnull(v);
        ck_assert_int_eq(fl_time_parse(v, strlen(v), FL_TIME_ISO, NULL, &us),
                         FL_OK);
        ck_assert_int_eq(us, t[i].us);
        free(v);
    }
    pcre2_match_data_free(md);
    pcre2_code_free(re);
}
END_TEST

/* Lines that are not in the prefix's shape must not match. */
START_TEST(test_prefix_rejects_other_shapes)
{
    static const struct {
        const char *prefix, *line;
    } t[] = {
        {"%m [%p] ", "2024-05-15 10:00:00 UTC [1234] LOG:  no millis"},
        {"%t [%p] ", "2024-05-15 10:00:00.123 UTC [1234] LOG:  millis"},
        {"%m [%p] ", "2024-05-15 10:00:00.123 UTC [abc] LOG:  x"},
        {"%t:%r:%u@%d:[%p]:", "2024-05-15 10:00:00 UTC [1234] LOG:  x"},
        {"%n [%p] ", "1715767200 [1] LOG:  x"},
    };
    size_t i;

    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        pcre2_code *re = compile_prefix(t[i].prefix, NULL);
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
        int rc = pcre2_match(re, (PCRE2_SPTR)t[i].line, strlen(t[i].line), 0,
                             0, md, NULL);
        ck_assert_msg(rc == PCRE2_ERROR_NOMATCH, "'%s' matched '%s'",
                      t[i].prefix, t[i].line);
        pcre2_match_data_free(md);
        pcre2_code_free(re);
    }
}
END_TEST

START_TEST(test_prefix_unknown_escape_is_usage_error)
{
    struct fl_buf b;
    struct fl_err err;
    int style = 7;

    fl_buf_init(&b);
    fl_buf_adds(&b, "^keep");
    fl_err_clear(&err);
    ck_assert_int_eq(fl_prefix_to_regex("%m [%p] %z ", &b, &style, &err),
                     FL_ERR_USAGE);
    ck_assert_int_eq(err.code, FL_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "'%z'"));
    ck_assert_ptr_nonnull(strstr(err.msg, "position 9"));
    ck_assert_str_eq(b.p, "^keep");   /* out restored */
    ck_assert_int_eq(b.len, 5);
    ck_assert_int_eq(style, 7);       /* untouched on error */
    ck_assert_int_eq(fl_prefix_to_regex("[%p] %", &b, NULL, &err),
                     FL_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "position 6"));
    ck_assert_int_eq(fl_prefix_to_regex("%-10", &b, NULL, NULL), FL_ERR_USAGE);
    ck_assert_str_eq(b.p, "^keep");
    fl_buf_cleanup(&b);
}
END_TEST

/* Repeated escapes must not repeat a group name: PCRE2 would refuse it. */
START_TEST(test_prefix_repeats_do_not_duplicate_names)
{
    struct fl_buf b;
    const char *p;
    int n = 0;

    fl_buf_init(&b);
    ck_assert_int_eq(fl_prefix_to_regex("%u %u %r %h %r %m %t %n", &b, NULL,
                                        NULL), FL_OK);
    for (p = b.p; (p = strstr(p, "(?<user>")); p++)
        n++;
    ck_assert_int_eq(n, 1);
    for (n = 0, p = b.p; (p = strstr(p, "(?<host>")); p++)
        n++;
    ck_assert_int_eq(n, 1);
    for (n = 0, p = b.p; (p = strstr(p, "(?<port>")); p++)
        n++;
    ck_assert_int_eq(n, 1);
    for (n = 0, p = b.p; (p = strstr(p, "(?<time>")); p++)
        n++;
    ck_assert_int_eq(n, 1);
    fl_buf_cleanup(&b);
}
END_TEST

static Suite *prefix_suite(void)
{
    Suite *s = suite_create("prefix");
    TCase *tc = tcase_create("core");

    tcase_add_loop_test(tc, test_prefix_real_lines_capture_fields, 0,
                        (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, test_prefix_time_style_follows_time_escape);
    tcase_add_test(tc, test_prefix_captured_time_parses);
    tcase_add_test(tc, test_prefix_rejects_other_shapes);
    tcase_add_test(tc, test_prefix_unknown_escape_is_usage_error);
    tcase_add_test(tc, test_prefix_repeats_do_not_duplicate_names);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(prefix_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
