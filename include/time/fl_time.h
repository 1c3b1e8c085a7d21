/* fl_time.h - log timestamps: parse the forms databases write into UTC
 * microseconds and format them back.
 *
 * Every time inside faultline is an int64_t count of microseconds since
 * 1970-01-01T00:00:00Z (leap seconds ignored).  The parsers run once per
 * log line, so they are hand-written: no allocation, no sscanf, no locale,
 * no TZ environment variable.  Calendar maths is fl_civil's; zones are
 * fl_tz's (time depends on tz and civil, tz on civil only).
 */
#ifndef FL_TIME_H
#define FL_TIME_H

#include <stddef.h>
#include <stdint.h>

struct fl_tz;

/* How a timestamp field is written. */
enum fl_time_style {
    FL_TIME_ISO,      /* 2024-05-15 10:00:00[.frac][ zone], or with 'T' */
    FL_TIME_MYSQL,    /* 240515 10:00:00[.frac]  (YYMMDD, hour may be 1 digit) */
    FL_TIME_SYSLOG,   /* May 15 10:00:00 (no year: see year_hint) */
    FL_TIME_EPOCH,    /* 1715767200[.frac] seconds */
    FL_TIME_EPOCH_MS  /* 1715767200123[.frac] milliseconds */
};

/* A broken-down wall-clock time as read from the input (not range-checked
 * until fl_time_resolve). */
struct fl_time_civil {
    int y;                  /* year */
    unsigned mo, d;         /* month 1..12, day 1..31 */
    unsigned h, mi, s;      /* hour 0..23, minute 0..59, second 0..60 */
    int32_t us;             /* fraction of the second, 0..999999 */
};

/* What kind of zone was written after a time. */
enum fl_time_zone_kind { FL_TZK_NONE, FL_TZK_OFFSET, FL_TZK_ABBR };

/* The zone written with a time, if any. */
struct fl_time_zone {
    int kind;               /* enum fl_time_zone_kind */
    int off;                /* FL_TZK_OFFSET: seconds east of UTC */
    const char *abbr;       /* FL_TZK_ABBR: borrowed from the input */
    size_t n;               /* FL_TZK_ABBR: length of abbr */
};

/* Buffer size that always suffices for the fl_time_format_* functions. */
#define FL_TIME_BUFSZ 64

/* Context for fl_time_parse (all fields borrowed, read-only). */
struct fl_time_ctx {
    const struct fl_tz *tz; /* zone of zone-less times and the first place
                               abbreviations are looked up; NULL = UTC */
    int year_hint;          /* year for FL_TIME_SYSLOG times, which carry
                               none; the caller must set it (e.g. from the
                               file's mtime) - 0 makes syslog parsing fail
                               with FL_ERR_USAGE.  Ignored by other styles. */
};

/* The style called `name` ("iso", "mysql", "syslog", "epoch", "epoch_ms"),
 * or -1 if unknown. */
int fl_time_style_parse(const char *name);

/* The name of a style (static), or "?" for an invalid value. */
const char *fl_time_style_name(int style);

/* Parse s[0..n) (need not be NUL-terminated) written in `style` into UTC
 * microseconds *us.  Leading/trailing blanks are ignored.  Fractions of a
 * second beyond microseconds are truncated.  ISO, MYSQL and SYSLOG times
 * may end in a zone: 'Z', a numeric offset ("+02:00", "+0530", "+05"),
 * which wins over ctx->tz, or an abbreviation resolved with
 * fl_tz_abbrev_offset(ctx->tz, ...).  A zone-less time is local time in
 * ctx->tz (see fl_tz_local_to_utc for gaps and overlaps); UTC when ctx or
 * ctx->tz is NULL.  MYSQL two-digit years are 2000-2069 for 00-69 and
 * 1970-1999 for 70-99.
 * Returns FL_OK, FL_ERR_PARSE (malformed, out-of-range field or unknown
 * abbreviation; *us untouched) or FL_ERR_USAGE (SYSLOG without a
 * year_hint, or an unknown style).  Never allocates. */
int fl_time_parse(const char *s, size_t n, enum fl_time_style style,
                  const struct fl_time_ctx *ctx, int64_t *us);

/* Range-check t (month, day of that month, hour, minute, second up to a
 * leap 60) and convert it to UTC microseconds *us: with z's numeric
 * offset, with z's abbreviation resolved by fl_tz_abbrev_offset(tz, ...),
 * or, when z->kind is FL_TZK_NONE, as local time in tz (UTC if NULL; see
 * fl_tz_local_to_utc for gaps and overlaps).  Shared by every time parser
 * (styles here, layouts in fl_layout) so the rules are written once.
 * Returns FL_OK, or FL_ERR_PARSE (a field out of range or an unknown
 * abbreviation; *us untouched).  Never allocates. */
int fl_time_resolve(const struct fl_time_civil *t,
                    const struct fl_time_zone *z, const struct fl_tz *tz,
                    int64_t *us);

/* Parse a user-supplied time (--since/--until), NUL-terminated:
 *   "@1715767200[.frac]"             epoch seconds
 *   "YYYY-MM-DD"                     midnight
 *   "YYYY-MM-DD HH:MM[:SS[.frac]]"   with ' ' or 'T' between date and time
 * each optionally followed by a zone as in fl_time_parse (so RFC 3339 is
 * accepted).  Zone-less times are local in tz (UTC if NULL).
 * Returns FL_OK or FL_ERR_PARSE. */
int fl_time_parse_user(const char *s, const struct fl_tz *tz, int64_t *us);

/* Write us as RFC 3339 UTC with 6 fraction digits, e.g.
 * "2024-05-15T10:00:00.123456Z", NUL-terminated, into buf of size n.
 * Returns the length written (without the NUL), or 0 if n is too small
 * (buf is then "" when n > 0).  FL_TIME_BUFSZ is always enough. */
size_t fl_time_format_rfc3339(int64_t us, char *buf, size_t n);

/* Write us as local time in tz, whole seconds, with the zone abbreviation
 * (or numeric offset "+05:30" when the zone has none), e.g.
 * "2024-05-15 06:00:00 EDT".  tz NULL = UTC ("... UTC").  Same return
 * convention as fl_time_format_rfc3339. */
size_t fl_time_format_zone(int64_t us, const struct fl_tz *tz, char *buf,
                           size_t n);

/* Same as fl_civil_days (fl_civil.h), kept for existing callers. */
int64_t fl_time_days_from_civil(int y, unsigned m, unsigned d);

/* Same as fl_civil_from_days (fl_civil.h), kept for existing callers. */
void fl_time_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);

#endif
