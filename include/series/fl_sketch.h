/* fl_sketch.h - a mergeable latency quantile sketch (DDSketch-style) with
 * exact count, sum, min and max kept beside it.
 *
 * Values are durations in integer microseconds.  A value v > 0 goes to the
 * logarithmic bucket i = ceil(ln(v) / ln(gamma)), gamma = (1+a)/(1-a) with
 * a = FL_SKETCH_ALPHA = 0.01, so bucket i holds (gamma^(i-1), gamma^i]; the
 * value 0 has a bucket of its own.  A bucket's estimate is
 * 2*gamma^i/(gamma+1), which is within relative error a of every value in
 * the bucket: any quantile is therefore within 1% of the exact one (under
 * the rank rule of fl_sketch_rank), as long as the sketch never collapsed.
 *
 * Invariants:
 * - Merging is exact: merge(sketch(A), sketch(B)) has the same bucket
 *   counts, count, sum, min and max as sketch(A u B), in any order of adds
 *   and merges (fl_sketch_equal holds).  This stays true after a collapse.
 * - Memory is bounded: the counts live in one contiguous window of at most
 *   FL_SKETCH_MAX_BINS buckets (uint32 each, 8 KiB at most), allocated on the
 *   first value > 0 and grown geometrically, never per value.  An empty
 *   sketch (or one holding only zeros) is the 48-byte struct and nothing
 *   else.  Every positive int64 fits in buckets 0..2184 (1 us .. INT64_MAX),
 *   so the cap of 2048 buckets is reached only when one sketch holds both
 *   values near 1 us and values above ~6e17 us (19,000 years).
 * - Collapse: if the occupied buckets would span more than
 *   FL_SKETCH_MAX_BINS, the lowest ones are folded into the lowest bucket
 *   kept (as DDSketch's collapsing-lowest store does).  Then the error bound
 *   no longer holds for the lowest quantiles (those at ranks inside the
 *   folded buckets: they are over-estimated, at worst up to the floor
 *   bucket's value; min itself stays exact).  Higher quantiles keep it.
 * - A bucket count that would pass UINT32_MAX (possible only through
 *   fl_sketch_add_n or huge merges) switches that sketch's window to
 *   uint64 counts: counts are never saturated or lost.
 *
 * Not thread-safe: one sketch, one writer; concurrent readers of a sketch
 * nobody writes are fine.  No global state.
 */
#ifndef FL_SKETCH_H
#define FL_SKETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Relative accuracy of every quantile estimate (before any collapse). */
#define FL_SKETCH_ALPHA 0.01
/* Most buckets a sketch keeps (excluding the zero bucket). */
#define FL_SKETCH_MAX_BINS 2048

/* A sketch: plain struct, embed it anywhere; fl_sketch_init before use,
 * fl_sketch_cleanup to release.  Fields are readable for inspection (tests,
 * serialisation) but only the functions below may change them. */
struct fl_sketch {
    void *bins;      /* owned window of bucket counts for indices
                      * lo .. lo+nbins-1: uint32_t[nbins], or uint64_t[nbins]
                      * when wide; NULL until the first value > 0.  Counts
                      * at the window's edges may be 0 (growth slack). */
    uint64_t count;  /* number of values added, zeros included; the zero
                      * bucket's count is count minus the sum of bins */
    int64_t sum;     /* exact sum of values in us; saturates at INT64_MAX
                      * (2.9e5 years of latency) instead of overflowing */
    int64_t min;     /* smallest value, INT64_MAX while empty */
    int64_t max;     /* largest value, INT64_MIN while empty */
    int32_t lo;      /* bucket index of bins[0] */
    uint16_t nbins;  /* window width in buckets, <= FL_SKETCH_MAX_BINS */
    uint8_t wide;    /* 1 when bins is uint64_t[], else 0 */
    uint8_t spare;   /* always 0 (keeps the struct free of padding) */
};

/* Make s an empty sketch.  Allocates nothing. */
void fl_sketch_init(struct fl_sketch *s);

/* Release s's storage and leave it empty (as after fl_sketch_init), so it
 * may be reused.  s must have been initialised. */
void fl_sketch_cleanup(struct fl_sketch *s);

/* Add one value, in microseconds.  Negative values are counted as 0 (a
 * duration cannot be negative; a clock step is the likely cause).  Never
 * fails; allocates only when the window must grow (OOM is fatal there). */
void fl_sketch_add(struct fl_sketch *s, int64_t v_us);

/* The bucket index of v_us for fl_sketch_add_at (-1 when v_us <= 0): one
 * log(), so an event added to several sketches computes it once. */
int32_t fl_sketch_index(int64_t v_us);

/* fl_sketch_add(s, v_us) with idx == fl_sketch_index(v_us) given. */
void fl_sketch_add_at(struct fl_sketch *s, int64_t v_us, int32_t idx);

/* Add the value v_us n times (n == 0 does nothing).  Same as n calls of
 * fl_sketch_add, including the saturating sum. */
void fl_sketch_add_n(struct fl_sketch *s, int64_t v_us, uint64_t n);

/* Add every value of src into dst (src is borrowed, unchanged).  dst then
 * equals the sketch of the union of both inputs.  dst == src is allowed
 * (doubles every count). */
void fl_sketch_merge(struct fl_sketch *dst, const struct fl_sketch *src);

/* Make dst an independent copy of src (dst's previous content is released;
 * dst must have been initialised).  The copy's window is trimmed to the
 * occupied buckets, so copies of equal sketches are equal byte for byte
 * (bins contents, lo, nbins, wide and the scalar fields). */
void fl_sketch_copy(struct fl_sketch *dst, const struct fl_sketch *src);

/* Shrink s's window to its occupied buckets, releasing the growth slack
 * (worth it once a sketch stops receiving values, e.g. its time bucket has
 * closed).  Contents unchanged; a later add may grow the window again. */
void fl_sketch_trim(struct fl_sketch *s);

/* Widen s's window so that it covers the occupied buckets of `like` (at
 * most FL_SKETCH_MAX_BINS of them, the highest), in one allocation: for a
 * sketch about to receive values spread like those of `like` (a new time
 * bucket of a group), instead of growing step by step.  Contents and every
 * result unchanged; only the window (memory) differs. */
void fl_sketch_reserve_like(struct fl_sketch *s, const struct fl_sketch *like);

/* True when a and b hold the same count in every bucket (zero bucket
 * included) and the same count, sum, min and max - whatever their windows
 * or count widths. */
bool fl_sketch_equal(const struct fl_sketch *a, const struct fl_sketch *b);

/* Exact statistics.  min, max: -1 when empty.  sum: 0 when empty,
 * INT64_MAX if it saturated.  mean: sum/count, -1.0 when empty. */
uint64_t fl_sketch_count(const struct fl_sketch *s);
int64_t fl_sketch_sum(const struct fl_sketch *s);
int64_t fl_sketch_min(const struct fl_sketch *s);
int64_t fl_sketch_max(const struct fl_sketch *s);
double fl_sketch_mean(const struct fl_sketch *s);

/* The rank rule: the 0-based position, in ascending sorted order, of the q
 * quantile of count values: nearest rank, ceil(q * count) - 1, the smallest
 * value with at least q of the values at or below it (as HdrHistogram and
 * pt-query-digest report; 4 values {1,1,2,4}: p50 = 1, p95 = p99 = 4).  q is
 * clamped into [0,1]; q = 0 gives rank 0.  count must be > 0.  Exposed so
 * that exact quantiles computed elsewhere (tests, reports) use the same rule. */
uint64_t fl_sketch_rank(uint64_t count, double q);

/* Estimate of the q quantile (q in [0,1], clamped), in microseconds: the
 * estimate of the bucket holding the value at rank fl_sketch_rank(count, q),
 * clamped into [min, max].  q = 0 returns min and q = 1 returns max exactly;
 * a rank in the zero bucket returns 0.  Within relative error
 * FL_SKETCH_ALPHA of the exact value at that rank (unless collapsed, see
 * above).  Returned as a double because rounding to whole microseconds
 * would itself break the 1% bound for values of a few tens of us.
 * Returns -1.0 when s is empty or q is NaN. */
double fl_sketch_quantile(const struct fl_sketch *s, double q);

/* Make s (initialised, empty) hold a saved sketch: the counts of buckets
 * lo .. lo+n-1 and the exact count, sum, min and max (a summary file's
 * bytes, see summary/fl_summary.h).  Everything is checked first: n at
 * most FL_SKETCH_MAX_BINS, the buckets inside 0 .. the bucket of
 * INT64_MAX, the counts adding up to at most count, min <= max, min >= 0,
 * sum >= 0.  Returns true when loaded; false (s left empty) when the
 * numbers cannot come from a sketch. */
bool fl_sketch_load(struct fl_sketch *s, int32_t lo, const uint64_t *counts,
                    uint32_t n, uint64_t count, int64_t sum, int64_t min,
                    int64_t max);

/* The occupied buckets of s: *lo and *n (0 when none) and the count of
 * bucket lo + i through fl_sketch_bin(s, lo + i) (for saving). */
void fl_sketch_occupied(const struct fl_sketch *s, int32_t *lo, uint32_t *n);
uint64_t fl_sketch_bin(const struct fl_sketch *s, int32_t i);

/* Bytes held by s: sizeof(struct fl_sketch) plus its bucket window
 * (allocator overhead not counted). */
size_t fl_sketch_memory(const struct fl_sketch *s);

#endif
