/* sketch.c - mergeable latency quantile sketch (DDSketch-style log buckets).
 *
 * Invariants (see fl_sketch.h for the contract):
 * - bins covers bucket indices [lo, lo+nbins) with 0 < nbins <=
 *   FL_SKETCH_MAX_BINS, or bins == NULL and nbins == 0.  Every occupied
 *   (non-zero) bucket lies inside the window; the window itself only ever
 *   moves when a value falls outside it (cover()).
 * - Bucket indices of values are in [0, IDX_MAX]: v >= 1 gives ln(v) >= 0.
 * - Collapse rule, which keeps merging exact: with H the highest occupied
 *   index, every count sits at max(its own index, H - MAX_BINS + 1).
 *   Because H only grows, folding counts upward whenever H rises yields the
 *   same final state whatever the order of adds and merges.  A window never
 *   wider than MAX_BINS and always holding H starts at or above that floor,
 *   so an add inside the window needs no check.
 * - The zero bucket is implicit: count - sum(bins).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "series/fl_sketch.h"
#include "base/fl_xalloc.h"

_Static_assert(sizeof(struct fl_sketch) <= 48, "empty sketch must stay small");
_Static_assert(FL_SKETCH_MAX_BINS <= UINT16_MAX, "nbins is a uint16_t");

/* ln(gamma), gamma = (1+a)/(1-a), a = 0.01; and its inverse. */
#define GAMMA ((1.0 + FL_SKETCH_ALPHA) / (1.0 - FL_SKETCH_ALPHA))
#define LN_GAMMA 0.020000666706669524
#define INV_LN_GAMMA 49.99833328888656
/* Smallest window allocated (64 bytes: about +-16% around the first value);
 * windows are a multiple of WIN_ROUND buckets. */
#define MIN_WIN 16
#define WIN_ROUND 8

/* Bucket of v >= 1: ceil(ln v / ln gamma).  One log() call (~a few ns);
 * the result is a pure function of v, which is all merging needs. */
static inline int32_t bucket_index(int64_t v)
{
    return (int32_t)ceil(log((double)v) * INV_LN_GAMMA);
}

/* Highest index any int64 can reach (2184). */
static int32_t idx_max(void)
{
    return bucket_index(INT64_MAX);
}

static int64_t sat_add(int64_t a, int64_t b)
{
    int64_t r;
    return __builtin_add_overflow(a, b, &r) ? INT64_MAX : r;
}

/* v * n for v >= 0, saturating at INT64_MAX. */
static int64_t sat_mul(int64_t v, uint64_t n)
{
    if (v == 0 || n == 0)
        return 0;
    if (n > (uint64_t)INT64_MAX / (uint64_t)v)
        return INT64_MAX;
    return (int64_t)((uint64_t)v * n);
}

static uint64_t bin_get(const struct fl_sketch *s, uint32_t off)
{
    return s->wide ? ((const uint64_t *)s->bins)[off]
                   : ((const uint32_t *)s->bins)[off];
}

static void bin_put(void *bins, bool wide, uint32_t off, uint64_t c)
{
    if (wide)
        ((uint64_t *)bins)[off] = c;
    else
        ((uint32_t *)bins)[off] = (uint32_t)c;
}

/* Switch the window to uint64 counts (a count is about to pass 2^32-1). */
static void widen(struct fl_sketch *s)
{
    uint64_t *nb = fl_xmalloc((size_t)s->nbins * sizeof *nb);
    for (uint32_t j = 0; j < s->nbins; j++)
        nb[j] = ((uint32_t *)s->bins)[j];
    free(s->bins);
    s->bins = nb;
    s->wide = 1;
}

/* Find the lowest and highest occupied bucket; false when there is none.
 * Fast path: with every value >= 1, they are the buckets of max and of min
 * (or the collapse floor below max's), and checking that both are inside
 * the window and non-zero is enough (no count ever sits below min's bucket
 * or above max's); otherwise scan from both ends. */
static bool occupied(const struct fl_sketch *s, int32_t *olo, int32_t *ohi)
{
    uint32_t a = 0, b = s->nbins;

    if (s->min >= 1 && s->count && b) {
        int32_t hi = bucket_index(s->max), lo = bucket_index(s->min);
        if (lo < hi - FL_SKETCH_MAX_BINS + 1)
            lo = hi - FL_SKETCH_MAX_BINS + 1;
        if (lo >= s->lo && hi < s->lo + (int32_t)b &&
            bin_get(s, (uint32_t)(lo - s->lo)) &&
            bin_get(s, (uint32_t)(hi - s->lo))) {
            *olo = lo;
            *ohi = hi;
            return true;
        }
    }
    while (a < b && bin_get(s, a) == 0)
        a++;
    if (a == b)
        return false;
    while (bin_get(s, b - 1) == 0)
        b--;
    *olo = s->lo + (int32_t)a;
    *ohi = s->lo + (int32_t)b - 1;
    return true;
}

static uint64_t bins_total(const struct fl_sketch *s)
{
    uint64_t t = 0;
    for (uint32_t j = 0; j < s->nbins; j++)
        t += bin_get(s, j);
    return t;
}

/* Slide a window of unchanged width to start at nlo, without allocating:
 * bins at or below nlo fold into the new first bin.  Reads run ahead of
 * writes (moving up) or behind them (moving down), so in place is safe. */
static void slide(struct fl_sketch *s, int32_t nlo, uint64_t fold)
{
    int32_t d = nlo - s->lo, w = (int32_t)s->nbins;

    if (d > 0) {
        bin_put(s->bins, s->wide, 0, fold);
        for (int32_t k = 1; k < w; k++)
            bin_put(s->bins, s->wide, (uint32_t)k,
                    k + d < w ? bin_get(s, (uint32_t)(k + d)) : 0);
    } else if (d < 0) {
        for (int32_t k = w - 1; k >= 0; k--)
            bin_put(s->bins, s->wide, (uint32_t)k,
                    k + d >= 0 ? bin_get(s, (uint32_t)(k + d)) : 0);
    }
    s->lo = nlo;
}

/* Move the window to [nlo, nlo+w), folding counts below nlo into nlo.  The
 * caller guarantees no occupied bucket lies above the new window.  Only a
 * change of width allocates. */
static void reshape(struct fl_sketch *s, int32_t nlo, uint32_t w)
{
    uint64_t fold = 0;
    uint32_t j;
    void *nb;

    for (j = 0; j < s->nbins && s->lo + (int32_t)j <= nlo; j++)
        fold += bin_get(s, j);
    if (!s->wide && fold > UINT32_MAX)
        widen(s);
    if (w == s->nbins) {
        slide(s, nlo, fold);
        return;
    }
    nb = fl_xcalloc(w, s->wide ? sizeof(uint64_t) : sizeof(uint32_t));
    for (; j < s->nbins; j++) {
        uint64_t c = bin_get(s, j);
        if (c)
            bin_put(nb, s->wide, (uint32_t)(s->lo + (int32_t)j - nlo), c);
    }
    bin_put(nb, s->wide, 0, fold);
    free(s->bins);
    s->bins = nb;
    s->lo = nlo;
    s->nbins = (uint16_t)w;
}

/* Width for an occupied span of `need` buckets: 1.5x need (so the window
 * grows at least 1.125x each time it must grow, see cover()), rounded,
 * capped by MAX_BINS and the index range; never below need. */
static uint32_t next_width(uint32_t need)
{
    uint32_t w = need + need / 2u;
    uint32_t range = (uint32_t)idx_max() + 1u;

    w = w < MIN_WIN ? MIN_WIN : w;
    w = (w + WIN_ROUND - 1) / WIN_ROUND * WIN_ROUND;
    if (w > FL_SKETCH_MAX_BINS)
        w = FL_SKETCH_MAX_BINS;
    return w > range ? range : w;
}

/* Make the window hold indices [a, b] (0 <= a <= b <= IDX_MAX).  Returns
 * the collapse floor: indices below it must be counted at it (INT32_MIN
 * when nothing collapses).
 * Policy: if the new occupied span fits in 3/4 of the window, re-centre the
 * window in place; else grow it to 1.5x the span, centred.  So the window
 * stays under ~1.5x the span, each growth is >= 1.125x (amortised), and a
 * re-centre (O(width)) leaves >= width/8 slack on each side, which the span
 * must cross before the next one. */
static int32_t cover(struct fl_sketch *s, int32_t a, int32_t b)
{
    int32_t olo, ohi, lo_t = a, hi_t = b, floor_i = INT32_MIN, nlo, iw;
    uint32_t need, w = s->nbins;

    if (s->bins && occupied(s, &olo, &ohi)) {
        lo_t = olo < lo_t ? olo : lo_t;
        hi_t = ohi > hi_t ? ohi : hi_t;
    }
    if (hi_t - lo_t + 1 > FL_SKETCH_MAX_BINS) {
        floor_i = hi_t - FL_SKETCH_MAX_BINS + 1;
        lo_t = floor_i;
    }
    if (s->bins && lo_t >= s->lo && hi_t < s->lo + (int32_t)s->nbins)
        return floor_i;
    need = (uint32_t)(hi_t - lo_t + 1);
    if (!s->bins || need > w - w / 4u)
        w = next_width(need);
    iw = (int32_t)w;
    nlo = lo_t - (iw - (int32_t)need) / 2;
    if (nlo < 0)
        nlo = 0;
    if (nlo > idx_max() - iw + 1)
        nlo = idx_max() - iw + 1;
    reshape(s, nlo, w);
    return floor_i;
}

/* Add n to bucket i's count, whether or not i is in the window. */
static void bucket_add(struct fl_sketch *s, int32_t i, uint64_t n)
{
    uint32_t off;

    if (!s->bins || i < s->lo || i >= s->lo + (int32_t)s->nbins) {
        int32_t floor_i = cover(s, i, i);
        if (i < floor_i)
            i = floor_i;
    }
    off = (uint32_t)(i - s->lo);
    if (!s->wide) {
        uint32_t *b = s->bins;
        if (n <= (uint64_t)(UINT32_MAX - b[off])) {
            b[off] += (uint32_t)n;
            return;
        }
        widen(s);
    }
    ((uint64_t *)s->bins)[off] += n;
}

void fl_sketch_init(struct fl_sketch *s)
{
    memset(s, 0, sizeof *s);
    s->min = INT64_MAX;
    s->max = INT64_MIN;
}

void fl_sketch_cleanup(struct fl_sketch *s)
{
    free(s->bins);
    fl_sketch_init(s);
}

int32_t fl_sketch_index(int64_t v_us)
{
    return v_us > 0 ? bucket_index(v_us) : -1;
}

void fl_sketch_add_at(struct fl_sketch *s, int64_t v_us, int32_t idx)
{
    int64_t v = v_us < 0 ? 0 : v_us;
    uint32_t off;

    s->count++;
    s->sum = sat_add(s->sum, v);
    if (v < s->min)
        s->min = v;
    if (v > s->max)
        s->max = v;
    if (v == 0)
        return;
    off = (uint32_t)(idx - s->lo);
    /* Hot path: in the window, narrow counts, no overflow. */
    if (off < s->nbins && !s->wide) {
        uint32_t *b = s->bins;
        if (b[off] != UINT32_MAX) {
            b[off]++;
            return;
        }
    }
    bucket_add(s, idx, 1);
}

void fl_sketch_add(struct fl_sketch *s, int64_t v_us)
{
    fl_sketch_add_at(s, v_us, fl_sketch_index(v_us));
}

void fl_sketch_add_n(struct fl_sketch *s, int64_t v_us, uint64_t n)
{
    int64_t v = v_us < 0 ? 0 : v_us;

    if (n == 0)
        return;
    s->count += n;
    s->sum = sat_add(s->sum, sat_mul(v, n));
    if (v < s->min)
        s->min = v;
    if (v > s->max)
        s->max = v;
    if (v > 0)
        bucket_add(s, bucket_index(v), n);
}

void fl_sketch_merge(struct fl_sketch *dst, const struct fl_sketch *src)
{
    int32_t slo, shi, floor_i;

    if (src->count == 0)
        return;
    if (dst == src) {
        struct fl_sketch tmp;
        fl_sketch_init(&tmp);
        fl_sketch_copy(&tmp, src);
        fl_sketch_merge(dst, &tmp);
        fl_sketch_cleanup(&tmp);
        return;
    }
    dst->count += src->count;
    dst->sum = sat_add(dst->sum, src->sum);
    if (src->min < dst->min)
        dst->min = src->min;
    if (src->max > dst->max)
        dst->max = src->max;
    if (!src->bins || !occupied(src, &slo, &shi))
        return;
    floor_i = cover(dst, slo, shi);
    for (int32_t j = slo; j <= shi; j++) {
        uint64_t c = bin_get(src, (uint32_t)(j - src->lo));
        if (c)
            bucket_add(dst, j < floor_i ? floor_i : j, c);
    }
}

void fl_sketch_copy(struct fl_sketch *dst, const struct fl_sketch *src)
{
    int32_t olo, ohi;
    uint64_t top = 0;

    if (dst == src)
        return;
    fl_sketch_cleanup(dst);
    *dst = *src;
    dst->bins = NULL;
    dst->lo = 0;
    dst->nbins = 0;
    dst->wide = 0;
    if (!src->bins || !occupied(src, &olo, &ohi))
        return;
    dst->lo = olo;
    dst->nbins = (uint16_t)(ohi - olo + 1);
    if (!src->wide) {   /* narrow stays narrow: one block copy */
        dst->bins = fl_xmalloc((size_t)dst->nbins * 4);
        memcpy(dst->bins, (const uint32_t *)src->bins + (olo - src->lo),
               (size_t)dst->nbins * 4);
        return;
    }
    for (uint32_t j = 0; j < dst->nbins; j++) {
        uint64_t c = bin_get(src, (uint32_t)(olo - src->lo) + j);
        top = c > top ? c : top;
    }
    /* Canonical form: narrow counts whenever they fit. */
    dst->wide = top > UINT32_MAX;
    dst->bins = fl_xcalloc(dst->nbins, dst->wide ? 8 : 4);
    for (uint32_t j = 0; j < dst->nbins; j++)
        bin_put(dst->bins, dst->wide, j,
                bin_get(src, (uint32_t)(olo - src->lo) + j));
}

void fl_sketch_trim(struct fl_sketch *s)
{
    struct fl_sketch t;
    int32_t olo, ohi;

    /* Already trimmed (narrow, window = occupied buckets): nothing to do. */
    if (s->bins && !s->wide && occupied(s, &olo, &ohi) && olo == s->lo &&
        ohi == s->lo + (int32_t)s->nbins - 1)
        return;

    fl_sketch_init(&t);
    fl_sketch_copy(&t, s);
    fl_sketch_cleanup(s);
    *s = t;
}

void fl_sketch_reserve_like(struct fl_sketch *s, const struct fl_sketch *like)
{
    int32_t lo, hi;

    if (s == like || !like->bins || !occupied(like, &lo, &hi))
        return;
    if (hi - lo + 1 > FL_SKETCH_MAX_BINS)
        lo = hi - FL_SKETCH_MAX_BINS + 1;
    (void)cover(s, lo, hi);
}

bool fl_sketch_equal(const struct fl_sketch *a, const struct fl_sketch *b)
{
    int32_t alo = 0, ahi = -1, blo = 0, bhi = -1;
    bool aocc, bocc;

    if (a->count != b->count || a->sum != b->sum || a->min != b->min ||
        a->max != b->max)
        return false;
    aocc = a->bins && occupied(a, &alo, &ahi);
    bocc = b->bins && occupied(b, &blo, &bhi);
    if (aocc != bocc || alo != blo || ahi != bhi)
        return false;
    for (int32_t j = alo; j <= ahi; j++)
        if (bin_get(a, (uint32_t)(j - a->lo)) !=
            bin_get(b, (uint32_t)(j - b->lo)))
            return false;
    return true;
}

uint64_t fl_sketch_count(const struct fl_sketch *s)
{
    return s->count;
}

int64_t fl_sketch_sum(const struct fl_sketch *s)
{
    return s->sum;
}

int64_t fl_sketch_min(const struct fl_sketch *s)
{
    return s->count ? s->min : -1;
}

int64_t fl_sketch_max(const struct fl_sketch *s)
{
    return s->count ? s->max : -1;
}

double fl_sketch_mean(const struct fl_sketch *s)
{
    return s->count ? (double)s->sum / (double)s->count : -1.0;
}

uint64_t fl_sketch_rank(uint64_t count, double q)
{
    double r;

    if (count == 0 || !(q > 0.0))
        return 0;
    if (q >= 1.0)
        return count - 1;
    /* ceil(q * count) - 1; the tolerance keeps 0.95 * 20 (19.000000000000004
     * in double) at rank 18 */
    r = ceil(q * (double)count - 1e-9) - 1.0;
    if (r < 0)
        return 0;
    return r >= (double)(count - 1) ? count - 1 : (uint64_t)r;
}

/* Estimate of bucket i: 2 gamma^i / (gamma + 1), within a of the bucket. */
static double bucket_estimate(int32_t i)
{
    return 2.0 * exp((double)i * LN_GAMMA) / (GAMMA + 1.0);
}

/* Index of the bucket holding the value of rank r (r >= zero count). */
static int32_t bucket_of_rank(const struct fl_sketch *s, uint64_t cum,
                              uint64_t r)
{
    uint32_t j;

    for (j = 0; j + 1 < s->nbins; j++) {
        cum += bin_get(s, j);
        if (cum > r)
            break;
    }
    return s->lo + (int32_t)j;
}

double fl_sketch_quantile(const struct fl_sketch *s, double q)
{
    uint64_t r, zeros;
    double est;

    if (s->count == 0 || isnan(q))
        return -1.0;
    if (q <= 0.0)
        return (double)s->min;
    if (q >= 1.0)
        return (double)s->max;
    r = fl_sketch_rank(s->count, q);
    if (r == s->count - 1)      /* the largest value is known exactly */
        return (double)s->max;
    if (r == 0)
        return (double)s->min;
    zeros = s->count - bins_total(s); /* the zero bucket comes first */
    if (r < zeros)
        return 0.0;
    est = bucket_estimate(bucket_of_rank(s, zeros, r));
    if (est < (double)s->min)
        est = (double)s->min;
    if (est > (double)s->max)
        est = (double)s->max;
    return est;
}

size_t fl_sketch_memory(const struct fl_sketch *s)
{
    return sizeof *s +
           (size_t)s->nbins * (s->wide ? sizeof(uint64_t) : sizeof(uint32_t));
}

/* ---- saving and loading (summary files) ----------------------------------- */

bool fl_sketch_load(struct fl_sketch *s, int32_t lo, const uint64_t *counts,
                    uint32_t n, uint64_t count, int64_t sum, int64_t min,
                    int64_t max)
{
    uint64_t total = 0;
    bool wide = false;

    fl_sketch_cleanup(s);
    if (count == 0)
        return n == 0 && sum == 0 && min == INT64_MAX && max == INT64_MIN;
    if (n > FL_SKETCH_MAX_BINS || lo < 0 || min < 0 || min > max || sum < 0 ||
        (n && lo > idx_max() - (int32_t)n + 1))
        return false;
    for (uint32_t i = 0; i < n; i++) {
        if (counts[i] > count - total)
            return false;
        total += counts[i];
        wide = wide || counts[i] > UINT32_MAX;
    }
    if (total < count && min > 0)   /* zeros counted, but min says none */
        return false;
    s->count = count;
    s->sum = sum;
    s->min = min;
    s->max = max;
    if (n == 0)
        return true;
    s->bins = fl_xcalloc(n, wide ? sizeof(uint64_t) : sizeof(uint32_t));
    s->wide = wide;
    s->lo = lo;
    s->nbins = (uint16_t)n;
    for (uint32_t i = 0; i < n; i++)
        bin_put(s->bins, wide, i, counts[i]);
    return true;
}

void fl_sketch_occupied(const struct fl_sketch *s, int32_t *lo, uint32_t *n)
{
    int32_t a, b;

    if (!s->bins || !occupied(s, &a, &b)) {
        *lo = 0;
        *n = 0;
        return;
    }
    *lo = a;
    *n = (uint32_t)(b - a + 1);
}

uint64_t fl_sketch_bin(const struct fl_sketch *s, int32_t i)
{
    if (!s->bins || i < s->lo || i >= s->lo + (int32_t)s->nbins)
        return 0;
    return bin_get(s, (uint32_t)(i - s->lo));
}
