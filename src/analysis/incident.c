/* incident.c - find the latency shift and measure it (method in
 * fl_incident.h); culprit.c ranks the changes that may have caused it.
 *
 * Everything here works on the aggregated model (fl_stats) and the journal
 * of changes and notable events, never on raw lines, so its cost does not
 * grow with the input size: O(groups x buckets).  Thresholds are named
 * constants (incident_ctx.h) and documented in faultline(1).  The model
 * holds numbers and typed records only: no sentence is made here.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/fl_incident.h"
#include "analysis/fl_shift.h"
#include "base/fl_xalloc.h"
#include "incident_ctx.h"

#define RECOVERY_SPAN 5       /* buckets a recovery must hold */
#define MAX_CPS 256

struct episode {
    bool ok;
    int64_t on, rec;          /* times; rec = INT64_MAX if not recovered */
    double excess;            /* sum of calls x log ratio */
    double base;              /* baseline level (log us) */
    double top;               /* highest level of its segments (log us) */
    double calls;             /* calls in its segments */
    double noise;             /* largest level step between the segments
                                 of the stable stretch before it (log) */
};

/* ---- series ---------------------------------------------------------------- */

static struct fl_inc_span span_of(const struct fl_stats *s)
{
    const struct fl_stats_group *all = fl_stats_get(s, FL_DIM_OVERALL, 0);
    struct fl_inc_span sp = { 0, fl_stats_bucket_us(s), 0 };

    if (!all->ncells)
        return sp;
    sp.lo = all->cells[0].start_us;
    sp.n = (size_t)((all->cells[all->ncells - 1].start_us - sp.lo) / sp.w) + 1;
    return sp;
}

/* x[i] = log(median) of bucket i (NaN when fewer than min_calls). */
static void series(const struct fl_stats_group *g, const struct fl_inc_span *sp,
                   size_t min_calls, double *x, double *w)
{
    for (size_t i = 0; i < sp->n; i++) {
        x[i] = NAN;
        w[i] = 0;
    }
    for (size_t c = 0; c < g->ncells; c++) {
        const struct fl_stats_cell *cell = &g->cells[c];
        int64_t k = (cell->start_us - sp->lo) / sp->w;
        uint64_t cnt = fl_sketch_count(&cell->lat);
        if (k < 0 || (size_t)k >= sp->n || cnt < min_calls)
            continue;
        x[k] = log(fmax(fl_sketch_quantile(&cell->lat, 0.5), 1.0));
        w[k] = (double)cnt;
    }
}

/* Weighted mean of the present x in [a, b). */
static double level(const double *x, const double *w, size_t a, size_t b)
{
    double sw = 0, sx = 0;
    for (size_t i = a; i < b; i++)
        if (!isnan(x[i])) {
            sw += w[i];
            sx += w[i] * x[i];
        }
    return sw > 0 ? sx / sw : NAN;
}

static struct episode find_episode(const struct fl_stats_group *g,
                                   const struct fl_inc_span *sp, size_t min_calls)
{
    struct episode ep = { false, 0, INT64_MAX, 0, 0, -INFINITY, 0, 0 };
    double *x = fl_xcalloc(sp->n + 1, sizeof *x);
    double *w = fl_xcalloc(sp->n + 1, sizeof *w);
    size_t cps[MAX_CPS + 2], ncps = 0, nb;
    size_t bounds[MAX_CPS + 2];

    series(g, sp, min_calls, x, w);
    if (fl_shift_detect(x, w, sp->n, NULL, cps, MAX_CPS, &ncps, NULL) != 0 &&
        ncps > MAX_CPS)
        ncps = MAX_CPS;
    bounds[0] = 0;
    for (size_t i = 0; i < ncps; i++)
        bounds[i + 1] = cps[i];
    nb = ncps + 1;
    bounds[nb] = sp->n;
    ep.base = level(x, w, bounds[0], bounds[1]);
    for (size_t k = 1, prev = 0; k < nb && !isnan(ep.base); k++) {
        double lv = level(x, w, bounds[k], bounds[k + 1]);
        double pl = level(x, w, bounds[prev], bounds[prev + 1]);
        if (!ep.ok && !isnan(lv) && !isnan(pl)) {
            ep.noise = fmax(ep.noise, fabs(lv - pl) *
                                      (lv - ep.base < log(FL_INC_SHIFT_UP)));
            prev = k;
        }
        if (!ep.ok && lv - ep.base >= log(FL_INC_SHIFT_UP)) {
            ep.ok = true;
            ep.on = sp->lo + (int64_t)bounds[k] * sp->w;
        } else if (ep.ok && lv - ep.base < log(FL_INC_SHIFT_BACK)) {
            ep.rec = sp->lo + (int64_t)bounds[k] * sp->w;
            break;
        }
        if (ep.ok) {
            ep.top = fmax(ep.top, lv);
            for (size_t i = bounds[k]; i < bounds[k + 1]; i++)
                if (!isnan(x[i])) {
                    ep.excess += w[i] * fmax(x[i] - ep.base, 0);
                    ep.calls += w[i];
                }
        }
    }
    free(x);
    free(w);
    return ep;
}

/* ---- ranges ---------------------------------------------------------------- */

void fl_inc_range(const struct fl_stats_group *g, int64_t t0, int64_t t1,
                  struct fl_inc_range *r)
{
    fl_sketch_init(&r->lat);
    r->errors = 0;
    for (size_t c = 0; c < g->ncells; c++)
        if (g->cells[c].start_us >= t0 && g->cells[c].start_us < t1) {
            fl_sketch_merge(&r->lat, &g->cells[c].lat);
            r->errors += g->cells[c].errors;
        }
}

double fl_inc_q(const struct fl_inc_range *r, double p)
{
    return fl_sketch_count(&r->lat) ? fl_sketch_quantile(&r->lat, p) : -1;
}

int64_t fl_inc_change_start(const struct fl_change *ch)
{
    return ch->duration_us > 0 ? ch->time_us - ch->duration_us : ch->time_us;
}

/* ---- the window ------------------------------------------------------------- */

/* Calls of the whole lens in [t0, t1). */
static double calls_between(const struct fl_stats *s, int64_t t0, int64_t t1)
{
    struct fl_inc_range r;
    double n;

    fl_inc_range(fl_stats_get(s, FL_DIM_OVERALL, 0), t0, t1, &r);
    n = (double)fl_sketch_count(&r.lat);
    fl_sketch_cleanup(&r.lat);
    return n;
}

/* Practical significance: the episode must raise its group's median by
 * the floor and its group must hold FL_INCIDENT_MIN_SHARE of the calls of
 * its span.  An episode set aside is remembered when it has the largest
 * excess of those set aside (*below), for the quiet draft to name. */
static bool significant(struct fl_inc_ctx *c, const struct fl_stats_group *g,
                        const struct episode *ep, double *below)
{
    struct fl_incident *inc = c->inc;
    double before = exp(ep->base), during = exp(ep->top);
    int64_t end = ep->rec != INT64_MAX ? ep->rec
                  : c->sp.lo + (int64_t)c->sp.n * c->sp.w;
    enum fl_below why = FL_BELOW_NONE;

    if (during - before < inc->min_effect_us)
        why = FL_BELOW_EFFECT;
    else if (ep->calls < FL_INCIDENT_MIN_SHARE * calls_between(c->s, ep->on, end))
        why = FL_BELOW_SHARE;
    else if (ep->top - ep->base < FL_INCIDENT_NOISE_K * ep->noise)
        why = FL_BELOW_NOISE;
    if (why == FL_BELOW_NONE)
        return true;
    if (ep->excess >= *below) {     /* ties: the more specific group */
        *below = ep->excess;
        free(inc->below_group);
        inc->below = why;
        inc->below_group = fl_xstrdup(g->key);
        inc->below_onset_us = ep->on;
        inc->below_before_us = before;
        inc->below_during_us = during;
    }
    return false;
}

/* Choose the incident: the episode with the largest excess among overall,
 * table and fingerprint groups. */
static struct episode primary_episode(struct fl_inc_ctx *c, size_t min_calls,
                                      const struct fl_stats_group **who)
{
    static const enum fl_stats_dim dims[] = { FL_DIM_OVERALL, FL_DIM_TABLE,
                                              FL_DIM_FINGERPRINT };
    struct episode best = { false, 0, INT64_MAX, 0, 0, -INFINITY, 0, 0 };
    double below = 0;

    *who = NULL;
    for (size_t d = 0; d < 3; d++)
        for (size_t i = 0; i < fl_stats_count(c->s, dims[d]); i++) {
            const struct fl_stats_group *g = fl_stats_get(c->s, dims[d], i);
            struct episode ep;
            if (g->other || fl_sketch_count(&g->lat) < FL_INC_MIN_CLASS_CALLS)
                continue;
            ep = find_episode(g, &c->sp, min_calls);
            if (ep.ok && !significant(c, g, &ep, &below))
                continue;
            if (ep.ok && ep.excess > best.excess) {
                best = ep;
                *who = g;
            }
        }
    return best;
}

/* Peak: the bucket in the window with the highest p95 (overall). */
static void find_peak(struct fl_inc_ctx *c)
{
    const struct fl_stats_group *all = fl_stats_get(c->s, FL_DIM_OVERALL, 0);

    c->inc->peak_us = c->during0;
    c->inc->peak_p95_us = -1;
    for (size_t i = 0; i < all->ncells; i++) {
        const struct fl_stats_cell *cell = &all->cells[i];
        double p;
        if (cell->start_us < c->during0 || cell->start_us >= c->during1 ||
            !fl_sketch_count(&cell->lat))
            continue;
        p = fl_sketch_quantile(&cell->lat, 0.95);
        if (p > c->inc->peak_p95_us) {
            c->inc->peak_p95_us = p;
            c->inc->peak_us = cell->start_us;
        }
    }
}

static void decide(struct fl_inc_ctx *c)
{
    struct fl_incident *inc = c->inc;
    const struct fl_culprit *top = inc->nculprits ? &inc->culprits[0] : NULL;
    bool strong = top && top->score >= 0.4;

    if (strong && fl_inc_looks_like_load(c) && top->ev.lock_waits == 0 &&
        top->ev.other_ratio >= FL_INC_SHIFT_BACK)
        strong = false;
    if (strong && strcmp(top->domain, "deploy") == 0 &&
        (strcmp(top->kind, "deploy") == 0 || strcmp(top->kind, "rollback") == 0))
        inc->verdict = FL_VERDICT_DEPLOY;
    else if (strong)
        inc->verdict = FL_VERDICT_CHANGE;
    else if (fl_inc_looks_like_load(c))
        inc->verdict = FL_VERDICT_LOAD;
    else
        inc->verdict = FL_VERDICT_UNEXPLAINED;
}

/* The figures behind "no incident": the range of the overall per-bucket
 * median. */
static void no_incident(struct fl_inc_ctx *c)
{
    const struct fl_stats_group *all = fl_stats_get(c->s, FL_DIM_OVERALL, 0);
    double lo = INFINITY, hi = 0;

    for (size_t i = 0; i < all->ncells; i++)
        if (fl_sketch_count(&all->cells[i].lat) >= 3) {
            double m = fl_sketch_quantile(&all->cells[i].lat, 0.5);
            lo = fmin(lo, m);
            hi = fmax(hi, m);
        }
    c->inc->quiet_p50_lo_us = hi > 0 ? lo : -1;
    c->inc->quiet_p50_hi_us = hi > 0 ? hi : -1;
}

/* The incident ends when its most affected query class is back: from the
 * detected recovery on, the first point from which the class's median over
 * the next RECOVERY_SPAN buckets is under SHIFT_BACK x its median before
 * the onset (the detector may fold a short, milder drag into the recovered
 * segment; a postmortem should not call that recovered). */
static void refine_recovery(struct fl_inc_ctx *c)
{
    struct fl_incident *inc = c->inc;
    const struct fl_stats_group *g;
    double base;
    size_t k = 0;

    while (k < inc->naffected && inc->affected[k].is_new)
        k++;
    if (k == inc->naffected || !inc->recovered ||
        !(g = fl_stats_find_id(c->s, inc->affected[k].id)))
        return;
    base = inc->affected[k].p50_before;
    for (int64_t t = inc->recovery_us; t < inc->end_us; t += c->sp.w) {
        struct fl_inc_range r;
        double m;
        fl_inc_range(g, t, t + RECOVERY_SPAN * c->sp.w, &r);
        m = fl_sketch_count(&r.lat) >= 3 ? fl_inc_q(&r, 0.5) : -1;
        fl_sketch_cleanup(&r.lat);
        if (m >= 0 && m < FL_INC_SHIFT_BACK * base) {
            inc->recovery_us = t;
            c->during1 = t;
            return;
        }
    }
    inc->recovered = false;
    inc->recovery_us = inc->end_us;
    c->during1 = inc->end_us;
}

/* Run the measurements, ranking and entries for the window of ep. */
static void analyse_window(struct fl_inc_ctx *c, const struct episode *ep,
                           const struct fl_stats_group *who)
{
    struct fl_incident *inc = c->inc;

    inc->found = true;
    inc->onset_us = ep->on;
    inc->recovered = ep->rec != INT64_MAX;
    inc->recovery_us = inc->recovered ? ep->rec : inc->end_us;
    c->before0 = inc->onset_us - c->window > c->sp.lo
                 ? inc->onset_us - c->window : c->sp.lo;
    c->before1 = inc->onset_us;
    c->during0 = inc->onset_us;
    c->during1 = inc->recovery_us;
    fl_inc_measure(c, c->s, &inc->impact, &inc->affected, &inc->naffected);
    refine_recovery(c);
    find_peak(c);
    fl_inc_measure_sides(c);
    fl_inc_rank_culprits(c);
    decide(c);
    fl_inc_shift_entries(c, who);
    fl_inc_first_entries(c);
}

/* Lock waits naming ch's process as the holder from when it began, within
 * the window; *last gets the time of the last one. */
static uint64_t waits_behind(struct fl_inc_ctx *c, const struct fl_change *ch,
                             int64_t *last)
{
    int64_t st = fl_inc_change_start(ch);
    uint64_t n = 0;

    *last = 0;
    for (size_t k = 0; k < fl_journal_count(c->j); k++) {
        const struct fl_journal_entry *w = fl_journal_get(c->j, k);
        if (w->kind == FL_EV_LOCK_WAIT && strcmp(w->blocker, ch->pid) == 0 &&
            w->time_us >= st && w->time_us < st + c->window) {
            n++;
            *last = w->time_us > *last ? w->time_us : *last;
        }
    }
    return n;
}

/* A lock storm: the change with the most lock waits behind it (at least
 * LOCK_STORM), from when it began until the slowest query that started
 * while it held its lock completed.  Short storms hide from the median
 * series: blocked clients send nothing until the lock goes. */
static struct episode lock_episode(struct fl_inc_ctx *c)
{
    struct episode ep = { false, 0, INT64_MAX, 0, 0, -INFINITY, 0, 0 };
    const struct fl_stats_group *all = fl_stats_get(c->s, FL_DIM_OVERALL, 0);
    uint64_t best = 0;
    int64_t last = 0, end;

    for (size_t i = 0; i < fl_journal_nchanges(c->j); i++) {
        const struct fl_change *d = fl_journal_change(c->j, i);
        int64_t lw;
        uint64_t n;
        if (!*d->pid)
            continue;
        n = waits_behind(c, d, &lw);
        if (n >= FL_INC_LOCK_STORM && n > best) {
            best = n;
            ep.on = fl_inc_change_start(d) / c->sp.w * c->sp.w;
            last = lw;
        }
    }
    if (!best)
        return ep;
    end = last;
    for (size_t i = 0; i < all->ncells; i++) {
        const struct fl_stats_cell *cell = &all->cells[i];
        int64_t done;
        if (cell->start_us < ep.on || cell->start_us > last ||
            !fl_sketch_count(&cell->lat))
            continue;
        done = cell->start_us + fl_sketch_max(&cell->lat);
        end = done > end ? done : end;
    }
    ep.ok = true;
    ep.rec = (end / c->sp.w + 1) * c->sp.w;
    ep.excess = (double)best;
    return ep;
}

/* ---- driver ---------------------------------------------------------------- */

static void find_incident(struct fl_inc_ctx *c, size_t min_calls)
{
    const struct fl_stats_group *who;
    struct episode ep = primary_episode(c, min_calls, &who);
    struct episode lk = lock_episode(c);

    if (ep.ok) {
        analyse_window(c, &ep, who);
        /* A latency shift no change explains, but a change with a queue of
         * lock waits behind it: the lock storm is the incident. */
        if (c->inc->verdict != FL_VERDICT_CHANGE &&
            c->inc->verdict != FL_VERDICT_DEPLOY && lk.ok) {
            fl_inc_reset(c->inc);
            analyse_window(c, &lk, NULL);
        }
    } else if (lk.ok) {
        analyse_window(c, &lk, NULL);
    } else {
        c->inc->verdict = FL_VERDICT_NONE;
        no_incident(c);
    }
}

struct fl_incident *fl_inc_analyse_one(const struct fl_incident_lens *lenses,
                                       size_t n, size_t at,
                                       const struct fl_journal *j,
                                       const struct fl_incident_opts *o)
{
    struct fl_incident *inc = fl_xcalloc(1, sizeof *inc);
    const struct fl_stats *s = lenses[at].stats;
    struct fl_inc_ctx c = { s, j, inc, span_of(s), 0, 0, 0, 0, 0,
                            lenses, n, at };

    c.window = o && o->window_us > 0 ? o->window_us
                                     : FL_INCIDENT_WINDOW_DEFAULT_US;
    inc->domain = lenses[at].domain;
    inc->window_us = c.window;
    inc->shift_up = FL_INC_SHIFT_UP;
    inc->shift_back = FL_INC_SHIFT_BACK;
    inc->bucket_us = c.sp.w;
    inc->nbuckets = c.sp.n;
    inc->start_us = c.sp.lo;
    inc->end_us = c.sp.lo + (int64_t)c.sp.n * c.sp.w;
    inc->quiet_p50_lo_us = inc->quiet_p50_hi_us = -1;
    inc->min_effect_us = o && o->min_effect_us > 0
                         ? (double)o->min_effect_us
                         : FL_INCIDENT_MIN_EFFECT_DEFAULT_US;
    inc->changes_seen = fl_journal_nchanges(j);
    find_incident(&c, o && o->min_calls ? o->min_calls : 3);
    if (!inc->found)
        fl_inc_first_entries(&c);
    fl_inc_change_entries(&c);
    fl_inc_sort_entries(inc);
    return inc;
}

struct fl_incident *fl_incident_analyse(const struct fl_stats *s,
                                        const struct fl_journal *j,
                                        const struct fl_incident_opts *o)
{
    struct fl_incident_lens l = { s, "" };

    return fl_inc_analyse_one(&l, 1, 0, j, o);
}
