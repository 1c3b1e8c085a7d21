/* fl_shift.h - level-shift (change-point) detection on a bucketed series.
 *
 * faultline buckets query latencies in time and summarises each bucket by a
 * robust statistic of log(duration) (e.g. the median), weighted by the number
 * of calls.  This module finds the buckets where that level moves and stays
 * moved: incident onset and recovery.  Later stages turn the change points
 * into onset / peak / recovery.
 *
 * Method (details and the reasons in src/shift.c):
 *   1. missing buckets (NaN, +-Inf, weight <= 0 or non-finite) are skipped;
 *   2. spikes are removed by a Hampel filter: a value further than clip_sd
 *      local SDs from the running median over min_segment - 1 neighbours on
 *      each side is replaced by that median, so a burst shorter than
 *      min_segment points is never a level shift;
 *   3. the noise scale is the robust spread of the series about one
 *      straight line (no-change model), so the penalty comes from the data;
 *   4. the minimiser of  sum over segments of the weighted residual sum of
 *      squares about the segment's own least-squares line
 *      + beta * (#change points),  beta = 4.5 log(n) noise variances,
 *      every segment holding at least min_segment present points (PELT;
 *      exact up to 1024 present points, coarse-to-fine beyond).
 * Segments are lines, not constants: a level shift is a jump between two
 * segments, while slow drift (diurnal load, growth) stays inside one
 * segment instead of becoming a staircase of shifts.  A ramp between two
 * plateaus gives one or two change points near its ends (kinks are located
 * loosely, within about half the ramp length).  A segment's level may
 * therefore slope; callers comparing levels should compare the segments'
 * values next to the change point, or their means, knowing this.
 *
 * Known limits (measured in tests/check_shift.c): a large shift inflates
 * the global noise scale, so a much smaller shift next to it can be missed;
 * autocorrelated noise (AR(1), phi 0.7) raises false alarms unless
 * autocorr is set; a 2 SD step is located within +-2 points 90 % of the
 * time (within +-5 always).
 *
 * Cost: O(n) memory; time O(n) to O(n log n) in practice; 100k points take
 * 10-80 ms on one core.
 */
#ifndef FL_SHIFT_H
#define FL_SHIFT_H

#include <stddef.h>
#include "base/fl_err.h"

/* Defaults used when an option field is 0. */
#define FL_SHIFT_DEFAULT_PENALTY_SCALE 1.0
#define FL_SHIFT_DEFAULT_MIN_SEGMENT 3
#define FL_SHIFT_DEFAULT_CLIP_SD 3.0
#define FL_SHIFT_DEFAULT_WEIGHT_CAP 4.0

/* Options.  A numeric field left at 0 takes the default above; fill with
 * fl_shift_opts_default() and change only what you need. */
struct fl_shift_opts {
    double penalty_scale; /* multiplier on the penalty beta (> 1: fewer
                             change points); 0 = default */
    size_t min_segment;   /* minimum number of present points per segment;
                             bursts shorter than this are spikes (1: no
                             spike removal).  Below 3 a segment of 1-2
                             points fits its line exactly; 0 = default */
    double clip_sd;       /* Hampel threshold in local SDs; 0 = default,
                             < 0 = no spike removal */
    double weight_cap;    /* weights are divided by their median and capped
                             at this value, so a bucket with many calls
                             counts more, but not without bound; 0 =
                             default */
    int autocorr;         /* 1 = widen the noise scale to the long-run SD
                             of AR(1) noise (fewer false alarms on
                             autocorrelated series, less power); 0 = off
                             (default: bucket noise taken as independent) */
};

/* Fill *o with the defaults (the configuration faultline uses on latency
 * and the one evaluated on TCPD by `make tcpd-check`). */
void fl_shift_opts_default(struct fl_shift_opts *o);

/* Detect level shifts in x[0..n-1].
 *   x       values, borrowed; NaN or +-Inf marks a missing bucket (skipped).
 *   w       optional weights, borrowed (NULL = all 1); a weight <= 0 or
 *           non-finite marks the bucket as missing as well.
 *   o       options, borrowed (NULL = defaults).
 *   cps     caller's array of max_cps entries: receives the change points
 *           in ascending order, each the index in x of the FIRST point of a
 *           new segment (never 0, always a present bucket).  When missing
 *           buckets separate the two segments, that is the first present
 *           bucket after the gap.
 *   ncps    receives the number of change points found; when it exceeds
 *           max_cps only the first max_cps are written and FL_ERR_LIMIT is
 *           returned (*ncps still holds the full count).
 * Series with fewer than 2 * min_segment present points, constant series,
 * exactly linear series and all-missing series have no change point
 * (FL_OK, *ncps = 0).  The result is deterministic.
 * Returns FL_OK, FL_ERR_USAGE (NULL x with n > 0, NULL ncps, NULL cps with
 * max_cps > 0, a non-finite or negative option) or FL_ERR_LIMIT; err (may
 * be NULL) gets a message.  Allocates O(n) scratch, freed before return. */
int fl_shift_detect(const double *x, const double *w, size_t n,
                    const struct fl_shift_opts *o, size_t *cps,
                    size_t max_cps, size_t *ncps, struct fl_err *err);

#endif
