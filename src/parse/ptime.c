/* ptime.c - numbers and times of a parsed entry: scaled decimals
 * (durations in s/ms/us), the entry's time from the format's time specs.
 *
 * Invariants: a time text is read by the first time spec whose field is
 * present and readable; ISO and MySQL times are cached per parser keyed by
 * the text without its fraction (consecutive lines share the second), times
 * read by a layout keyed by their whole text and the layout, so the cache
 * only ever returns what fl_time_parse / fl_layout_parse would.  Unreadable times are
 * counted in bad_time and reported, never fatal.
 */
#include <string.h>

#include "parse/fl_parse_int.h"
#include "time/fl_time.h"
#include "time/fl_layout.h"

static bool scaled_plain(const char *s, size_t n, int scale, int64_t *out)
{
    int64_t v = 0;
    size_t i = 0;
    int frac = -1, round = 0;

    if (!n)
        return false;
    for (; i < n; i++) {
        char c = s[i];
        if (c == '.' && frac < 0) {
            frac = 0;
            continue;
        }
        if (c < '0' || c > '9' || v > INT64_MAX / 20)
            return false;
        if (frac >= scale) {
            if (frac == scale)
                round = c >= '5';
            frac++;
            continue;
        }
        v = v * 10 + (c - '0');
        if (frac >= 0)
            frac++;
    }
    for (int k = frac < 0 ? 0 : frac; k < scale; k++) {
        if (v > INT64_MAX / 10 - 1)
            return false;
        v *= 10;
    }
    *out = v + round;
    return true;
}

/* A decimal with an exponent, as JSON writers may print small durations
 * (Python's 1.6e-05 s): the exponent moves the scale; bounded. */
bool fl_ptime_scaled(const char *s, size_t n, int scale, int64_t *out)
{
    const char *e = memchr(s, 'e', n);
    int x = 0, sign = 1;
    size_t m, i;
    int64_t v, p = 1;

    if (!e)
        e = memchr(s, 'E', n);
    if (!e)
        return scaled_plain(s, n, scale, out);
    m = (size_t)(e - s);
    i = m + 1;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        sign = s[i++] == '-' ? -1 : 1;
    if (i == n)
        return false;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9' || x > 18)
            return false;
        x = x * 10 + (s[i] - '0');
    }
    x = scale + sign * x;
    if (x > 18)
        return false;
    if (x >= 0)
        return scaled_plain(s, m, x, out);
    if (x < -18 || !scaled_plain(s, m, 0, &v))
        return false;
    for (int k = 0; k < -x; k++)
        p *= 10;
    *out = (v + p / 2) / p;
    return true;
}

int64_t fl_ptime_field(const struct fl_entry *e, int fid, int scale)
{
    int64_t v;
    if (!fl_entry_has(e, fid))
        return -1;
    return fl_ptime_scaled(fl_entry_ptr(e, fid), e->slots[fid].len, scale,
                           &v) ? v : -1;
}

/* Position and length of the fraction digits in a time text, if any. */
static bool split_fraction(const char *s, size_t n, size_t *at, size_t *len)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9' && i >= 5 &&
            s[i - 1] >= '0' && s[i - 1] <= '9') {
            size_t j = i + 1;
            while (j < n && s[j] >= '0' && s[j] <= '9')
                j++;
            *at = i;
            *len = j - i;
            return true;
        }
    return false;
}

/* Parse a time by a layout, reusing the previous result when the text is
 * the same (access logs write many requests per second). */
static int parse_layout(struct fl_parser *p, const char *s, size_t n,
                        const struct fl_timespec *ts,
                        const struct fl_time_ctx *ctx, int64_t *us)
{
    struct fl_timecache *tc = &p->tc;
    int rc;

    if (tc->valid && tc->layout == ts->layout && tc->keylen == n &&
        memcmp(tc->key, s, n) == 0) {
        *us = tc->base_us;
        return FL_OK;
    }
    rc = fl_layout_parse(ts->layout, s, n, ctx, us);
    if (rc == FL_OK && n <= sizeof tc->key) {
        memcpy(tc->key, s, n);
        tc->keylen = n;
        tc->layout = ts->layout;
        tc->base_us = *us;
        tc->valid = true;
    }
    return rc;
}

/* Parse a time, reusing the previous result when only the fraction of a
 * second differs (consecutive log lines nearly always share the second). */
static int parse_time(struct fl_parser *p, const char *s, size_t n,
                      const struct fl_timespec *ts, int64_t *us)
{
    struct fl_time_ctx ctx = { p->o ? p->o->tz : NULL,
                               p->o ? p->o->year_hint : 0 };
    struct fl_timecache *tc = &p->tc;
    size_t at = n, flen = 0, keylen;
    int64_t frac = 0;
    int rc, style = ts->style;

    if (ts->layout)
        return parse_layout(p, s, n, ts, &ctx, us);
    if (style != FL_TIME_ISO && style != FL_TIME_MYSQL)
        return fl_time_parse(s, n, style, &ctx, us);
    if (split_fraction(s, n, &at, &flen)) {
        if (!fl_ptime_scaled(s + at, flen, 6, &frac))
            frac = 0;
    }
    keylen = n - flen;
    if (keylen <= sizeof tc->key && tc->valid && !tc->layout &&
        tc->style == style &&
        tc->keylen == keylen && memcmp(tc->key, s, at) == 0 &&
        memcmp(tc->key + at, s + at + flen, n - at - flen) == 0) {
        *us = tc->base_us + frac;
        return FL_OK;
    }
    rc = fl_time_parse(s, n, style, &ctx, us);
    if (rc == FL_OK && keylen <= sizeof tc->key) {
        memcpy(tc->key, s, at);
        memcpy(tc->key + at, s + at + flen, n - at - flen);
        tc->keylen = keylen;
        tc->style = style;
        tc->layout = NULL;
        tc->base_us = *us - frac;
        tc->valid = true;
    }
    return rc;
}

/* A time field was present but no time spec could read it: count it and
 * tell the caller about the first failing field. */
static void bad_time(struct fl_parser *p, const struct fl_entry *e,
                     const struct fl_timespec *ts)
{
    if (!p->st.bad_time++)
        p->st.bad_time_line = e->line;
    if (p->bad_time)
        p->bad_time(p->bad_time_ctx, e->line, fl_entry_ptr(e, ts->field),
                    e->slots[ts->field].len, ts);
}

/* A MySQL slow log writes both '# Time:' (the server's local time, no
 * zone) and 'SET timestamp=' (epoch, UTC): without --tz, the first entry
 * with both tells the server's offset (rounded to 15 minutes, at most 14
 * hours), used for the file's zone-less times and reported. */
static int64_t zone_guess(struct fl_parser *p, const struct fl_entry *e,
                          int64_t local_us)
{
    const struct fl_format *f = p->f;
    const int64_t q = 900 * 1000000LL;

    if (p->zone_tried || (p->o && p->o->tz))
        return p->zone_off_us;
    for (size_t i = 0; i < f->ntimes; i++) {
        int fid = f->times[i].field;
        int64_t ep, d, off;
        if (f->times[i].layout || f->times[i].style != FL_TIME_EPOCH ||
            !fl_entry_has(e, fid) || !e->slots[fid].len ||
            fl_time_parse(fl_entry_ptr(e, fid), e->slots[fid].len,
                          FL_TIME_EPOCH, NULL, &ep) != FL_OK)
            continue;
        p->zone_tried = true;
        d = local_us - ep;
        off = (d >= 0 ? (d + q / 2) / q : -((-d + q / 2) / q)) * q;
        if (off && off >= -14 * 3600 * 1000000LL &&
            off <= 14 * 3600 * 1000000LL) {
            p->zone_off_us = off;
            p->st.zone_learned = true;
            p->st.zone_offset_s = off / 1000000;
        }
        break;
    }
    if (!p->zone_tried && p->o && p->o->has_zone_hint) {
        p->zone_tried = true;
        p->zone_off_us = p->o->zone_hint_us;
        p->st.zone_hinted = p->zone_off_us != 0;
        p->st.zone_offset_s = p->zone_off_us / 1000000;
    }
    return p->zone_off_us;
}

int64_t fl_ptime_entry(struct fl_parser *p, const struct fl_entry *e)
{
    const struct fl_format *f = p->f;
    const struct fl_timespec *failed = NULL;
    int64_t us;

    for (size_t i = 0; i < f->ntimes; i++) {
        int fid = f->times[i].field;
        if (!fl_entry_has(e, fid) || !e->slots[fid].len)
            continue;
        if (parse_time(p, fl_entry_ptr(e, fid), e->slots[fid].len,
                       &f->times[i], &us) == FL_OK) {
            size_t at, len;
            if (f->times[i].style == FL_TIME_MYSQL && !f->times[i].layout)
                us -= zone_guess(p, e, us);
            p->last_time = us;
            p->time_coarse = p->ends_timed &&
                             f->times[i].style != FL_TIME_EPOCH_MS &&
                             !split_fraction(fl_entry_ptr(e, fid),
                                             e->slots[fid].len, &at, &len);
            return us;
        }
        if (!failed)
            failed = &f->times[i];
    }
    if (failed)
        bad_time(p, e, failed);
    return f->time_inherit ? p->last_time : INT64_MIN;
}
