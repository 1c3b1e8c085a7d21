/* zones.c - warn when the files of one run disagree by whole hours (see
 * fl_zones.h): a MySQL log in the server's local time beside one in UTC
 * puts one incident in two places, and nothing else would say so. */
#include <stdlib.h>
#include <string.h>

#include "base/fl_err.h"
#include "base/fl_xalloc.h"
#include "run/fl_zones.h"

#define HOUR_US (3600 * 1000000LL)
#define SLACK_US (120 * 1000000LL)      /* clocks and flushes */

void fl_zones_note(struct fl_zones *z, const struct fl_ingest_file *f,
                   int64_t shift_us)
{
    if (!f->timed || f->skipped || z->n >= FL_ZONES_MAX_FILES)
        return;
    z->path[z->n] = fl_xstrdup(f->path);
    z->first[z->n] = f->first_us + shift_us;
    z->learned[z->n] = f->zone_learned;
    z->last[z->n++] = f->last_us + shift_us;
}

static int64_t overlap(int64_t a0, int64_t a1, int64_t b0, int64_t b1)
{
    int64_t lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;

    return hi > lo ? hi - lo : 0;
}

/* The whole hours h that make [b0,b1] shifted by -h overlap [a0,a1] for
 * 80% of the shorter span when they do not overlap as they are; 0 if
 * none. */
static int hours_apart(const struct fl_zones *z, size_t a, size_t b)
{
    int64_t a0 = z->first[a], a1 = z->last[a], b0 = z->first[b],
            b1 = z->last[b];
    int64_t shorter = a1 - a0 < b1 - b0 ? a1 - a0 : b1 - b0;
    int64_t gap = b0 > a1 ? b0 - a1 : a0 - b1;

    if (shorter < 2 * 60 * 1000000LL || overlap(a0, a1, b0, b1) > 0 ||
        gap < 5 * 60 * 1000000LL)   /* short, overlapping, or a rotation */
        return 0;
    for (int h = -14; h <= 14; h++) {
        int64_t s = (int64_t)h * HOUR_US;
        if (h && overlap(a0, a1, b0 - s, b1 - s) + SLACK_US >= shorter * 8 / 10)
            return h;
    }
    return 0;
}

void fl_zones_check(const struct fl_zones *z, fl_diag_fn diag, void *ctx)
{
    for (size_t a = 0; a < z->n; a++)
        for (size_t b = a + 1; b < z->n; b++) {
            int h = hours_apart(z, a, b);
            size_t x = b, y = a;    /* x: the file to move */
            struct fl_err e;
            if (!h || !diag)
                continue;
            if (z->learned[b] && !z->learned[a]) {
                x = a;              /* b's zone is known: a is the odd one */
                y = b;
                h = -h;
            }
            fl_err_set(&e, FL_ERR_PARSE, z->path[x], 0, UINT64_MAX,
                       "its times run %d hour%s %s those of %s, which it "
                       "would otherwise overlap: %s probably in "
                       "local time%s; --tz ZONE reads zone-less times in ZONE, "
                       "--clock-offset %s=%+d aligns this file", abs(h),
                       abs(h) == 1 ? "" : "s", h > 0 ? "ahead of" : "behind",
                       z->path[y], z->learned[y] && !z->learned[x]
                       ? "this file is" : "one of them is",
                       z->learned[y] && !z->learned[x]
                       ? " (the other's zone was read from its own epoch "
                         "times)" : "", z->path[x], -h * 3600);
            diag(ctx, &e);
        }
}

void fl_zones_cleanup(struct fl_zones *z)
{
    for (size_t i = 0; i < z->n; i++)
        free(z->path[i]);
    z->n = 0;
}
