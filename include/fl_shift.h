/* fl_shift.h - level-shift (change-point) detection on a bucketed series.
 *
 * faultline buckets query latencies in time and summarises each bucket by a
 * robust statistic of log(duration) (e.g. the median), weighted by the number
 * of calls.  This module finds the buckets where that level moves and stays
 * moved: incident onset and recovery.  Later stages turn the change points
 * into onset / peak / recovery.
 *
 * Method (details and the reasons in src/shift.c):
 *   1. missing buckets (NaN, +-Inf, weight <= 0) are skipped;
 *   2. the noise scale is estimated robustly from the differences of the
 *      series (insensitive to the level shifts themselves) and, when the
 *      noise is autocorrelated, inflated to its long-run value, so slow
 *      drift is not cut into many steps;
 *   3. values are winsorised around a running median, so an isolated spike
 *      (shorter than min_segment points) cannot buy a segment of its own;
 *   4. exact penalised optimal partitioning (least squares, weighted) solved
 *      with functional pruning (FPOP), O(n log n) expected time, with a
 *      penalty proportional to log(n) times the noise variance: the penalty
 *      comes from the data, not from per-series tuning.
 * The result is the exact minimiser of the penalised cost on the cleaned
 * series, with every segment holding at least min_segment points.
 */
#ifndef FL_SHIFT_H
#define FL_SHIFT_H

#include <stddef.h>
#include "fl_err.h"

/* Defaults used when an option field is 0. */
#define FL_SHIFT_DEFAULT_PENALTY_SCALE 1.0
#define FL_SHIFT_DEFAULT_MIN_SEGMENT 3
#define FL_SHIFT_DEFAULT_CLIP_SD 3.0
#define FL_SHIFT_DEFAULT_WEIGHT_CAP 4.0

/* Options.  A field left at 0 takes the default above; fill with
 * fl_shift_opts_default() and change only what you need. */
struct fl_shift_opts {
    double penalty_scale; /* multiplier on the data-derived penalty
                             (> 1: fewer change points); 0 = default */
    size_t min_segment;   /* minimum number of (non-missing) points in a
                             segment, also the longest spike that is
                             treated as a spike; 0 = default */
    double clip_sd;       /* winsorise residuals from the running median at
                             this many robust SDs; 0 = default, < 0 = off */
    double weight_cap;    /* weights are divided by their median and capped
                             at this value (a bucket with many calls counts
                             more, but not without bound); 0 = default */
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
 *           new segment (never 0, always a non-missing bucket).  If there
 *           is a gap of missing buckets at the change, the index is that of
 *           the first present bucket after the gap.
 *   ncps    receives the number of change points found; when it exceeds
 *           max_cps only the first max_cps are written and FL_ERR_LIMIT is
 *           returned (*ncps still holds the full count).
 * Series with fewer than 2 * min_segment present points, constant series
 * and all-missing series have no change point (FL_OK, *ncps = 0).
 * Returns FL_OK, FL_ERR_USAGE (NULL x/ncps, cps NULL with max_cps > 0,
 * bad option value) or FL_ERR_LIMIT; err (may be NULL) gets a message.
 * Allocates O(n) scratch, freed before return; no printing. */
int fl_shift_detect(const double *x, const double *w, size_t n,
                    const struct fl_shift_opts *o, size_t *cps,
                    size_t max_cps, size_t *ncps, struct fl_err *err);

#endif
