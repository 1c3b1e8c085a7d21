/* shift.c - level-shift detection: spike clipping, robust scaling and exact
 * penalised optimal partitioning into straight-line segments (PELT).
 *
 * Invariants:
 *  - the detector works on the compacted series of present buckets
 *    (finite value, finite weight > 0); idx[] maps back to input indices
 *    and the time of a point is its input index, so gaps do not bend lines;
 *  - a segment [s, t) of compacted points costs its weighted residual sum
 *    of squares about its own least-squares line, in units of the noise
 *    variance; the partition minimises sum of costs + beta * #segments
 *    with every segment holding at least min_segment points;
 *  - costs come from prefix sums, O(1) each; a cost is clamped to
 *    [0, centred sum of squares], which it is in exact arithmetic;
 *  - all memory is O(n), allocated once per call.
 *
 * Why lines and not constant levels: a mean-shift model cuts every drift
 * (diurnal load, growth, a slow ramp) into a staircase of false "shifts";
 * a line per segment absorbs the drift, and a level shift is still exactly
 * two flat lines with a jump between them.  On TCPD (tests/tcpd_eval.c) the
 * line model wins clearly over the mean model at every penalty tried.
 *
 * Why the noise scale is global: the variance that makes a level change
 * "significant" is that of the series about one straight line (the model
 * without change points), taken robustly so that outliers and a short
 * incident barely move it.  A local scale (from successive differences) is
 * far too small for autocorrelated series and turns every wiggle into a
 * change point.
 *
 * Penalty: beta = 4.5 log(n) noise variances per change point.  BIC would
 * give 3 log(n) (start, level and slope of a new segment); the factor 1.5
 * was calibrated on simulated no-change series (Gaussian, Student t3,
 * outliers; n = 100..2000), where 3 log(n) raised false alarms in 5-20 %
 * of series and 4.5 log(n) in 0-3 % (tests/check_shift.c pins this).  It
 * was not tuned on TCPD.
 *
 * Speed: PELT with exact pruning is linear when changes are regular but
 * quadratic on long quiet stretches.  Series longer than COARSE_MAX points
 * are therefore solved first on block boundaries (blocks of b points, the
 * cost of a block-aligned segment is still exact), then at full resolution
 * with only the positions near block-level change points as candidates
 * (see partition()).  Against a brute-force optimum on 100 random series
 * of 1100-4000 points (jumps, incidents, slope changes) this found the
 * exact optimum 98 times; the two misses are near-ties (0.05 of a noise
 * variance apart) between different segmentations.  Up to COARSE_MAX
 * points the result is the exact optimum.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/fl_shift.h"
#include "base/fl_xalloc.h"

/* MAD -> SD for Gaussian data. */
#define MAD_TO_SD 1.482602218505602
/* Penalty per change point in units of log(n) x noise variance (see the
 * file comment). */
#define PEN_PER_LOG_N 4.5
/* Largest AR(1) coefficient used by the autocorrelation option. */
#define PHI_MAX 0.8
/* Residuals beyond this many robust SDs count as this many in the scale. */
#define SCALE_CLIP 4.0
/* Longest series solved at full resolution in one pass. */
#define COARSE_MAX 1024
/* Refinement windows reach one block plus REFINE_EXTRA points on each
 * side of a change point; at most REFINE_ROUNDS re-centrings. */
#define REFINE_EXTRA 32
#define REFINE_ROUNDS 4
/* Widest running-median window half-width used for spike clipping. */
#define CLIP_HALF_MAX 32

void fl_shift_opts_default(struct fl_shift_opts *o)
{
    o->penalty_scale = FL_SHIFT_DEFAULT_PENALTY_SCALE;
    o->min_segment = FL_SHIFT_DEFAULT_MIN_SEGMENT;
    o->clip_sd = FL_SHIFT_DEFAULT_CLIP_SD;
    o->weight_cap = FL_SHIFT_DEFAULT_WEIGHT_CAP;
    o->autocorr = 0;
}

/* Options with the zero fields replaced by defaults. */
static int resolve_opts(const struct fl_shift_opts *in,
                        struct fl_shift_opts *o, struct fl_err *err)
{
    fl_shift_opts_default(o);
    if (!in)
        return FL_OK;
    if (!(in->penalty_scale >= 0) || !isfinite(in->penalty_scale) ||
        !isfinite(in->clip_sd) || !(in->weight_cap >= 0) ||
        !isfinite(in->weight_cap))
        return fl_err_set(err, FL_ERR_USAGE, NULL, 0, UINT64_MAX,
                          "shift: penalty_scale, clip_sd and weight_cap "
                          "must be finite, penalty_scale and weight_cap "
                          ">= 0");
    if (in->penalty_scale > 0)
        o->penalty_scale = in->penalty_scale;
    if (in->min_segment > 0)
        o->min_segment = in->min_segment;
    if (in->clip_sd != 0)
        o->clip_sd = in->clip_sd;
    if (in->weight_cap > 0)
        o->weight_cap = in->weight_cap;
    o->autocorr = in->autocorr;
    return FL_OK;
}

/* ---- order statistics ------------------------------------------------ */

static void swapd(double *a, double *b)
{
    double t = *a;
    *a = *b;
    *b = t;
}

/* k-th smallest of a[0..n-1]; reorders a so that a[k] is in its sorted
 * place with smaller-or-equal values left of it.  Wirth's selection,
 * expected O(n). */
static double select_kth(double *a, size_t n, size_t k)
{
    ptrdiff_t l = 0, r = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k;

    while (l < r) {
        double x = a[kk];
        ptrdiff_t i = l, j = r;
        do {
            while (a[i] < x) i++;
            while (x < a[j]) j--;
            if (i <= j) {
                swapd(&a[i], &a[j]);
                i++;
                j--;
            }
        } while (i <= j);
        if (j < kk) l = i;
        if (kk < i) r = j;
    }
    return a[k];
}

/* Median of a[0..n-1], n >= 1 (reorders a). */
static double median_inplace(double *a, size_t n)
{
    double hi = select_kth(a, n, n / 2), lo;
    size_t i;

    if (n % 2)
        return hi;
    lo = a[0];  /* the lower middle is the largest value left of n/2 */
    for (i = 1; i < n / 2; i++)
        if (a[i] > lo)
            lo = a[i];
    return 0.5 * (lo + hi);
}

/* Robust SD of a[0..n-1] about its median (overwrites a).  When more than
 * half the values tie (quantised data) the MAD is 0: fall back to the mean
 * absolute deviation, which is 0 only for constant data. */
static double robust_sd(double *a, size_t n)
{
    double med = median_inplace(a, n), mad, sum = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        a[i] = fabs(a[i] - med);
        sum += a[i];
    }
    mad = median_inplace(a, n);
    /* "zero" up to rounding: near-ties of quantised data differ in the
     * last bits; no real distribution has its MAD 1e6 times below its mean
     * absolute deviation */
    if (mad > 1e-6 * sum / (double)n)
        return mad * MAD_TO_SD;
    return sum / (double)n * sqrt(M_PI / 2.0); /* E|e| = sd sqrt(2/pi) */
}

/* ---- preparation -------------------------------------------------------- */

struct shift_work {
    size_t m;      /* present points */
    double *y;     /* [m] values: raw, then clipped, then standardised */
    double *w;     /* [m] normalised, capped weights */
    double *t;     /* [m] time: input index, centred */
    size_t *idx;   /* [m] input index of each present point */
    double *tmp;   /* [m] scratch */
    double *y2;    /* [m] scratch */
    double centre; /* value subtracted before scaling (input units) */
    double sd;     /* noise scale (input units) */
};

/* Copy present points into wk; normalise the weights by their median and
 * cap them (beyond a few times the usual count, bucket-to-bucket variation
 * dominates sampling noise, so more calls should not mean more trust). */
static void compact(const double *x, const double *w, size_t n, double cap,
                    struct shift_work *wk)
{
    size_t i, m = 0;
    double med;

    for (i = 0; i < n; i++) {
        double wi = w ? w[i] : 1.0;
        if (!isfinite(x[i]) || !isfinite(wi) || wi <= 0)
            continue;
        wk->y[m] = x[i];
        wk->w[m] = wi;
        wk->idx[m] = i;
        m++;
    }
    wk->m = m;
    for (i = 0; i < m; i++)
        wk->t[i] = (double)wk->idx[i] - 0.5 * (double)(n - 1);
    if (!w || m == 0)
        return;
    memcpy(wk->tmp, wk->w, m * sizeof *wk->tmp);
    med = median_inplace(wk->tmp, m);
    for (i = 0; i < m; i++)
        wk->w[i] = fmin(wk->w[i] / med, cap);
}

/* Small-window median by insertion sort. */
static double window_median(const double *y, size_t a, size_t b, double *win)
{
    size_t k = 0, i;

    for (i = a; i < b; i++) {
        size_t j = k++;
        while (j > 0 && win[j - 1] > y[i]) {
            win[j] = win[j - 1];
            j--;
        }
        win[j] = y[i];
    }
    if (k % 2)
        return win[k / 2];
    return 0.5 * (win[k / 2 - 1] + win[k / 2]);
}

/* Hampel filter: a value further than clip_sd local SDs from the running
 * median of half-width h is replaced by that median.  A burst of at most h
 * points does not move the running median, so it is removed; a shift that
 * lasts longer moves the median with it and is kept intact (a step is
 * reproduced exactly).  The local SD comes from successive differences, so
 * a spike is judged against its neighbours, not against the level shifts
 * of the series. */
static void clip_spikes(struct shift_work *wk, size_t h, double clip_sd)
{
    double win[2 * CLIP_HALF_MAX + 1], lim, *y = wk->y, *med = wk->tmp;
    size_t i, m = wk->m;

    for (i = 1; i < m; i++)
        med[i - 1] = (y[i] - y[i - 1]) / sqrt(2.0);
    lim = clip_sd * robust_sd(med, m - 1);
    if (!(lim > 0))
        return;
    if (h > CLIP_HALF_MAX)
        h = CLIP_HALF_MAX;
    for (i = 0; i < m; i++) {
        size_t a = i >= h ? i - h : 0, b = i + h + 1 < m ? i + h + 1 : m;
        med[i] = window_median(y, a, b, win);
    }
    for (i = 0; i < m; i++)
        if (fabs(y[i] - med[i]) > lim)
            y[i] = med[i];
}

/* Noise scale about the weighted least-squares line through all points
 * (the no-change model): the RMS of the residuals winsorised at
 * SCALE_CLIP robust SDs (MAD).  The MAD alone would understate the spread
 * that the least-squares cost sees under heavy tails (false alarms); the
 * plain RMS would let one large incident inflate the scale and mask the
 * others.  For Gaussian noise both agree (E min(Z^2, 16) = 0.9997).
 * Returns 0 when the series is exactly a line. */
static double line_scale(struct shift_work *wk)
{
    double sw = 0, st = 0, sy = 0, stt = 0, sty = 0, b, mad, lim, ss = 0;
    size_t i, m = wk->m;

    for (i = 0; i < m; i++) {
        sw += wk->w[i];
        st += wk->w[i] * wk->t[i];
        sy += wk->w[i] * wk->y[i];
    }
    for (i = 0; i < m; i++) {
        double t = wk->t[i] - st / sw, y = wk->y[i] - sy / sw;
        stt += wk->w[i] * t * t;
        sty += wk->w[i] * t * y;
    }
    b = stt > 0 ? sty / stt : 0;
    for (i = 0; i < m; i++)
        wk->y2[i] = (wk->y[i] - sy / sw - b * (wk->t[i] - st / sw)) *
                    sqrt(wk->w[i]);
    memcpy(wk->tmp, wk->y2, m * sizeof *wk->tmp);
    mad = robust_sd(wk->tmp, m);
    lim = SCALE_CLIP * mad;
    for (i = 0; i < m; i++) {
        double r = wk->y2[i];
        ss += lim > 0 && fabs(r) > lim ? lim * lim : r * r;
    }
    return sqrt(ss / (double)m);
}

/* Largest |value| of the series, to tell rounding noise from noise. */
static double spread(const struct shift_work *wk)
{
    double a = 0;
    size_t i;

    for (i = 0; i < wk->m; i++)
        a = fmax(a, fabs(wk->y[i]));
    return a;
}

/* Factor that turns the marginal noise SD into the long-run SD of AR(1)
 * noise, sqrt((1 + phi) / (1 - phi)).  phi comes from the variogram:
 * var(y[t+2] - y[t]) / var(y[t+1] - y[t]) = 1 + phi, each taken robustly
 * (MAD), which a few level shifts do not move. */
static double ar1_inflation(struct shift_work *wk)
{
    double s1, s2, phi;
    size_t i, m = wk->m;

    if (m < 8)
        return 1;
    for (i = 1; i < m; i++)
        wk->tmp[i - 1] = wk->y[i] - wk->y[i - 1];
    s1 = robust_sd(wk->tmp, m - 1);
    for (i = 2; i < m; i++)
        wk->tmp[i - 2] = wk->y[i] - wk->y[i - 2];
    s2 = robust_sd(wk->tmp, m - 2);
    if (!(s1 > 0))
        return 1;
    phi = (s2 * s2) / (s1 * s1) - 1;
    if (!(phi > 0))
        return 1;
    if (phi > PHI_MAX)
        phi = PHI_MAX;
    return sqrt((1 + phi) / (1 - phi));
}

/* ---- optimal partitioning (PELT) ---------------------------------------- */

/* Prefix sums over the compacted points: weights, w*t, w*t^2, w*y, w*t*y,
 * w*y^2; entry i covers points [0, i). */
struct moments {
    double *w, *t, *tt, *y, *ty, *yy;
};

static void moments_init(struct moments *p, const struct shift_work *wk)
{
    size_t i, m = wk->m;
    double *blk = fl_xmalloc(6 * (m + 1) * sizeof *blk);

    p->w = blk;
    p->t = blk + (m + 1);
    p->tt = blk + 2 * (m + 1);
    p->y = blk + 3 * (m + 1);
    p->ty = blk + 4 * (m + 1);
    p->yy = blk + 5 * (m + 1);
    p->w[0] = p->t[0] = p->tt[0] = p->y[0] = p->ty[0] = p->yy[0] = 0;
    for (i = 0; i < m; i++) {
        double w = wk->w[i], t = wk->t[i], y = wk->y[i];
        p->w[i + 1] = p->w[i] + w;
        p->t[i + 1] = p->t[i] + w * t;
        p->tt[i + 1] = p->tt[i] + w * t * t;
        p->y[i + 1] = p->y[i] + w * y;
        p->ty[i + 1] = p->ty[i] + w * t * y;
        p->yy[i + 1] = p->yy[i] + w * y * y;
    }
}

/* Weighted residual sum of squares of points [s, t) about their line. */
static double seg_cost(const struct moments *p, size_t s, size_t t)
{
    double w = p->w[t] - p->w[s], st = p->t[t] - p->t[s];
    double sy = p->y[t] - p->y[s];
    double yy = p->yy[t] - p->yy[s] - sy * sy / w;
    double tt = p->tt[t] - p->tt[s] - st * st / w;
    double ty = p->ty[t] - p->ty[s] - st * sy / w;
    double slope_ss;

    if (!(yy > 0))
        return 0;
    if (!(tt > 1e-9 * w)) /* one distinct time: a level only */
        return yy;
    slope_ss = ty * ty / tt;
    return slope_ss < yy ? yy - slope_ss : 0;
}

/* A PELT problem over allowed boundary positions pos[0] = 0 < ... <
 * pos[k-1] = m (indices into the compacted points). */
struct op {
    const struct moments *mo;
    const size_t *pos;
    size_t k, ms;
    double beta;
    double *F;       /* [k] optimal cost of points [0, pos[j]) */
    size_t *last;    /* [k] index j' of the previous boundary */
    size_t *cand;    /* [k] live candidates (indices into pos) */
    size_t *kill;    /* [k] position from which a candidate may be dropped */
    double *val;     /* [k] scratch: candidate values at the current step */
};

/* Best previous boundary for position index j; fills F[j], last[j] and the
 * candidates' values. */
static void op_step(struct op *o, size_t j, size_t nc)
{
    size_t c, arg = 0, t = o->pos[j];
    double best = INFINITY;

    for (c = 0; c < nc; c++) {
        size_t i = o->cand[c];
        double v = o->F[i] + seg_cost(o->mo, o->pos[i], t);
        o->val[c] = v;
        if (v < best) {
            best = v;
            arg = i;
        }
    }
    o->F[j] = best + o->beta;
    o->last[j] = arg;
}

/* Exact penalised partition with minimum segment length.  Pruning is
 * PELT's: if F[i] + C(i, t) > F[t] then for every T >= t + ms boundary t
 * beats i, since C is superadditive; i is dropped only from t + ms on,
 * because before that t is not an allowed last boundary. */
static void op_solve(struct op *o)
{
    size_t j, c, nc = 0, next = 0;

    o->F[0] = -o->beta;
    for (j = 1; j < o->k; j++) {
        size_t t = o->pos[j], keep = 0;
        while (next < j && o->pos[next] + o->ms <= t) {
            if (isfinite(o->F[next])) {
                o->kill[nc] = SIZE_MAX;
                o->cand[nc++] = next;
            }
            next++;
        }
        for (c = 0; c < nc; c++)  /* drop candidates whose time has come */
            if (o->kill[c] > t) {
                o->cand[keep] = o->cand[c];
                o->kill[keep++] = o->kill[c];
            }
        nc = keep;
        o->F[j] = INFINITY;
        if (nc == 0)
            continue;
        op_step(o, j, nc);
        for (c = 0; c < nc; c++)
            if (o->val[c] > o->F[j] && o->kill[c] == SIZE_MAX)
                o->kill[c] = t + o->ms;
    }
}

/* Solve over pos[0..k-1]; writes the chosen boundaries (without 0 and m)
 * in ascending order to out, returns their number. */
static size_t op_run(const struct moments *mo, const size_t *pos, size_t k,
                     size_t ms, double beta, size_t *out)
{
    struct op o;
    size_t j, n = 0, i;

    o.mo = mo;
    o.pos = pos;
    o.k = k;
    o.ms = ms;
    o.beta = beta;
    o.F = fl_xmalloc(k * sizeof *o.F);
    o.val = fl_xmalloc(k * sizeof *o.val);
    o.last = fl_xmalloc(k * sizeof *o.last);
    o.cand = fl_xmalloc(k * sizeof *o.cand);
    o.kill = fl_xmalloc(k * sizeof *o.kill);
    op_solve(&o);
    if (isfinite(o.F[k - 1]))
        for (j = o.last[k - 1]; j > 0; j = o.last[j])
            out[n++] = pos[j];
    for (i = 0; i < n / 2; i++) {
        size_t x = out[i];
        out[i] = out[n - 1 - i];
        out[n - 1 - i] = x;
    }
    free(o.F);
    free(o.val);
    free(o.last);
    free(o.cand);
    free(o.kill);
    return n;
}

/* Candidate positions for refinement: 0, every position within w of a
 * change point in cps[0..nc-1], m.  Returns their number. */
static size_t refine_positions(const size_t *cps, size_t nc, size_t w,
                               size_t m, size_t *pos)
{
    size_t k = 0, j, p;

    pos[k++] = 0;
    for (j = 0; j < nc; j++) {
        size_t lo = cps[j] > w ? cps[j] - w : 1;
        size_t hi = cps[j] + w < m ? cps[j] + w : m - 1;
        for (p = lo > pos[k - 1] ? lo : pos[k - 1] + 1; p <= hi; p++)
            pos[k++] = p;
    }
    pos[k++] = m;
    return k;
}

/* Does a change point sit on the edge of its candidate window (a
 * neighbouring position was not a candidate)?  Then the window was too
 * narrow.  pos[0..k-1] is sorted. */
static int at_window_edge(const size_t *pos, size_t k, const size_t *cps,
                          size_t nc)
{
    size_t j, lo = 0;

    for (j = 0; j < nc; j++) {
        size_t a = lo, b = k - 1;
        while (a < b) { /* first pos >= cps[j] */
            size_t mid = a + (b - a) / 2;
            if (pos[mid] < cps[j]) a = mid + 1; else b = mid;
        }
        if (a == 0 || pos[a - 1] + 1 != cps[j] || a + 1 >= k ||
            pos[a + 1] != cps[j] + 1)
            return 1;
        lo = a;
    }
    return 0;
}

/* Sorted union of the ascending lists a and b into out; returns its size. */
static size_t merge_union(const size_t *a, size_t na, const size_t *b,
                          size_t nb, size_t *out)
{
    size_t i = 0, j = 0, k = 0;

    while (i < na || j < nb) {
        if (j >= nb || (i < na && a[i] < b[j]))
            out[k++] = a[i++];
        else if (i >= na || b[j] < a[i])
            out[k++] = b[j++];
        else {
            out[k++] = a[i++];
            j++;
        }
    }
    return k;
}

/* Full resolution for short series.  Longer ones are solved on block
 * boundaries (blocks of b points) twice, with beta and with beta / 2, and
 * then at full resolution with every position within b + REFINE_EXTRA of
 * a block-level change point of either run as a candidate, re-centred
 * while a change point lands on a window edge.  The lower-penalty run and
 * the wide windows catch what block alignment hides: a change that only
 * pays for itself at its exact position, a short incident whose start
 * fell inside a block, a loosely located kink.  pos has room for m + 1
 * entries, out for m; returns the number of change points put in out. */
static size_t partition(const struct moments *mo, size_t m, size_t ms,
                        double beta, size_t *pos, size_t *out)
{
    size_t b = (m + COARSE_MAX - 1) / COARSE_MAX, k = 0, i, nc, n2, round;
    size_t *c2, *uni;

    if (b <= 1) {
        for (i = 0; i <= m; i++)
            pos[i] = i;
        return op_run(mo, pos, m + 1, ms, beta, out);
    }
    for (i = 0; i < m; i += b)
        pos[k++] = i;
    pos[k++] = m;
    c2 = fl_xmalloc(2 * k * sizeof *c2);
    uni = c2 + k;
    nc = op_run(mo, pos, k, ms, beta, out);
    n2 = op_run(mo, pos, k, ms, 0.5 * beta, c2);
    nc = merge_union(out, nc, c2, n2, uni);
    memcpy(out, uni, nc * sizeof *out);
    free(c2);
    for (round = 0; round < REFINE_ROUNDS && nc > 0; round++) {
        k = refine_positions(out, nc, b + REFINE_EXTRA, m, pos);
        nc = op_run(mo, pos, k, ms, beta, out);
        if (!at_window_edge(pos, k, out, nc))
            break;
    }
    return nc;
}

/* ---- driver ------------------------------------------------------------- */

/* Clip, scale, solve; writes change points (compacted positions) to out and
 * returns their number. */
static size_t segment(struct shift_work *wk, const struct fl_shift_opts *o,
                      size_t *out)
{
    size_t m = wk->m, i, k, *pos;
    struct moments mo;
    double beta;

    if (o->clip_sd > 0 && o->min_segment > 1)
        clip_spikes(wk, o->min_segment - 1, o->clip_sd);
    wk->sd = line_scale(wk);
    if (!(wk->sd > 1e-12 * spread(wk)))
        return 0; /* an exact line (up to rounding): nothing to find */
    if (o->autocorr)
        wk->sd *= ar1_inflation(wk);
    memcpy(wk->tmp, wk->y, m * sizeof *wk->tmp);
    wk->centre = median_inplace(wk->tmp, m);
    for (i = 0; i < m; i++)
        wk->y[i] = (wk->y[i] - wk->centre) / wk->sd;
    moments_init(&mo, wk);
    beta = PEN_PER_LOG_N * o->penalty_scale * log((double)m);
    pos = fl_xmalloc((m + 1) * sizeof *pos);
    k = partition(&mo, m, o->min_segment, beta, pos, out);
    free(pos);
    free(mo.w);
    return k;
}

int fl_shift_detect(const double *x, const double *w, size_t n,
                    const struct fl_shift_opts *o, size_t *cps,
                    size_t max_cps, size_t *ncps, struct fl_err *err)
{
    struct fl_shift_opts opt;
    struct shift_work wk;
    size_t *out, k = 0, i;
    int rc;

    if (!ncps || (!x && n > 0) || (!cps && max_cps > 0))
        return fl_err_set(err, FL_ERR_USAGE, NULL, 0, UINT64_MAX,
                          "shift: NULL argument");
    *ncps = 0;
    rc = resolve_opts(o, &opt, err);
    if (rc != FL_OK || opt.min_segment > n / 2)
        return rc; /* fewer than 2 * min_segment points: no change point */
    wk.y = fl_xmalloc(n * sizeof *wk.y);
    wk.w = fl_xmalloc(n * sizeof *wk.w);
    wk.t = fl_xmalloc(n * sizeof *wk.t);
    wk.tmp = fl_xmalloc(n * sizeof *wk.tmp);
    wk.y2 = fl_xmalloc(n * sizeof *wk.y2);
    wk.idx = fl_xmalloc(n * sizeof *wk.idx);
    out = fl_xmalloc(n * sizeof *out);
    compact(x, w, n, opt.weight_cap, &wk);
    if (opt.min_segment <= wk.m / 2)
        k = segment(&wk, &opt, out);
    for (i = 0; i < k && i < max_cps; i++)
        cps[i] = wk.idx[out[i]];
    *ncps = k;
    free(wk.y);
    free(wk.w);
    free(wk.t);
    free(wk.tmp);
    free(wk.y2);
    free(wk.idx);
    free(out);
    if (k > max_cps)
        return fl_err_set(err, FL_ERR_LIMIT, NULL, 0, UINT64_MAX,
                          "shift: %zu change points, room for %zu", k,
                          max_cps);
    return FL_OK;
}
