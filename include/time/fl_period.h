/* fl_period.h - calendar periods for `compare --period`: ISO weeks
 * (Monday 00:00 local time) and days (00:00 local time) in a zone, as
 * explicit half-open intervals [start, end) of UTC microseconds.
 *
 * Boundaries are local midnights converted through the zone (fl_tz.h), so
 * a week holding a DST change is 167 or 169 hours long, and the week of a
 * year boundary is named by its ISO year (2026-12-28 .. 2027-01-03 is
 * 2026-W53; 2027-01-04 starts 2027-W01).
 */
#ifndef FL_PERIOD_H
#define FL_PERIOD_H

#include <stddef.h>
#include <stdint.h>

struct fl_tz;

enum fl_period_unit { FL_PERIOD_DAY = 0, FL_PERIOD_WEEK };

/* The period of `unit` `back` periods before the one holding now_us
 * (back = 1: the last complete period; back = 2: the one before it):
 * [*start, *end) and its label ("2026-W47" or "2026-11-23") in
 * label[0..n).  tz NULL means UTC.  Returns FL_OK. */
int fl_period_back(const struct fl_tz *tz, enum fl_period_unit unit,
                   int64_t now_us, int back, int64_t *start, int64_t *end,
                   char *label, size_t n);

/* "day" or "week" to a unit; -1 when neither. */
int fl_period_unit_parse(const char *s);

#endif
