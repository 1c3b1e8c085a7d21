/* tzrule.c - POSIX TZ rules such as "CET-1CEST,M3.5.0,M10.5.0/3" (see
 * fl_tzrule.h): parsing, and whether daylight time is in effect.
 *
 * Invariants: a parsed rule's abbreviations are NUL-terminated and at least
 * 3 characters; change days are range-checked at parse time (month 1..12,
 * week 1..5, weekday 0..6, Julian day 1..365 or 0..365), so fl_tzrule_isdst
 * needs no checks.  Calendar maths is fl_civil's.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include "time/fl_tzrule.h"
#include "time/fl_civil.h"

static int year_of(int64_t secs)
{
    int y;
    unsigned m, d;
    fl_civil_from_days(fl_civil_floor_div(secs, 86400), &y, &m, &d);
    return y;
}

/* "EST" or "<+0330>"; the name is stored without the brackets. */
static const char *parse_abbr(const char *p, char *out)
{
    size_t n = 0;

    if (*p == '<') {
        for (p++; *p && *p != '>'; p++) {
            if (n + 1 >= FL_TZ_ABBR_MAX ||
                !(isalnum((unsigned char)*p) || *p == '+' || *p == '-'))
                return NULL;
            out[n++] = *p;
        }
        if (*p++ != '>')
            return NULL;
    } else {
        for (; isalpha((unsigned char)*p); p++) {
            if (n + 1 >= FL_TZ_ABBR_MAX)
                return NULL;
            out[n++] = *p;
        }
    }
    out[n] = '\0';
    return n >= 3 ? p : NULL;
}

static const char *parse_num(const char *p, int max, int *v)
{
    int n = 0, digits = 0;

    while (*p >= '0' && *p <= '9' && digits < 3) {
        n = n * 10 + (*p++ - '0');
        digits++;
    }
    if (!digits || n > max)
        return NULL;
    *v = n;
    return p;
}

/* [+-]h[h[h]][:mm[:ss]] -> seconds; hours up to max_h. */
static const char *parse_hms(const char *p, int max_h, int32_t *secs)
{
    int sign = 1, h, m = 0, s = 0;

    if (*p == '+' || *p == '-')
        sign = *p++ == '-' ? -1 : 1;
    if (!(p = parse_num(p, max_h, &h)))
        return NULL;
    if (*p == ':' && !(p = parse_num(p + 1, 59, &m)))
        return NULL;
    if (*p == ':' && !(p = parse_num(p + 1, 59, &s)))
        return NULL;
    *secs = sign * (h * 3600 + m * 60 + s);
    return p;
}

/* "Jn", "n" or "Mm.w.d", then an optional "/time". */
static const char *parse_rule_day(const char *p, struct fl_tzrule_day *d)
{
    d->secs = 7200;
    if (*p == 'M') {
        d->kind = 'M';
        if (!(p = parse_num(p + 1, 12, &d->mon)) || d->mon < 1 || *p != '.' ||
            !(p = parse_num(p + 1, 5, &d->week)) || d->week < 1 ||
            *p != '.' || !(p = parse_num(p + 1, 6, &d->wday)))
            return NULL;
    } else if (*p == 'J') {
        d->kind = 'J';
        if (!(p = parse_num(p + 1, 365, &d->n)) || d->n < 1)
            return NULL;
    } else {
        d->kind = 'N';
        if (!(p = parse_num(p, 365, &d->n)))
            return NULL;
    }
    if (*p == '/')
        p = parse_hms(p + 1, 167, &d->secs);
    return p;
}

int fl_tzrule_parse(const char *s, struct fl_tzrule *r)
{
    const char *p = s;
    int32_t off;

    memset(r, 0, sizeof *r);
    if (!(p = parse_abbr(p, r->std_abbr)) || !(p = parse_hms(p, 24, &off)))
        return -1;
    r->std_off = r->dst_off = -off;
    if (!*p)
        return 0;
    if (!(p = parse_abbr(p, r->dst_abbr)))
        return -1;
    r->has_dst = 1;
    r->dst_off = r->std_off + 3600;
    if (*p && *p != ',') {
        if (!(p = parse_hms(p, 24, &off)))
            return -1;
        r->dst_off = -off;
    }
    if (!*p) /* no rule: the US one, as glibc does without posixrules */
        p = ",M3.2.0,M11.1.0";
    if (*p != ',' || !(p = parse_rule_day(p + 1, &r->start)) || *p != ',' ||
        !(p = parse_rule_day(p + 1, &r->end)))
        return -1;
    return *p ? -1 : 0;
}

/* Days since the epoch of a rule's change day in year y. */
static int64_t rule_day_number(const struct fl_tzrule_day *d, int y)
{
    int64_t jan1 = fl_civil_days(y, 1, 1), first, day;
    unsigned mdays;

    if (d->kind == 'J')
        return jan1 + d->n - 1 + (fl_civil_is_leap(y) && d->n >= 60);
    if (d->kind == 'N')
        return jan1 + d->n;
    first = fl_civil_days(y, (unsigned)d->mon, 1);
    day = first + (d->wday - fl_civil_weekday(first) + 7) % 7 + (d->week - 1) * 7;
    mdays = fl_civil_month_days(y, (unsigned)d->mon);
    while (day >= first + mdays)
        day -= 7;
    return day;
}

int fl_tzrule_isdst(const struct fl_tzrule *r, int64_t t, int is_local)
{
    int64_t best = INT64_MIN, s, e, shift = 0;
    int dst = 0, y, k;

    if (!r->has_dst)
        return 0;
    if (is_local)
        shift = r->std_off > r->dst_off ? r->std_off : r->dst_off;
    y = year_of(is_local ? t : t + r->std_off);
    for (k = -1; k <= 1; k++) {
        s = rule_day_number(&r->start, y + k) * 86400 + r->start.secs -
            r->std_off + shift;
        e = rule_day_number(&r->end, y + k) * 86400 + r->end.secs -
            r->dst_off + shift;
        if (e <= t && e > best) {
            best = e;
            dst = 0;
        }
        if (s <= t && s >= best) { /* a tie means DST all year */
            best = s;
            dst = 1;
        }
    }
    return dst;
}
