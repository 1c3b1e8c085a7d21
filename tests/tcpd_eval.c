/* tcpd_eval.c - score fl_shift_detect on the Turing Change Point Dataset
 * (TCPD, van den Burg & Williams 2020, arXiv:2003.06222) with the
 * benchmark's own F1 and covering metrics.  Built by `make tcpd-check`,
 * not part of `make check`.
 *
 * Usage: tests/tcpd_eval [-p penalty_scale] [-m min_segment] [-c clip_sd]
 *                        [-a] [-q] [TCPD_DIR]
 *   -a turns on the autocorrelation option, -q prints only the summary.
 *   TCPD_DIR defaults to "$top_srcdir/../shared/tcpd" ("." if top_srcdir
 *   is unset).  Without options the detector runs with its defaults: that
 *   is the number to report; the options exist for sensitivity checks.
 *
 * The metrics follow TCPDBench analysis/scripts/metrics.py and the cleanup
 * of summarize.py exactly:
 *   - predictions are cleaned to unique indices in [1, n_obs - 2];
 *   - F1 (margin 5): index 0 is added to every annotator's set and to the
 *     predictions; precision = true positives of the union of all
 *     annotations / #predictions, recall = mean over annotators of (true
 *     positives / that annotator's set size), F1 = 2PR / (P + R).  True
 *     positives are counted greedily, each prediction used once, closest
 *     first (ties to the smaller index).  The reference walks a Python set,
 *     we walk ascending; they can differ only when two annotated points
 *     compete for one prediction.
 *   - cover: for each annotator, sum over its segments of |segment| x the
 *     best Jaccard overlap with a predicted segment, / n_obs; mean over
 *     annotators.
 * Before scoring the detector, the program checks itself: the doctest
 * values of metrics.py, six published per-series scores of real benchmark
 * predictions, and the published "zero" baseline on every benchmark series
 * present.  A mismatch exits 1.
 *
 * Averages are over the benchmark's univariate series that are present
 * here: n_dim 1, no missing values (the benchmark drops uk_coal_employ),
 * not quality_control_* (annotator screening series).  run_log is
 * multivariate and skipped.  Exit: 0 ok, 1 self-check failed, 2 data
 * missing or usage error.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "base/fl_err.h"
#include "analysis/fl_shift.h"
#include "base/fl_xalloc.h"

#define MARGIN 5
#define MAX_ANN 16
#define MAX_SERIES 256

/* One series' annotations: an array of points per annotator. */
struct annset {
    size_t k;               /* annotators */
    size_t len[MAX_ANN];    /* points per annotator */
    size_t *pts[MAX_ANN];   /* owned arrays */
};

/* ---- metrics ------------------------------------------------------------ */

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Sort a[0..n-1], drop duplicates; returns the new length. */
static size_t uniq(size_t *a, size_t n)
{
    size_t i, k = 0;

    qsort(a, n, sizeof *a, cmp_size);
    for (i = 0; i < n; i++)
        if (k == 0 || a[k - 1] != a[i])
            a[k++] = a[i];
    return k;
}

/* metrics.py true_positives(): greedy, closest unused prediction first. */
static size_t true_pos(const size_t *T, size_t nt, const size_t *X,
                       size_t nx, char *used)
{
    size_t i, j, tp = 0;

    memset(used, 0, nx);
    for (i = 0; i < nt; i++) {
        size_t best = nx, bd = MARGIN + 1;
        for (j = 0; j < nx; j++) {
            size_t d = T[i] > X[j] ? T[i] - X[j] : X[j] - T[i];
            if (!used[j] && d < bd) {
                bd = d;
                best = j;
            }
        }
        if (best < nx) {
            used[best] = 1;
            tp++;
        }
    }
    return tp;
}

/* Set of a[0..n-1] plus 0, into out (room n + 1); returns its size. */
static size_t with_zero(const size_t *a, size_t n, size_t *out)
{
    if (n > 0)
        memcpy(out, a, n * sizeof *a);
    out[n] = 0;
    return uniq(out, n + 1);
}

static double f1_score(const struct annset *A, const size_t *pred, size_t np)
{
    size_t nall = 0, i, nx, nu, nk;
    size_t *X, *U, *Tk;
    char *used;
    double P, R = 0;

    for (i = 0; i < A->k; i++)
        nall += A->len[i];
    X = fl_xmalloc((np + 1) * sizeof *X);
    U = fl_xmalloc((nall + 1) * sizeof *U);
    Tk = fl_xmalloc((nall + 1) * sizeof *Tk);
    used = fl_xmalloc(np + 1);
    nx = with_zero(pred, np, X);
    nu = 0;
    for (i = 0; i < A->k; i++) {
        if (A->len[i] > 0)
            memcpy(U + nu, A->pts[i], A->len[i] * sizeof *U);
        nu += A->len[i];
    }
    nu = with_zero(U, nu, U);
    P = (double)true_pos(U, nu, X, nx, used) / (double)nx;
    for (i = 0; i < A->k; i++) {
        nk = with_zero(A->pts[i], A->len[i], Tk);
        R += (double)true_pos(Tk, nk, X, nx, used) / (double)nk;
    }
    R /= (double)A->k;
    free(X);
    free(U);
    free(Tk);
    free(used);
    return P * R / (0.5 * R + 0.5 * P);
}

/* Segment starts of partition_from_cps(): 0 plus the unique cps in
 * [1, n-1]; out has room n_cps + 1.  Returns the number of segments. */
static size_t seg_starts(const size_t *cps, size_t nc, size_t n, size_t *out)
{
    size_t i, k = 1, m;

    if (nc > 0)
        memcpy(out + 1, cps, nc * sizeof *cps);
    m = uniq(out + 1, nc);
    out[0] = 0;
    for (i = 0; i < m; i++)
        if (out[1 + i] >= 1 && out[1 + i] < n)
            out[k++] = out[1 + i];
    return k;
}

/* cover_single(pred partition, annotator partition). */
static double cover_one(const size_t *as, size_t na, const size_t *ps,
                        size_t np, size_t n)
{
    size_t i, j;
    double c = 0;

    for (i = 0; i < na; i++) {
        size_t a0 = as[i], a1 = i + 1 < na ? as[i + 1] : n;
        double best = 0;
        for (j = 0; j < np; j++) {
            size_t b0 = ps[j], b1 = j + 1 < np ? ps[j + 1] : n;
            size_t lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
            size_t ulo = a0 < b0 ? a0 : b0, uhi = a1 > b1 ? a1 : b1;
            double jac;
            if (hi <= lo)
                continue;
            jac = (double)(hi - lo) / (double)(uhi - ulo);
            if (jac > best)
                best = jac;
        }
        c += (double)(a1 - a0) * best;
    }
    return c / (double)n;
}

static double cover_score(const struct annset *A, const size_t *pred,
                          size_t np, size_t n)
{
    size_t i, nps, nas, *ps, *as, maxa = 0;
    double sum = 0;

    for (i = 0; i < A->k; i++)
        if (A->len[i] > maxa)
            maxa = A->len[i];
    ps = fl_xmalloc((np + 1) * sizeof *ps);
    as = fl_xmalloc((maxa + 1) * sizeof *as);
    nps = seg_starts(pred, np, n, ps);
    for (i = 0; i < A->k; i++) {
        nas = seg_starts(A->pts[i], A->len[i], n, as);
        sum += cover_one(as, nas, ps, nps, n);
    }
    free(ps);
    free(as);
    return sum / (double)A->k;
}

/* summarize.py clean_cps(): unique, within [1, n-2]. */
static size_t clean_cps(size_t *c, size_t nc, size_t n)
{
    size_t i, k = 0;

    for (i = 0; i < nc; i++)
        if (c[i] >= 1 && c[i] + 1 < n)
            c[k++] = c[i];
    return uniq(c, k);
}

/* dir + "/" + rest into buf; -1 if it does not fit. */
static int mkpath(char *buf, size_t n, const char *dir, const char *rest)
{
    int k = snprintf(buf, n, "%s/%s", dir, rest);
    return k < 0 || (size_t)k >= n ? -1 : 0;
}

/* ---- JSON input --------------------------------------------------------- */

static cJSON *load_json(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long sz;
    cJSON *j;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (sz = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    buf = fl_xmalloc((size_t)sz + 1);
    if (fread(buf, 1, (size_t)sz, f) != (size_t)sz) {
        fclose(f);
        free(buf);
        return NULL;
    }
    buf[sz] = '\0';
    fclose(f);
    j = cJSON_Parse(buf);
    free(buf);
    return j;
}

static void annset_free(struct annset *A)
{
    size_t i;

    for (i = 0; i < A->k; i++)
        free(A->pts[i]);
    A->k = 0;
}

/* Annotations of one series from annotations.json; 0 if absent. */
static int annset_load(const cJSON *all, const char *name, struct annset *A)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(all, name), *u;

    A->k = 0;
    if (!cJSON_IsObject(s))
        return 0;
    cJSON_ArrayForEach(u, s) {
        const cJSON *v;
        size_t n = 0;
        if (A->k == MAX_ANN || !cJSON_IsArray(u))
            break;
        A->pts[A->k] = fl_xmalloc(((size_t)cJSON_GetArraySize(u) + 1) *
                                  sizeof(size_t));
        cJSON_ArrayForEach(v, u)
            if (cJSON_IsNumber(v) && v->valuedouble >= 0)
                A->pts[A->k][n++] = (size_t)v->valuedouble;
        A->len[A->k++] = n;
    }
    return A->k > 0;
}

/* A dataset file: the first series as doubles (null -> NaN). */
struct series {
    char name[128];
    size_t n, ndim;
    int missing;   /* has null values */
    double *x;     /* owned, [n] */
};

static int series_load(const char *path, struct series *s)
{
    cJSON *j = load_json(path);
    const cJSON *nm, *ser, *raw, *v;
    size_t i = 0;

    memset(s, 0, sizeof *s);
    if (!j)
        return -1;
    nm = cJSON_GetObjectItemCaseSensitive(j, "name");
    ser = cJSON_GetObjectItemCaseSensitive(j, "series");
    raw = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(ser, 0), "raw");
    if (!cJSON_IsString(nm) || !cJSON_IsArray(raw)) {
        cJSON_Delete(j);
        return -1;
    }
    snprintf(s->name, sizeof s->name, "%s", nm->valuestring);
    s->ndim = (size_t)cJSON_GetArraySize(ser);
    s->n = (size_t)cJSON_GetArraySize(raw);
    s->x = fl_xmalloc((s->n + 1) * sizeof *s->x);
    cJSON_ArrayForEach(v, raw) {
        s->x[i] = cJSON_IsNumber(v) ? v->valuedouble : NAN;
        if (!cJSON_IsNumber(v))
            s->missing = 1;
        i++;
    }
    cJSON_Delete(j);
    return 0;
}

/* ---- self-check --------------------------------------------------------- */

static int close_to(double a, double b, double tol)
{
    return fabs(a - b) <= tol;
}

/* Build an annset from a literal table (lists end at SIZE_MAX). */
static void annset_lit(struct annset *A, size_t k, const size_t lit[][4])
{
    size_t i, j;

    A->k = k;
    for (i = 0; i < k; i++) {
        A->pts[i] = fl_xmalloc(4 * sizeof(size_t));
        for (j = 0; j < 4 && lit[i][j] != SIZE_MAX; j++)
            A->pts[i][j] = lit[i][j];
        A->len[i] = j;
    }
}

/* The doctests of metrics.py true_positives(): the count of matched
 * annotations for {1, 10, 20, 23} against three prediction sets. */
static int check_true_pos(void)
{
    static const size_t T[] = {1, 10, 20, 23};
    static const size_t x1[] = {3, 8, 20}, x2[] = {1, 3, 8, 20},
                        x3[] = {1, 3, 5, 8, 20};
    char used[8];

    return (true_pos(T, 4, x1, 3, used) != 3) +
           (true_pos(T, 4, x2, 4, used) != 3) +
           (true_pos(T, 4, x3, 5, used) != 3) +
           (true_pos(T, 0, x1, 3, used) != 0) +
           (true_pos(T, 3, x1, 0, used) != 0);
}

#define E SIZE_MAX
/* The doctests of TCPDBench metrics.py f_measure() and covering(). */
static int check_doctests(void)
{
    static const size_t a1[][4] = {{10, 20, E}, {11, 20, E}, {10, E},
                                   {0, 5, E}};
    static const size_t a2[][4] = {{E}, {10, E}, {50, E}};
    static const size_t a3[][4] = {{10, 20, E}, {10, E}, {0, 5, E}};
    static const size_t a4[][4] = {{E}, {10, E}, {40, E}};
    static const size_t p1[] = {10, 20}, p2[] = {10};
    struct annset A;
    int bad = 0;

    annset_lit(&A, 4, a1);
    bad += !close_to(f1_score(&A, p1, 2), 1.0, 1e-12);
    annset_free(&A);
    annset_lit(&A, 3, a2);
    bad += !close_to(f1_score(&A, p2, 1), 0.9090909090909091, 1e-12);
    bad += !close_to(f1_score(&A, NULL, 0), 0.8, 1e-12);
    annset_free(&A);
    annset_lit(&A, 3, a3);
    bad += !close_to(cover_score(&A, p1, 2, 45), 0.7962962962962963, 1e-12);
    annset_free(&A);
    annset_lit(&A, 3, a4);
    bad += !close_to(cover_score(&A, p2, 1, 45), 0.7954144620811286, 1e-12);
    bad += !close_to(cover_score(&A, NULL, 0, 45), 0.8189300411522634,
                     1e-12);
    annset_free(&A);
    return bad + check_true_pos();
}
#undef E

/* Published per-series scores of real benchmark outputs (TCPDBench
 * abed_results/<series>/default_<method>/<id>.json "cplocations", scored in
 * analysis/output/scores/default_{f1,cover}_scores.json). */
static const struct {
    const char *series, *method;
    size_t cps[8];
    size_t ncps;
    double f1, cover;
} published[] = {
    {"nile", "binseg", {27, 99}, 2, 1.0, 0.880082},
    {"well_log", "binseg", {178, 280, 460, 674}, 4, 0.534202, 0.695426},
    {"brent_spot", "pelt", {139, 279, 376, 499}, 4, 0.464724, 0.626645},
    {"businv", "binseg", {170, 247, 329}, 3, 0.37037, 0.561639},
    {"ozone", "amoc", {35}, 1, 0.53125, 0.701481},
    {"usd_isk", "bocpd", {0, 20, 49, 116, 120, 217}, 6, 0.609375, 0.671657},
};

static int check_published(const char *dir, const cJSON *ann)
{
    size_t i;
    int bad = 0;
    char path[4096], rest[256];

    for (i = 0; i < sizeof published / sizeof published[0]; i++) {
        struct series s;
        struct annset A;
        size_t c[8], nc;
        double f, cv;

        memset(&s, 0, sizeof s);
        A.k = 0;
        snprintf(rest, sizeof rest, "datasets/%s.json", published[i].series);
        if (mkpath(path, sizeof path, dir, rest) != 0 ||
            series_load(path, &s) != 0 ||
            !annset_load(ann, published[i].series, &A)) {
            fprintf(stderr, "tcpd_eval: cannot load %s\n", path);
            annset_free(&A);
            free(s.x);
            return bad + 1;
        }
        memcpy(c, published[i].cps, published[i].ncps * sizeof *c);
        nc = clean_cps(c, published[i].ncps, s.n);
        f = f1_score(&A, c, nc);
        cv = cover_score(&A, c, nc, s.n);
        if (!close_to(f, published[i].f1, 1e-6) ||
            !close_to(cv, published[i].cover, 1e-6)) {
            fprintf(stderr, "tcpd_eval: metric mismatch on %s/%s: F1 %.6f "
                    "(published %.6f) cover %.6f (published %.6f)\n",
                    published[i].series, published[i].method, f,
                    published[i].f1, cv, published[i].cover);
            bad++;
        }
        annset_free(&A);
        free(s.x);
    }
    return bad;
}

/* ---- main --------------------------------------------------------------- */

struct opts {
    struct fl_shift_opts so;
    int quiet;
    const char *dir;
};

static int parse_args(int argc, char **argv, struct opts *o, char *dirbuf,
                      size_t dirlen)
{
    int c;
    const char *top = getenv("top_srcdir");

    fl_shift_opts_default(&o->so);
    o->quiet = 0;
    while ((c = getopt(argc, argv, "p:m:c:aq")) != -1) {
        switch (c) {
        case 'a': o->so.autocorr = 1; break;
        case 'p': o->so.penalty_scale = atof(optarg); break;
        case 'm': o->so.min_segment = (size_t)atol(optarg); break;
        case 'c': o->so.clip_sd = atof(optarg); break;
        case 'q': o->quiet = 1; break;
        default:
            fprintf(stderr, "usage: tcpd_eval [-p penalty_scale] "
                    "[-m min_segment] [-c clip_sd] [-a] [-q] [TCPD_DIR]\n");
            return -1;
        }
    }
    if (optind < argc) {
        o->dir = argv[optind];
    } else {
        if (mkpath(dirbuf, dirlen, top ? top : ".", "../shared/tcpd") != 0)
            return -1;
        o->dir = dirbuf;
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of datasets/<name>.json; returns the count. */
static size_t list_datasets(const char *dir, char **names, size_t max)
{
    char path[4096];
    DIR *d;
    struct dirent *e;
    size_t k = 0;

    if (mkpath(path, sizeof path, dir, "datasets") != 0 ||
        !(d = opendir(path)))
        return 0;
    while ((e = readdir(d)) != NULL && k < max) {
        size_t l = strlen(e->d_name);
        if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0)
            names[k++] = fl_xstrndup(e->d_name, l - 5);
    }
    closedir(d);
    qsort(names, k, sizeof *names, cmp_str);
    return k;
}

/* Published default score of `method` on `series`, NAN if unknown. */
static double ref_score(const cJSON *ref, const char *metric,
                        const char *series, const char *method)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(ref, metric), series),
        method);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static double now_sec(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Running sums over the benchmark series. */
struct totals {
    size_t n;
    double f1, cover, zf1, zcover, runtime;
    int zero_mismatch;
    double best_f1[16], best_cover[16]; /* sums of published methods */
};

static const char *const methods[] = {
    "amoc", "binseg", "bocpd", "bocpdms", "cpnp", "ecp", "kcpa", "pelt",
    "prophet", "rbocpdms", "rfpop", "segneigh", "wbs", "zero"};
#define NMETHODS (sizeof methods / sizeof methods[0])

static void print_cps(const size_t *c, size_t k)
{
    size_t i;

    printf(" [");
    for (i = 0; i < k; i++)
        printf(i ? ",%zu" : "%zu", c[i]);
    printf("]");
}

/* Check our zero-baseline scores of a benchmark series against the
 * published ones; add the published scores of every method to tot. */
static void add_published(const cJSON *ref, const char *name, double zf,
                          double zc, struct totals *tot)
{
    size_t i;

    if (!close_to(zf, ref_score(ref, "default_f1", name, "zero"), 1e-6) ||
        !close_to(zc, ref_score(ref, "default_cover", name, "zero"), 1e-6)) {
        fprintf(stderr, "tcpd_eval: zero baseline mismatch on %s\n", name);
        tot->zero_mismatch++;
    }
    for (i = 0; i < NMETHODS; i++) {
        double a = ref_score(ref, "default_f1", name, methods[i]);
        double b = ref_score(ref, "default_cover", name, methods[i]);
        tot->best_f1[i] += isnan(a) ? 0 : a;  /* failed run = 0 */
        tot->best_cover[i] += isnan(b) ? 0 : b;
    }
}

/* Detect and score one series; adds to tot when it is a benchmark series. */
static int eval_series(const struct opts *o, const struct series *s,
                       const cJSON *ann, const cJSON *ref, struct totals *tot)
{
    struct annset A;
    size_t *c = fl_xmalloc((s->n + 1) * sizeof *c), nc;
    struct fl_err err;
    double t0, f, cv, zf, zc;
    int bench = s->ndim == 1 && !s->missing &&
                strncmp(s->name, "quality_control_", 16) != 0;
    int rc;

    if (!annset_load(ann, s->name, &A)) {
        fprintf(stderr, "tcpd_eval: no annotations for %s\n", s->name);
        free(c);
        return -1;
    }
    t0 = now_sec();
    rc = fl_shift_detect(s->x, NULL, s->n, &o->so, c, s->n, &nc, &err);
    tot->runtime += now_sec() - t0;
    if (rc != FL_OK) {
        fprintf(stderr, "tcpd_eval: %s: %s\n", s->name, err.msg);
        nc = 0; /* a failed run scores as "no change point" predictions */
    }
    nc = clean_cps(c, nc, s->n);
    f = f1_score(&A, c, nc);
    cv = cover_score(&A, c, nc, s->n);
    zf = f1_score(&A, NULL, 0);
    zc = cover_score(&A, NULL, 0, s->n);
    if (!o->quiet) {
        printf("%-20s n=%4zu%s F1 %.3f cover %.3f  (zero %.3f/%.3f)",
               s->name, s->n, bench ? "  " : " *", f, cv, zf, zc);
        print_cps(c, nc);
        printf("\n");
    }
    if (bench && ref)
        add_published(ref, s->name, zf, zc, tot);
    if (bench) {
        tot->n++;
        tot->f1 += f;
        tot->cover += cv;
        tot->zf1 += zf;
        tot->zcover += zc;
    }
    annset_free(&A);
    free(c);
    return 0;
}

/* Best published method means over the same series (cover is published
 * for a subset of the methods only). */
static void print_published(const cJSON *ref, const struct totals *t)
{
    size_t i, bf = 0, bc = NMETHODS;

    if (!ref || t->n == 0)
        return;
    for (i = 0; i < NMETHODS; i++) {
        int has_cover = !isnan(ref_score(ref, "default_cover", "nile",
                                         methods[i]));
        if (t->best_f1[i] > t->best_f1[bf])
            bf = i;
        if (has_cover && (bc == NMETHODS ||
                          t->best_cover[i] > t->best_cover[bc]))
            bc = i;
    }
    if (bc == NMETHODS)
        return;
    printf("published best default on these %zu series: F1 %.3f (%s), "
           "cover %.3f (%s)\n", t->n, t->best_f1[bf] / (double)t->n,
           methods[bf], t->best_cover[bc] / (double)t->n, methods[bc]);
}

static int run(const struct opts *o, const cJSON *ann, const cJSON *ref)
{
    char *names[MAX_SERIES], path[4096], rest[512];
    size_t nn = list_datasets(o->dir, names, MAX_SERIES), i;
    struct totals tot;
    int bad = 0;

    memset(&tot, 0, sizeof tot);
    for (i = 0; i < nn; i++) {
        struct series s = {0};
        int pk = snprintf(rest, sizeof rest, "datasets/%s.json", names[i]);
        if (pk < 0 || (size_t)pk >= sizeof rest ||
            mkpath(path, sizeof path, o->dir, rest) != 0 ||
            series_load(path, &s) != 0) {
            fprintf(stderr, "tcpd_eval: cannot read %s\n", path);
            bad++;
        } else if (s.ndim != 1) {
            if (!o->quiet)
                printf("%-20s skipped (multivariate, %zu dims)\n", s.name,
                       s.ndim);
        } else if (eval_series(o, &s, ann, ref, &tot) != 0) {
            bad++;
        }
        free(s.x);
        free(names[i]);
    }
    if (tot.n == 0) {
        fprintf(stderr, "tcpd_eval: no benchmark series in %s\n", o->dir);
        return 2;
    }
    printf("(* = not in the benchmark average)\n");
    printf("zero baseline (no change point): F1 %.3f cover %.3f; per-series "
           "match with the published zero scores: %s\n",
           tot.zf1 / (double)tot.n, tot.zcover / (double)tot.n,
           !ref ? "not checked (no reference file)"
                : tot.zero_mismatch ? "NO" : "yes");
    print_published(ref, &tot);
    printf("detector time: %.2f ms over all series\n", tot.runtime * 1e3);
    printf("TCPD default: F1 %.3f cover %.3f on %zu series\n",
           tot.f1 / (double)tot.n, tot.cover / (double)tot.n, tot.n);
    return bad || tot.zero_mismatch ? 1 : 0;
}

int main(int argc, char **argv)
{
    struct opts o;
    char dirbuf[4096], path[4096];
    cJSON *ann, *ref;
    int bad, rc;

    if (parse_args(argc, argv, &o, dirbuf, sizeof dirbuf) != 0)
        return 2;
    if (mkpath(path, sizeof path, o.dir, "annotations.json") != 0 ||
        !(ann = load_json(path))) {
        fprintf(stderr, "tcpd_eval: TCPD data not found: cannot read %s "
                "(give the TCPD directory as argument)\n", path);
        return 2;
    }
    ref = mkpath(path, sizeof path, o.dir, "reference_default_scores.json")
              ? NULL : load_json(path);
    bad = check_doctests();
    bad += check_published(o.dir, ann);
    if (bad) {
        fprintf(stderr, "tcpd_eval: metric self-check FAILED (%d)\n", bad);
        cJSON_Delete(ann);
        cJSON_Delete(ref);
        return 1;
    }
    printf("metric self-check: metrics.py doctests and %zu published "
           "per-series scores reproduced\n",
           sizeof published / sizeof published[0]);
    rc = run(&o, ann, ref);
    cJSON_Delete(ann);
    cJSON_Delete(ref);
    return rc;
}
