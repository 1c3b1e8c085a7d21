/* shift.c - level-shift detection: robust scaling, spike clipping and exact
 * penalised optimal partitioning by functional pruning (FPOP).
 *
 * Invariants:
 *  - the detector works on the compacted series of present buckets
 *    (finite value, finite weight > 0); idx[] maps back to input indices;
 *  - F[t] is the exact minimum of  sum of segment costs + beta * (#segments)
 *    over segmentations of points [0, t) whose segments all hold at least
 *    min_segment points (F[t] = +Inf when none exists, F[0] = -beta);
 *  - the FPOP interval list partitions [zmin, zmax] (the range of the
 *    cleaned data, which holds every segment mean) into pieces, each owned
 *    by the candidate last change whose cost function is lowest there; a
 *    candidate that owns no piece can never be optimal again and is gone;
 *  - all scratch is allocated once per call, O(n); no allocation per point
 *    except the amortised growth of the interval lists.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fl_shift.h"
#include "fl_xalloc.h"

/* MAD -> SD for Gaussian data. */
#define MAD_TO_SD 1.482602218505602
/* Lag used to probe autocorrelation: the noise scale of lag-L differences
 * against lag-1 differences tells slow drift from white noise. */
#ifndef SHIFT_LRV_LAG
#define SHIFT_LRV_LAG 2
#endif
/* Largest AR(1) coefficient trusted; above it the series is treated as a
 * near random walk with this inflation (keeps the penalty finite). */
#ifndef SHIFT_PHI_MAX
#define SHIFT_PHI_MAX 0.9
#endif
/* Penalty per change point, in units of log(n) * noise variance. */
#ifndef SHIFT_PEN_LOG
#define SHIFT_PEN_LOG 3.0
#endif

void fl_shift_opts_default(struct fl_shift_opts *o)
{
    o->penalty_scale = FL_SHIFT_DEFAULT_PENALTY_SCALE;
    o->min_segment = FL_SHIFT_DEFAULT_MIN_SEGMENT;
    o->clip_sd = FL_SHIFT_DEFAULT_CLIP_SD;
    o->weight_cap = FL_SHIFT_DEFAULT_WEIGHT_CAP;
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
                          "must be finite, penalty_scale/weight_cap >= 0");
    if (in->penalty_scale > 0)
        o->penalty_scale = in->penalty_scale;
    if (in->min_segment > 0)
        o->min_segment = in->min_segment;
    if (in->clip_sd != 0)
        o->clip_sd = in->clip_sd;
    if (in->weight_cap > 0)
        o->weight_cap = in->weight_cap;
    return FL_OK;
}

/* ---- order statistics ------------------------------------------------ */

static void swapd(double *a, double *b)
{
    double t = *a;
    *a = *b;
    *b = t;
}

/* k-th smallest of a[0..n-1] (reorders a so that a[k] is in its sorted
 * place, smaller-or-equal values left of it).  Wirth's selection; expected
 * O(n). */
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
    /* lower middle = max of the part left of n/2 */
    lo = a[0];
    for (i = 1; i < n / 2; i++)
        if (a[i] > lo)
            lo = a[i];
    return 0.5 * (lo + hi);
}

/* Robust SD of the noise from lag-`lag` differences: MAD / sqrt(2).  A few
 * level shifts touch only a few differences, so the MAD ignores them.
 * Falls back to the mean absolute difference when more than half of the
 * differences are 0 (quantised data).  Returns 0 for a constant series. */
static double diff_scale(const double *y, size_t m, size_t lag, double *tmp)
{
    size_t i, k = 0;
    double mad, sum = 0;

    if (m <= lag)
        return 0;
    for (i = lag; i < m; i++)
        tmp[k++] = fabs(y[i] - y[i - lag]);
    for (i = 0; i < k; i++)
        sum += tmp[i];
    mad = median_inplace(tmp, k);
    if (mad > 0)
        return mad * MAD_TO_SD / sqrt(2.0);
    /* E|d| = 2 sd / sqrt(pi) for d ~ N(0, 2 sd^2) */
    return sum / (double)k * sqrt(M_PI) / 2.0;
}

/* ---- preparation --------------------------------------------------------- */

struct shift_work {
    size_t m;        /* present points */
    double *y;       /* [m] present values, later standardised + clipped */
    double *w;       /* [m] normalised, capped weights */
    size_t *idx;     /* [m] index in the input of each present point */
    double *tmp;     /* [m] scratch for order statistics */
};

/* Copy present points into wk; normalise the weights by their median and
 * cap them. */
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
    if (!w || m == 0)
        return;
    memcpy(wk->tmp, wk->w, m * sizeof *wk->tmp);
    med = median_inplace(wk->tmp, m);
    for (i = 0; i < m; i++)
        wk->w[i] = fmin(wk->w[i] / med, cap);
}

/* Noise variance used to scale the cost: the lag-1 scale, inflated to the
 * long-run variance of an AR(1) process when the lag-L differences show
 * positive autocorrelation (drift would otherwise be cut into steps). */
static double noise_scale(const double *y, size_t m, double *tmp)
{
    double s1 = diff_scale(y, m, 1, tmp), sl, r, phi;

    if (s1 <= 0 || SHIFT_LRV_LAG < 2 || m <= 4 * SHIFT_LRV_LAG)
        return s1;
    sl = diff_scale(y, m, SHIFT_LRV_LAG, tmp);
    /* var(y[t+L]-y[t]) / var(y[t+1]-y[t]) = (1-phi^L)/(1-phi) for AR(1) */
    r = (sl * sl) / (s1 * s1);
    phi = 0;
    if (SHIFT_LRV_LAG == 2)
        phi = r - 1;
    else {
        /* solve (1-phi^L)/(1-phi) = r by bisection on [0, PHI_MAX] */
        double lo = 0, hi = SHIFT_PHI_MAX;
        int it;
        for (it = 0; it < 50; it++) {
            double mid = 0.5 * (lo + hi), g = 0, p = 1;
            int l;
            for (l = 0; l < SHIFT_LRV_LAG; l++, p *= mid)
                g += p;
            if (g < r) lo = mid; else hi = mid;
        }
        phi = 0.5 * (lo + hi);
    }
    if (phi <= 0)
        return s1;
    if (phi > SHIFT_PHI_MAX)
        phi = SHIFT_PHI_MAX;
    /* LRV = marginal var (1+phi)/(1-phi), marginal = s1^2 / (1-phi) */
    return s1 * sqrt((1 + phi) / ((1 - phi) * (1 - phi)));
}

/* Insertion sort of a tiny window (running median). */
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

/* Winsorise y around its running median of half-width h: residuals beyond
 * +-lim are cut to +-lim.  A burst shorter than h+1 points does not move
 * the running median, so it is clipped; a shift that lasts longer moves the
 * median with it and survives intact. */
static void clip_spikes(double *y, size_t m, size_t h, double lim, double *tmp)
{
    double win[2 * 64 + 1];
    size_t i;

    if (h > 64)
        h = 64;
    for (i = 0; i < m; i++) {
        size_t a = i >= h ? i - h : 0, b = i + h + 1 < m ? i + h + 1 : m;
        tmp[i] = window_median(y, a, b, win);
    }
    for (i = 0; i < m; i++) {
        double r = y[i] - tmp[i];
        if (r > lim) y[i] = tmp[i] + lim;
        else if (r < -lim) y[i] = tmp[i] - lim;
    }
}

/* ---- FPOP -------------------------------------------------------------- */

struct piece {
    double lo, hi; /* owned interval of segment means */
    size_t s;      /* candidate last change point (segment starts at s) */
};

struct fpop {
    const double *W, *Y, *Q; /* prefix sums of w, w*z, w*z^2, [m+1] */
    double *F;               /* [m+1] optimal penalised cost of [0, t) */
    size_t *last;            /* [m+1] start of the last segment at optimum */
    struct piece *cur, *nxt;
    size_t ncur, capcur, capnxt;
    double beta, zmin, zmax;
};

/* Segment cost of [s, t): weighted residual sum of squares. */
static double seg_cost(const struct fpop *p, size_t s, size_t t)
{
    double wsum = p->W[t] - p->W[s], ysum = p->Y[t] - p->Y[s];
    double c = p->Q[t] - p->Q[s] - ysum * ysum / wsum;
    return c > 0 ? c : 0;
}

static void push_piece(struct fpop *p, size_t *k, double lo, double hi,
                       size_t s)
{
    if (!(hi > lo))
        return;
    if (*k > 0 && p->nxt[*k - 1].s == s && p->nxt[*k - 1].hi >= lo) {
        p->nxt[*k - 1].hi = hi;
        return;
    }
    p->nxt = fl_xgrow(p->nxt, &p->capnxt, *k + 1, sizeof *p->nxt);
    p->nxt[*k].lo = lo;
    p->nxt[*k].hi = hi;
    p->nxt[*k].s = s;
    (*k)++;
}

/* Where does old candidate `o` stay at or below new candidate `s` (o < s)?
 * f_o - f_s = F[o] - F[s] + sum_{o<=i<s} w (z - mu)^2, a convex quadratic
 * in mu; returns its non-positive set as [*a, *b], or 0 if empty. */
static int survive(const struct fpop *p, size_t o, size_t s, double *a,
                   double *b)
{
    double A = p->W[s] - p->W[o], B = p->Y[s] - p->Y[o];
    double C = p->Q[s] - p->Q[o] + p->F[o] - p->F[s];
    double c = B / A, disc = c * c - C / A;

    if (disc < 0)
        return 0;
    disc = sqrt(disc);
    *a = c - disc;
    *b = c + disc;
    return 1;
}

/* Add candidate s (segments starting at s become allowed now). */
static void fpop_insert(struct fpop *p, size_t s)
{
    size_t i, k = 0;
    struct piece *t;

    if (p->ncur == 0) {
        push_piece(p, &k, p->zmin, p->zmax, s);
    }
    for (i = 0; i < p->ncur; i++) {
        const struct piece *c = &p->cur[i];
        double a, b;
        if (!survive(p, c->s, s, &a, &b)) {
            push_piece(p, &k, c->lo, c->hi, s);
            continue;
        }
        a = fmax(a, c->lo);
        b = fmin(b, c->hi);
        if (!(b > a)) {
            push_piece(p, &k, c->lo, c->hi, s);
            continue;
        }
        push_piece(p, &k, c->lo, a, s);
        push_piece(p, &k, a, b, c->s);
        push_piece(p, &k, b, c->hi, s);
    }
    t = p->cur; p->cur = p->nxt; p->nxt = t;
    i = p->capcur; p->capcur = p->capnxt; p->capnxt = i;
    p->ncur = k;
}

/* F[t] and last[t] from the surviving candidates. */
static void fpop_value(struct fpop *p, size_t t)
{
    size_t i;
    double best = INFINITY;
    size_t arg = 0;

    for (i = 0; i < p->ncur; i++) {
        size_t s = p->cur[i].s;
        double v = p->F[s] + p->beta + seg_cost(p, s, t);
        if (v < best || (v == best && s < arg)) {
            best = v;
            arg = s;
        }
    }
    p->F[t] = best;
    p->last[t] = arg;
}

/* Exact penalised partition of the m standardised points with segments of
 * at least ms points; fills last[] (the caller backtracks). */
static void fpop_run(struct fpop *p, size_t m, size_t ms)
{
    size_t t;

    p->F[0] = -p->beta;
    for (t = 1; t <= m; t++)
        p->F[t] = INFINITY;
    for (t = ms; t <= m; t++) {
        size_t s = t - ms;
        if (isfinite(p->F[s]))
            fpop_insert(p, s);
        fpop_value(p, t);
    }
}

/* ---- driver -------------------------------------------------------------- */

/* Standardise, clip, build prefix sums and solve; writes the change points
 * (compacted positions) into pos[], returns their number. */
static size_t segment(struct shift_work *wk, const struct fl_shift_opts *o,
                      size_t *pos)
{
    size_t m = wk->m, i, k, t;
    double sd, med, *pre;
    struct fpop p;

    sd = noise_scale(wk->y, m, wk->tmp);
    if (!(sd > 0))
        return 0;
    memcpy(wk->tmp, wk->y, m * sizeof *wk->tmp);
    med = median_inplace(wk->tmp, m);
    for (i = 0; i < m; i++)
        wk->y[i] = (wk->y[i] - med) / sd;
    if (o->clip_sd > 0)
        clip_spikes(wk->y, m, o->min_segment - 1 > 0 ? o->min_segment - 1 : 1,
                    o->clip_sd, wk->tmp);

    memset(&p, 0, sizeof p);
    pre = fl_xmalloc(3 * (m + 1) * sizeof *pre);
    p.W = pre; p.Y = pre + m + 1; p.Q = pre + 2 * (m + 1);
    pre[0] = pre[m + 1] = pre[2 * (m + 1)] = 0;
    p.zmin = p.zmax = wk->y[0];
    for (i = 0; i < m; i++) {
        double wi = wk->w[i], z = wk->y[i];
        pre[i + 1] = pre[i] + wi;
        pre[m + 1 + i + 1] = pre[m + 1 + i] + wi * z;
        pre[2 * (m + 1) + i + 1] = pre[2 * (m + 1) + i] + wi * z * z;
        p.zmin = fmin(p.zmin, z);
        p.zmax = fmax(p.zmax, z);
    }
    p.F = fl_xmalloc((m + 1) * sizeof *p.F);
    p.last = fl_xmalloc((m + 1) * sizeof *p.last);
    p.beta = SHIFT_PEN_LOG * o->penalty_scale * log((double)m);
    if (p.zmax > p.zmin)
        fpop_run(&p, m, o->min_segment);

    k = 0;
    if (p.zmax > p.zmin && isfinite(p.F[m]))
        for (t = p.last[m]; t > 0; t = p.last[t])
            pos[k++] = t;
    for (i = 0; i < k / 2; i++) {
        size_t x = pos[i];
        pos[i] = pos[k - 1 - i];
        pos[k - 1 - i] = x;
    }
    free(pre);
    free(p.F);
    free(p.last);
    free(p.cur);
    free(p.nxt);
    return k;
}

int fl_shift_detect(const double *x, const double *w, size_t n,
                    const struct fl_shift_opts *o, size_t *cps,
                    size_t max_cps, size_t *ncps, struct fl_err *err)
{
    struct fl_shift_opts opt;
    struct shift_work wk;
    size_t *pos, k, i;
    int rc;

    if (!ncps || (!x && n > 0) || (!cps && max_cps > 0))
        return fl_err_set(err, FL_ERR_USAGE, NULL, 0, UINT64_MAX,
                          "shift: NULL argument");
    *ncps = 0;
    rc = resolve_opts(o, &opt, err);
    if (rc != FL_OK)
        return rc;
    if (n < 2 * opt.min_segment)
        return FL_OK;
    wk.y = fl_xmalloc(n * sizeof *wk.y);
    wk.w = fl_xmalloc(n * sizeof *wk.w);
    wk.tmp = fl_xmalloc(n * sizeof *wk.tmp);
    wk.idx = fl_xmalloc(n * sizeof *wk.idx);
    pos = fl_xmalloc(n * sizeof *pos);
    compact(x, w, n, opt.weight_cap, &wk);
    k = wk.m >= 2 * opt.min_segment ? segment(&wk, &opt, pos) : 0;
    for (i = 0; i < k && i < max_cps; i++)
        cps[i] = wk.idx[pos[i]];
    *ncps = k;
    free(wk.y);
    free(wk.w);
    free(wk.tmp);
    free(wk.idx);
    free(pos);
    if (k > max_cps)
        return fl_err_set(err, FL_ERR_LIMIT, NULL, 0, UINT64_MAX,
                          "shift: %zu change points, room for %zu", k,
                          max_cps);
    return FL_OK;
}
