/* check_layout.c - Check tests for fl_layout: every directive, Common Log
 * Format, zones (offsets, abbreviations through the context zone, local
 * times across DST gaps and overlaps), the year hint, and the layouts that
 * must be rejected at compile time.
 *
 * Expected instants were computed independently with GNU date, e.g.
 * `date -u -d '2025-10-10 13:55:36 -0700' +%s` = 1760129736; a comment
 * gives the date(1) input where it is not obvious.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "time/fl_layout.h"
#include "time/fl_tz.h"

#define S 1000000LL   /* microseconds per second */

/* A parse case: layout, input, context zone (NULL = UTC), year hint,
 * expected status and instant. */
struct parse_case {
    const char *layout;
    const char *in;
    const char *zone;
    int year_hint;
    int rc;
    int64_t us;
};

#define CLF "%d/%b/%Y:%H:%M:%S %z"

static const struct parse_case parse_cases[] = {
    /* Common Log Format (nginx, Apache) */
    {CLF, "10/Oct/2025:13:55:36 -0700", NULL, 0, FL_OK, 1760129736 * S},
    {CLF, "10/oct/2025:13:55:36 -0700", NULL, 0, FL_OK, 1760129736 * S},
    {CLF, "10/Oct/2025:20:55:36 +0000", "Asia/Tokyo", 0, FL_OK,
     1760129736 * S},                     /* the offset wins over --tz */
    {CLF, "10/Oct/2025:13:55:36 -07:00", NULL, 0, FL_OK, 1760129736 * S},
    {CLF, "10/Oct/2025:20:55:36 Z", NULL, 0, FL_OK, 1760129736 * S},
    {"[" CLF "]", "[10/Oct/2025:13:55:36 -0700]", NULL, 0, FL_OK,
     1760129736 * S},
    {CLF, "10/Foo/2025:13:55:36 -0700", NULL, 0, FL_ERR_PARSE, 0},
    {CLF, "32/Oct/2025:13:55:36 -0700", NULL, 0, FL_ERR_PARSE, 0},
    {CLF, "10/Oct/2025:24:55:36 -0700", NULL, 0, FL_ERR_PARSE, 0},
    {CLF, "10/Oct/2025:13:55:36", NULL, 0, FL_ERR_PARSE, 0},
    {CLF, "10/Oct/2025:13:55:36 -0700 x", NULL, 0, FL_ERR_PARSE, 0},
    {CLF, "10/Oct/25:13:55:36 -0700", NULL, 0, FL_ERR_PARSE, 0},
    {CLF, "29/Feb/2025:00:00:00 +0000", NULL, 0, FL_ERR_PARSE, 0},
    {CLF, "29/Feb/2024:23:59:59 +0000", NULL, 0, FL_OK, 1709251199 * S},
    {CLF, "", NULL, 0, FL_ERR_PARSE, 0},
    /* numeric fields, fractions, shorthands */
    {"%Y-%m-%d %H:%M:%S.%f", "2024-05-15 10:00:00.123", NULL, 0, FL_OK,
     1715767200 * S + 123000},
    {"%Y-%m-%d %H:%M:%S.%f", "2024-05-15 10:00:00.123456789", NULL, 0,
     FL_OK, 1715767200 * S + 123456},     /* cut to microseconds */
    {"%Y-%m-%d %H:%M:%S.%f", "2024-05-15 10:00:00.", NULL, 0, FL_ERR_PARSE,
     0},
    {"%Y-%m-%d %H:%M:%S,%f", "2024-05-15 10:00:00,5", NULL, 0, FL_OK,
     1715767200 * S + 500000},
    {"%FT%TZ", "2024-05-15T10:00:00Z", NULL, 0, FL_OK, 1715767200 * S},
    {"%F %T", "2024-5-15 10:0:0", NULL, 0, FL_OK, 1715767200 * S},
    {"%Y%m%d%H%M%S", "20240515100000", NULL, 0, FL_OK, 1715767200 * S},
    {"%F", "2024-12-31", NULL, 0, FL_OK, 1735603200 * S},
    {"%d.%m.%y %H:%M", "06.05.99 15:04", "+05:30", 0, FL_OK,
     925983240 * S},                      /* 1999-05-06 15:04 +05:30 */
    {"%y-%m-%d", "68-01-01", NULL, 0, FL_OK, 3092601600 * S},
    {"%y-%m-%d", "69-01-01", NULL, 0, FL_OK, -31536000 * S},
    {"%Y %j", "2024 366", NULL, 0, FL_OK, 1735603200 * S}, /* Dec 31 */
    {"%Y %j", "2025 366", NULL, 0, FL_ERR_PARSE, 0},
    {"%Y %j", "2024 0", NULL, 0, FL_ERR_PARSE, 0},
    {"%F %T%%", "2024-05-15 10:00:00%", NULL, 0, FL_OK, 1715767200 * S},
    /* names, 12-hour clock */
    {"%a, %d %b %Y %T %z", "Sun, 05 Oct 2025 07:08:09 +0000", NULL, 0,
     FL_OK, 1759648089 * S},
    {"%A %B %e %Y %I:%M:%S %p", "Sunday October  5 2025 07:08:09 AM",
     NULL, 0, FL_OK, 1759648089 * S},
    {"%B %e %Y %I:%M %p", "oct 5 2025 12:00 am", NULL, 0, FL_OK,
     1759622400 * S},                     /* 12 AM is midnight */
    {"%B %e %Y %I:%M %p", "Oct 5 2025 12:00 PM", NULL, 0, FL_OK,
     1759665600 * S},                     /* 12 PM is noon */
    {"%B %e %Y %I:%M %p", "Oct 5 2025 7:08 pm", NULL, 0, FL_OK,
     1759691280 * S},                     /* 2025-10-05 19:08 UTC */
    {"%B %e %Y %I:%M %p", "Oct 5 2025 13:00 PM", NULL, 0, FL_ERR_PARSE, 0},
    {"%b %e %T", "May 15 10:00:00", NULL, 2024, FL_OK, 1715767200 * S},
    {"%b %e %T", "May 15 10:00:00", NULL, 0, FL_ERR_USAGE, 0},
    /* zone abbreviations, resolved through the context zone */
    {"%F %T %Z", "2024-07-01 12:00:00 CEST", NULL, 0, FL_OK,
     1719828000 * S},
    {"%F %T %Z", "2024-11-03 01:30:00 EST", "America/New_York", 0, FL_OK,
     1730615400 * S},
    {"%F %T %Z", "2024-11-03 01:30:00 EDT", "America/New_York", 0, FL_OK,
     1730611800 * S},
    {"%F %T %Z", "2024-11-03 01:30:00 XYZT", NULL, 0, FL_ERR_PARSE, 0},
    /* zone-less: local time in the context zone, across DST changes */
    {"%F %T", "2024-05-15 10:00:00", NULL, 0, FL_OK, 1715767200 * S},
    {"%F %T", "2024-05-15 06:00:00", "America/New_York", 0, FL_OK,
     1715767200 * S},
    {"%F %T", "2024-03-10 02:30:00", "America/New_York", 0, FL_OK,
     1710055800 * S},                     /* gap: offset before, -0500 */
    {"%F %T", "2024-11-03 01:30:00", "America/New_York", 0, FL_OK,
     1730611800 * S},                     /* overlap: the earlier, EDT */
    {"%F %T", "2025-03-30 02:30:00", "Europe/Paris", 0, FL_OK,
     1743298200 * S},                     /* gap: 02:30 +0100 */
    {"%F %T", "2025-10-26 02:30:00", "Europe/Paris", 0, FL_OK,
     1761438600 * S},                     /* overlap: 02:30 +0200 */
    {CLF, "10/Oct/2025:13:55:36 -0700", "Europe/Paris", 0, FL_OK,
     1760129736 * S},
    /* epoch seconds */
    {"%s", "1715767200", NULL, 0, FL_OK, 1715767200 * S},
    {"%s", "1715767200.5", NULL, 0, FL_OK, 1715767200 * S + 500000},
    {"%s", "-1", NULL, 0, FL_OK, -1 * S},
    {"[%s]", "[1715767200.000123]", "Asia/Tokyo", 0, FL_OK,
     1715767200 * S + 123},
    {"%s", "17157x", NULL, 0, FL_ERR_PARSE, 0},
    /* blanks */
    {"%b %e %Y", "Oct  5 2025", NULL, 0, FL_OK, 1759622400 * S},
    {"%b %e %Y", "Oct 5\t2025", NULL, 0, FL_OK, 1759622400 * S},
    {"%b %e %Y", "Oct52025", NULL, 0, FL_ERR_PARSE, 0},
    {" %F ", "  2024-12-31  ", NULL, 0, FL_OK, 1735603200 * S},
};

static struct fl_tz *zone(const char *name)
{
    struct fl_tz *tz = NULL;
    struct fl_err err;

    if (!name)
        return NULL;
    ck_assert_msg(fl_tz_load(&tz, name, &err) == FL_OK, "zone %s: %s", name,
                  err.msg);
    return tz;
}

START_TEST(test_layout_parse_table)
{
    const struct parse_case *c = &parse_cases[_i];
    struct fl_layout *l;
    struct fl_err err;
    struct fl_time_ctx ctx;
    int64_t us = 42;
    int rc;

    fl_err_clear(&err);
    ck_assert_msg(fl_layout_compile(&l, c->layout, &err) == FL_OK,
                  "compile \"%s\": %s", c->layout, err.msg);
    ctx.tz = zone(c->zone);
    ctx.year_hint = c->year_hint;
    rc = fl_layout_parse(l, c->in, strlen(c->in), &ctx, &us);
    ck_assert_msg(rc == c->rc, "\"%s\" with \"%s\": status %d, want %d",
                  c->in, c->layout, rc, c->rc);
    if (rc == FL_OK)
        ck_assert_msg(us == c->us, "\"%s\" with \"%s\": %lld, want %lld",
                      c->in, c->layout, (long long)us, (long long)c->us);
    else
        ck_assert_int_eq(us, 42);         /* untouched on failure */
    fl_tz_free((struct fl_tz *)ctx.tz);
    fl_layout_free(l);
}
END_TEST

START_TEST(test_layout_reads_only_its_bytes)
{
    /* the input is not NUL-terminated: the length bounds every read */
    static const char buf[] = "10/Oct/2025:13:55:36 -0700 trailing";
    struct fl_layout *l;
    int64_t us;

    ck_assert_int_eq(fl_layout_compile(&l, CLF, NULL), FL_OK);
    ck_assert_int_eq(fl_layout_parse(l, buf, 26, NULL, &us), FL_OK);
    ck_assert_int_eq(us, 1760129736 * S);
    /* "-070": two hour digits, then a lone minute digit */
    ck_assert_int_eq(fl_layout_parse(l, buf, 25, NULL, &us), FL_ERR_PARSE);
    ck_assert_int_eq(fl_layout_parse(l, buf, 10, NULL, &us), FL_ERR_PARSE);
    ck_assert_str_eq(fl_layout_source(l), CLF);
    fl_layout_free(l);
}
END_TEST

/* A layout that must be rejected, and a word its message must contain. */
static const struct {
    const char *layout;
    const char *why;
} bad_layouts[] = {
    {"%Y-%m-%d %Q", "unknown directive %Q"},
    {"%Y-%m-%d %", "lone '%'"},
    {"%Y-%m-%d %d", "%d sets a field already set"},
    {"%Y-%m-%d %H %I", "%I sets a field already set"},
    {"%Y-%m %H:%M", "no complete date"},
    {"%H:%M:%S", "no complete date"},
    {"%Y %j %m", "%j cannot be combined"},
    {"%s %Y", "%s cannot be combined"},
    {"%s %z", "%s cannot be combined"},
    {"%F %I:%M", "%I and %p go together"},
    {"%F %H:%M %p", "%I and %p go together"},
    {"%z %F %Z", "%Z sets a field already set"},
    {"", "1 to 128 bytes"},
};

START_TEST(test_layout_rejects_bad_layouts)
{
    struct fl_layout *l = (struct fl_layout *)1;
    struct fl_err err;

    fl_err_clear(&err);
    ck_assert_int_eq(fl_layout_compile(&l, bad_layouts[_i].layout, &err),
                     FL_ERR_FORMAT);
    ck_assert_ptr_null(l);
    ck_assert_msg(strstr(err.msg, bad_layouts[_i].why) != NULL,
                  "\"%s\": message \"%s\" lacks \"%s\"",
                  bad_layouts[_i].layout, err.msg, bad_layouts[_i].why);
}
END_TEST

START_TEST(test_layout_too_long_is_rejected)
{
    char spec[FL_LAYOUT_MAX + 2];
    struct fl_layout *l;

    memset(spec, 'x', sizeof spec - 1);
    memcpy(spec, "%F", 2);
    spec[sizeof spec - 1] = '\0';
    ck_assert_int_eq(fl_layout_compile(&l, spec, NULL), FL_ERR_FORMAT);
    spec[FL_LAYOUT_MAX] = '\0';
    ck_assert_int_eq(fl_layout_compile(&l, spec, NULL), FL_OK);
    fl_layout_free(l);
    fl_layout_free(NULL);
}
END_TEST

static Suite *layout_suite(void)
{
    Suite *s = suite_create("layout");
    TCase *tc = tcase_create("core");

    tcase_add_loop_test(tc, test_layout_parse_table, 0,
                        (int)(sizeof parse_cases / sizeof parse_cases[0]));
    tcase_add_test(tc, test_layout_reads_only_its_bytes);
    tcase_add_loop_test(tc, test_layout_rejects_bad_layouts, 0,
                        (int)(sizeof bad_layouts / sizeof bad_layouts[0]));
    tcase_add_test(tc, test_layout_too_long_is_rejected);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(layout_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
