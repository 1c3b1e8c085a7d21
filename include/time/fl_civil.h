/* fl_civil.h - civil-calendar arithmetic: dates to day numbers and back,
 * leap years, month lengths, weekdays.
 *
 * The bottom of the time stage: pure functions with no state and no
 * dependency, used by both fl_time (parsing, formatting) and fl_tz (rules
 * of time zones).  Dates are in the proleptic Gregorian calendar; day 0 is
 * 1970-01-01 (Howard Hinnant's days_from_civil / civil_from_days).
 */
#ifndef FL_CIVIL_H
#define FL_CIVIL_H

#include <stdint.h>

/* Days since 1970-01-01 of the date y-m-d (m 1..12, d 1..31; not
 * range-checked). */
int64_t fl_civil_days(int y, unsigned m, unsigned d);

/* Inverse of fl_civil_days: the date of day z into *y, *m, *d. */
void fl_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);

/* 1 if y is a Gregorian leap year, else 0. */
int fl_civil_is_leap(int y);

/* Days in month m (1..12) of year y. */
unsigned fl_civil_month_days(int y, unsigned m);

/* Weekday of day number `days`, 0 = Sunday .. 6 = Saturday. */
int fl_civil_weekday(int64_t days);

/* a / b rounded towards negative infinity (b > 0), for splitting times
 * before 1970 into days and seconds. */
int64_t fl_civil_floor_div(int64_t a, int64_t b);

#endif
