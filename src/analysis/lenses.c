/* lenses.c - the incident seen from several domains at once (database
 * logs beside access logs): analyse each lens, keep the one whose
 * explanation is strongest, state the others' figures over the same window
 * (its sides), and estimate the clock offset between two lenses whose own
 * series shift at about the same time.
 *
 * The offset is measured at sub-bucket precision from the step itself: in
 * the buckets around a lens's onset, the share of its most affected
 * class's calls above the geometric mean of its p50 before and during
 * tells how much of the bucket lay after the step (calls arrive at a
 * steady rate within a bucket).  Numbers only.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "incident_ctx.h"

#define MAX_LENSES 8
#define EDGE_MIN_CALLS 5          /* calls a bucket needs for the edge */
#define SAME_SHIFT_US (60 * 1000000LL) /* onsets this close: one shift */

static uint64_t calls_of(const struct fl_stats *s)
{
    return fl_sketch_count(&fl_stats_get(s, FL_DIM_OVERALL, 0)->lat);
}

const struct fl_stats *fl_inc_lens_of(const struct fl_inc_ctx *c,
                                      const char *domain)
{
    for (size_t i = 0; domain && i < c->nlenses; i++)
        if (strcmp(c->lenses[i].domain, domain) == 0)
            return c->lenses[i].stats;
    return NULL;
}

void fl_inc_measure_sides(struct fl_inc_ctx *c)
{
    struct fl_incident *inc = c->inc;

    for (size_t i = 0; i < c->nlenses && inc->nsides < FL_INCIDENT_MAX_SIDES;
         i++) {
        struct fl_incident_side *sd = &inc->sides[inc->nsides];
        if (i == c->at || calls_of(c->lenses[i].stats) < FL_INC_MIN_CLASS_CALLS)
            continue;
        sd->domain = c->lenses[i].domain;
        sd->onset_us = INT64_MIN;
        fl_inc_measure(c, c->lenses[i].stats, &sd->impact, &sd->affected,
                       &sd->naffected);
        inc->nsides++;
    }
}

/* How strongly an analysis explains its incident, for choosing among the
 * lenses: a named culprit by its score, then any incident. */
static double strength(const struct fl_incident *inc)
{
    if (!inc->found)
        return 0;
    if ((inc->verdict == FL_VERDICT_CHANGE ||
         inc->verdict == FL_VERDICT_DEPLOY) && inc->nculprits)
        return 2 + inc->culprits[0].score;
    return 1;
}

/* Share of the calls of the cells of g in [t0, t1) above v (-1 when
 * fewer than EDGE_MIN_CALLS). */
static double share_above(const struct fl_stats_group *g, int64_t t0,
                          int64_t t1, double v)
{
    struct fl_inc_range r;
    uint64_t n;
    double sh;

    fl_inc_range(g, t0, t1, &r);
    n = fl_sketch_count(&r.lat);
    sh = n >= EDGE_MIN_CALLS
         ? (double)fl_inc_count_above(&r.lat, v) / (double)n : -1;
    fl_sketch_cleanup(&r.lat);
    return sh;
}

/* The time of the step up of an analysis's most affected class, at
 * sub-bucket precision; NAN when it cannot be measured. */
static double edge_time(const struct fl_incident *inc, const struct fl_stats *s)
{
    const struct fl_affected *a = NULL;
    const struct fl_stats_group *g;
    int64_t w = inc->bucket_us, t = inc->onset_us;
    double thr, s0, s1, f;

    for (size_t i = 0; i < inc->naffected && !a; i++)
        if (!inc->affected[i].is_new)
            a = &inc->affected[i];
    if (!a || !(g = fl_stats_find_id(s, a->id)) || a->p50_before <= 0)
        return NAN;
    thr = sqrt(a->p50_before * a->p50_during);
    s0 = share_above(g, t - inc->window_us, t - w, thr);
    s1 = share_above(g, t + w, inc->recovery_us, thr);
    if (s0 < 0 || s1 < 0 || s1 - s0 < 0.3)
        return NAN;
    for (int64_t b = t - w; b <= t; b += w) {
        double sh = share_above(g, b, b + w, thr);
        if (sh < 0)
            continue;
        f = (sh - s0) / (s1 - s0);
        f = f < 0 ? 0 : f > 1 ? 1 : f;
        if (f > 0.05)
            return (double)b + (1 - f) * (double)w;
    }
    return NAN;
}

/* Record the sides' own onsets and the clock offset against the first
 * side whose shift is the same as the incident's. */
static void clock_offsets(struct fl_incident *best, size_t at,
                          struct fl_incident *const *all,
                          const struct fl_incident_lens *lenses, size_t n)
{
    double mine = edge_time(best, lenses[at].stats);

    for (size_t k = 0; k < best->nsides; k++) {
        struct fl_incident_side *sd = &best->sides[k];
        for (size_t i = 0; i < n; i++) {
            const struct fl_incident *o = all[i];
            double theirs;
            if (i == at || !o || !o->found ||
                strcmp(lenses[i].domain, sd->domain) != 0)
                continue;
            if (llabs(o->onset_us - best->onset_us) >
                (SAME_SHIFT_US > 3 * best->bucket_us ? SAME_SHIFT_US
                                                     : 3 * best->bucket_us))
                continue;
            sd->found = true;
            sd->onset_us = o->onset_us;
            theirs = edge_time(o, lenses[i].stats);
            if (!best->has_clock_offset && !isnan(mine) && !isnan(theirs)) {
                best->has_clock_offset = true;
                best->clock_offset_s = (theirs - mine) / 1e6;
                best->clock_domain = sd->domain;
            }
        }
    }
}

struct fl_incident *fl_incident_analyse_lenses(
    const struct fl_incident_lens *lenses, size_t n, const char *want,
    const struct fl_journal *j, const struct fl_incident_opts *o)
{
    struct fl_incident *all[MAX_LENSES] = { NULL }, *best;
    size_t at = 0;
    double top = -1;

    n = n > MAX_LENSES ? MAX_LENSES : n;
    for (size_t i = 0; i < n; i++) {
        double st;
        if (i > 0 && calls_of(lenses[i].stats) < FL_INC_MIN_CLASS_CALLS)
            continue;
        all[i] = fl_inc_analyse_one(lenses, n, i, j, o);
        st = strength(all[i]);
        if (want ? strcmp(lenses[i].domain, want) == 0
                 : st > top || (st == top && calls_of(lenses[i].stats) >
                                             calls_of(lenses[at].stats))) {
            top = want ? 1e9 : st;
            at = i;
        }
    }
    best = all[at];
    clock_offsets(best, at, all, lenses, n);
    for (size_t i = 0; i < n; i++)
        if (i != at)
            fl_incident_free(all[i]);
    return best;
}
