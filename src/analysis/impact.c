/* impact.c - the figures of an incident window on one statistics model
 * (lens): calls, rates, errors and percentiles before and during, and the
 * affected classes: those whose p50 at least doubled, and those first seen
 * in the window (no baseline) that are slow against the lens's own p50
 * before (a new N+1 query or an unindexed new query is part of the
 * impact).  Numbers only; used for the incident's own lens and its sides.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/fl_xalloc.h"
#include "incident_ctx.h"

#define AFFECTED_RATIO 2.0    /* a class is affected: p50 >= 2x */

uint64_t fl_inc_count_above(const struct fl_sketch *k, double v)
{
    double lo = 0, hi = 1;
    uint64_t n = fl_sketch_count(k);

    if (!n || fl_sketch_max(k) <= v)
        return 0;
    if (fl_sketch_min(k) > v)
        return n;
    for (int i = 0; i < 40; i++) {
        double mid = (lo + hi) / 2;
        if (fl_sketch_quantile(k, mid) > v)
            hi = mid;
        else
            lo = mid;
    }
    return (uint64_t)((1.0 - hi) * (double)(n - 1) + 0.5) + 1;
}

/* Is g new in the window: no call before it, first seen after the start
 * of the before range (so not merely present since the logs began)? */
static bool is_new(const struct fl_inc_ctx *c, const struct fl_stats_group *g,
                   const struct fl_inc_range *b)
{
    return fl_sketch_count(&b->lat) == 0 && g->first_us >= c->during0 - c->sp.w
           && g->first_us > c->sp.lo + c->sp.w;
}

static void keep(struct fl_affected **aff, size_t *n, size_t *cap,
                 const struct fl_stats_group *g, const struct fl_inc_range *b,
                 const struct fl_inc_range *d, double base, bool fresh)
{
    struct fl_affected *a;

    *aff = fl_xgrow(*aff, cap, *n + 1, sizeof **aff);
    a = &(*aff)[(*n)++];
    memset(a, 0, sizeof *a);
    a->id = g->id;
    a->fingerprint = fl_xstrdup(g->key);
    a->tables = fl_xstrdup(g->tables ? g->tables : "");
    a->p50_before = fresh ? -1 : fl_inc_q(b, 0.5);
    a->p95_before = fresh ? -1 : fl_inc_q(b, 0.95);
    a->p50_during = fl_inc_q(d, 0.5);
    a->p95_during = fl_inc_q(d, 0.95);
    a->calls_during = fl_sketch_count(&d->lat);
    a->is_new = fresh;
    a->ratio = a->p50_during / fmax(base, 1);
}

static void find_affected(const struct fl_inc_ctx *c, const struct fl_stats *s,
                          struct fl_impact *im, struct fl_affected **aff,
                          size_t *naff)
{
    size_t cap = 0;

    for (size_t i = 0; i < fl_stats_count(s, FL_DIM_FINGERPRINT); i++) {
        const struct fl_stats_group *g = fl_stats_get(s, FL_DIM_FINGERPRINT, i);
        struct fl_inc_range b, d;
        double p50b, p50d;

        if (g->other)
            continue;
        fl_inc_range(g, c->before0, c->before1, &b);
        fl_inc_range(g, c->during0, c->during1, &d);
        p50b = fl_inc_q(&b, 0.5);
        p50d = fl_inc_q(&d, 0.5);
        if (fl_sketch_count(&d.lat) >= 3 && fl_sketch_count(&b.lat) >= 3 &&
            p50d >= AFFECTED_RATIO * p50b) {
            keep(aff, naff, &cap, g, &b, &d, p50b, false);
            im->calls_affected += fl_sketch_count(&d.lat);
            im->calls_over_10x += fl_inc_count_above(&d.lat, 10 * p50b);
        } else if (fl_sketch_count(&d.lat) >= 3 && im->p50_before > 0 &&
                   is_new(c, g, &b) &&
                   p50d >= AFFECTED_RATIO * im->p50_before) {
            keep(aff, naff, &cap, g, &b, &d, im->p50_before, true);
            im->calls_affected += fl_sketch_count(&d.lat);
        }
        fl_sketch_cleanup(&b.lat);
        fl_sketch_cleanup(&d.lat);
    }
}

static int by_impact(const void *x, const void *y)
{
    const struct fl_affected *a = x, *b = y;
    double ia = (double)a->calls_during * log(fmax(a->ratio, 1));
    double ib = (double)b->calls_during * log(fmax(b->ratio, 1));

    if (ia != ib)
        return ia > ib ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

static double seconds(int64_t t0, int64_t t1)
{
    return t1 > t0 ? (double)(t1 - t0) / 1e6 : 0;
}

void fl_inc_measure(const struct fl_inc_ctx *c, const struct fl_stats *s,
                    struct fl_impact *im, struct fl_affected **aff,
                    size_t *naff)
{
    const struct fl_stats_group *all = fl_stats_get(s, FL_DIM_OVERALL, 0);
    struct fl_inc_range b, d;
    double sb = seconds(c->before0, c->before1);
    double sd = seconds(c->during0, c->during1);

    memset(im, 0, sizeof *im);
    *aff = NULL;
    *naff = 0;
    fl_inc_range(all, c->before0, c->before1, &b);
    fl_inc_range(all, c->during0, c->during1, &d);
    im->calls_during = fl_sketch_count(&d.lat);
    im->p50_before = fl_inc_q(&b, 0.5);
    im->p95_before = fl_inc_q(&b, 0.95);
    im->p50_during = fl_inc_q(&d, 0.5);
    im->p95_during = fl_inc_q(&d, 0.95);
    im->worst_us = fl_sketch_count(&d.lat) ? fl_sketch_max(&d.lat) : -1;
    im->rate_before = sb > 0 ? (double)fl_sketch_count(&b.lat) / sb : 0;
    im->rate_during = sd > 0 ? (double)fl_sketch_count(&d.lat) / sd : 0;
    im->err_rate_before = sb > 0 ? (double)b.errors / sb : 0;
    im->err_rate_during = sd > 0 ? (double)d.errors / sd : 0;
    im->errors_during = d.errors;
    find_affected(c, s, im, aff, naff);
    if (*naff)
        qsort(*aff, *naff, sizeof **aff, by_impact);
    im->share_affected = im->calls_during
        ? (double)im->calls_affected / (double)im->calls_during : 0;
    fl_sketch_cleanup(&b.lat);
    fl_sketch_cleanup(&d.lat);
}
