/* period.c - ISO weeks and days in a zone as UTC intervals (see
 * fl_period.h).  Local day numbers are found from the offset in effect at
 * now; each boundary is then a local midnight converted on its own, so
 * DST changes inside the period move neither end. */
#include <stdio.h>
#include <string.h>

#include "base/fl_err.h"
#include "time/fl_civil.h"
#include "time/fl_period.h"
#include "time/fl_tz.h"

#define DAY 86400

static int64_t midnight_utc(const struct fl_tz *tz, int64_t day)
{
    int64_t utc;

    fl_tz_local_to_utc(tz, day * DAY, &utc);
    return utc * 1000000;
}

/* The ISO week label of the week starting on Monday `monday`. */
static void iso_label(int64_t monday, char *label, size_t n)
{
    int64_t thursday = monday + 3;
    int y;
    unsigned m, d;

    fl_civil_from_days(thursday, &y, &m, &d);
    snprintf(label, n, "%d-W%02d", y,
             (int)((thursday - fl_civil_days(y, 1, 1)) / 7 + 1));
}

int fl_period_back(const struct fl_tz *tz, enum fl_period_unit unit,
                   int64_t now_us, int back, int64_t *start, int64_t *end,
                   char *label, size_t n)
{
    int64_t secs = fl_civil_floor_div(now_us, 1000000);
    int off = 0;
    int64_t today, first;
    int y;
    unsigned m, d;

    fl_tz_offset_at_utc(tz, secs, &off, NULL);
    today = fl_civil_floor_div(secs + off, DAY);
    if (unit == FL_PERIOD_WEEK) {
        first = today - (fl_civil_weekday(today) + 6) % 7 - 7 * (int64_t)back;
        iso_label(first, label, n);
        *end = midnight_utc(tz, first + 7);
    } else {
        first = today - back;
        fl_civil_from_days(first, &y, &m, &d);
        snprintf(label, n, "%04d-%02u-%02u", y, m, d);
        *end = midnight_utc(tz, first + 1);
    }
    *start = midnight_utc(tz, first);
    return FL_OK;
}

int fl_period_unit_parse(const char *s)
{
    if (strcmp(s, "day") == 0)
        return FL_PERIOD_DAY;
    if (strcmp(s, "week") == 0)
        return FL_PERIOD_WEEK;
    return -1;
}
