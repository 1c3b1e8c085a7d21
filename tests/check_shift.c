/* check_shift.c - the level-shift detector on synthetic series with known
 * change points: steps, incidents, spikes, ramps, drift, no-change noise
 * (Gaussian, heavy-tailed, outliers, autocorrelated), sparse series with
 * missing buckets, log-normal latency buckets; exactness against a brute
 * force optimal partitioning; edge cases, errors and speed.
 *
 * Every random series comes from a fixed-seed splitmix64 generator written
 * here, so results are reproducible.  Rates measured over many seeds are
 * printed as "# ..." lines and asserted against stated bounds.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/fl_shift.h"

#define MAXN 4096
#define MAXCP 64

/* ---- deterministic random numbers --------------------------------------- */

struct rng {
    uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform on (0, 1). */
static double rng_unif(struct rng *r)
{
    return ((double)(rng_next(r) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

static double rng_gauss(struct rng *r)
{
    double u = rng_unif(r), v = rng_unif(r);
    return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

/* Student t with 3 degrees of freedom: infinite kurtosis. */
static double rng_t3(struct rng *r)
{
    double a = rng_gauss(r), b = rng_gauss(r), c = rng_gauss(r);
    return rng_gauss(r) / sqrt((a * a + b * b + c * c) / 3.0);
}

static int rng_poisson(struct rng *r, double lambda)
{
    double l = exp(-lambda), p = rng_unif(r);
    int k = 0;

    while (p > l) {
        p *= rng_unif(r);
        k++;
    }
    return k;
}

/* ---- series generators -------------------------------------------------- */

enum noise { GAUSS, T3, OUTLIERS, AR07 };

static double noise_draw(struct rng *r, enum noise kind, double *state)
{
    double e;

    switch (kind) {
    case T3:
        return rng_t3(r);
    case OUTLIERS:  /* 2 % of points 10 SD off, either side */
        e = rng_gauss(r);
        if (rng_unif(r) < 0.02)
            e += rng_unif(r) < 0.5 ? -10.0 : 10.0;
        return e;
    case AR07:      /* AR(1), phi 0.7, unit marginal variance */
        *state = 0.7 * *state + sqrt(1 - 0.49) * rng_gauss(r);
        return *state;
    default:
        return rng_gauss(r);
    }
}

/* Piecewise-constant levels: level[k] from at[k-1] (at[-1] = 0). */
static void gen_steps(struct rng *r, enum noise kind, double *x, size_t n,
                      const size_t *at, const double *level, size_t nat)
{
    size_t i, k = 0;
    double st = 0;

    for (i = 0; i < n; i++) {
        while (k < nat && i >= at[k])
            k++;
        x[i] = level[k] + noise_draw(r, kind, &st);
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Latency buckets: Poisson(lambda) calls per bucket (0 calls = missing),
 * log-normal durations (median 5 ms, log SD 0.8) with 5 % slow calls (x20),
 * every duration x factor from bucket `at` on.  x = median log duration,
 * w = number of calls. */
static void gen_latency(struct rng *r, double *x, double *w, size_t n,
                        double lambda, size_t at, double factor)
{
    double d[64];
    size_t i;

    for (i = 0; i < n; i++) {
        int k = rng_poisson(r, lambda), j;
        if (k > 64)
            k = 64;
        for (j = 0; j < k; j++) {
            d[j] = log(5e-3) + 0.8 * rng_gauss(r);
            if (rng_unif(r) < 0.05)
                d[j] += log(20.0);
            if (i >= at)
                d[j] += log(factor);
        }
        if (k == 0) {
            x[i] = NAN;
            w[i] = 0;
            continue;
        }
        qsort(d, (size_t)k, sizeof *d, cmp_double);
        x[i] = k % 2 ? d[k / 2] : 0.5 * (d[k / 2 - 1] + d[k / 2]);
        w[i] = k;
    }
}

/* ---- scoring helpers ---------------------------------------------------- */

static size_t detect(const double *x, const double *w, size_t n,
                     const struct fl_shift_opts *o, size_t *cps)
{
    size_t k = 0;
    struct fl_err err;

    ck_assert_int_eq(fl_shift_detect(x, w, n, o, cps, MAXCP, &k, &err),
                     FL_OK);
    return k;
}

/* Greedy one-to-one matches of detections to truth within +-tol. */
static size_t matches(const size_t *truth, size_t nt, const size_t *cps,
                      size_t nc, size_t tol)
{
    char used[MAXCP] = {0};
    size_t i, j, hit = 0;

    for (i = 0; i < nt; i++)
        for (j = 0; j < nc; j++) {
            size_t d = cps[j] > truth[i] ? cps[j] - truth[i]
                                         : truth[i] - cps[j];
            if (!used[j] && d <= tol) {
                used[j] = 1;
                hit++;
                break;
            }
        }
    return hit;
}

/* Pooled recall / precision over seeds. */
struct score {
    size_t truth, found, hit, exact_runs, runs;
};

static void score_add(struct score *s, const size_t *truth, size_t nt,
                      const size_t *cps, size_t nc, size_t tol)
{
    size_t h = matches(truth, nt, cps, nc, tol);

    s->truth += nt;
    s->found += nc;
    s->hit += h;
    s->runs++;
    if (h == nt && nc == nt)
        s->exact_runs++;
}

static double recall(const struct score *s)
{
    return s->truth ? (double)s->hit / (double)s->truth : 1.0;
}

static double precision(const struct score *s)
{
    return s->found ? (double)s->hit / (double)s->found : 1.0;
}

/* ---- known change points, table-driven ---------------------------------- */

struct step_case {
    const char *name;
    enum noise kind;
    size_t n;
    size_t at[3];
    double level[4];
    size_t nat;
    size_t tol;                       /* +- points for a match */
    double min_recall, min_precision; /* pooled over 100 seeds */
};

/* Sizes in noise SDs.  Two limits of the method show in the bounds: a
 * small step is located less precisely than by a constant-level model
 * (the neighbouring lines can tilt), and a large shift inflates the global
 * noise scale, so a smaller shift next to it is sometimes missed. */
static const struct step_case steps[] = {
    {"step up 3 SD", GAUSS, 200, {100}, {0, 3}, 1, 2, 0.98, 0.98},
    {"step down 3 SD", GAUSS, 240, {120}, {0, -3}, 1, 2, 0.98, 0.98},
    {"step 2 SD, +-2", GAUSS, 400, {150}, {0, 2}, 1, 2, 0.85, 0.85},
    {"step 2 SD, +-5", GAUSS, 400, {150}, {0, 2}, 1, 5, 0.97, 0.97},
    {"incident 40 pts", GAUSS, 300, {100, 140}, {0, 4, 0}, 2, 2, 0.98, 0.98},
    {"incident 8 pts", GAUSS, 300, {150, 158}, {0, 6, 0}, 2, 2, 0.98, 0.98},
    {"steps 3 then 4", GAUSS, 300, {100, 200}, {0, 3, -1}, 2, 2, 0.9, 0.97},
    {"steps 4 then 4", GAUSS, 300, {100, 200}, {0, 4, 0.5}, 2, 2, 0.98, 0.98},
    {"step 5, t3 noise", T3, 300, {150}, {0, 5}, 1, 2, 0.98, 0.95},
    {"step 3, outliers", OUTLIERS, 300, {150}, {0, 3}, 1, 2, 0.98, 0.95},
};

START_TEST(test_shift_finds_known_steps)
{
    const struct step_case *c = &steps[_i];
    double x[MAXN];
    size_t cps[MAXCP], k;
    struct score s = {0};
    uint64_t seed;

    for (seed = 1; seed <= 100; seed++) {
        struct rng r = {seed * 7919};
        gen_steps(&r, c->kind, x, c->n, c->at, c->level, c->nat);
        k = detect(x, NULL, c->n, NULL, cps);
        score_add(&s, c->at, c->nat, cps, k, c->tol);
    }
    printf("# %-16s recall %.3f precision %.3f exact %zu/%zu\n", c->name,
           recall(&s), precision(&s), s.exact_runs, s.runs);
    ck_assert_msg(recall(&s) >= c->min_recall, "%s: recall %.3f", c->name,
                  recall(&s));
    ck_assert_msg(precision(&s) >= c->min_precision, "%s: precision %.3f",
                  c->name, precision(&s));
}
END_TEST

/* ---- no change: false alarms -------------------------------------------- */

struct null_case {
    const char *name;
    enum noise kind;
    size_t n;
    int autocorr;
    double max_rate; /* share of 200 series with any change point */
};

static const struct null_case nulls[] = {
    {"gauss n=100", GAUSS, 100, 0, 0.01},
    {"gauss n=500", GAUSS, 500, 0, 0.01},
    {"gauss n=2000", GAUSS, 2000, 0, 0.01},
    {"t3 n=100", T3, 100, 0, 0.05},
    {"t3 n=500", T3, 500, 0, 0.05},
    {"t3 n=2000", T3, 2000, 0, 0.05},
    {"outliers n=500", OUTLIERS, 500, 0, 0.02},
    {"AR(0.7) autocorr", AR07, 500, 1, 0.03},
};

START_TEST(test_shift_no_change_rarely_alarms)
{
    const struct null_case *c = &nulls[_i];
    double x[MAXN];
    size_t cps[MAXCP], level_at = SIZE_MAX;
    double level[1] = {0};
    int seed, alarms = 0;
    struct fl_shift_opts o;

    fl_shift_opts_default(&o);
    o.autocorr = c->autocorr;
    for (seed = 1; seed <= 200; seed++) {
        struct rng r = {(uint64_t)seed * 104729};
        gen_steps(&r, c->kind, x, c->n, &level_at, level, 0);
        alarms += detect(x, NULL, c->n, &o, cps) > 0;
    }
    printf("# no change, %-16s false-alarm series %d/200\n", c->name,
           alarms);
    ck_assert_msg(alarms <= c->max_rate * 200, "%s: %d/200 alarms",
                  c->name, alarms);
}
END_TEST

/* Without the option, AR(1) noise is taken for shifts: pins why the option
 * exists (and that it is off by default). */
START_TEST(test_shift_autocorrelated_noise_needs_option)
{
    double x[500];
    size_t cps[MAXCP], none = SIZE_MAX;
    double level[1] = {0};
    int seed, alarms = 0;

    for (seed = 1; seed <= 50; seed++) {
        struct rng r = {(uint64_t)seed * 104729};
        gen_steps(&r, AR07, x, 500, &none, level, 0);
        alarms += detect(x, NULL, 500, NULL, cps) > 0;
    }
    printf("# no change, AR(0.7) default  false-alarm series %d/50\n",
           alarms);
    ck_assert_int_ge(alarms, 25);
}
END_TEST

START_TEST(test_shift_autocorr_option_keeps_big_steps)
{
    double x[400];
    size_t cps[MAXCP], at = 200, k;
    double level[2] = {0, 6};
    struct fl_shift_opts o;
    struct score s = {0};
    uint64_t seed;

    fl_shift_opts_default(&o);
    o.autocorr = 1;
    for (seed = 1; seed <= 50; seed++) {
        struct rng r = {seed * 31};
        gen_steps(&r, AR07, x, 400, &at, level, 1);
        k = detect(x, NULL, 400, &o, cps);
        score_add(&s, &at, 1, cps, k, 3);
    }
    printf("# AR(0.7) step 6 SD, autocorr: recall %.3f precision %.3f\n",
           recall(&s), precision(&s));
    ck_assert(recall(&s) >= 0.9);
    ck_assert(precision(&s) >= 0.9);
}
END_TEST

/* ---- spikes, bursts, ramps, drift --------------------------------------- */

/* A burst shorter than min_segment is a spike, not a shift: never
 * reported, however tall. */
START_TEST(test_shift_spike_is_not_a_shift)
{
    double x[300];
    size_t cps[MAXCP], none = SIZE_MAX, i, len;
    double level[1] = {0};
    uint64_t seed;
    int alarms = 0;

    for (seed = 1; seed <= 100; seed++) {
        struct rng r = {seed * 17};
        len = 1 + seed % (FL_SHIFT_DEFAULT_MIN_SEGMENT - 1);
        gen_steps(&r, GAUSS, x, 300, &none, level, 0);
        for (i = 0; i < len; i++)
            x[140 + i] += seed % 2 ? 50.0 : -30.0;
        x[20] += 25.0; /* plus a lone spike elsewhere */
        alarms += detect(x, NULL, 300, NULL, cps) > 0;
    }
    printf("# spikes of 1..%d points: series with a change point %d/100\n",
           FL_SHIFT_DEFAULT_MIN_SEGMENT - 1, alarms);
    ck_assert_int_le(alarms, 1);
}
END_TEST

/* min_segment 1 turns spike removal off: a tall one-point spike is then a
 * short segment bounded by two change points (1 or 2 points long: a line
 * through two points fits them exactly, so the spike may take a
 * neighbour along). */
START_TEST(test_shift_min_segment_one_keeps_spikes)
{
    double x[200];
    size_t cps[MAXCP], none = SIZE_MAX;
    double level[1] = {0};
    struct fl_shift_opts o;
    struct rng r = {3};

    gen_steps(&r, GAUSS, x, 200, &none, level, 0);
    x[100] += 50;
    ck_assert_uint_eq(detect(x, NULL, 200, NULL, cps), 0);
    fl_shift_opts_default(&o);
    o.min_segment = 1;
    ck_assert_uint_eq(detect(x, NULL, 200, &o, cps), 2);
    ck_assert(cps[0] == 99 || cps[0] == 100);
    ck_assert(cps[1] == 101 || cps[1] == 102);
    ck_assert_uint_le(cps[1] - cps[0], 2);
}
END_TEST

/* A ramp between two plateaus (6 SD over 40 points) gives one or two
 * change points, never a staircase.  The ends of a ramp are kinks, not
 * jumps, so they are located loosely: measured within 24 points of the
 * ramp (of 40), asserted within 25; at least half within +-2. */
START_TEST(test_shift_ramp_gives_at_most_its_ends)
{
    double x[300];
    size_t cps[MAXCP], k, j, i;
    uint64_t seed;
    int near = 0, loose = 0, total = 0, worst = 0, least = 99;

    for (seed = 1; seed <= 100; seed++) {
        struct rng r = {seed * 101};
        for (i = 0; i < 300; i++) {
            double lvl = i < 120 ? 0 : i < 160 ? 6.0 * (double)(i - 120) / 40
                                               : 6.0;
            x[i] = lvl + rng_gauss(&r);
        }
        k = detect(x, NULL, 300, NULL, cps);
        worst = (int)k > worst ? (int)k : worst;
        least = (int)k < least ? (int)k : least;
        total += (int)k;
        for (j = 0; j < k; j++) {
            near += cps[j] >= 118 && cps[j] <= 162;
            loose += cps[j] >= 95 && cps[j] <= 185;
        }
    }
    printf("# ramp 120..160: %d change points in 100 runs (%d..%d per run), "
           "%d within the ramp +-2, %d within +-25\n", total, least, worst,
           near, loose);
    ck_assert_int_le(worst, 2);
    ck_assert_int_ge(least, 1);
    ck_assert_int_eq(loose, total);
    ck_assert_int_ge(near, total / 2);
}
END_TEST

/* Slow drift is one segment: a linear trend of 10 SD over the series. */
START_TEST(test_shift_linear_drift_is_one_segment)
{
    double x[1000];
    size_t cps[MAXCP], i;
    uint64_t seed;
    int alarms = 0;

    for (seed = 1; seed <= 100; seed++) {
        struct rng r = {seed * 13};
        for (i = 0; i < 1000; i++)
            x[i] = 10.0 * (double)i / 1000 + rng_gauss(&r);
        alarms += detect(x, NULL, 1000, NULL, cps) > 0;
    }
    printf("# linear drift: series with a change point %d/100\n", alarms);
    ck_assert_int_le(alarms, 1);
}
END_TEST

/* ---- missing buckets and weights ---------------------------------------- */

/* 30 % of buckets missing at random and a 15-bucket gap right at the
 * change: the change point is a present bucket within 2 present buckets of
 * the first present bucket at or after the true change. */
START_TEST(test_shift_sparse_series_with_gaps)
{
    double x[400];
    size_t cps[MAXCP], k, i, at = 200;
    uint64_t seed;
    int ok = 0;

    for (seed = 1; seed <= 100; seed++) {
        struct rng r = {seed * 7};
        size_t first = SIZE_MAX, pres_before = 0, pres_cp = 0;
        for (i = 0; i < 400; i++) {
            x[i] = (i >= at ? 3.0 : 0.0) + rng_gauss(&r);
            if (rng_unif(&r) < 0.3 || (i >= 190 && i < 205))
                x[i] = NAN;
        }
        for (i = at; i < 400 && first == SIZE_MAX; i++)
            if (!isnan(x[i]))
                first = i;
        k = detect(x, NULL, 400, NULL, cps);
        if (k != 1)
            continue;
        ck_assert(!isnan(x[cps[0]]));
        for (i = 0; i < 400; i++) {
            pres_before += !isnan(x[i]) && i < first;
            pres_cp += !isnan(x[i]) && i < cps[0];
        }
        ok += (pres_cp > pres_before ? pres_cp - pres_before
                                     : pres_before - pres_cp) <= 2;
    }
    printf("# sparse series: exact single change point near the gap "
           "%d/100\n", ok);
    ck_assert_int_ge(ok, 97);
}
END_TEST

/* Median-of-log latency buckets, Poisson call counts as weights, empty
 * buckets missing: a x10 slowdown is found; without it nothing is. */
START_TEST(test_shift_lognormal_latency_x10)
{
    double x[300], w[300];
    size_t cps[MAXCP], k, at = 150;
    struct score s = {0};
    uint64_t seed;
    int alarms = 0;

    for (seed = 1; seed <= 100; seed++) {
        struct rng r = {seed * 5};
        gen_latency(&r, x, w, 300, 3.0, at, 10.0);
        k = detect(x, w, 300, NULL, cps);
        score_add(&s, &at, 1, cps, k, 2);
        gen_latency(&r, x, w, 300, 3.0, SIZE_MAX, 1.0);
        alarms += detect(x, w, 300, NULL, cps) > 0;
    }
    printf("# latency x10: recall %.3f precision %.3f; no-change alarms "
           "%d/100\n", recall(&s), precision(&s), alarms);
    ck_assert(recall(&s) >= 0.98);
    ck_assert(precision(&s) >= 0.95);
    ck_assert_int_le(alarms, 2);
}
END_TEST

/* Weights: all-equal weights give exactly the unweighted answer, and
 * buckets with a single call cannot outvote well-sampled ones: a fake
 * 3-unit step carried only by the one-call buckets (every other bucket,
 * weight 1 against 100) is
 * found without weights and ignored with them (spike removal off, so the
 * weights alone decide). */
START_TEST(test_shift_weights_are_relative)
{
    double x[300], w[300];
    size_t a[MAXCP], b[MAXCP], ka, kb, i, at = 100;
    double level[2] = {0, 3};
    struct fl_shift_opts o;
    struct rng r = {99};

    gen_steps(&r, GAUSS, x, 300, &at, level, 1);
    for (i = 0; i < 300; i++)
        w[i] = 37.0;
    ka = detect(x, NULL, 300, NULL, a);
    kb = detect(x, w, 300, NULL, b);
    ck_assert_uint_eq(ka, kb);
    for (i = 0; i < ka; i++)
        ck_assert_uint_eq(a[i], b[i]);
    fl_shift_opts_default(&o);
    o.clip_sd = -1;
    for (i = 0; i < 300; i++) {
        w[i] = i % 2 ? 100.0 : 1.0;
        x[i] = 0.1 * rng_gauss(&r) + (i % 2 ? 0 : (i > 150 ? 3.0 : 0.0));
    }
    ck_assert_uint_ge(detect(x, NULL, 300, &o, a), 1);
    ck_assert_uint_eq(detect(x, w, 300, &o, a), 0);
}
END_TEST

/* ---- exactness ---------------------------------------------------------- */

/* The detector's pipeline with spike removal off, redone naively: same
 * scale, then O(n^2) optimal partitioning without pruning. */
static double med_of(double *a, size_t n)
{
    qsort(a, n, sizeof *a, cmp_double);
    return n % 2 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
}

static double naive_scale(const double *y, size_t n, double *tmp)
{
    double tm = 0.5 * (double)(n - 1), ym = 0, stt = 0, sty = 0, b, mad;
    double ss = 0, c, lim;
    size_t i;

    for (i = 0; i < n; i++)
        ym += y[i] / (double)n;
    for (i = 0; i < n; i++) {
        stt += ((double)i - tm) * ((double)i - tm);
        sty += ((double)i - tm) * (y[i] - ym);
    }
    b = sty / stt;
    for (i = 0; i < n; i++)
        tmp[i] = y[i] - ym - b * ((double)i - tm);
    c = med_of(memcpy(tmp + n, tmp, n * sizeof *tmp), n);
    for (i = 0; i < n; i++)
        tmp[n + i] = fabs(tmp[i] - c);
    mad = med_of(tmp + n, n) * 1.482602218505602;
    lim = 4 * mad;
    for (i = 0; i < n; i++)
        ss += fabs(tmp[i]) > lim ? lim * lim : tmp[i] * tmp[i];
    return sqrt(ss / (double)n);
}

/* Optimal partitioning without pruning: for each end t, every start s,
 * with the line fit of y[s..t) accumulated from t downwards (times taken
 * relative to t, so the sums stay small). */
static size_t naive_op(const double *y, size_t n, size_t ms, double beta,
                       size_t *cps)
{
    static double F[MAXN + 1];
    static size_t last[MAXN + 1];
    size_t t, s, k = 0, i;

    F[0] = -beta;
    for (t = 1; t <= n; t++) {
        double c = 0, st = 0, stt = 0, sy = 0, sty = 0, syy = 0;
        F[t] = INFINITY;
        for (s = t; s-- > 0;) {
            double u = (double)s - (double)t, v, rss, tt, ty, yy;
            c += 1;
            st += u;
            stt += u * u;
            sy += y[s];
            sty += u * y[s];
            syy += y[s] * y[s];
            if (t - s < ms || !isfinite(F[s]))
                continue;
            yy = syy - sy * sy / c;
            tt = stt - st * st / c;
            ty = sty - st * sy / c;
            rss = tt > 0 ? yy - ty * ty / tt : yy;
            v = F[s] + (rss > 0 ? rss : 0) + beta;
            if (v <= F[t]) { /* ties: the smallest s, as the detector */
                F[t] = v;
                last[t] = s;
            }
        }
    }
    for (t = last[n]; t > 0; t = last[t])
        cps[k++] = t;
    for (i = 0; i < k / 2; i++) {
        size_t x = cps[i];
        cps[i] = cps[k - 1 - i];
        cps[k - 1 - i] = x;
    }
    return k;
}

START_TEST(test_shift_pruning_matches_brute_force)
{
    static double x[MAXN], z[MAXN], tmp[2 * MAXN];
    size_t a[MAXCP], b[MAXCP], ka, kb, n, i, ms;
    struct fl_shift_opts o;
    uint64_t seed;

    fl_shift_opts_default(&o);
    o.clip_sd = -1;
    for (seed = 1; seed <= 60; seed++) {
        struct rng r = {seed * 2654435761ULL};
        double lvl = 0, slope = 0, sd;
        n = 20 + (size_t)(rng_unif(&r) * 260);
        ms = o.min_segment = 1 + seed % 5;
        for (i = 0; i < n; i++) {
            if (rng_unif(&r) < 0.03) {
                lvl += 4 * rng_gauss(&r);
                slope = rng_unif(&r) < 0.3 ? 0.1 * rng_gauss(&r) : 0;
            }
            lvl += slope;
            x[i] = lvl + rng_gauss(&r);
        }
        ka = detect(x, NULL, n, &o, a);
        sd = naive_scale(x, n, tmp);
        for (i = 0; i < n; i++)
            z[i] = x[i] / sd;
        kb = n >= 2 * ms ? naive_op(z, n, ms, 4.5 * log((double)n), b) : 0;
        ck_assert_msg(ka == kb, "seed %d n %zu: %zu vs %zu change points",
                      (int)seed, n, ka, kb);
        for (i = 0; i < ka; i++)
            ck_assert_uint_eq(a[i], b[i]);
    }
}
END_TEST

/* Above 1024 points the solver goes coarse-to-fine; on series with jumps
 * and a short incident it must still find the exact optimum (it did on 59
 * of 60 seeds; the miss was a near-tie 0.05 noise variances apart). */
START_TEST(test_shift_coarse_to_fine_matches_brute_force)
{
    static double x[MAXN], z[MAXN], tmp[2 * MAXN];
    size_t a[MAXCP], b[MAXCP], ka, kb, i, n;
    struct fl_shift_opts o;
    uint64_t seed;
    double sd, lvl;

    fl_shift_opts_default(&o);
    o.clip_sd = -1;
    for (seed = 1; seed <= 10; seed++) {
        struct rng r = {seed * 6700417};
        n = 1100 + (size_t)(rng_unif(&r) * 2000);
        lvl = 0;
        for (i = 0; i < n; i++) {
            if (rng_unif(&r) < 0.004)
                lvl += (rng_unif(&r) < 0.5 ? -1 : 1) * (1 + 3 * rng_unif(&r));
            x[i] = lvl + rng_gauss(&r) + (i >= 800 && i < 812 ? 4.0 : 0);
        }
        ka = detect(x, NULL, n, &o, a);
        sd = naive_scale(x, n, tmp);
        for (i = 0; i < n; i++)
            z[i] = x[i] / sd;
        kb = naive_op(z, n, o.min_segment, 4.5 * log((double)n), b);
        ck_assert_msg(ka == kb, "seed %d: %zu vs %zu", (int)seed, ka, kb);
        for (i = 0; i < ka; i++)
            ck_assert_uint_eq(a[i], b[i]);
        ck_assert_uint_ge(ka, 2);
    }
}
END_TEST

/* ---- edge cases, errors, options ---------------------------------------- */

START_TEST(test_shift_degenerate_inputs_have_no_change)
{
    double x[50];
    size_t cps[MAXCP], k = 99, i;

    for (i = 0; i < 50; i++)
        x[i] = NAN;
    ck_assert_uint_eq(detect(x, NULL, 50, NULL, cps), 0);      /* all NaN */
    for (i = 0; i < 50; i++)
        x[i] = 7.25;
    ck_assert_uint_eq(detect(x, NULL, 50, NULL, cps), 0);      /* constant */
    for (i = 0; i < 50; i++)
        x[i] = 3.0 - 0.5 * (double)i;
    ck_assert_uint_eq(detect(x, NULL, 50, NULL, cps), 0);      /* a line */
    x[0] = 0;
    x[1] = 100;
    ck_assert_uint_eq(detect(x, NULL, 2 * FL_SHIFT_DEFAULT_MIN_SEGMENT - 1,
                             NULL, cps), 0);                   /* too short */
    ck_assert_int_eq(fl_shift_detect(NULL, NULL, 0, NULL, NULL, 0, &k, NULL),
                     FL_OK);
    ck_assert_uint_eq(k, 0);
    for (i = 0; i < 50; i++)       /* mostly missing, 4 present: too few */
        x[i] = i % 12 == 0 ? (double)i : NAN;
    ck_assert_uint_eq(detect(x, NULL, 50, NULL, cps), 0);
}
END_TEST

/* A noise-free step is found exactly, and values far off (1e12) or tiny
 * (1e-12) in scale give the same answer: the detector is scale-free. */
START_TEST(test_shift_exact_step_any_scale)
{
    static const double scale[] = {1.0, 1e12, 1e-12, -3.0};
    double x[60];
    size_t cps[MAXCP], i, j;
    struct rng r = {5};
    double e[60];

    for (i = 0; i < 60; i++)
        e[i] = 0.1 * rng_gauss(&r);
    for (j = 0; j < 4; j++) {
        for (i = 0; i < 60; i++)
            x[i] = scale[j] * ((i >= 23 ? 1.0 : 0.0) + e[i]) + 5 * scale[j];
        ck_assert_uint_eq(detect(x, NULL, 60, NULL, cps), 1);
        ck_assert_uint_eq(cps[0], 23);
    }
    for (i = 0; i < 60; i++)
        x[i] = i >= 40 ? 2.0 : 1.0;
    ck_assert_uint_eq(detect(x, NULL, 60, NULL, cps), 1);
    ck_assert_uint_eq(cps[0], 40);
}
END_TEST

START_TEST(test_shift_rejects_bad_arguments)
{
    double x[20] = {0};
    size_t cps[4], k = 0;
    struct fl_shift_opts o;
    struct fl_err err;

    ck_assert_int_eq(fl_shift_detect(x, NULL, 20, NULL, cps, 4, NULL, &err),
                     FL_ERR_USAGE);
    ck_assert_int_eq(fl_shift_detect(NULL, NULL, 20, NULL, cps, 4, &k, &err),
                     FL_ERR_USAGE);
    ck_assert_int_eq(fl_shift_detect(x, NULL, 20, NULL, NULL, 4, &k, &err),
                     FL_ERR_USAGE);
    fl_shift_opts_default(&o);
    o.penalty_scale = NAN;
    ck_assert_int_eq(fl_shift_detect(x, NULL, 20, &o, cps, 4, &k, &err),
                     FL_ERR_USAGE);
    ck_assert(strstr(err.msg, "penalty_scale") != NULL);
    fl_shift_opts_default(&o);
    o.weight_cap = -1;
    ck_assert_int_eq(fl_shift_detect(x, NULL, 20, &o, cps, 4, &k, &err),
                     FL_ERR_USAGE);
}
END_TEST

/* More change points than room: the first ones are written, the count is
 * complete, FL_ERR_LIMIT says so. */
START_TEST(test_shift_reports_overflow)
{
    double x[200];
    size_t cps[2] = {0, 0}, k = 0, i;
    struct fl_err err;

    for (i = 0; i < 200; i++)
        x[i] = (double)((i / 40) % 2) * 5.0 + 0.01 * (double)(i % 3);
    ck_assert_int_eq(fl_shift_detect(x, NULL, 200, NULL, cps, 2, &k, &err),
                     FL_ERR_LIMIT);
    ck_assert_uint_eq(k, 4);
    ck_assert_uint_eq(cps[0], 40);
    ck_assert_uint_eq(cps[1], 80);
}
END_TEST

START_TEST(test_shift_penalty_scale_is_monotone)
{
    static const double scales[] = {0.25, 0.5, 1.0, 2.0, 4.0};
    double x[600];
    size_t cps[MAXCP], j, k, prev = SIZE_MAX;
    struct fl_shift_opts o;
    struct rng r = {77};
    size_t at[3] = {100, 300, 450};
    double level[4] = {0, 1.0, 2.5, 0.5};

    gen_steps(&r, GAUSS, x, 600, at, level, 3);
    fl_shift_opts_default(&o);
    for (j = 0; j < 5; j++) {
        o.penalty_scale = scales[j];
        k = detect(x, NULL, 600, &o, cps);
        ck_assert_uint_le(k, prev);
        prev = k;
    }
}
END_TEST

/* Valgrind preloads its vgpreload_*.so: timing means nothing there. */
static int under_valgrind(void)
{
    const char *p = getenv("LD_PRELOAD");
    return p && strstr(p, "vgpreload") != NULL;
}

/* n = 100 000 with eleven 2 SD shifts in well under a second; all found. */
START_TEST(test_shift_large_series_is_fast)
{
    size_t n = 100000, i, k, cps[MAXCP], at[11];
    double *x = malloc(n * sizeof *x), t0, t1;
    struct rng r = {2024};
    struct timespec ts;

    ck_assert_ptr_nonnull(x);
    for (i = 0; i < 11; i++)
        at[i] = (i + 1) * 9000;
    for (i = 0; i < n; i++)
        x[i] = 2.0 * (double)((i / 9000) % 2) + rng_gauss(&r);
    clock_gettime(CLOCK_MONOTONIC, &ts);
    t0 = (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
    k = detect(x, NULL, n, NULL, cps);
    clock_gettime(CLOCK_MONOTONIC, &ts);
    t1 = (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
    printf("# n=100000: %zu change points in %.1f ms\n", k, 1e3 * (t1 - t0));
    ck_assert_uint_eq(k, 11);
    ck_assert_uint_eq(matches(at, 11, cps, k, 2), 11);
    /* generous: valgrind runs this test too */
    ck_assert_msg(t1 - t0 < 1.0 || under_valgrind(), "too slow: %.3f s",
                  t1 - t0);
    free(x);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("shift");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, test_shift_finds_known_steps, 0,
                        (int)(sizeof steps / sizeof steps[0]));
    tcase_add_loop_test(tc, test_shift_no_change_rarely_alarms, 0,
                        (int)(sizeof nulls / sizeof nulls[0]));
    tcase_add_test(tc, test_shift_autocorrelated_noise_needs_option);
    tcase_add_test(tc, test_shift_autocorr_option_keeps_big_steps);
    tcase_add_test(tc, test_shift_spike_is_not_a_shift);
    tcase_add_test(tc, test_shift_min_segment_one_keeps_spikes);
    tcase_add_test(tc, test_shift_ramp_gives_at_most_its_ends);
    tcase_add_test(tc, test_shift_linear_drift_is_one_segment);
    tcase_add_test(tc, test_shift_sparse_series_with_gaps);
    tcase_add_test(tc, test_shift_lognormal_latency_x10);
    tcase_add_test(tc, test_shift_weights_are_relative);
    tcase_add_test(tc, test_shift_pruning_matches_brute_force);
    tcase_add_test(tc, test_shift_coarse_to_fine_matches_brute_force);
    tcase_add_test(tc, test_shift_degenerate_inputs_have_no_change);
    tcase_add_test(tc, test_shift_exact_step_any_scale);
    tcase_add_test(tc, test_shift_rejects_bad_arguments);
    tcase_add_test(tc, test_shift_reports_overflow);
    tcase_add_test(tc, test_shift_penalty_scale_is_monotone);
    tcase_add_test(tc, test_shift_large_series_is_fast);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
