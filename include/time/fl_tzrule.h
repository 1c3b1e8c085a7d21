/* fl_tzrule.h - POSIX TZ rules ("EST5EDT,M3.2.0,M11.1.0", "<+0330>-3:30"):
 * the rule strings of TZ variables and of TZif v2+ footers (RFC 9636).
 *
 * A rule is a plain value: parse it once, then ask whether daylight time
 * is in effect at an instant.  No allocation, no state.  Offsets are
 * seconds east of UTC (the everyday sign, not the inverted POSIX one).
 */
#ifndef FL_TZRULE_H
#define FL_TZRULE_H

#include <stdint.h>

/* Longest zone abbreviation kept, including its NUL. */
#define FL_TZ_ABBR_MAX 16

/* The day of a rule change and the local time it happens. */
struct fl_tzrule_day {
    char kind;           /* 'J' (1..365, no Feb 29), 'N' (0..365), 'M' */
    int n;               /* day for 'J' / 'N' */
    int mon, week, wday; /* for 'M': month 1..12, week 1..5, weekday 0..6 */
    int32_t secs;        /* local time of the change; may be < 0 or > 24h */
};

/* A parsed rule. */
struct fl_tzrule {
    int32_t std_off, dst_off;  /* seconds east of UTC */
    char std_abbr[FL_TZ_ABBR_MAX], dst_abbr[FL_TZ_ABBR_MAX];
    int has_dst;               /* 0: std_off all year */
    struct fl_tzrule_day start, end; /* start/end of DST, when has_dst */
};

/* Parse the NUL-terminated rule s into *r.  A rule with a daylight name
 * but no change dates takes the US rule (",M3.2.0,M11.1.0"), as glibc does
 * without posixrules.  Returns 0 on success, -1 if s is not a rule (*r is
 * then unspecified). */
int fl_tzrule_parse(const char *s, struct fl_tzrule *r);

/* Whether daylight time is in effect at t (1) or not (0).  t is UTC
 * seconds, or with is_local a wall-clock time counted as if UTC; then each
 * change counts from its local key (change + the larger offset), which
 * reads gaps and overlaps with the offset in effect before the change. */
int fl_tzrule_isdst(const struct fl_tzrule *r, int64_t t, int is_local);

#endif
