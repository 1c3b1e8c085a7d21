/* fresh.c - culprit evidence that is not tied to a table: classes first
 * seen after a change (a deploy's new query pattern, an N+1 loop, a route
 * that did not exist), and a jump in the error rate after a change that is
 * not a schema change.  Read from every lens of the run, so a deploy found
 * in an access log is credited with the new queries the database logged.
 * Numbers only (struct fl_evidence).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/fl_xalloc.h"
#include "incident_ctx.h"

#define FRESH_FULL 0.25       /* fresh share that counts fully */
#define ERR_MIN 5             /* errors in the window to see a jump */
#define ERR_JUMP 3.0          /* error rate ratio that is a jump */
#define ERR_PART 0.6          /* score part of an error jump */

static bool touches(const struct fl_stats_group *g, const char *t)
{
    for (size_t i = 0; i < g->ntable_groups; i++)
        if (strcmp(g->table_groups[i]->key, t) == 0)
            return true;
    return false;
}

/* Keep g among k's FL_CULPRIT_MAX_FRESH fresh classes with the most time. */
static void note_fresh(struct fl_culprit *k, const struct fl_stats_group *g,
                       const char *domain, uint64_t calls, double share)
{
    size_t i = k->nfresh;

    if (i == FL_CULPRIT_MAX_FRESH) {
        if (share <= k->fresh[i - 1].share)
            return;
        free(k->fresh[--i].text);
    } else {
        k->nfresh++;
    }
    for (; i > 0 && k->fresh[i - 1].share < share; i--)
        k->fresh[i] = k->fresh[i - 1];
    k->fresh[i] = (struct fl_fresh_class){ fl_xstrdup(g->key), domain,
                                           calls, share };
}

/* Time in the window of the classes of s first seen from `since` on
 * (touching table when it is not NULL); *n counts those with 3 calls,
 * which are noted in k with their share of tot. */
static double fresh_time(const struct fl_inc_ctx *c, const struct fl_stats *s,
                         int64_t since, const char *table, uint64_t *n,
                         struct fl_culprit *k, const char *domain, double tot)
{
    double t = 0;

    for (size_t i = 0; i < fl_stats_count(s, FL_DIM_FINGERPRINT); i++) {
        const struct fl_stats_group *g = fl_stats_get(s, FL_DIM_FINGERPRINT, i);
        struct fl_inc_range d;
        if (g->other || g->first_us < since || g->first_us >= c->during1 ||
            (table && !touches(g, table)))
            continue;
        fl_inc_range(g, c->during0, c->during1, &d);
        t += (double)fl_sketch_sum(&d.lat);
        if (fl_sketch_count(&d.lat) >= 3) {
            ++*n;
            note_fresh(k, g, domain, fl_sketch_count(&d.lat),
                       (double)fl_sketch_sum(&d.lat) / tot);
        }
        fl_sketch_cleanup(&d.lat);
    }
    return t;
}

void fl_inc_fresh_evidence(const struct fl_inc_ctx *c,
                           const struct fl_change *ch, const char *table,
                           struct fl_culprit *k)
{
    struct fl_evidence *ev = &k->ev;
    int64_t since = fl_inc_change_start(ch) - c->sp.w;

    /* A change at the start of the logs cannot tell new classes from
     * classes the logs began with. */
    if (since <= c->sp.lo + c->sp.w)
        return;
    for (size_t l = 0; l < c->nlenses; l++) {
        const struct fl_stats *s = c->lenses[l].stats;
        struct fl_inc_range all;
        double tot, share;
        fl_inc_range(fl_stats_get(s, FL_DIM_OVERALL, 0), c->during0,
                     c->during1, &all);
        tot = (double)fl_sketch_sum(&all.lat);
        fl_sketch_cleanup(&all.lat);
        if (tot <= 0)
            continue;
        share = fresh_time(c, s, since, table, &ev->fresh_classes, k,
                           c->lenses[l].domain, tot) / tot;
        ev->has_fresh = true;
        ev->fresh_share = fmax(ev->fresh_share, share);
    }
    ev->fresh = fmin(ev->fresh_share / FRESH_FULL, 1.0);
}

static double err_ratio(const struct fl_impact *im)
{
    if (im->errors_during < ERR_MIN)
        return 0;
    return im->err_rate_during / fmax(im->err_rate_before, 1e-3);
}

void fl_inc_error_evidence(const struct fl_inc_ctx *c, struct fl_evidence *ev)
{
    const struct fl_incident *inc = c->inc;

    ev->err_ratio = err_ratio(&inc->impact);
    for (size_t i = 0; i < inc->nsides; i++)
        ev->err_ratio = fmax(ev->err_ratio, err_ratio(&inc->sides[i].impact));
    ev->errors = ev->err_ratio >= ERR_JUMP ? ERR_PART : 0;
}
