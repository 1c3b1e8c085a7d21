/* check_sketch.c - Check tests of the latency quantile sketch (fl_sketch).
 *
 * Every random input comes from a fixed-seed splitmix64 written here, so a
 * failure reproduces exactly.  Exact quantiles are taken from a sorted copy
 * of the data with the sketch's own rank rule (fl_sketch_rank).  The error
 * test prints the worst relative error seen per distribution.
 *
 * With FL_SKETCH_BENCH=N in the environment the program instead times N
 * million fl_sketch_add calls and prints ns/add (not part of `make check`).
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "series/fl_sketch.h"

/* 1% plus room for the last bits of log()/exp() at a bucket edge. */
#define REL_TOL (FL_SKETCH_ALPHA * (1.0 + 1e-9))

/* ---- deterministic data ------------------------------------------------ */

static uint64_t rng_next(uint64_t *st)
{
    uint64_t z = (*st += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in (0, 1]. */
static double rng_unit(uint64_t *st)
{
    return (double)((rng_next(st) >> 11) + 1) * 0x1.0p-53;
}

static double rng_normal(uint64_t *st)
{
    return sqrt(-2.0 * log(rng_unit(st))) * cos(2.0 * M_PI * rng_unit(st));
}

static int64_t to_us(double x)
{
    if (x < 0.0)
        return 0;
    return x > 1e17 ? (int64_t)1e17 : llround(x);
}

static int64_t lognormal(uint64_t *st, double median, double sigma)
{
    return to_us(median * exp(sigma * rng_normal(st)));
}

static int64_t gen_lognormal_s1(uint64_t *st) { return lognormal(st, 2000, 1.0); }
static int64_t gen_lognormal_s15(uint64_t *st) { return lognormal(st, 2000, 1.5); }
static int64_t gen_lognormal_s2(uint64_t *st) { return lognormal(st, 2000, 2.0); }

static int64_t gen_pareto(uint64_t *st)
{
    return to_us(50.0 * pow(rng_unit(st), -1.0 / 1.1));
}

/* Two modes, 1 ms and 500 ms (30% slow). */
static int64_t gen_bimodal(uint64_t *st)
{
    double median = rng_unit(st) < 0.3 ? 500000.0 : 1000.0;
    return lognormal(st, median, 0.1);
}

static int64_t gen_constant(uint64_t *st)
{
    (void)rng_next(st);
    return 4242;
}

static int64_t gen_tiny(uint64_t *st)
{
    return 1 + (int64_t)(rng_next(st) % 5);
}

static int64_t gen_huge(uint64_t *st)
{
    return lognormal(st, 1e10, 0.3);
}

/* One value in five is 0 (sub-microsecond statements). */
static int64_t gen_with_zeros(uint64_t *st)
{
    return rng_unit(st) < 0.2 ? 0 : lognormal(st, 300, 1.0);
}

/* Log-uniform over 1 us .. 1 h. */
static int64_t gen_span_1us_1h(uint64_t *st)
{
    return to_us(exp(rng_unit(st) * log(3.6e9)));
}

struct dist {
    const char *name;
    int64_t (*gen)(uint64_t *st);
};

static const struct dist dists[] = {
    {"lognormal sigma=1", gen_lognormal_s1},
    {"lognormal sigma=1.5", gen_lognormal_s15},
    {"lognormal sigma=2", gen_lognormal_s2},
    {"pareto alpha=1.1", gen_pareto},
    {"bimodal 1ms/500ms", gen_bimodal},
    {"constant 4242us", gen_constant},
    {"tiny 1..5us", gen_tiny},
    {"huge ~1e10us", gen_huge},
    {"20% zeros", gen_with_zeros},
    {"log-uniform 1us..1h", gen_span_1us_1h},
};
#define NDISTS ((int)(sizeof dists / sizeof dists[0]))

static int64_t *make_data(const struct dist *d, size_t n, uint64_t seed)
{
    int64_t *v = malloc(n * sizeof *v);
    ck_assert_ptr_nonnull(v);
    for (size_t i = 0; i < n; i++)
        v[i] = d->gen(&seed);
    return v;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void sketch_of(struct fl_sketch *s, const int64_t *v, size_t n)
{
    fl_sketch_init(s);
    for (size_t i = 0; i < n; i++)
        fl_sketch_add(s, v[i]);
}

static const double qs[] = {0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99,
                            0.999, 1};
#define NQS ((int)(sizeof qs / sizeof qs[0]))

/* Relative error of est against exact (0 must be estimated as 0). */
static double rel_err(double est, int64_t exact)
{
    if (exact == 0)
        return est == 0.0 ? 0.0 : INFINITY;
    return fabs(est - (double)exact) / (double)exact;
}

/* Byte-for-byte state comparison of the canonical (trimmed) copies. */
static void assert_same_state(const struct fl_sketch *a,
                              const struct fl_sketch *b)
{
    struct fl_sketch ca, cb;

    ck_assert(fl_sketch_equal(a, b));
    ck_assert(fl_sketch_equal(b, a));
    fl_sketch_init(&ca);
    fl_sketch_init(&cb);
    fl_sketch_copy(&ca, a);
    fl_sketch_copy(&cb, b);
    ck_assert_uint_eq(ca.count, cb.count);
    ck_assert_int_eq(ca.sum, cb.sum);
    ck_assert_int_eq(ca.min, cb.min);
    ck_assert_int_eq(ca.max, cb.max);
    ck_assert_int_eq(ca.lo, cb.lo);
    ck_assert_uint_eq(ca.nbins, cb.nbins);
    ck_assert_uint_eq(ca.wide, cb.wide);
    ck_assert_int_eq(ca.bins == NULL, cb.bins == NULL);
    if (ca.bins)
        ck_assert_int_eq(memcmp(ca.bins, cb.bins,
                                (size_t)ca.nbins * (ca.wide ? 8 : 4)), 0);
    for (int k = 0; k <= 1000; k++) {
        double q = k / 1000.0;
        ck_assert(fl_sketch_quantile(a, q) == fl_sketch_quantile(b, q));
    }
    fl_sketch_cleanup(&ca);
    fl_sketch_cleanup(&cb);
}

/* ---- error bound --------------------------------------------------------- */

/* Worst relative error over the requested q list and over a 0.001 grid. */
START_TEST(test_sketch_error_within_one_percent)
{
    const struct dist *d = &dists[_i];
    size_t n = 200000;
    int64_t *v = make_data(d, n, 0x5eed0000u + (uint64_t)_i);
    double worst = 0.0, worst_grid = 0.0;
    struct fl_sketch s;

    sketch_of(&s, v, n);
    qsort(v, n, sizeof *v, cmp_i64);
    for (int k = 0; k < NQS; k++) {
        int64_t exact = v[fl_sketch_rank(n, qs[k])];
        double e = rel_err(fl_sketch_quantile(&s, qs[k]), exact);
        ck_assert_msg(e <= REL_TOL, "%s q=%g: exact %lld est %.3f err %g",
                      d->name, qs[k], (long long)exact,
                      fl_sketch_quantile(&s, qs[k]), e);
        worst = e > worst ? e : worst;
    }
    ck_assert(fl_sketch_quantile(&s, 0) == (double)v[0]);
    ck_assert(fl_sketch_quantile(&s, 1) == (double)v[n - 1]);
    for (int k = 0; k <= 1000; k++) {
        double q = k / 1000.0;
        double e = rel_err(fl_sketch_quantile(&s, q), v[fl_sketch_rank(n, q)]);
        ck_assert_msg(e <= REL_TOL, "%s q=%g err %g", d->name, q, e);
        worst_grid = e > worst_grid ? e : worst_grid;
    }
    printf("sketch error: %-22s worst %.5f%% (q list), %.5f%% (0.001 grid); "
           "%zu bytes\n", d->name, 100 * worst, 100 * worst_grid,
           fl_sketch_memory(&s));
    fl_sketch_cleanup(&s);
    free(v);
}
END_TEST

/* Values whose neighbours sit exactly on bucket edges: every integer from 1
 * to 100000, each its own quantile. */
START_TEST(test_sketch_error_every_integer)
{
    const int64_t n = 100000;
    struct fl_sketch s;

    fl_sketch_init(&s);
    for (int64_t x = n; x >= 1; x--)
        fl_sketch_add(&s, x);
    for (int64_t r = 0; r < n; r += 7) {
        /* q chosen so that ceil(q*n) - 1 == r despite rounding */
        double q = ((double)r + 0.5) / (double)n;
        ck_assert_uint_eq(fl_sketch_rank((uint64_t)n, q), (uint64_t)r);
        ck_assert_msg(rel_err(fl_sketch_quantile(&s, q), r + 1) <= REL_TOL,
                      "value %lld est %f", (long long)(r + 1),
                      fl_sketch_quantile(&s, q));
    }
    fl_sketch_cleanup(&s);
}
END_TEST

/* ---- merge --------------------------------------------------------------- */

static void merge_all(struct fl_sketch *dst, struct fl_sketch *parts,
                      int k, const int *order)
{
    fl_sketch_init(dst);
    for (int i = 0; i < k; i++)
        fl_sketch_merge(dst, &parts[order[i]]);
}

/* Merge parts pairwise in a random tree (destroys parts' contents). */
static void merge_tree(struct fl_sketch *dst, struct fl_sketch *parts, int k,
                       uint64_t *st)
{
    int live[8];
    int nlive = k;

    for (int i = 0; i < k; i++)
        live[i] = i;
    while (nlive > 1) {
        int a = (int)(rng_next(st) % (uint64_t)nlive), b;
        do
            b = (int)(rng_next(st) % (uint64_t)nlive);
        while (b == a);
        fl_sketch_merge(&parts[live[a]], &parts[live[b]]);
        fl_sketch_cleanup(&parts[live[b]]);
        live[b] = live[--nlive];
    }
    fl_sketch_init(dst);
    fl_sketch_copy(dst, &parts[live[0]]);
}

/* Split each data set into 2..8 random parts, merge in three orders. */
START_TEST(test_sketch_merge_equals_sketch_of_union)
{
    const struct dist *d = &dists[_i];
    size_t n = 30000;
    uint64_t st = 0xabcdefu + (uint64_t)_i;
    int64_t *v = make_data(d, n, st);
    struct fl_sketch whole, parts[8], fwd, rev, tree;

    sketch_of(&whole, v, n);
    for (int k = 2; k <= 8; k++) {
        int order[8];
        for (int i = 0; i < k; i++) {
            fl_sketch_init(&parts[i]);
            order[i] = i;
        }
        for (size_t i = 0; i < n; i++)
            fl_sketch_add(&parts[rng_next(&st) % (uint64_t)k], v[i]);
        merge_all(&fwd, parts, k, order);
        for (int i = 0; i < k; i++)
            order[i] = k - 1 - i;
        merge_all(&rev, parts, k, order);
        merge_tree(&tree, parts, k, &st);
        assert_same_state(&whole, &fwd);
        assert_same_state(&whole, &rev);
        assert_same_state(&whole, &tree);
        for (int i = 0; i < k; i++)
            fl_sketch_cleanup(&parts[i]);
        fl_sketch_cleanup(&fwd);
        fl_sketch_cleanup(&rev);
        fl_sketch_cleanup(&tree);
    }
    fl_sketch_cleanup(&whole);
    free(v);
}
END_TEST

START_TEST(test_sketch_merge_with_empty_is_identity)
{
    int64_t *v = make_data(&dists[2], 5000, 7);
    struct fl_sketch s, before, empty, e2, snap;
    uint32_t before_bins[FL_SKETCH_MAX_BINS];

    sketch_of(&s, v, 5000);
    ck_assert_uint_eq(s.wide, 0);
    memcpy(before_bins, s.bins, (size_t)s.nbins * sizeof(uint32_t));
    fl_sketch_init(&before);
    fl_sketch_copy(&before, &s);
    fl_sketch_init(&empty);
    snap = s;
    fl_sketch_merge(&s, &empty); /* s + {}: not a single byte changes */
    ck_assert_int_eq(memcmp(&s, &snap, sizeof s), 0);
    ck_assert_int_eq(memcmp(s.bins, before_bins,
                            (size_t)s.nbins * sizeof(uint32_t)), 0);
    assert_same_state(&s, &before);
    fl_sketch_merge(&empty, &s); /* {} + s */
    assert_same_state(&empty, &before);
    fl_sketch_init(&e2); /* {} + {} */
    fl_sketch_cleanup(&empty);
    fl_sketch_merge(&empty, &e2);
    ck_assert_uint_eq(fl_sketch_count(&empty), 0);
    ck_assert_ptr_null(empty.bins);
    ck_assert(fl_sketch_equal(&empty, &e2));
    fl_sketch_cleanup(&s);
    fl_sketch_cleanup(&before);
    free(v);
}
END_TEST

START_TEST(test_sketch_merge_into_itself_doubles)
{
    int64_t *v = make_data(&dists[4], 4000, 11);
    struct fl_sketch s, twice;

    sketch_of(&s, v, 4000);
    fl_sketch_init(&twice);
    for (size_t i = 0; i < 4000; i++)
        fl_sketch_add_n(&twice, v[i], 2);
    fl_sketch_merge(&s, &s);
    assert_same_state(&s, &twice);
    fl_sketch_cleanup(&s);
    fl_sketch_cleanup(&twice);
    free(v);
}
END_TEST

/* Pairs of value lists and whether their sketches must compare equal. */
static const struct {
    const char *what;
    int64_t a[4], b[4];
    int n;
    bool equal;
} eq_cases[] = {
    {"both empty", {0}, {0}, 0, true},
    {"same values, other order", {100, 1000000, 0}, {0, 1000000, 100}, 3, true},
    {"one value, same bucket", {1000}, {1001}, 1, false},
    {"same count/sum/min/max, buckets differ", {100, 200, 300, 300},
     {100, 250, 250, 300}, 4, false},
    /* 1000..1004 share one bucket: only one scalar differs */
    {"max only", {1000, 1002, 1004}, {1000, 1003, 1003}, 3, false},
    {"min only", {1000, 1002, 1004}, {1001, 1001, 1004}, 3, false},
    {"sum only", {1000, 1002, 1004}, {1000, 1001, 1004}, 3, false},
    /* equal buckets over a's range; b has one more (10 us), one zero less */
    {"extra bucket", {0, 0, 1010, 5000}, {0, 10, 1000, 5000}, 4, false},
};

START_TEST(test_sketch_equal_detects_differences)
{
    struct fl_sketch a, b;

    fl_sketch_init(&a);
    fl_sketch_init(&b);
    for (int i = 0; i < eq_cases[_i].n; i++) {
        fl_sketch_add(&a, eq_cases[_i].a[i]);
        fl_sketch_add(&b, eq_cases[_i].b[i]);
    }
    ck_assert_msg(fl_sketch_equal(&a, &b) == eq_cases[_i].equal, "%s",
                  eq_cases[_i].what);
    ck_assert_msg(fl_sketch_equal(&b, &a) == eq_cases[_i].equal, "%s",
                  eq_cases[_i].what);
    fl_sketch_add(&a, 77); /* and one more value in a only: never equal */
    ck_assert(!fl_sketch_equal(&a, &b));
    fl_sketch_cleanup(&a);
    fl_sketch_cleanup(&b);
}
END_TEST

/* Windows with growth slack vs. trimmed: another layout, still equal. */
START_TEST(test_sketch_equal_ignores_window_layout)
{
    struct fl_sketch a, b;

    fl_sketch_init(&a);
    fl_sketch_init(&b);
    fl_sketch_add(&a, 100);
    fl_sketch_add(&a, 1000000);
    fl_sketch_copy(&b, &a);
    ck_assert(a.lo != b.lo || a.nbins != b.nbins);
    ck_assert(fl_sketch_equal(&a, &b));
    ck_assert(fl_sketch_equal(&b, &a));
    fl_sketch_cleanup(&a);
    fl_sketch_cleanup(&b);
}
END_TEST

/* ---- exact statistics and edge cases ------------------------------------ */

START_TEST(test_sketch_add_at_equals_add)
{
    const struct dist *d = &dists[_i];
    size_t n = 20000;
    int64_t *v = make_data(d, n, 7 + (uint64_t)_i);
    struct fl_sketch a, b;

    sketch_of(&a, v, n);
    fl_sketch_init(&b);
    for (size_t i = 0; i < n; i++)
        fl_sketch_add_at(&b, v[i], fl_sketch_index(v[i]));
    ck_assert(fl_sketch_equal(&a, &b));
    ck_assert_int_eq(fl_sketch_index(0), -1);
    fl_sketch_cleanup(&a);
    fl_sketch_cleanup(&b);
    free(v);
}
END_TEST

START_TEST(test_sketch_count_sum_min_max_exact)
{
    const struct dist *d = &dists[_i];
    size_t n = 20000;
    int64_t *v = make_data(d, n, 99 + (uint64_t)_i);
    int64_t sum = 0, mn = INT64_MAX, mx = INT64_MIN;
    struct fl_sketch s;

    sketch_of(&s, v, n);
    for (size_t i = 0; i < n; i++) {
        sum += v[i];
        mn = v[i] < mn ? v[i] : mn;
        mx = v[i] > mx ? v[i] : mx;
    }
    ck_assert_uint_eq(fl_sketch_count(&s), n);
    ck_assert_int_eq(fl_sketch_sum(&s), sum);
    ck_assert_int_eq(fl_sketch_min(&s), mn);
    ck_assert_int_eq(fl_sketch_max(&s), mx);
    ck_assert(fabs(fl_sketch_mean(&s) - (double)sum / (double)n) <=
              1e-9 * (double)mx);
    fl_sketch_cleanup(&s);
    free(v);
}
END_TEST

START_TEST(test_sketch_empty_behaviour)
{
    struct fl_sketch s, c;

    fl_sketch_init(&s);
    ck_assert_uint_le(sizeof s, 48);
    ck_assert_uint_eq(fl_sketch_memory(&s), sizeof s);
    ck_assert_ptr_null(s.bins);
    ck_assert_uint_eq(fl_sketch_count(&s), 0);
    ck_assert_int_eq(fl_sketch_sum(&s), 0);
    ck_assert_int_eq(fl_sketch_min(&s), -1);
    ck_assert_int_eq(fl_sketch_max(&s), -1);
    ck_assert(fl_sketch_mean(&s) == -1.0);
    ck_assert(fl_sketch_quantile(&s, 0.0) == -1.0);
    ck_assert(fl_sketch_quantile(&s, 0.5) == -1.0);
    ck_assert(fl_sketch_quantile(&s, 1.0) == -1.0);
    fl_sketch_add_n(&s, 123, 0); /* n == 0 adds nothing */
    ck_assert_uint_eq(fl_sketch_count(&s), 0);
    ck_assert_int_eq(fl_sketch_min(&s), -1);
    fl_sketch_init(&c);
    fl_sketch_copy(&c, &s);
    ck_assert(fl_sketch_equal(&c, &s));
    ck_assert_ptr_null(c.bins);
    fl_sketch_cleanup(&c);
    fl_sketch_cleanup(&s);
    fl_sketch_cleanup(&s); /* cleanup leaves a reusable empty sketch */
    ck_assert_uint_eq(fl_sketch_memory(&s), sizeof s);
}
END_TEST

START_TEST(test_sketch_zero_values_use_zero_bucket)
{
    struct fl_sketch s;

    fl_sketch_init(&s);
    for (int i = 0; i < 1000; i++)
        fl_sketch_add(&s, 0);
    ck_assert_ptr_null(s.bins); /* zeros never allocate */
    ck_assert_uint_eq(fl_sketch_memory(&s), sizeof s);
    ck_assert(fl_sketch_quantile(&s, 0.5) == 0.0);
    ck_assert(fl_sketch_quantile(&s, 1.0) == 0.0);
    ck_assert_int_eq(fl_sketch_max(&s), 0);
    /* 1000 zeros then 1000 x 5000us: ranks < 1000 are 0, the rest ~5000 */
    fl_sketch_add_n(&s, 5000, 1000);
    ck_assert(fl_sketch_quantile(&s, 0.4) == 0.0);
    ck_assert(fl_sketch_quantile(&s, 999.0 / 1999) == 0.0);
    ck_assert(rel_err(fl_sketch_quantile(&s, 1000.0 / 1999), 5000) <= REL_TOL);
    ck_assert_int_eq(fl_sketch_min(&s), 0);
    /* a negative duration counts as 0 */
    fl_sketch_add(&s, -17);
    ck_assert_uint_eq(fl_sketch_count(&s), 2001);
    ck_assert_int_eq(fl_sketch_min(&s), 0);
    ck_assert_int_eq(fl_sketch_sum(&s), 5000000);
    ck_assert(fl_sketch_quantile(&s, 1000.0 / 2000) == 0.0);
    fl_sketch_cleanup(&s);
}
END_TEST

START_TEST(test_sketch_rank_rule_is_nearest_rank)
{
    static const struct {
        uint64_t count;
        double q;
        uint64_t rank;
    } cases[] = {
        {1, 0.5, 0},    {2, 0.5, 0},     {3, 0.5, 1},    {4, 0.5, 1},
        {5, 0.5, 2},    {100, 0.99, 98}, {101, 0.99, 99}, {10, 0.0, 0},
        {10, 1.0, 9},   {10, -3.0, 0},   {10, 7.0, 9},   {1000, 0.999, 998},
        /* small classes: p95 and p99 of 3 or 4 values are their maximum,
         * as pt-query-digest and HdrHistogram say (floor(q*(n-1)) said the
         * value below); 0.95 * 20 is not pushed past 19 by rounding */
        {4, 0.95, 3},   {4, 0.99, 3},    {3, 0.95, 2},   {20, 0.95, 18},
        {100, 0.95, 94}, {100, 0.5, 49},
    };
    struct fl_sketch s;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(fl_sketch_rank(cases[i].count, cases[i].q) ==
                          cases[i].rank, "case %zu", i);
    /* values 100, 1000, 10000, 100000: median (lower) is 1000 */
    fl_sketch_init(&s);
    fl_sketch_add(&s, 100000);
    fl_sketch_add(&s, 100);
    fl_sketch_add(&s, 10000);
    fl_sketch_add(&s, 1000);
    ck_assert(fabs(fl_sketch_quantile(&s, 0.5) - 1000) <= 10);
    ck_assert(fabs(fl_sketch_quantile(&s, 0.67) - 10000) <= 100);
    ck_assert(fl_sketch_quantile(&s, -1) == 100);
    ck_assert(fl_sketch_quantile(&s, 2) == 100000);
    ck_assert(fl_sketch_quantile(&s, NAN) == -1.0);
    fl_sketch_cleanup(&s);
}
END_TEST

/* q = 0 and q = 1 are exact; inner estimates are clamped into [min, max]. */
START_TEST(test_sketch_quantile_ends_exact_and_clamped)
{
    struct fl_sketch s;

    fl_sketch_init(&s);
    fl_sketch_add(&s, 1003); /* bucket estimate of 1003 is not 1003 */
    ck_assert(fl_sketch_quantile(&s, 0) == 1003);
    ck_assert(fl_sketch_quantile(&s, 1) == 1003);
    ck_assert(fl_sketch_quantile(&s, 0.5) == 1003); /* clamped */
    fl_sketch_add(&s, 1005);
    ck_assert(fl_sketch_quantile(&s, 0) == 1003);
    ck_assert(fl_sketch_quantile(&s, 1) == 1005);
    ck_assert(fl_sketch_quantile(&s, 0.5) >= 1003);
    ck_assert(fl_sketch_quantile(&s, 0.5) <= 1005);
    fl_sketch_cleanup(&s);
}
END_TEST

START_TEST(test_sketch_add_n_equals_repeated_add)
{
    struct fl_sketch a, b;
    uint64_t st = 3;

    fl_sketch_init(&a);
    fl_sketch_init(&b);
    for (int i = 0; i < 300; i++) {
        int64_t x = gen_lognormal_s2(&st);
        uint64_t n = rng_next(&st) % 20;
        fl_sketch_add_n(&a, x, n);
        for (uint64_t j = 0; j < n; j++)
            fl_sketch_add(&b, x);
    }
    assert_same_state(&a, &b);
    fl_sketch_cleanup(&a);
    fl_sketch_cleanup(&b);
}
END_TEST

START_TEST(test_sketch_sum_saturates)
{
    struct fl_sketch s;

    fl_sketch_init(&s);
    fl_sketch_add(&s, INT64_MAX - 10);
    fl_sketch_add(&s, 100);
    ck_assert_int_eq(fl_sketch_sum(&s), INT64_MAX);
    ck_assert_uint_eq(fl_sketch_count(&s), 2);
    ck_assert_int_eq(fl_sketch_max(&s), INT64_MAX - 10);
    fl_sketch_cleanup(&s);
    fl_sketch_init(&s);
    fl_sketch_add_n(&s, 1000000000000LL, 100000000ULL); /* 1e20 */
    ck_assert_int_eq(fl_sketch_sum(&s), INT64_MAX);
    ck_assert_uint_eq(fl_sketch_count(&s), 100000000ULL);
    fl_sketch_cleanup(&s);
}
END_TEST

/* A bucket count past UINT32_MAX switches to 64-bit counts, losing none. */
START_TEST(test_sketch_counts_past_uint32_stay_exact)
{
    struct fl_sketch a, b, m, c;
    uint64_t big = 3000000000ULL;

    fl_sketch_init(&a);
    fl_sketch_add_n(&a, 700, big);
    fl_sketch_add(&a, 90000);
    ck_assert_uint_eq(a.wide, 0);
    fl_sketch_init(&b);
    fl_sketch_add_n(&b, 700, big);
    fl_sketch_add(&b, 50);
    fl_sketch_init(&m);
    fl_sketch_merge(&m, &a);
    fl_sketch_merge(&m, &b);
    ck_assert_uint_eq(m.wide, 1);
    ck_assert_uint_eq(fl_sketch_count(&m), 2 * big + 2);
    ck_assert(rel_err(fl_sketch_quantile(&m, 0.5), 700) <= REL_TOL);
    ck_assert(fl_sketch_quantile(&m, 1) == 90000);
    fl_sketch_init(&c); /* the same via adds only */
    fl_sketch_add(&c, 50);
    fl_sketch_add(&c, 90000);
    fl_sketch_add_n(&c, 700, 2 * big);
    assert_same_state(&m, &c);
    /* widening happens mid-stream too: UINT32_MAX then one more add */
    fl_sketch_cleanup(&a);
    fl_sketch_add_n(&a, 12, UINT32_MAX);
    ck_assert_uint_eq(a.wide, 0);
    fl_sketch_add(&a, 12);
    ck_assert_uint_eq(a.wide, 1);
    ck_assert_uint_eq(fl_sketch_count(&a), (uint64_t)UINT32_MAX + 1);
    ck_assert(fl_sketch_quantile(&a, 0.5) == 12);
    fl_sketch_cleanup(&a);
    fl_sketch_cleanup(&b);
    fl_sketch_cleanup(&m);
    fl_sketch_cleanup(&c);
}
END_TEST

/* ---- memory -------------------------------------------------------------- */

START_TEST(test_sketch_memory_1us_to_1h_under_8k)
{
    uint64_t st = 1234;
    struct fl_sketch s;
    const void *last = NULL;
    int moves = 0;

    fl_sketch_init(&s);
    fl_sketch_add(&s, 1);
    fl_sketch_add(&s, 3600000000LL);
    for (int i = 0; i < 200000; i++) {
        fl_sketch_add(&s, gen_span_1us_1h(&st));
        if (s.bins != last) {
            last = s.bins;
            moves++;
        }
    }
    ck_assert_uint_lt(fl_sketch_memory(&s), 8192);
    ck_assert_int_le(moves, 1); /* window already spans the range */
    fl_sketch_cleanup(&s);

    /* random order: window grows geometrically, not per value */
    fl_sketch_init(&s);
    last = NULL;
    moves = 0;
    for (int i = 0; i < 200000; i++) {
        fl_sketch_add(&s, gen_span_1us_1h(&st));
        if (s.bins != last) {
            last = s.bins;
            moves++;
        }
    }
    ck_assert_uint_lt(fl_sketch_memory(&s), 8192);
    ck_assert_int_le(moves, 20);
    fl_sketch_cleanup(&s);
}
END_TEST

/* A narrow distribution stays small; ascending input grows geometrically. */
START_TEST(test_sketch_memory_typical_and_growth)
{
    struct fl_sketch s;
    int moves = 0;
    const void *last = NULL;

    fl_sketch_init(&s);
    fl_sketch_add(&s, 1500);
    ck_assert_uint_le(fl_sketch_memory(&s), 48 + 64);
    fl_sketch_cleanup(&s);
    fl_sketch_init(&s);
    for (int64_t x = 1; x < 4000000000LL; x += x / 64 + 1) {
        fl_sketch_add(&s, x);
        if (s.bins != last) {
            last = s.bins;
            moves++;
        }
    }
    ck_assert_int_le(moves, 20);
    ck_assert_uint_le(fl_sketch_memory(&s),
                      48 + FL_SKETCH_MAX_BINS * sizeof(uint32_t));
    fl_sketch_cleanup(&s);
}
END_TEST

/* Past FL_SKETCH_MAX_BINS the lowest buckets fold: memory stays capped,
 * high quantiles keep the bound, min stays exact, merging stays exact. */
START_TEST(test_sketch_collapse_caps_memory_and_keeps_merge_exact)
{
    size_t n = 40000;
    int64_t *v = malloc(n * sizeof *v);
    uint64_t st = 77;
    struct fl_sketch whole, p[3], m;

    ck_assert_ptr_nonnull(v);
    for (size_t i = 0; i < n; i++) /* log-uniform over 1 us .. 4e18 us */
        v[i] = llround(exp(rng_unit(&st) * log(4e18)));
    v[0] = 1;
    v[1] = INT64_MAX;
    sketch_of(&whole, v, n);
    ck_assert_int_gt(whole.lo, 100); /* 1 us (bucket 0) was folded up */
    ck_assert_uint_le(whole.nbins, FL_SKETCH_MAX_BINS);
    ck_assert_uint_le(fl_sketch_memory(&whole),
                      48 + FL_SKETCH_MAX_BINS * sizeof(uint32_t));
    ck_assert_uint_eq(fl_sketch_count(&whole), n);
    ck_assert_int_eq(fl_sketch_min(&whole), 1);
    ck_assert(fl_sketch_quantile(&whole, 0) == 1);
    for (int i = 0; i < 3; i++)
        fl_sketch_init(&p[i]);
    for (size_t i = n; i-- > 0;)
        fl_sketch_add(&p[rng_next(&st) % 3], v[i]);
    fl_sketch_init(&m);
    fl_sketch_merge(&m, &p[2]);
    fl_sketch_merge(&m, &p[0]);
    fl_sketch_merge(&m, &p[1]);
    assert_same_state(&whole, &m);
    qsort(v, n, sizeof *v, cmp_i64);
    for (int k = 2; k < NQS; k++) /* q >= 0.1: above the folded ~6% */
        ck_assert(rel_err(fl_sketch_quantile(&whole, qs[k]),
                          v[fl_sketch_rank(n, qs[k])]) <= REL_TOL);
    /* the folded lowest quantile is over-estimated, never under */
    ck_assert(fl_sketch_quantile(&whole, 0.001) >= v[fl_sketch_rank(n, 0.001)]);
    for (int i = 0; i < 3; i++)
        fl_sketch_cleanup(&p[i]);
    fl_sketch_cleanup(&m);
    fl_sketch_cleanup(&whole);
    free(v);
}
END_TEST

/* Folding 2 x 3e9 counts into one bucket at collapse must widen, not wrap. */
START_TEST(test_sketch_collapse_fold_past_uint32_stays_exact)
{
    struct fl_sketch a, b;
    uint64_t big = 3000000000ULL;

    fl_sketch_init(&a);
    fl_sketch_add_n(&a, 1, big);
    fl_sketch_add_n(&a, 2, big);
    ck_assert_uint_eq(a.wide, 0);
    fl_sketch_add(&a, INT64_MAX); /* span 0..2184 > MAX_BINS: 1, 2 fold */
    ck_assert_uint_eq(a.wide, 1);
    fl_sketch_init(&b); /* other order: the fold happens on entry */
    fl_sketch_add(&b, INT64_MAX);
    fl_sketch_add_n(&b, 2, big);
    fl_sketch_add_n(&b, 1, big);
    assert_same_state(&a, &b);
    ck_assert_uint_eq(fl_sketch_count(&a), 2 * big + 1);
    ck_assert(fl_sketch_quantile(&a, 0.5) > 2.0); /* folded up, not lost */
    ck_assert(fl_sketch_quantile(&a, 0.5) < 100.0);
    fl_sketch_cleanup(&a);
    fl_sketch_cleanup(&b);
}
END_TEST

START_TEST(test_sketch_copy_is_independent)
{
    struct fl_sketch a, b;

    fl_sketch_init(&a);
    fl_sketch_init(&b);
    fl_sketch_add(&b, 5); /* copy releases dst's old content */
    fl_sketch_add(&a, 100);
    fl_sketch_add(&a, 200000);
    fl_sketch_copy(&b, &a);
    assert_same_state(&a, &b);
    ck_assert_ptr_ne(a.bins, b.bins);
    fl_sketch_add(&a, 300);
    ck_assert(!fl_sketch_equal(&a, &b));
    ck_assert_uint_eq(fl_sketch_count(&b), 2);
    fl_sketch_copy(&a, &a); /* self-copy is a no-op */
    ck_assert_uint_eq(fl_sketch_count(&a), 3);
    fl_sketch_cleanup(&a);
    fl_sketch_cleanup(&b);
}
END_TEST

START_TEST(test_sketch_trim_releases_slack_keeps_content)
{
    int64_t *v = make_data(&dists[1], 3000, 5);
    struct fl_sketch s, before;
    int32_t olo = INT32_MAX, ohi = INT32_MIN;

    sketch_of(&s, v, 3000);
    fl_sketch_init(&before);
    fl_sketch_copy(&before, &s);
    fl_sketch_trim(&s);
    assert_same_state(&s, &before);
    for (uint32_t j = 0; j < s.nbins; j++) /* occupied span only */
        if (((uint32_t *)s.bins)[j]) {
            olo = olo < s.lo + (int32_t)j ? olo : s.lo + (int32_t)j;
            ohi = s.lo + (int32_t)j;
        }
    ck_assert_int_eq(olo, s.lo);
    ck_assert_int_eq(ohi, s.lo + (int32_t)s.nbins - 1);
    fl_sketch_add(&s, 1); /* still usable */
    fl_sketch_add(&before, 1);
    assert_same_state(&s, &before);
    fl_sketch_cleanup(&s);
    fl_sketch_trim(&s); /* empty: stays empty, no allocation */
    ck_assert_ptr_null(s.bins);
    fl_sketch_cleanup(&before);
    free(v);
}
END_TEST

/* ---- driver -------------------------------------------------------------- */

static Suite *sketch_suite(void)
{
    Suite *s = suite_create("sketch");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, test_sketch_error_within_one_percent, 0, NDISTS);
    tcase_add_test(tc, test_sketch_error_every_integer);
    tcase_add_loop_test(tc, test_sketch_merge_equals_sketch_of_union, 0,
                        NDISTS);
    tcase_add_test(tc, test_sketch_merge_with_empty_is_identity);
    tcase_add_test(tc, test_sketch_merge_into_itself_doubles);
    tcase_add_loop_test(tc, test_sketch_equal_detects_differences, 0,
                        (int)(sizeof eq_cases / sizeof eq_cases[0]));
    tcase_add_test(tc, test_sketch_equal_ignores_window_layout);
    tcase_add_loop_test(tc, test_sketch_count_sum_min_max_exact, 0, NDISTS);
    tcase_add_loop_test(tc, test_sketch_add_at_equals_add, 0, NDISTS);
    tcase_add_test(tc, test_sketch_empty_behaviour);
    tcase_add_test(tc, test_sketch_zero_values_use_zero_bucket);
    tcase_add_test(tc, test_sketch_rank_rule_is_nearest_rank);
    tcase_add_test(tc, test_sketch_quantile_ends_exact_and_clamped);
    tcase_add_test(tc, test_sketch_add_n_equals_repeated_add);
    tcase_add_test(tc, test_sketch_sum_saturates);
    tcase_add_test(tc, test_sketch_counts_past_uint32_stay_exact);
    tcase_add_test(tc, test_sketch_memory_1us_to_1h_under_8k);
    tcase_add_test(tc, test_sketch_memory_typical_and_growth);
    tcase_add_test(tc, test_sketch_collapse_caps_memory_and_keeps_merge_exact);
    tcase_add_test(tc, test_sketch_collapse_fold_past_uint32_stays_exact);
    tcase_add_test(tc, test_sketch_copy_is_independent);
    tcase_add_test(tc, test_sketch_trim_releases_slack_keeps_content);
    suite_add_tcase(s, tc);
    return s;
}

/* Time n million adds of a log-normal stream (values pre-generated). */
static int bench(long millions)
{
    size_t n = (size_t)millions * 1000000u, m = 1u << 20;
    int64_t *v = malloc(m * sizeof *v);
    uint64_t st = 42;
    struct fl_sketch s;
    struct timespec t0, t1;
    double ns;

    if (!v || millions <= 0)
        return 1;
    for (size_t i = 0; i < m; i++)
        v[i] = lognormal(&st, 2000, 1.5);
    fl_sketch_init(&s);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (size_t i = 0; i < n; i++)
        fl_sketch_add(&s, v[i & (m - 1)]);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ns = (double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec);
    printf("%zu adds: %.3f s, %.2f ns/add, p99 %.0f us, %zu bytes\n", n,
           ns / 1e9, ns / (double)n, fl_sketch_quantile(&s, 0.99),
           fl_sketch_memory(&s));
    fl_sketch_cleanup(&s);
    free(v);
    return 0;
}

int main(void)
{
    const char *b = getenv("FL_SKETCH_BENCH");
    SRunner *sr;
    int failed;

    if (b)
        return bench(atol(b));
    sr = srunner_create(sketch_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
