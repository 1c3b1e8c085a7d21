/* compare.c - the comparison of two periods (see fl_compare.h for the
 * test, the categories and the impact).  Pure arithmetic over two
 * summaries; the result does not depend on the order of their classes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare_int.h"
#include "base/fl_xalloc.h"

#define DEFAULT_RATIO 0.2
#define DEFAULT_EFFECT_US 1000
#define DEFAULT_Z 3.09
#define VOLUME_RATIO 1.5
#define ERROR_POINTS 0.01

static const char *const cat_names[FL_CMP__COUNT] = {
#define FL_X_(e, name) name,
    FL_CMP_CATEGORIES(FL_X_)
#undef FL_X_
};

const char *fl_cmp_category_name(enum fl_cmp_category c)
{
    return (unsigned)c < FL_CMP__COUNT ? cat_names[c] : "?";
}

/* ---- the test ----------------------------------------------------------------- */

/* The bucket index holding the value of rank r of k (-1: the zero
 * bucket). */
static int32_t bucket_of_rank(const struct fl_sketch *k, uint64_t r)
{
    int32_t lo;
    uint32_t n;
    uint64_t cum = 0, zeros = fl_sketch_count(k);

    fl_sketch_occupied(k, &lo, &n);
    for (uint32_t i = 0; i < n; i++)
        zeros -= fl_sketch_bin(k, lo + (int32_t)i);
    if (r < zeros)
        return -1;
    cum = zeros;
    for (uint32_t i = 0; i < n; i++) {
        cum += fl_sketch_bin(k, lo + (int32_t)i);
        if (r < cum)
            return lo + (int32_t)i;
    }
    return lo + (int32_t)n - 1;
}

/* Values of k in buckets above index b. */
static uint64_t above(const struct fl_sketch *k, int32_t b)
{
    int32_t lo;
    uint32_t n;
    uint64_t c = 0;

    fl_sketch_occupied(k, &lo, &n);
    for (uint32_t i = 0; i < n; i++)
        if (lo + (int32_t)i > b)
            c += fl_sketch_bin(k, lo + (int32_t)i);
    return c;
}

/* One-sided two-proportion z (pooled): how much x2/n2 exceeds x1/n1. */
static double prop_z(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2)
{
    double p1, p2, p, se;

    if (!n1 || !n2)
        return 0;
    p1 = (double)x1 / (double)n1;
    p2 = (double)x2 / (double)n2;
    p = (double)(x1 + x2) / (double)(n1 + n2);
    se = sqrt(p * (1 - p) * (1.0 / (double)n1 + 1.0 / (double)n2));
    return se > 0 ? (p2 - p1) / se : 0;
}

double fl_compare_tail_z(const struct fl_sketch *before,
                         const struct fl_sketch *after, double q,
                         double *share_before, double *share_after)
{
    uint64_t n1 = fl_sketch_count(before), n2 = fl_sketch_count(after);
    int32_t b;
    uint64_t x1, x2;

    *share_before = *share_after = -1;
    if (!n1 || !n2)
        return 0;
    b = bucket_of_rank(before, fl_sketch_rank(n1, q));
    x1 = above(before, b);
    x2 = above(after, b);
    *share_before = (double)x1 / (double)n1;
    *share_after = (double)x2 / (double)n2;
    return prop_z(x1, n1, x2, n2);
}

/* ---- one class ------------------------------------------------------------------ */

static void side_of(const struct fl_stats_group *g, struct fl_cmp_side *s)
{
    memset(s, 0, sizeof *s);
    s->mean_us = s->p50_us = s->p95_us = s->p99_us = s->above = -1;
    if (!g)
        return;
    s->timed = fl_sketch_count(&g->lat);
    s->calls = s->timed + g->calls_no_dur;
    s->total_us = fl_sketch_sum(&g->lat);
    s->errors = g->errors;
    if (s->timed) {
        s->mean_us = fl_sketch_mean(&g->lat);
        s->p50_us = fl_stats_group_quantile(g, 0.50);
        s->p95_us = fl_stats_group_quantile(g, 0.95);
        s->p99_us = fl_stats_group_quantile(g, 0.99);
    }
}

/* Is the rise from a to b material (ratio and absolute floor)? */
static bool material(const struct fl_compare_opts *o, double a, double b)
{
    return a >= 0 && b >= 0 && b >= a * (1 + o->min_ratio) &&
           b - a >= (double)(o->min_effect_us < 0 ? 0 : o->min_effect_us);
}

static bool errors_up(const struct fl_compare_opts *o,
                      const struct fl_cmp_side *a, const struct fl_cmp_side *b)
{
    uint64_t na = a->calls > a->errors ? a->calls : a->errors;
    uint64_t nb = b->calls > b->errors ? b->calls : b->errors;
    double ra, rb;

    if (!na || !nb)
        return false;
    ra = (double)a->errors / (double)na;
    rb = (double)b->errors / (double)nb;
    return prop_z(a->errors, na, b->errors, nb) >= o->z_crit &&
           rb >= ra * (1 + o->min_ratio) && rb - ra >= ERROR_POINTS;
}

/* A period's length: its bounds, else the span of its data; 0 unknown. */
static double length_of(const struct fl_cmp_period *p)
{
    if (p->start_us != INT64_MIN && p->end_us != INT64_MAX &&
        p->end_us > p->start_us)
        return (double)(p->end_us - p->start_us);
    if (p->first_us != INT64_MAX && p->last_us != INT64_MIN &&
        p->last_us > p->first_us)
        return (double)(p->last_us - p->first_us);
    return 0;
}

/* The calls moved by half or more, beyond chance: a binomial test of the
 * calls split between the periods in proportion to their lengths (half
 * and half when a length is unknown). */
static bool volume(const struct fl_compare *c, const struct fl_cmp_side *a,
                   const struct fl_cmp_side *b)
{
    double la = length_of(&c->before), lb = length_of(&c->after);
    double q = la > 0 && lb > 0 ? lb / (la + lb) : 0.5;
    double n = (double)(a->calls + b->calls), rate;

    if (n == 0 || !a->calls)
        return false;
    rate = ((double)b->calls / q) / ((double)a->calls / (1 - q));
    if (rate < VOLUME_RATIO && rate > 1 / VOLUME_RATIO)
        return false;
    return fabs((double)b->calls - n * q) / sqrt(n * q * (1 - q)) >=
           c->opts.z_crit;
}

static void classify(const struct fl_compare *c, struct fl_cmp_class *k,
                     const struct fl_stats_group *gb,
                     const struct fl_stats_group *ga)
{
    const struct fl_compare_opts *o = &c->opts;
    double sb, sa, zi;
    double mb = k->before.mean_us < 0 ? 0 : k->before.mean_us;
    double ma = k->after.mean_us < 0 ? 0 : k->after.mean_us;

    k->impact_us = (ma - mb) * (double)k->after.timed;
    if (!k->before.calls) {
        k->category = FL_CMP_NEW;
        return;
    }
    if (!k->after.calls) {
        k->category = FL_CMP_VANISHED;
        k->impact_us = -(double)k->before.total_us;
        return;
    }
    k->z = fl_compare_tail_z(&gb->lat, &ga->lat, 0.95, &sb, &sa);
    k->before.above = sb;
    k->after.above = sa;
    zi = fl_compare_tail_z(&ga->lat, &gb->lat, 0.95, &sa, &sb);
    if (k->z >= o->z_crit && material(o, k->before.p95_us, k->after.p95_us))
        k->category = FL_CMP_REGRESSED;
    else if (errors_up(o, &k->before, &k->after))
        k->category = FL_CMP_ERRORS_UP;
    else if (zi >= o->z_crit &&
             material(o, k->after.p95_us, k->before.p95_us))
        k->category = FL_CMP_IMPROVED;
    else if (volume(c, &k->before, &k->after))
        k->category = FL_CMP_VOLUME;
    else
        k->category = FL_CMP_UNCHANGED;
}

/* ---- the comparison ----------------------------------------------------------------- */

static struct fl_cmp_class *add_class(struct fl_compare *c, size_t *cap,
                                      const char *domain,
                                      const struct fl_stats_group *gb,
                                      const struct fl_stats_group *ga)
{
    const struct fl_stats_group *g = ga ? ga : gb;
    struct fl_cmp_class *k;

    c->classes = fl_xgrow(c->classes, cap, c->nclasses + 1,
                          sizeof *c->classes);
    k = &c->classes[c->nclasses++];
    memset(k, 0, sizeof *k);
    snprintf(k->domain, sizeof k->domain, "%s", domain);
    k->id = g->id;
    k->text = fl_xstrdup(g->key);
    k->tables = fl_xstrdup(g->tables ? g->tables : "");
    side_of(gb, &k->before);
    side_of(ga, &k->after);
    classify(c, k, gb, ga);
    c->counts[k->category]++;
    if (k->category == FL_CMP_REGRESSED || k->category == FL_CMP_ERRORS_UP)
        fl_cmp_link_changes(c, k);
    return k;
}

static void compare_lens(struct fl_compare *c, size_t *cap, const char *domain,
                         const struct fl_stats *b, const struct fl_stats *a)
{
    size_t n = a ? fl_stats_count(a, FL_DIM_FINGERPRINT) : 0;

    for (size_t i = 0; i < n; i++) {
        const struct fl_stats_group *ga = fl_stats_get(a, FL_DIM_FINGERPRINT, i);
        if (!ga->other)
            add_class(c, cap, domain, b ? fl_stats_find_id(b, ga->id) : NULL,
                      ga);
    }
    n = b ? fl_stats_count(b, FL_DIM_FINGERPRINT) : 0;
    for (size_t i = 0; i < n; i++) {
        const struct fl_stats_group *gb = fl_stats_get(b, FL_DIM_FINGERPRINT, i);
        if (!gb->other && !(a && fl_stats_find_id(a, gb->id)))
            add_class(c, cap, domain, gb, NULL);
    }
}

static int rank_cmp(const void *x, const void *y)
{
    const struct fl_cmp_class *a = x, *b = y;
    double ia = fabs(a->impact_us), ib = fabs(b->impact_us);
    int d;

    if (a->category != b->category)
        return a->category < b->category ? -1 : 1;
    if (ia != ib)
        return ia > ib ? -1 : 1;
    if ((d = strcmp(a->domain, b->domain)))
        return d;
    if (a->id != b->id)
        return a->id < b->id ? -1 : 1;
    return strcmp(a->text, b->text);
}

static void period_of(struct fl_cmp_period *p, const struct fl_summary *s,
                      const char *label, int64_t start, int64_t end)
{
    snprintf(p->label, sizeof p->label, "%s", label);
    p->start_us = start;
    p->end_us = end;
    fl_summary_span(s, &p->first_us, &p->last_us);
    p->calls = fl_summary_calls(s);
    p->inputs = fl_xcalloc(s->ninputs + 1, sizeof *p->inputs);
    for (size_t i = 0; i < s->ninputs; i++)
        p->inputs[p->ninputs++] = fl_xstrdup(s->inputs[i].path);
}

static void defaults(struct fl_compare_opts *o)
{
    if (o->min_ratio <= 0)
        o->min_ratio = DEFAULT_RATIO;
    if (o->min_effect_us == 0)
        o->min_effect_us = DEFAULT_EFFECT_US;
    if (o->z_crit <= 0)
        o->z_crit = DEFAULT_Z;
    o->before_label = o->after_label = NULL;   /* copied into the periods */
}

struct fl_compare *fl_compare_new(const struct fl_summary *before,
                                  const struct fl_summary *after,
                                  const struct fl_compare_opts *o)
{
    struct fl_compare *c = fl_xcalloc(1, sizeof *c);
    size_t cap = 0;

    c->opts = *o;
    defaults(&c->opts);
    period_of(&c->before, before, o->before_label ? o->before_label : "before",
              o->before_start, o->before_end);
    period_of(&c->after, after, o->after_label ? o->after_label : "after",
              o->after_start, o->after_end);
    fl_cmp_take_changes(c, before);
    fl_cmp_take_changes(c, after);
    fl_cmp_dedupe_changes(c);
    for (size_t i = 0; i < after->nlens; i++)
        compare_lens(c, &cap, after->lens[i].domain,
                     fl_summary_find(before, after->lens[i].domain),
                     after->lens[i].stats);
    for (size_t i = 0; i < before->nlens; i++)
        if (!fl_summary_find(after, before->lens[i].domain))
            compare_lens(c, &cap, before->lens[i].domain,
                         before->lens[i].stats, NULL);
    if (c->nclasses > 1)
        qsort(c->classes, c->nclasses, sizeof *c->classes, rank_cmp);
    return c;
}

static void period_cleanup(struct fl_cmp_period *p)
{
    for (size_t i = 0; i < p->ninputs; i++)
        free(p->inputs[i]);
    free(p->inputs);
}

void fl_compare_free(struct fl_compare *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nclasses; i++) {
        free(c->classes[i].text);
        free(c->classes[i].tables);
        free(c->classes[i].changes);
    }
    free(c->classes);
    free(c->changes);
    period_cleanup(&c->before);
    period_cleanup(&c->after);
    free(c);
}
