/* check_time.c - Check tests for fl_time: every timestamp form the parsers
 * accept, zone handling (offsets, abbreviations, local time in a zone
 * across DST changes), the syslog year hint, user --since/--until input,
 * formatting and the civil-calendar helpers (fl_civil).
 *
 * Expected instants were computed independently with GNU date, e.g.
 * `date -u -d '2024-05-15 10:00:00 EDT' +%s` = 1715781600; the comment
 * on each row gives the date(1) input when it is not obvious.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "time/fl_time.h"
#include "time/fl_civil.h"
#include "time/fl_tz.h"

#define S 1000000LL   /* microseconds per second */

/* A parse case: input, style, zone of the context (NULL = UTC), expected
 * result. */
struct parse_case {
    const char *in;
    int style;
    const char *zone;
    int rc;
    int64_t us;
};

static const struct parse_case parse_cases[] = {
    /* ISO */
    {"2024-05-15 10:00:00", FL_TIME_ISO, NULL, FL_OK, 1715767200 * S},
    {"2024-05-15 10:00:00.123", FL_TIME_ISO, NULL, FL_OK,
     1715767200 * S + 123000},
    {"2024-05-15 10:00:00.123456 UTC", FL_TIME_ISO, NULL, FL_OK,
     1715767200 * S + 123456},
    {"2024-05-15 10:00:00 EDT", FL_TIME_ISO, NULL, FL_OK, 1715781600 * S},
    {"2024-05-15T10:00:00.123456Z", FL_TIME_ISO, NULL, FL_OK,
     1715767200 * S + 123456},
    {"2024-05-15t10:00:00z", FL_TIME_ISO, NULL, FL_OK, 1715767200 * S},
    {"2024-05-15T10:00:00+02:00", FL_TIME_ISO, NULL, FL_OK, 1715760000 * S},
    {"2024-05-15 10:00:00.123 +0530", FL_TIME_ISO, NULL, FL_OK,
     1715747400 * S + 123000},
    {"2024-05-15 10:00:00 +05", FL_TIME_ISO, NULL, FL_OK, 1715749200 * S},
    {"2024-05-15 10:00:00 -0330", FL_TIME_ISO, NULL, FL_OK, 1715779800 * S},
    {"2024-05-15 10:00:00+14:00", FL_TIME_ISO, NULL, FL_OK, 1715716800 * S},
    {"   2024-05-15 10:00:00  \t", FL_TIME_ISO, NULL, FL_OK, 1715767200 * S},
    {"2024-05-15  10:00:00", FL_TIME_ISO, NULL, FL_OK, 1715767200 * S},
    {"2024-05-15 10:00:00,5", FL_TIME_ISO, NULL, FL_OK,
     1715767200 * S + 500000},
    {"2024-05-15 10:00:00.1234567891Z", FL_TIME_ISO, NULL, FL_OK,
     1715767200 * S + 123456},              /* extra digits truncated */
    {"2024-02-29 12:00:00", FL_TIME_ISO, NULL, FL_OK, 1709208000 * S},
    {"1969-07-20 20:17:40", FL_TIME_ISO, NULL, FL_OK, -14182940 * S},
    {"2038-01-19 03:14:08", FL_TIME_ISO, NULL, FL_OK, 2147483648 * S},
    {"9999-12-31 23:59:59", FL_TIME_ISO, NULL, FL_OK, 253402300799 * S},
    {"0001-01-01 00:00:00", FL_TIME_ISO, NULL, FL_OK, -62135596800 * S},
    /* zone-less ISO is local in the context zone */
    {"2024-05-15 10:00:00", FL_TIME_ISO, "America/New_York", FL_OK,
     1715781600 * S},
    {"2024-05-15 10:00:00 UTC", FL_TIME_ISO, "America/New_York", FL_OK,
     1715767200 * S},                       /* explicit zone wins */
    {"2024-05-15 10:00:00+02:00", FL_TIME_ISO, "America/New_York", FL_OK,
     1715760000 * S},
    {"2024-03-10 02:30:00", FL_TIME_ISO, "America/New_York", FL_OK,
     1710055800 * S},                       /* gap: '... 02:30 -0500' */
    {"2024-10-27 02:30:00", FL_TIME_ISO, "Europe/Berlin", FL_OK,
     1729989000 * S},                       /* overlap: '... 02:30 +0200' */
    /* abbreviations: the zone's meaning first, then the table */
    {"2024-05-15 10:00:00 CST", FL_TIME_ISO, NULL, FL_OK, 1715788800 * S},
    {"2024-05-15 10:00:00 CST", FL_TIME_ISO, "America/Chicago", FL_OK,
     1715788800 * S},
    {"2024-05-15 10:00:00 CST", FL_TIME_ISO, "Asia/Shanghai", FL_OK,
     1715738400 * S},                       /* '... 10:00:00 +08' */
    {"2024-05-15 10:00:00 CEST", FL_TIME_ISO, NULL, FL_OK, 1715760000 * S},
    /* MySQL */
    {"240515 10:00:00", FL_TIME_MYSQL, NULL, FL_OK, 1715767200 * S},
    {"240515  9:05:01", FL_TIME_MYSQL, "America/New_York", FL_OK,
     1715778301 * S},                       /* '2024-05-15 09:05:01 -0400' */
    {"071015 21:43:52.123456", FL_TIME_MYSQL, "America/New_York", FL_OK,
     1192499032 * S + 123456},              /* '2007-10-15 21:43:52 -0400' */
    {"991231 23:59:59", FL_TIME_MYSQL, "America/New_York", FL_OK,
     946702799 * S},                        /* 1999, '... -0500' */
    {"240515 10:00:00 UTC", FL_TIME_MYSQL, "America/New_York", FL_OK,
     1715767200 * S},
    /* syslog (year_hint 2024) */
    {"May 15 10:00:00", FL_TIME_SYSLOG, NULL, FL_OK, 1715767200 * S},
    {"May  5 10:00:00", FL_TIME_SYSLOG, NULL, FL_OK, 1714903200 * S},
    {"may 05 10:00:00", FL_TIME_SYSLOG, NULL, FL_OK, 1714903200 * S},
    {"Dec 31 23:59:59", FL_TIME_SYSLOG, NULL, FL_OK, 1735689599 * S},
    {"Feb 29 12:00:00", FL_TIME_SYSLOG, NULL, FL_OK, 1709208000 * S},
    {"May 15 10:00:00", FL_TIME_SYSLOG, "America/New_York", FL_OK,
     1715781600 * S},
    {"May 15 10:00:00.250", FL_TIME_SYSLOG, NULL, FL_OK,
     1715767200 * S + 250000},
    /* epoch */
    {"1715767200", FL_TIME_EPOCH, NULL, FL_OK, 1715767200 * S},
    {"1715767200.123456", FL_TIME_EPOCH, NULL, FL_OK,
     1715767200 * S + 123456},
    {"1715767200.123", FL_TIME_EPOCH, "America/New_York", FL_OK,
     1715767200 * S + 123000},              /* zones never apply */
    {" 1715767200.5 ", FL_TIME_EPOCH, NULL, FL_OK, 1715767200 * S + 500000},
    {"-1.5", FL_TIME_EPOCH, NULL, FL_OK, -1500000},
    {"0", FL_TIME_EPOCH, NULL, FL_OK, 0},
    {"1715767200123", FL_TIME_EPOCH_MS, NULL, FL_OK, 1715767200 * S + 123000},
    {"1715767200123.456", FL_TIME_EPOCH_MS, NULL, FL_OK,
     1715767200 * S + 123456},
    {"1715767200123.4", FL_TIME_EPOCH_MS, NULL, FL_OK,
     1715767200 * S + 123400},
    /* garbage and out-of-range fields */
    {"", FL_TIME_ISO, NULL, FL_ERR_PARSE, 0},
    {"   ", FL_TIME_ISO, NULL, FL_ERR_PARSE, 0},
    {"garbage", FL_TIME_ISO, NULL, FL_ERR_PARSE, 0},
    {"2024-05-15", FL_TIME_ISO, NULL, FL_ERR_PARSE, 0},
    {"2024-05-15 10:00", FL_TIME_ISO, NULL, FL_ERR_PARSE, 0},
    {"2024-5-15 10:00:00", FL_TIME_ISO, NULL, FL_ERR_PARSE, 0},
    {"2024-02-30 10:00:00", FL_TIME_ISO, NULL, FL_ERR_PARSE, 0},
    {"2023-02-29 10:00:00", FL_TIME_ISO, NULL, FL_ERR_PARSE, 0},
    {"2024-13-01 10:00:00", FL_TIME_ISO, NULL, FL_ERR_PARSE, 0},
    {"2024-00-01 10:00:00", FL_TIME_ISO, NULL, FL_ERR_PARSE, 0},
    {"2024-05-15 24:00:00", FL_TIME_ISO, NULL, FL_ERR_PARSE, 0},
    {"2024-05-15 10:60:00", FL_TIME_ISO, NULL, FL_ERR_PARSE, 0},
    {"2024-05-15 10:00:61", FL_TIME_ISO, NULL, FL_ERR_PARSE, 0},
    {"2024-05-15 10:00:00.", FL_TIME_ISO, NULL, FL_ERR_PARSE, 0},
    {"2024-05-15 10:00:00 XYZ", FL_TIME_ISO, NULL, FL_ERR_PARSE, 0},
    {"2024-05-15 10:00:00 +5", FL_TIME_ISO, NULL, FL_ERR_PARSE, 0},
    {"2024-05-15 10:00:00 +05:3", FL_TIME_ISO, NULL, FL_ERR_PARSE, 0},
    {"2024-05-15 10:00:00 +25:00", FL_TIME_ISO, NULL, FL_ERR_PARSE, 0},
    {"2024-05-15 10:00:00 UTC junk", FL_TIME_ISO, NULL, FL_ERR_PARSE, 0},
    {"2024-05-15X10:00:00", FL_TIME_ISO, NULL, FL_ERR_PARSE, 0},
    {"24051 10:00:00", FL_TIME_MYSQL, NULL, FL_ERR_PARSE, 0},
    {"240515 10:0:00", FL_TIME_MYSQL, NULL, FL_ERR_PARSE, 0},
    {"240515T10:00:00", FL_TIME_MYSQL, NULL, FL_ERR_PARSE, 0},
    {"Mai 15 10:00:00", FL_TIME_SYSLOG, NULL, FL_ERR_PARSE, 0},
    {"May 32 10:00:00", FL_TIME_SYSLOG, NULL, FL_ERR_PARSE, 0},
    {"May15 10:00:00", FL_TIME_SYSLOG, NULL, FL_ERR_PARSE, 0},
    {"May 15", FL_TIME_SYSLOG, NULL, FL_ERR_PARSE, 0},
    {"1e9", FL_TIME_EPOCH, NULL, FL_ERR_PARSE, 0},
    {"12x", FL_TIME_EPOCH, NULL, FL_ERR_PARSE, 0},
    {"-", FL_TIME_EPOCH, NULL, FL_ERR_PARSE, 0},
    {"1715767200.", FL_TIME_EPOCH, NULL, FL_ERR_PARSE, 0},
    {"17157672001234567890", FL_TIME_EPOCH, NULL, FL_ERR_PARSE, 0},
    {"9999999999999999", FL_TIME_EPOCH, NULL, FL_ERR_PARSE, 0},
    {"", FL_TIME_EPOCH_MS, NULL, FL_ERR_PARSE, 0},
    {"2024-05-15 10:00:00", 42, NULL, FL_ERR_USAGE, 0},
};

static struct fl_tz *load_zone(const char *name)
{
    struct fl_tz *tz = NULL;
    struct fl_err err;

    if (!name)
        return NULL;
    ck_assert_msg(fl_tz_load(&tz, name, &err) == FL_OK, "%s: %s", name,
                  err.msg);
    return tz;
}

START_TEST(test_time_parse_forms)
{
    const struct parse_case *c = &parse_cases[_i];
    struct fl_tz *tz = load_zone(c->zone);
    struct fl_time_ctx ctx = {tz, 2024};
    int64_t us = -42;
    int rc = fl_time_parse(c->in, strlen(c->in), (enum fl_time_style)c->style,
                           &ctx, &us);

    ck_assert_msg(rc == c->rc, "'%s' (%s, %s): rc %d, want %d", c->in,
                  fl_time_style_name(c->style), c->zone ? c->zone : "UTC", rc,
                  c->rc);
    if (c->rc == FL_OK)
        ck_assert_msg(us == c->us, "'%s' (%s, %s): %lld, want %lld", c->in,
                      fl_time_style_name(c->style), c->zone ? c->zone : "UTC",
                      (long long)us, (long long)c->us);
    else
        ck_assert_int_eq(us, -42);   /* untouched on failure */
    fl_tz_free(tz);
}
END_TEST

START_TEST(test_time_syslog_uses_year_hint)
{
    struct fl_time_ctx ctx = {NULL, 2023};
    int64_t us = 0;

    ck_assert_int_eq(fl_time_parse("May 15 10:00:00", 15, FL_TIME_SYSLOG,
                                   &ctx, &us), FL_OK);
    ck_assert_int_eq(us, 1684144800 * S);   /* 2023-05-15 10:00:00 UTC */
    ck_assert_int_eq(fl_time_parse("Feb 29 12:00:00", 15, FL_TIME_SYSLOG,
                                   &ctx, &us), FL_ERR_PARSE);
    ctx.year_hint = 0;
    ck_assert_int_eq(fl_time_parse("May 15 10:00:00", 15, FL_TIME_SYSLOG,
                                   &ctx, &us), FL_ERR_USAGE);
    ck_assert_int_eq(fl_time_parse("May 15 10:00:00", 15, FL_TIME_SYSLOG,
                                   NULL, &us), FL_ERR_USAGE);
}
END_TEST

/* The parser reads exactly n bytes: a field inside a longer line. */
START_TEST(test_time_parse_is_length_bounded)
{
    static const char line[] = "2024-05-15 10:00:00.123 UTC [42] LOG:  x";
    int64_t us = 0;

    ck_assert_int_eq(fl_time_parse(line, 27, FL_TIME_ISO, NULL, &us), FL_OK);
    ck_assert_int_eq(us, 1715767200 * S + 123000);
    ck_assert_int_eq(fl_time_parse(line, 23, FL_TIME_ISO, NULL, &us), FL_OK);
    ck_assert_int_eq(us, 1715767200 * S + 123000);
    ck_assert_int_eq(fl_time_parse(line, 18, FL_TIME_ISO, NULL, &us),
                     FL_ERR_PARSE);
    ck_assert_int_eq(fl_time_parse("1715767200123", 10, FL_TIME_EPOCH, NULL,
                                   &us), FL_OK);
    ck_assert_int_eq(us, 1715767200 * S);
}
END_TEST

START_TEST(test_time_user_input_forms)
{
    static const struct {
        const char *in, *zone;
        int rc;
        int64_t us;
    } t[] = {
        {"@1715767200", NULL, FL_OK, 1715767200 * S},
        {"@1715767200.25", "Europe/Berlin", FL_OK, 1715767200 * S + 250000},
        {"2024-05-15", NULL, FL_OK, 1715731200 * S},
        {"2024-05-15", "America/New_York", FL_OK, 1715745600 * S},
        {"2024-05-15 10:00", NULL, FL_OK, 1715767200 * S},
        {"2024-05-15T10:00", NULL, FL_OK, 1715767200 * S},
        {"2024-05-15 10:00:00", "America/New_York", FL_OK, 1715781600 * S},
        {"2024-05-15T10:00:00Z", "America/New_York", FL_OK, 1715767200 * S},
        {"2024-05-15T10:00:00.5+02:00", NULL, FL_OK, 1715760000 * S + 500000},
        {"2024-05-15 10:00 EDT", NULL, FL_OK, 1715781600 * S},
        {" 2024-05-15 ", NULL, FL_OK, 1715731200 * S},
        {"yesterday", NULL, FL_ERR_PARSE, 0},
        {"", NULL, FL_ERR_PARSE, 0},
        {"@", NULL, FL_ERR_PARSE, 0},
        {"@abc", NULL, FL_ERR_PARSE, 0},
        {"2024-05-15 10", NULL, FL_ERR_PARSE, 0},
        {"2024-05-15 25:00", NULL, FL_ERR_PARSE, 0},
        {"2024-05-15 10:00.5", NULL, FL_ERR_PARSE, 0},
        {"2024-05-15Z", NULL, FL_ERR_PARSE, 0},
        {"2024-05-15 10:00 Mars", NULL, FL_ERR_PARSE, 0},
    };
    size_t i;

    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct fl_tz *tz = load_zone(t[i].zone);
        int64_t us = -42;
        int rc = fl_time_parse_user(t[i].in, tz, &us);

        ck_assert_msg(rc == t[i].rc, "'%s': rc %d", t[i].in, rc);
        ck_assert_msg(us == (rc == FL_OK ? t[i].us : -42), "'%s': %lld",
                      t[i].in, (long long)us);
        fl_tz_free(tz);
    }
}
END_TEST

START_TEST(test_time_format_rfc3339)
{
    static const struct {
        int64_t us;
        const char *out;
    } t[] = {
        {1715767200 * S + 123456, "2024-05-15T10:00:00.123456Z"},
        {0, "1970-01-01T00:00:00.000000Z"},
        {-1, "1969-12-31T23:59:59.999999Z"},
        {-14182940 * S, "1969-07-20T20:17:40.000000Z"},
        {253402300799 * S + 999999, "9999-12-31T23:59:59.999999Z"},
        {-62135596800 * S, "0001-01-01T00:00:00.000000Z"},
    };
    char buf[FL_TIME_BUFSZ];
    size_t i;

    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        size_t n = fl_time_format_rfc3339(t[i].us, buf, sizeof buf);
        ck_assert_str_eq(buf, t[i].out);
        ck_assert_int_eq(n, strlen(t[i].out));
    }
    ck_assert_int_eq(fl_time_format_rfc3339(0, buf, 27), 0);   /* no room */
    ck_assert_str_eq(buf, "");
    ck_assert_int_eq(fl_time_format_rfc3339(0, buf, 28), 27);
}
END_TEST

/* format -> parse gives back the same microsecond, across eras. */
START_TEST(test_time_rfc3339_round_trip)
{
    char buf[FL_TIME_BUFSZ];
    uint64_t x = 88172645463325252ULL;
    int k;

    for (k = 0; k < 20000; k++) {
        int64_t us, back = 0;
        size_t n;

        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        /* years 0001..9999 */
        us = (int64_t)(x % 315537897600000000ULL) - 62135596800 * S;
        n = fl_time_format_rfc3339(us, buf, sizeof buf);
        ck_assert_int_eq(fl_time_parse(buf, n, FL_TIME_ISO, NULL, &back),
                         FL_OK);
        ck_assert_msg(back == us, "%lld -> %s -> %lld", (long long)us, buf,
                      (long long)back);
    }
}
END_TEST

START_TEST(test_time_format_zone)
{
    static const struct {
        const char *zone;
        int64_t us;
        const char *out;
    } t[] = {
        {"America/New_York", 1715767200 * S + 999999,
         "2024-05-15 06:00:00 EDT"},
        {"America/New_York", 1705338000 * S, "2024-01-15 12:00:00 EST"},
        {"Asia/Kolkata", 1715767200 * S, "2024-05-15 15:30:00 IST"},
        {"America/Sao_Paulo", 1715767200 * S, "2024-05-15 07:00:00 -03"},
        {"+05:30", 1715767200 * S, "2024-05-15 15:30:00 +05:30"},
        {NULL, 1715767200 * S, "2024-05-15 10:00:00 UTC"},
        {NULL, -1, "1969-12-31 23:59:59 UTC"},
    };
    char buf[FL_TIME_BUFSZ];
    size_t i;

    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct fl_tz *tz = load_zone(t[i].zone);
        size_t n = fl_time_format_zone(t[i].us, tz, buf, sizeof buf);
        ck_assert_str_eq(buf, t[i].out);
        ck_assert_int_eq(n, strlen(t[i].out));
        fl_tz_free(tz);
    }
    ck_assert_int_eq(fl_time_format_zone(0, NULL, buf, 10), 0);
}
END_TEST

START_TEST(test_time_civil_days)
{
    static const struct {
        int y;
        unsigned m, d;
        int64_t days;
    } t[] = {
        {1970, 1, 1, 0}, {1969, 12, 31, -1}, {2000, 3, 1, 11017},
        {2024, 5, 15, 19858}, {9999, 12, 31, 2932896}, {0, 3, 1, -719468},
    };
    size_t i;
    int64_t z;

    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        int y;
        unsigned m, d;
        ck_assert_int_eq(fl_time_days_from_civil(t[i].y, t[i].m, t[i].d),
                         t[i].days);
        fl_time_civil_from_days(t[i].days, &y, &m, &d);
        ck_assert_int_eq(y, t[i].y);
        ck_assert_uint_eq(m, t[i].m);
        ck_assert_uint_eq(d, t[i].d);
    }
    for (z = -800000; z < 3000000; z += 37) {
        int y;
        unsigned m, d;
        fl_time_civil_from_days(z, &y, &m, &d);
        ck_assert_int_eq(fl_time_days_from_civil(y, m, d), z);
    }
}
END_TEST

/* The calendar helpers of fl_civil, checked against glibc's timegm/gmtime
 * where they overlap (weekdays) and against the Gregorian rules. */
START_TEST(test_civil_leap_months_weekdays)
{
    static const struct {
        int y;
        unsigned m, len;
    } months[] = {
        {2024, 2, 29}, {2023, 2, 28}, {1900, 2, 28}, {2000, 2, 29},
        {2100, 2, 28}, {2024, 1, 31}, {2024, 4, 30}, {2024, 12, 31},
    };
    size_t i;
    int64_t day;

    for (i = 0; i < sizeof months / sizeof months[0]; i++)
        ck_assert_uint_eq(fl_civil_month_days(months[i].y, months[i].m),
                          months[i].len);
    ck_assert_int_eq(fl_civil_is_leap(2024), 1);
    ck_assert_int_eq(fl_civil_is_leap(1900), 0);
    ck_assert_int_eq(fl_civil_is_leap(2000), 1);
    for (day = -3000; day < 3000; day += 7 * 13 + 1) {
        time_t t = (time_t)(day * 86400);
        struct tm tm;
        gmtime_r(&t, &tm);
        ck_assert_int_eq(fl_civil_weekday(day), tm.tm_wday);
    }
    ck_assert_int_eq(fl_civil_floor_div(-1, 86400), -1);
    ck_assert_int_eq(fl_civil_floor_div(-86400, 86400), -1);
    ck_assert_int_eq(fl_civil_floor_div(86399, 86400), 0);
    ck_assert_int_eq(fl_civil_days(2024, 5, 15),
                     fl_time_days_from_civil(2024, 5, 15));
}
END_TEST

START_TEST(test_time_style_names)
{
    ck_assert_int_eq(fl_time_style_parse("iso"), FL_TIME_ISO);
    ck_assert_int_eq(fl_time_style_parse("mysql"), FL_TIME_MYSQL);
    ck_assert_int_eq(fl_time_style_parse("syslog"), FL_TIME_SYSLOG);
    ck_assert_int_eq(fl_time_style_parse("epoch"), FL_TIME_EPOCH);
    ck_assert_int_eq(fl_time_style_parse("epoch_ms"), FL_TIME_EPOCH_MS);
    ck_assert_int_eq(fl_time_style_parse("ISO"), -1);
    ck_assert_int_eq(fl_time_style_parse(""), -1);
    ck_assert_str_eq(fl_time_style_name(FL_TIME_EPOCH_MS), "epoch_ms");
    ck_assert_str_eq(fl_time_style_name(99), "?");
}
END_TEST

static Suite *time_suite(void)
{
    Suite *s = suite_create("time");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_time_parse_forms, 0,
                        (int)(sizeof parse_cases / sizeof parse_cases[0]));
    tcase_add_test(tc, test_time_syslog_uses_year_hint);
    tcase_add_test(tc, test_time_parse_is_length_bounded);
    tcase_add_test(tc, test_time_user_input_forms);
    tcase_add_test(tc, test_time_format_rfc3339);
    tcase_add_test(tc, test_time_rfc3339_round_trip);
    tcase_add_test(tc, test_time_format_zone);
    tcase_add_test(tc, test_time_civil_days);
    tcase_add_test(tc, test_civil_leap_months_weekdays);
    tcase_add_test(tc, test_time_style_names);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(time_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
