/* time.c - timestamp parsing and formatting (see fl_time.h).
 *
 * Invariants: the parsers never allocate and never read outside s[0..n);
 * each style is a small hand-written scanner over a cursor that fills a
 * struct fl_time_civil plus a struct fl_time_zone, and one function
 * (fl_time_resolve) range-checks every field before converting, so no input
 * can overflow the arithmetic.
 * Digits are ASCII only; no locale, no sscanf, no TZ variable.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "time/fl_time.h"
#include "time/fl_tz.h"
#include "time/fl_civil.h"
#include "base/fl_err.h"

/* A read position in [p, e). */
struct cur {
    const char *p, *e;
};

/* Flags for take_time. */
enum {
    HOUR_1DIGIT = 1,  /* " 9:05:01" (MySQL, syslog) */
    SEC_OPTIONAL = 2  /* "10:00" (user input) */
};

static const int32_t pow10_us[7] = {1000000, 100000, 10000, 1000, 100, 10, 1};

static int is_digit(char c)
{
    return (unsigned char)(c - '0') < 10;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_alpha(char c)
{
    return (unsigned char)((c | 0x20) - 'a') < 26;
}

/* Exactly n digits. */
static int take_digits(struct cur *c, int n, unsigned *v)
{
    unsigned x = 0;
    int i;

    if (c->e - c->p < n)
        return 0;
    for (i = 0; i < n; i++) {
        if (!is_digit(c->p[i]))
            return 0;
        x = x * 10 + (unsigned)(c->p[i] - '0');
    }
    c->p += n;
    *v = x;
    return 1;
}

/* One or two digits. */
static int take_1_2_digits(struct cur *c, unsigned *v)
{
    if (c->p < c->e && is_digit(*c->p) && c->e - c->p >= 2 &&
        is_digit(c->p[1]))
        return take_digits(c, 2, v);
    return take_digits(c, 1, v);
}

static int take_char(struct cur *c, char ch)
{
    if (c->p < c->e && *c->p == ch) {
        c->p++;
        return 1;
    }
    return 0;
}

/* Skip blanks; returns how many. */
static size_t skip_blanks(struct cur *c)
{
    const char *start = c->p;

    while (c->p < c->e && is_blank(*c->p))
        c->p++;
    return (size_t)(c->p - start);
}

/* Optional ".ddd" or ",ddd": keep `keep` digits (6 for a fraction of a
 * second, 3 for a fraction of a millisecond) as microseconds, drop the
 * rest.  0 only for a separator without digits. */
static int take_frac(struct cur *c, int keep, int32_t *us)
{
    int32_t v = 0;
    int n = 0;

    *us = 0;
    if (c->p >= c->e || (*c->p != '.' && *c->p != ','))
        return 1;
    if (c->e - c->p < 2 || !is_digit(c->p[1]))
        return 0;
    for (c->p++; c->p < c->e && is_digit(*c->p); c->p++, n++)
        if (n < keep)
            v = v * 10 + (*c->p - '0');
    *us = v * pow10_us[(n < keep ? n : keep) + 6 - keep];
    return 1;
}

/* "HH:MM:SS[.frac]" (see the flags). */
static int take_time(struct cur *c, struct fl_time_civil *t, int flags)
{
    int ok = (flags & HOUR_1DIGIT) ? take_1_2_digits(c, &t->h)
                                   : take_digits(c, 2, &t->h);

    if (!ok || !take_char(c, ':') || !take_digits(c, 2, &t->mi))
        return 0;
    t->s = 0;
    t->us = 0;
    if (!take_char(c, ':'))
        return (flags & SEC_OPTIONAL) != 0;
    return take_digits(c, 2, &t->s) && take_frac(c, 6, &t->us);
}

/* "YYYY-MM-DD". */
static int take_date(struct cur *c, struct fl_time_civil *t)
{
    unsigned y;

    if (!take_digits(c, 4, &y) || !take_char(c, '-') ||
        !take_digits(c, 2, &t->mo) || !take_char(c, '-') ||
        !take_digits(c, 2, &t->d))
        return 0;
    t->y = (int)y;
    return 1;
}

/* "T", "t" or one or more blanks between date and time. */
static int take_date_sep(struct cur *c)
{
    if (c->p < c->e && (*c->p == 'T' || *c->p == 't')) {
        c->p++;
        return 1;
    }
    return skip_blanks(c) > 0;
}

/* "+HH", "+HHMM", "+HH:MM" (or '-') after the sign at c->p. */
static int take_offset(struct cur *c, struct fl_time_zone *z)
{
    int sign = *c->p++ == '-' ? -1 : 1;
    unsigned h, m = 0;

    if (!take_digits(c, 2, &h))
        return 0;
    if (take_char(c, ':')) {
        if (!take_digits(c, 2, &m))
            return 0;
    } else if (c->p < c->e && is_digit(*c->p) && !take_digits(c, 2, &m)) {
        return 0;
    }
    if (h > 23 || m > 59)
        return 0;
    z->kind = FL_TZK_OFFSET;
    z->off = sign * (int)(h * 3600 + m * 60);
    return 1;
}

/* An optional zone, then only blanks to the end. */
static int take_zone(struct cur *c, struct fl_time_zone *z)
{
    z->kind = FL_TZK_NONE;
    skip_blanks(c);
    if (c->p < c->e) {
        if (*c->p == '+' || *c->p == '-') {
            if (!take_offset(c, z))
                return 0;
        } else if (is_alpha(*c->p)) {
            z->abbr = c->p;
            while (c->p < c->e && is_alpha(*c->p))
                c->p++;
            z->n = (size_t)(c->p - z->abbr);
            z->kind = FL_TZK_ABBR;
            if (z->n == 1 && (*z->abbr == 'Z' || *z->abbr == 'z')) {
                z->kind = FL_TZK_OFFSET;
                z->off = 0;
            }
        }
    }
    skip_blanks(c);
    return c->p == c->e;
}

int fl_time_resolve(const struct fl_time_civil *t,
                    const struct fl_time_zone *z, const struct fl_tz *tz,
                    int64_t *us)
{
    int64_t local, utc;
    int off;

    if (t->mo < 1 || t->mo > 12 || t->d < 1 ||
        t->d > fl_civil_month_days(t->y, t->mo) || t->h > 23 || t->mi > 59 ||
        t->s > 60)
        return FL_ERR_PARSE;
    local = fl_civil_days(t->y, t->mo, t->d) * 86400 +
            t->h * 3600 + t->mi * 60 + t->s;
    if (z->kind == FL_TZK_OFFSET) {
        utc = local - z->off;
    } else if (z->kind == FL_TZK_ABBR) {
        if (fl_tz_abbrev_offset(tz, z->abbr, z->n, &off) != FL_OK)
            return FL_ERR_PARSE;
        utc = local - off;
    } else {
        fl_tz_local_to_utc(tz, local, &utc);
    }
    *us = utc * 1000000 + t->us;
    return FL_OK;
}

/* ---- the styles ------------------------------------------------------ */

static int scan_iso(struct cur *c, struct fl_time_civil *t, struct fl_time_zone *z)
{
    return take_date(c, t) && take_date_sep(c) && take_time(c, t, 0) &&
           take_zone(c, z);
}

/* "YYMMDD H:MM:SS" / "YYMMDD HH:MM:SS" with one or more blanks. */
static int scan_mysql(struct cur *c, struct fl_time_civil *t, struct fl_time_zone *z)
{
    unsigned yy;

    if (!take_digits(c, 2, &yy) || !take_digits(c, 2, &t->mo) ||
        !take_digits(c, 2, &t->d) || !skip_blanks(c))
        return 0;
    t->y = (int)(yy < 70 ? 2000 + yy : 1900 + yy);
    return take_time(c, t, HOUR_1DIGIT) && take_zone(c, z);
}

/* "Mon D HH:MM:SS" with the day space- or zero-padded. */
static int scan_syslog(struct cur *c, struct fl_time_civil *t, struct fl_time_zone *z)
{
    static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    char m[3];
    int i;

    if (c->e - c->p < 3)
        return 0;
    for (i = 0; i < 3; i++)
        m[i] = (char)(c->p[i] | 0x20);
    for (i = 0; i < 12 && memcmp(months + 3 * i, m, 3); i++)
        ;
    if (i == 12)
        return 0;
    t->mo = (unsigned)i + 1;
    c->p += 3;
    return skip_blanks(c) && take_1_2_digits(c, &t->d) && skip_blanks(c) &&
           take_time(c, t, HOUR_1DIGIT) && take_zone(c, z);
}

/* "[-]digits[.frac]" in units of `unit_us` microseconds (1000000 for
 * seconds, 1000 for milliseconds), then only blanks. */
static int scan_epoch(struct cur *c, int64_t unit_us, int64_t *us)
{
    int neg = take_char(c, '-');
    int64_t v = 0;
    int32_t frac;
    int n = 0;

    while (c->p < c->e && is_digit(*c->p)) {
        if (++n > 16)
            return 0;
        v = v * 10 + (*c->p++ - '0');
    }
    if (!n || v > INT64_MAX / unit_us - 1 ||
        !take_frac(c, unit_us == 1000 ? 3 : 6, &frac))
        return 0;
    skip_blanks(c);
    if (c->p != c->e)
        return 0;
    v = v * unit_us + frac;
    *us = neg ? -v : v;
    return 1;
}

int fl_time_parse(const char *s, size_t n, enum fl_time_style style,
                  const struct fl_time_ctx *ctx, int64_t *us)
{
    struct cur c = {s, s + n};
    struct fl_time_civil t;
    struct fl_time_zone z;
    const struct fl_tz *tz = ctx ? ctx->tz : NULL;
    int ok;

    skip_blanks(&c);
    switch (style) {
    case FL_TIME_ISO:
        ok = scan_iso(&c, &t, &z);
        break;
    case FL_TIME_MYSQL:
        ok = scan_mysql(&c, &t, &z);
        break;
    case FL_TIME_SYSLOG:
        if (!ctx || ctx->year_hint == 0)
            return FL_ERR_USAGE;
        t.y = ctx->year_hint;
        ok = scan_syslog(&c, &t, &z);
        break;
    case FL_TIME_EPOCH:
        return scan_epoch(&c, 1000000, us) ? FL_OK : FL_ERR_PARSE;
    case FL_TIME_EPOCH_MS:
        return scan_epoch(&c, 1000, us) ? FL_OK : FL_ERR_PARSE;
    default:
        return FL_ERR_USAGE;
    }
    return ok ? fl_time_resolve(&t, &z, tz, us) : FL_ERR_PARSE;
}

int fl_time_parse_user(const char *s, const struct fl_tz *tz, int64_t *us)
{
    struct cur c = {s, s + strlen(s)};
    struct fl_time_civil t;
    struct fl_time_zone z = {FL_TZK_NONE, 0, NULL, 0};
    const char *date_end;

    skip_blanks(&c);
    if (take_char(&c, '@'))
        return scan_epoch(&c, 1000000, us) ? FL_OK : FL_ERR_PARSE;
    if (!take_date(&c, &t))
        return FL_ERR_PARSE;
    t.h = t.mi = t.s = 0;
    t.us = 0;
    date_end = c.p;
    skip_blanks(&c);
    if (c.p < c.e) {
        c.p = date_end;
        if (!take_date_sep(&c) || !take_time(&c, &t, SEC_OPTIONAL) ||
            !take_zone(&c, &z))
            return FL_ERR_PARSE;
    }
    return fl_time_resolve(&t, &z, tz, us);
}

/* ---- styles by name -------------------------------------------------- */

static const char *const style_names[] = {"iso", "mysql", "syslog", "epoch",
                                          "epoch_ms"};

int fl_time_style_parse(const char *name)
{
    int i;

    for (i = 0; i < (int)(sizeof style_names / sizeof style_names[0]); i++)
        if (!strcmp(name, style_names[i]))
            return i;
    return -1;
}

const char *fl_time_style_name(int style)
{
    if (style < 0 || style >= (int)(sizeof style_names / sizeof style_names[0]))
        return "?";
    return style_names[style];
}

/* ---- formatting ------------------------------------------------------ */

static char *put2(char *p, unsigned v)
{
    p[0] = (char)('0' + v / 10 % 10);
    p[1] = (char)('0' + v % 10);
    return p + 2;
}

/* "YYYY-MM-DD<sep>HH:MM:SS" for secs; returns the end. */
static char *put_civil(char *p, int64_t secs, char sep)
{
    int64_t days = fl_civil_floor_div(secs, 86400), sod = secs - days * 86400;
    int y;
    unsigned m, d;

    fl_civil_from_days(days, &y, &m, &d);
    if (y >= 0 && y <= 9999)
        p = put2(put2(p, (unsigned)y / 100), (unsigned)y % 100);
    else
        p += sprintf(p, "%d", y);
    *p++ = '-';
    p = put2(p, m);
    *p++ = '-';
    p = put2(p, d);
    *p++ = sep;
    p = put2(p, (unsigned)(sod / 3600));
    *p++ = ':';
    p = put2(p, (unsigned)(sod / 60 % 60));
    *p++ = ':';
    return put2(p, (unsigned)(sod % 60));
}

/* Copy tmp[0..len) to buf if it fits (see the return convention). */
static size_t deliver(const char *tmp, size_t len, char *buf, size_t n)
{
    if (len >= n) {
        if (n)
            buf[0] = '\0';
        return 0;
    }
    memcpy(buf, tmp, len);
    buf[len] = '\0';
    return len;
}

size_t fl_time_format_rfc3339(int64_t us, char *buf, size_t n)
{
    char tmp[FL_TIME_BUFSZ], *p;
    int64_t secs = fl_civil_floor_div(us, 1000000);
    unsigned frac = (unsigned)(us - secs * 1000000);

    p = put_civil(tmp, secs, 'T');
    *p++ = '.';
    p = put2(put2(put2(p, frac / 10000), frac / 100 % 100), frac % 100);
    *p++ = 'Z';
    return deliver(tmp, (size_t)(p - tmp), buf, n);
}

size_t fl_time_format_zone(int64_t us, const struct fl_tz *tz, char *buf,
                           size_t n)
{
    char tmp[FL_TIME_BUFSZ], *p;
    int64_t secs = fl_civil_floor_div(us, 1000000);
    const char *abbr = NULL;
    int off = 0;
    size_t alen;

    fl_tz_offset_at_utc(tz, secs, &off, &abbr);
    p = put_civil(tmp, secs + off, ' ');
    *p++ = ' ';
    alen = abbr ? strlen(abbr) : 0;
    if (alen && alen < 20) {
        memcpy(p, abbr, alen);
        p += alen;
    } else {
        *p++ = off < 0 ? '-' : '+';
        off = off < 0 ? -off : off;
        p = put2(p, (unsigned)(off / 3600));
        *p++ = ':';
        p = put2(p, (unsigned)(off / 60 % 60));
    }
    return deliver(tmp, (size_t)(p - tmp), buf, n);
}

/* ---- calendar (kept for callers of the old names) --------------------- */

int64_t fl_time_days_from_civil(int y, unsigned m, unsigned d)
{
    return fl_civil_days(y, m, d);
}

void fl_time_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
    fl_civil_from_days(z, y, m, d);
}
