/* fl_tz.h - time zones without global state: IANA zones read from TZif
 * files, fixed UTC offsets and POSIX TZ rules, plus zone abbreviations.
 *
 * Nothing here touches the TZ environment variable, tzset() or localtime();
 * every conversion goes through a loaded struct fl_tz, so several zones can
 * be used at once and results never depend on the machine's zone.
 * A loaded zone is immutable: all lookups take a const pointer, never
 * allocate, and may be called concurrently.  Times are whole seconds since
 * the Unix epoch (leap seconds ignored, as POSIX does); offsets are seconds
 * east of UTC (New York in winter is -18000).
 */
#ifndef FL_TZ_H
#define FL_TZ_H

#include <stddef.h>
#include <stdint.h>
#include "base/fl_err.h"

struct fl_tz;

/* Load the zone `name` into *out (owned by the caller; free with
 * fl_tz_free).  Accepted names, tried in this order:
 *   - fixed offsets: "+05:00", "-0330", "+05", "+5", and the same after
 *     "UTC" or "GMT" ("UTC+5", "GMT-03:30").  These use the everyday sign
 *     (UTC+5 is five hours east), NOT the inverted POSIX sign of the
 *     IANA "Etc/GMT+5" files, which are loaded as files like any zone;
 *   - IANA names ("America/New_York", "Europe/Paris", "UTC",
 *     "Etc/GMT+5"), read as TZif v1/v2/v3 from $TZDIR, else
 *     /usr/share/zoneinfo.  The 64-bit data is used when present and the
 *     footer's POSIX TZ rule covers times after the last transition.
 *     "UTC", "Etc/UTC", "GMT", "Z" and friends work without zoneinfo files;
 *   - a POSIX TZ string ("EST5EDT,M3.2.0,M11.1.0", "<+0330>-3:30").
 * Leap-second ("right/") data is ignored.
 * Returns FL_OK; FL_ERR_NOTFOUND (unknown name, with a message naming it
 * and the directory searched); FL_ERR_CORRUPT (a file that is not valid
 * TZif); FL_ERR_IO.  err may be NULL; *out is NULL on failure. */
int fl_tz_load(struct fl_tz **out, const char *name, struct fl_err *err);

/* Release a zone.  tz may be NULL. */
void fl_tz_free(struct fl_tz *tz);

/* The name the zone was loaded with.  Borrowed from tz. */
const char *fl_tz_name(const struct fl_tz *tz);

/* Convert a local wall-clock time (seconds since the epoch, counted as if
 * the wall clock were UTC) to UTC seconds in *utc_secs.
 * Times that occur twice (the overlap when clocks fall back) resolve to the
 * EARLIER instant, i.e. the offset in effect before the change (US 01:30
 * on the November change day is 01:30 EDT).  Times that do not exist (the
 * gap when clocks spring forward) are read with the offset in effect
 * before the gap, so New York 02:30 on the March change day is 07:30Z
 * (= 03:30 EDT).  Both rules are "use the offset before the transition".
 * tz NULL means UTC.  Never allocates; O(log transitions).  Returns FL_OK. */
int fl_tz_local_to_utc(const struct fl_tz *tz, int64_t local_secs,
                       int64_t *utc_secs);

/* The offset (seconds east) and abbreviation in effect at UTC instant
 * utc_secs.  abbr may be NULL; *abbr is borrowed from tz (or static) and
 * may be "" for zones without one.  tz NULL means UTC.  Returns FL_OK. */
int fl_tz_offset_at_utc(const struct fl_tz *tz, int64_t utc_secs,
                        int *offset_secs, const char **abbr);

/* Resolve the zone abbreviation abbr[0..n) (not NUL-terminated, case
 * sensitive except for the built-in table) to an offset.  If tz is not NULL
 * and the zone uses that abbreviation, its meaning there wins (the current
 * rule first, then the most recent use), so "CST" is -6h with
 * America/Chicago and +8h with Asia/Shanghai.  Otherwise a built-in table
 * of common abbreviations is used; ambiguous ones take the North American
 * or European meaning (CST = -6h, IST = Irish +1h, BST = British +1h).
 * Returns FL_OK, or FL_ERR_NOTFOUND for an unknown abbreviation. */
int fl_tz_abbrev_offset(const struct fl_tz *tz, const char *abbr, size_t n,
                        int *offset_secs);

#endif
