/* check_tz.c - Check tests for fl_tz: TZif loading, DST gaps and overlaps
 * (including times after 2037 that only the footer rule covers), fixed
 * offsets, POSIX TZ strings and abbreviations.
 *
 * Expected instants were computed independently with GNU date, e.g.
 * `date -u -d '2024-03-10 02:30 -0500' +%s`; wall-clock inputs are built
 * with glibc timegm(), not with faultline's own calendar code.  The tests
 * need the system zoneinfo (tzdata); zones it lacks fail loudly.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "time/fl_tz.h"
#include "time/fl_tzrule.h"

/* Local wall-clock seconds "as if UTC" for a date and time. */
static int64_t wall(int y, int mo, int d, int h, int mi, int s)
{
    struct tm tm;

    memset(&tm, 0, sizeof tm);
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    return (int64_t)timegm(&tm);
}

static struct fl_tz *load_ok(const char *name)
{
    struct fl_tz *tz = NULL;
    struct fl_err err;

    fl_err_clear(&err);
    ck_assert_msg(fl_tz_load(&tz, name, &err) == FL_OK,
                  "loading %s: %s", name, err.msg);
    ck_assert_ptr_nonnull(tz);
    return tz;
}

/* Wall-clock time in a zone -> expected UTC instant. */
static const struct l2u_case {
    const char *zone;
    int y, mo, d, h, mi, s;
    int64_t utc;
    const char *why;
} l2u_cases[] = {
    {"America/New_York", 2024, 1, 15, 12, 0, 0, 1705338000, "winter EST"},
    {"America/New_York", 2024, 7, 4, 12, 0, 0, 1720108800, "summer EDT"},
    {"America/New_York", 2024, 3, 10, 1, 59, 59, 1710053999, "before gap"},
    {"America/New_York", 2024, 3, 10, 2, 30, 0, 1710055800,
     "gap: offset before (-05), = 03:30 EDT"},
    {"America/New_York", 2024, 3, 10, 3, 0, 0, 1710054000, "after gap"},
    {"America/New_York", 2024, 11, 3, 1, 30, 0, 1730611800,
     "overlap: earlier instant (EDT)"},
    {"America/New_York", 2024, 11, 3, 1, 59, 59, 1730613599,
     "overlap end: still EDT"},
    {"America/New_York", 2024, 11, 3, 2, 0, 0, 1730617200, "after overlap"},
    {"America/New_York", 2040, 3, 11, 2, 30, 0, 2215063800, "footer gap"},
    {"America/New_York", 2040, 11, 4, 1, 30, 0, 2235619800,
     "footer overlap"},
    {"America/New_York", 2040, 11, 4, 2, 0, 0, 2235625200,
     "footer after overlap"},
    {"America/New_York", 2040, 7, 1, 12, 0, 0, 2224771200, "footer summer"},
    {"Europe/Berlin", 2024, 3, 31, 2, 30, 0, 1711848600,
     "gap: offset before (+01)"},
    {"Europe/Berlin", 2024, 10, 27, 2, 30, 0, 1729989000,
     "overlap: earlier (CEST)"},
    {"Europe/Berlin", 2024, 10, 27, 3, 0, 0, 1729994400, "after overlap"},
    {"Europe/Berlin", 2045, 3, 26, 2, 30, 0, 2374104600, "footer gap"},
    {"Europe/Berlin", 2045, 10, 29, 2, 30, 0, 2392849800, "footer overlap"},
    {"Europe/Berlin", 2045, 10, 29, 3, 0, 0, 2392855200,
     "footer after overlap"},
    {"Europe/Berlin", 2045, 7, 1, 12, 0, 0, 2382516000, "footer summer"},
    {"Europe/Berlin", 2045, 12, 1, 12, 0, 0, 2395738800, "footer winter"},
    {"Australia/Sydney", 2024, 10, 6, 2, 30, 0, 1728145800,
     "southern gap"},
    {"Australia/Sydney", 2024, 4, 7, 2, 30, 0, 1712417400,
     "southern overlap"},
    {"Australia/Sydney", 2044, 10, 2, 2, 30, 0, 2358952200,
     "southern footer gap"},
    {"Australia/Sydney", 2044, 4, 3, 2, 30, 0, 2343223800,
     "southern footer overlap"},
    {"Australia/Sydney", 2044, 1, 1, 12, 0, 0, 2335222800,
     "southern footer summer (year start)"},
    {"Europe/Dublin", 2044, 3, 27, 1, 30, 0, 2342655000,
     "negative-DST footer gap"},
    {"Europe/Dublin", 2044, 10, 30, 1, 30, 0, 2361400200,
     "negative-DST footer overlap"},
    {"Asia/Kolkata", 2024, 5, 15, 10, 0, 0, 1715747400, "+05:30, no DST"},
    {"Etc/GMT+5", 2024, 5, 15, 10, 0, 0, 1715785200,
     "POSIX sign: Etc/GMT+5 is -05"},
    {"UTC", 1999, 12, 31, 23, 59, 59, 946684799, "UTC"},
};

START_TEST(test_tz_local_to_utc_gaps_overlaps_and_footer)
{
    const struct l2u_case *c = &l2u_cases[_i];
    struct fl_tz *tz = load_ok(c->zone);
    int64_t utc = 0;

    ck_assert_int_eq(fl_tz_local_to_utc(tz, wall(c->y, c->mo, c->d, c->h,
                                                 c->mi, c->s), &utc), FL_OK);
    ck_assert_msg(utc == c->utc, "%s %04d-%02d-%02d %02d:%02d:%02d (%s): "
                  "got %lld, want %lld", c->zone, c->y, c->mo, c->d, c->h,
                  c->mi, c->s, c->why, (long long)utc, (long long)c->utc);
    fl_tz_free(tz);
}
END_TEST

/* UTC instant -> offset and abbreviation. */
static const struct off_case {
    const char *zone;
    int64_t utc;
    int off;
    const char *abbr;
} off_cases[] = {
    {"America/New_York", 1710053999, -5 * 3600, "EST"},  /* 06:59:59Z */
    {"America/New_York", 1710054000, -4 * 3600, "EDT"},  /* 07:00Z */
    {"America/New_York", 1730613599, -4 * 3600, "EDT"},
    {"America/New_York", 1730613600, -5 * 3600, "EST"},
    {"America/New_York", 2224771200, -4 * 3600, "EDT"},  /* 2040-07-01 */
    {"America/New_York", 2209050000, -5 * 3600, "EST"},  /* 2040-01-01 */
    {"Europe/Berlin", 1711846799, 3600, "CET"},      /* 2024-03-31 00:59:59Z */
    {"Europe/Berlin", 1711846800, 7200, "CEST"},
    {"Europe/Berlin", 2382516000, 7200, "CEST"},     /* 2045-07-01 */
    {"Europe/Dublin", 2351761200, 3600, "IST"},      /* 2044-07-10 */
    {"Europe/Dublin", 2336040000, 0, "GMT"},         /* 2044-01-10 */
    {"America/Nuuk", 2351768400, -3600, "-01"},      /* 2044-07-10 */
    {"Asia/Kolkata", 1715767200, 5 * 3600 + 1800, "IST"},
    {"UTC", 1715767200, 0, "UTC"},
};

START_TEST(test_tz_offset_at_utc_matches_zdump)
{
    const struct off_case *c = &off_cases[_i];
    struct fl_tz *tz = load_ok(c->zone);
    int off = 12345;
    const char *abbr = NULL;

    ck_assert_int_eq(fl_tz_offset_at_utc(tz, c->utc, &off, &abbr), FL_OK);
    ck_assert_msg(off == c->off, "%s at %lld: offset %d, want %d", c->zone,
                  (long long)c->utc, off, c->off);
    ck_assert_str_eq(abbr, c->abbr);
    fl_tz_free(tz);
}
END_TEST

/* Over 50 years of hours, local_to_utc inverts offset_at_utc, except in
 * overlaps where it must return the earlier of the two instants. */
START_TEST(test_tz_local_to_utc_inverts_offset_at_utc)
{
    static const char *const zones[] = {"America/New_York", "Europe/Berlin",
                                        "Australia/Sydney", "Europe/Dublin",
                                        "America/St_Johns"};
    const char *zone = zones[_i];
    struct fl_tz *tz = load_ok(zone);
    int64_t t;

    for (t = 946684800; t < 2524608000; t += 3600 - 7) {
        int off, off2;
        int64_t u;

        fl_tz_offset_at_utc(tz, t, &off, NULL);
        fl_tz_local_to_utc(tz, t + off, &u);
        if (u == t)
            continue;
        fl_tz_offset_at_utc(tz, u, &off2, NULL);
        ck_assert_msg(u < t && u + off2 == t + off,
                      "%s: utc %lld -> local %lld -> utc %lld", zone,
                      (long long)t, (long long)(t + off), (long long)u);
    }
    fl_tz_free(tz);
}
END_TEST

START_TEST(test_tz_unknown_names_are_notfound)
{
    static const char *const names[] = {"Mars/Olympus_Mons", "America",
                                        "../../etc/passwd", "/etc/passwd",
                                        "Foo", "+25:00", ""};
    struct fl_tz *tz = (struct fl_tz *)&tz;
    struct fl_err err;
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        fl_err_clear(&err);
        ck_assert_msg(fl_tz_load(&tz, names[i], &err) == FL_ERR_NOTFOUND,
                      "'%s' did not fail with NOTFOUND", names[i]);
        ck_assert_ptr_null(tz);
        ck_assert_int_eq(err.code, FL_ERR_NOTFOUND);
        ck_assert_msg(strstr(err.msg, "unknown time zone") &&
                      strstr(err.msg, names[i]), "message: %s", err.msg);
    }
    ck_assert_int_eq(fl_tz_load(&tz, "Nowhere/City", NULL), FL_ERR_NOTFOUND);
}
END_TEST

START_TEST(test_tz_fixed_offsets)
{
    static const struct {
        const char *name;
        int off;
        const char *abbr;
    } t[] = {
        {"+05:00", 5 * 3600, "+05:00"}, {"-0330", -(3 * 3600 + 1800), "-03:30"},
        {"+05", 5 * 3600, "+05:00"}, {"+5", 5 * 3600, "+05:00"},
        {"UTC+5", 5 * 3600, "+05:00"}, {"GMT-03:30", -(3 * 3600 + 1800), "-03:30"},
        {"-00:00", 0, "+00:00"}, {"+14:00", 14 * 3600, "+14:00"},
    };
    size_t i;

    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct fl_tz *tz = load_ok(t[i].name);
        int off;
        const char *abbr;
        int64_t utc;

        ck_assert_str_eq(fl_tz_name(tz), t[i].name);
        fl_tz_offset_at_utc(tz, 1715767200, &off, &abbr);
        ck_assert_int_eq(off, t[i].off);
        ck_assert_str_eq(abbr, t[i].abbr);
        fl_tz_local_to_utc(tz, 1715767200, &utc);
        ck_assert_int_eq(utc, 1715767200 - t[i].off);
        fl_tz_free(tz);
    }
}
END_TEST

/* A POSIX TZ string given as the name behaves like the zone it describes. */
START_TEST(test_tz_posix_string_name)
{
    struct fl_tz *tz = load_ok("EST5EDT,M3.2.0,M11.1.0");
    struct fl_tz *ist = load_ok("<+0530>-5:30");
    int64_t utc;
    int off;
    const char *abbr;

    fl_tz_local_to_utc(tz, wall(2024, 3, 10, 2, 30, 0), &utc);
    ck_assert_int_eq(utc, 1710055800);
    fl_tz_local_to_utc(tz, wall(2024, 11, 3, 1, 30, 0), &utc);
    ck_assert_int_eq(utc, 1730611800);
    fl_tz_offset_at_utc(tz, 1720108800, &off, &abbr);
    ck_assert_int_eq(off, -4 * 3600);
    ck_assert_str_eq(abbr, "EDT");
    fl_tz_offset_at_utc(ist, 1715767200, &off, &abbr);
    ck_assert_int_eq(off, 5 * 3600 + 1800);
    ck_assert_str_eq(abbr, "+0530");
    fl_tz_free(tz);
    fl_tz_free(ist);
}
END_TEST

START_TEST(test_tz_abbreviations_zone_first_then_table)
{
    static const struct {
        const char *zone;   /* NULL: no zone */
        const char *abbr;
        int rc, off;
    } t[] = {
        {NULL, "UTC", FL_OK, 0}, {NULL, "Z", FL_OK, 0},
        {NULL, "GMT", FL_OK, 0}, {NULL, "EST", FL_OK, -5 * 3600},
        {NULL, "EDT", FL_OK, -4 * 3600}, {NULL, "CST", FL_OK, -6 * 3600},
        {NULL, "PDT", FL_OK, -7 * 3600}, {NULL, "CEST", FL_OK, 2 * 3600},
        {NULL, "cest", FL_OK, 2 * 3600}, {NULL, "MSK", FL_OK, 3 * 3600},
        {NULL, "IST", FL_OK, 3600}, {NULL, "BST", FL_OK, 3600},
        {NULL, "NST", FL_OK, -(3 * 3600 + 1800)},
        {NULL, "AKDT", FL_OK, -8 * 3600}, {NULL, "XYZ", FL_ERR_NOTFOUND, 0},
        {NULL, "", FL_ERR_NOTFOUND, 0},
        {"America/Chicago", "CST", FL_OK, -6 * 3600},
        {"America/Chicago", "CDT", FL_OK, -5 * 3600},
        {"Asia/Shanghai", "CST", FL_OK, 8 * 3600},
        {"Asia/Kolkata", "IST", FL_OK, 5 * 3600 + 1800},
        {"Europe/Dublin", "IST", FL_OK, 3600},
        {"Asia/Jerusalem", "IST", FL_OK, 2 * 3600},
        {"Asia/Shanghai", "EDT", FL_OK, -4 * 3600},   /* falls back to table */
        {"Europe/Berlin", "QQQ", FL_ERR_NOTFOUND, 0},
    };
    size_t i;

    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct fl_tz *tz = t[i].zone ? load_ok(t[i].zone) : NULL;
        int off = 999, rc;

        rc = fl_tz_abbrev_offset(tz, t[i].abbr, strlen(t[i].abbr), &off);
        ck_assert_msg(rc == t[i].rc, "%s in %s: rc %d", t[i].abbr,
                      t[i].zone ? t[i].zone : "(none)", rc);
        if (rc == FL_OK)
            ck_assert_msg(off == t[i].off, "%s in %s: %d, want %d", t[i].abbr,
                          t[i].zone ? t[i].zone : "(none)", off, t[i].off);
        fl_tz_free(tz);
    }
}
END_TEST

/* The abbreviation is read from a longer string without a NUL after it. */
START_TEST(test_tz_abbreviation_is_length_bounded)
{
    int off = 0;

    ck_assert_int_eq(fl_tz_abbrev_offset(NULL, "ESTxyz", 3, &off), FL_OK);
    ck_assert_int_eq(off, -5 * 3600);
    ck_assert_int_eq(fl_tz_abbrev_offset(NULL, "CESTx", 4, &off), FL_OK);
    ck_assert_int_eq(off, 2 * 3600);
    ck_assert_int_eq(fl_tz_abbrev_offset(NULL, "CESTx", 3, &off),
                     FL_ERR_NOTFOUND);   /* "CES" is not an abbreviation */
}
END_TEST

/* ---- synthetic TZif files in a private $TZDIR ------------------------ */

static unsigned char *put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
    return p + 4;
}

static unsigned char *header(unsigned char *p, char version, uint32_t ntime,
                             uint32_t ntype, uint32_t nchar)
{
    memcpy(p, "TZif", 4);
    p[4] = (unsigned char)version;
    memset(p + 5, 0, 15);
    p = put32(p + 20, 0);   /* isutcnt */
    p = put32(p, 0);        /* isstdcnt */
    p = put32(p, 0);        /* leapcnt */
    p = put32(p, ntime);
    p = put32(p, ntype);
    return put32(p, nchar);
}

/* v1 file: +01 "AAA" until 1e9, +02 "BBB" until 1.1e9, then "AAA". */
static size_t make_v1(unsigned char *b)
{
    unsigned char *p = header(b, 0, 2, 2, 8);

    p = put32(p, 1000000000);
    p = put32(p, 1100000000);
    *p++ = 1;
    *p++ = 0;
    p = put32(p, 3600);
    *p++ = 0;
    *p++ = 0;
    p = put32(p, 7200);
    *p++ = 1;
    *p++ = 4;
    memcpy(p, "AAA\0BBB\0", 8);
    return (size_t)(p + 8 - b);
}

/* v2 file without transitions: everything comes from the footer. */
static size_t make_v2_footer_only(unsigned char *b)
{
    static const char footer[] = "\nEST5EDT,M3.2.0,M11.1.0\n";
    unsigned char *p = header(b, '2', 0, 1, 4);
    int k;

    for (k = 0; k < 2; k++) {
        p = put32(p, (uint32_t)-18000);
        *p++ = 0;
        *p++ = 0;
        memcpy(p, "EST\0", 4);
        p += 4;
        if (k == 0)
            p = header(p, '2', 0, 1, 4);
    }
    memcpy(p, footer, sizeof footer - 1);
    return (size_t)(p - b) + sizeof footer - 1;
}

static char tzdir[64];

static void write_file(const char *name, const unsigned char *d, size_t n)
{
    char path[128];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", tzdir, name);
    f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fwrite(d, 1, n, f), n);
    fclose(f);
}

static void remove_file(const char *name)
{
    char path[128];

    snprintf(path, sizeof path, "%s/%s", tzdir, name);
    unlink(path);
}

START_TEST(test_tz_synthetic_tzif_versions_and_corruption)
{
    unsigned char b[512];
    size_t n;
    struct fl_tz *tz;
    struct fl_err err;
    int off;
    const char *abbr;
    int64_t utc;

    strcpy(tzdir, "/tmp/check_tz.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tzdir));
    setenv("TZDIR", tzdir, 1);

    write_file("V1", b, make_v1(b));
    tz = load_ok("V1");
    fl_tz_offset_at_utc(tz, 999999999, &off, &abbr);
    ck_assert_int_eq(off, 3600);
    ck_assert_str_eq(abbr, "AAA");
    fl_tz_offset_at_utc(tz, 1000000000, &off, &abbr);
    ck_assert_int_eq(off, 7200);
    ck_assert_str_eq(abbr, "BBB");
    fl_tz_offset_at_utc(tz, 2000000000, &off, &abbr);
    ck_assert_str_eq(abbr, "AAA");
    fl_tz_free(tz);

    write_file("Footer", b, make_v2_footer_only(b));
    tz = load_ok("Footer");
    fl_tz_local_to_utc(tz, wall(2024, 3, 10, 2, 30, 0), &utc);
    ck_assert_int_eq(utc, 1710055800);
    fl_tz_offset_at_utc(tz, 1720108800, &off, &abbr);
    ck_assert_int_eq(off, -4 * 3600);
    ck_assert_str_eq(abbr, "EDT");
    fl_tz_free(tz);

    n = make_v1(b);
    write_file("Short", b, n - 5);
    ck_assert_int_eq(fl_tz_load(&tz, "Short", &err), FL_ERR_CORRUPT);
    ck_assert_ptr_nonnull(strstr(err.msg, "Short"));
    b[44 + 8] = 9;   /* the first transition's type index: out of range */
    write_file("BadIdx", b, n);
    ck_assert_int_eq(fl_tz_load(&tz, "BadIdx", &err), FL_ERR_CORRUPT);
    write_file("Text", (const unsigned char *)"hello world\n", 12);
    ck_assert_int_eq(fl_tz_load(&tz, "Text", &err), FL_ERR_CORRUPT);

    /* Without zoneinfo files UTC still loads; real zones do not. */
    tz = load_ok("UTC");
    fl_tz_offset_at_utc(tz, 0, &off, &abbr);
    ck_assert_int_eq(off, 0);
    ck_assert_str_eq(abbr, "UTC");
    fl_tz_free(tz);
    ck_assert_int_eq(fl_tz_load(&tz, "Europe/Paris", &err), FL_ERR_NOTFOUND);
    ck_assert_ptr_nonnull(strstr(err.msg, tzdir));

    remove_file("V1");
    remove_file("Footer");
    remove_file("Short");
    remove_file("BadIdx");
    remove_file("Text");
    rmdir(tzdir);
    unsetenv("TZDIR");
}
END_TEST

START_TEST(test_tz_null_zone_is_utc)
{
    int64_t utc;
    int off;
    const char *abbr;

    ck_assert_int_eq(fl_tz_local_to_utc(NULL, 1715767200, &utc), FL_OK);
    ck_assert_int_eq(utc, 1715767200);
    ck_assert_int_eq(fl_tz_offset_at_utc(NULL, 1715767200, &off, &abbr), FL_OK);
    ck_assert_int_eq(off, 0);
    ck_assert_str_eq(abbr, "UTC");
    ck_assert_str_eq(fl_tz_name(NULL), "UTC");
    fl_tz_free(NULL);
}
END_TEST

/* fl_tzrule on its own: the rule values and the change instants (from
 * `date -u -d '2024-03-10 07:00 UTC' +%s` and friends). */
START_TEST(test_tzrule_parse_and_changes)
{
    static const struct {
        const char *rule;
        int64_t utc;
        int dst;
    } t[] = {
        {"EST5EDT,M3.2.0,M11.1.0", 1710053999, 0},
        {"EST5EDT,M3.2.0,M11.1.0", 1710054000, 1},
        {"EST5EDT,M3.2.0,M11.1.0", 1730613599, 1},
        {"EST5EDT,M3.2.0,M11.1.0", 1730613600, 0},
        {"EST5EDT", 1710054000, 1},          /* US rule by default */
        {"CET-1CEST,M3.5.0,M10.5.0/3", 1729990799, 1},
        {"CET-1CEST,M3.5.0,M10.5.0/3", 1729990800, 0},
        {"<+0330>-3:30", 1729990800, 0},
    };
    struct fl_tzrule r;
    size_t i;

    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        ck_assert_msg(fl_tzrule_parse(t[i].rule, &r) == 0, "%s", t[i].rule);
        ck_assert_msg(fl_tzrule_isdst(&r, t[i].utc, 0) == t[i].dst,
                      "%s at %lld", t[i].rule, (long long)t[i].utc);
    }
    ck_assert_int_eq(fl_tzrule_parse("CET-1CEST,M3.5.0,M10.5.0/3", &r), 0);
    ck_assert_int_eq(r.std_off, 3600);
    ck_assert_int_eq(r.dst_off, 7200);
    ck_assert_str_eq(r.std_abbr, "CET");
    ck_assert_str_eq(r.dst_abbr, "CEST");
    ck_assert_int_eq(fl_tzrule_parse("<+0330>-3:30", &r), 0);
    ck_assert_int_eq(r.std_off, 3 * 3600 + 1800);
    ck_assert_str_eq(r.std_abbr, "+0330");
    ck_assert_int_eq(fl_tzrule_parse("EST", &r), -1);
    ck_assert_int_eq(fl_tzrule_parse("EST5EDT,M13.1.0,M11.1.0", &r), -1);
    ck_assert_int_eq(fl_tzrule_parse("EST5EDT,M3.2.0", &r), -1);
    ck_assert_int_eq(fl_tzrule_parse("", &r), -1);
}
END_TEST

static Suite *tz_suite(void)
{
    Suite *s = suite_create("tz");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_tz_local_to_utc_gaps_overlaps_and_footer, 0,
                        (int)(sizeof l2u_cases / sizeof l2u_cases[0]));
    tcase_add_loop_test(tc, test_tz_offset_at_utc_matches_zdump, 0,
                        (int)(sizeof off_cases / sizeof off_cases[0]));
    tcase_add_loop_test(tc, test_tz_local_to_utc_inverts_offset_at_utc, 0, 5);
    tcase_add_test(tc, test_tz_unknown_names_are_notfound);
    tcase_add_test(tc, test_tz_fixed_offsets);
    tcase_add_test(tc, test_tz_posix_string_name);
    tcase_add_test(tc, test_tz_abbreviations_zone_first_then_table);
    tcase_add_test(tc, test_tz_abbreviation_is_length_bounded);
    tcase_add_test(tc, test_tz_synthetic_tzif_versions_and_corruption);
    tcase_add_test(tc, test_tz_null_zone_is_utc);
    tcase_add_test(tc, test_tzrule_parse_and_changes);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(tz_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
