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

#define AFFECTED_RATIO 2.0    /* a class is affected: p50 >= 2x */
#define RECOVERY_SPAN 5       /* buckets a recovery must hold */
#define MAX_CPS 256
#define MAX_CHANGE_ENTRIES 200

struct episode {
    bool ok;
    int64_t on, rec;          /* times; rec = INT64_MAX if not recovered */
    double excess;            /* sum of calls x log ratio */
    double base;              /* baseline level (log us) */
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
    struct episode ep = { false, 0, INT64_MAX, 0, 0 };
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
    for (size_t k = 1; k < nb && !isnan(ep.base); k++) {
        double lv = level(x, w, bounds[k], bounds[k + 1]);
        if (!ep.ok && lv - ep.base >= log(FL_INC_SHIFT_UP)) {
            ep.ok = true;
            ep.on = sp->lo + (int64_t)bounds[k] * sp->w;
        } else if (ep.ok && lv - ep.base < log(FL_INC_SHIFT_BACK)) {
            ep.rec = sp->lo + (int64_t)bounds[k] * sp->w;
            break;
        }
        if (ep.ok)
            for (size_t i = bounds[k]; i < bounds[k + 1]; i++)
                if (!isnan(x[i]))
                    ep.excess += w[i] * fmax(x[i] - ep.base, 0);
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

/* Calls in the sketch above v (binary search on the quantile function). */
static uint64_t count_above(const struct fl_sketch *k, double v)
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

/* ---- the window ------------------------------------------------------------- */

/* Choose the incident: the episode with the largest excess among overall,
 * table and fingerprint groups. */
static struct episode primary_episode(struct fl_inc_ctx *c, size_t min_calls,
                                      const struct fl_stats_group **who)
{
    static const enum fl_stats_dim dims[] = { FL_DIM_OVERALL, FL_DIM_TABLE,
                                              FL_DIM_FINGERPRINT };
    struct episode best = { false, 0, INT64_MAX, 0, 0 };

    *who = NULL;
    for (size_t d = 0; d < 3; d++)
        for (size_t i = 0; i < fl_stats_count(c->s, dims[d]); i++) {
            const struct fl_stats_group *g = fl_stats_get(c->s, dims[d], i);
            struct episode ep;
            if (g->other || fl_sketch_count(&g->lat) < FL_INC_MIN_CLASS_CALLS)
                continue;
            ep = find_episode(g, &c->sp, min_calls);
            if (ep.ok && ep.excess > best.excess) {
                best = ep;
                *who = g;
            }
        }
    return best;
}

/* Per-class before/during figures; affected classes are kept. */
static void find_affected(struct fl_inc_ctx *c)
{
    struct fl_incident *inc = c->inc;

    for (size_t i = 0; i < fl_stats_count(c->s, FL_DIM_FINGERPRINT); i++) {
        const struct fl_stats_group *g = fl_stats_get(c->s, FL_DIM_FINGERPRINT, i);
        struct fl_inc_range b, d;
        double p50b, p50d;
        struct fl_affected *a;

        if (g->other)
            continue;
        fl_inc_range(g, c->before0, c->before1, &b);
        fl_inc_range(g, c->during0, c->during1, &d);
        p50b = fl_inc_q(&b, 0.5);
        p50d = fl_inc_q(&d, 0.5);
        if (fl_sketch_count(&d.lat) >= 3 && fl_sketch_count(&b.lat) >= 3 &&
            p50d >= AFFECTED_RATIO * p50b) {
            inc->affected = fl_xrealloc(inc->affected, (inc->naffected + 1) *
                                        sizeof *inc->affected);
            a = &inc->affected[inc->naffected++];
            a->id = g->id;
            a->fingerprint = fl_xstrdup(g->key);
            a->tables = fl_xstrdup(g->tables ? g->tables : "");
            a->p50_before = p50b;
            a->p50_during = p50d;
            a->p95_before = fl_inc_q(&b, 0.95);
            a->p95_during = fl_inc_q(&d, 0.95);
            a->calls_during = fl_sketch_count(&d.lat);
            inc->impact.calls_affected += a->calls_during;
            inc->impact.calls_over_10x += count_above(&d.lat, 10 * p50b);
        }
        fl_sketch_cleanup(&b.lat);
        fl_sketch_cleanup(&d.lat);
    }
}

static int by_impact(const void *x, const void *y)
{
    const struct fl_affected *a = x, *b = y;
    double ia = (double)a->calls_during * log(a->p50_during / fmax(a->p50_before, 1));
    double ib = (double)b->calls_during * log(b->p50_during / fmax(b->p50_before, 1));
    if (ia != ib)
        return ia > ib ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

static double seconds(int64_t t0, int64_t t1)
{
    return t1 > t0 ? (double)(t1 - t0) / 1e6 : 0;
}

static void measure_impact(struct fl_inc_ctx *c)
{
    struct fl_incident *inc = c->inc;
    const struct fl_stats_group *all = fl_stats_get(c->s, FL_DIM_OVERALL, 0);
    struct fl_inc_range b, d;
    struct fl_impact *im = &inc->impact;
    double sb = seconds(c->before0, c->before1);
    double sd = seconds(c->during0, c->during1);

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
    find_affected(c);
    if (inc->naffected)
        qsort(inc->affected, inc->naffected, sizeof *inc->affected, by_impact);
    im->share_affected = im->calls_during
        ? (double)im->calls_affected / (double)im->calls_during : 0;
    fl_sketch_cleanup(&b.lat);
    fl_sketch_cleanup(&d.lat);
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
    if (strong)
        inc->verdict = FL_VERDICT_CHANGE;
    else if (fl_inc_looks_like_load(c))
        inc->verdict = FL_VERDICT_LOAD;
    else
        inc->verdict = FL_VERDICT_UNEXPLAINED;
}

/* ---- timeline entries ----------------------------------------------------- */

static struct fl_tl_entry *add_entry(struct fl_incident *inc, int64_t t,
                                     enum fl_tl_type type)
{
    struct fl_tl_entry *e;

    inc->entries = fl_xrealloc(inc->entries, (inc->nentries + 1) * sizeof *e);
    e = &inc->entries[inc->nentries++];
    memset(e, 0, sizeof *e);
    e->time_us = t;
    e->type = type;
    e->value_us = -1;
    return e;
}

/* Is the change at time t the rollback of the top-ranked culprit? */
static bool is_rollback(const struct fl_incident *inc, int64_t t)
{
    for (size_t k = 0; k < inc->nculprits; k++)
        if (inc->culprits[k].rank == 1 && inc->culprits[k].rollback_us == t)
            return true;
    return false;
}

/* Every change near the incident (all of them when there is none). */
static void change_entries(struct fl_inc_ctx *c)
{
    struct fl_incident *inc = c->inc;
    int64_t t0 = inc->found ? inc->onset_us - c->window : INT64_MIN;
    int64_t t1 = inc->found && inc->recovered ? inc->recovery_us + c->window
                                              : INT64_MAX;
    size_t shown = 0;

    for (size_t i = 0; i < fl_journal_nchanges(c->j) &&
                       shown < MAX_CHANGE_ENTRIES; i++) {
        const struct fl_change *ch = fl_journal_change(c->j, i);
        struct fl_tl_entry *e;
        if (ch->time_us < t0 || ch->time_us > t1)
            continue;
        e = add_entry(inc, ch->time_us, is_rollback(inc, ch->time_us)
                                        ? FL_TL_ROLLBACK : FL_TL_CHANGE);
        e->pid = fl_xstrdup(ch->pid);
        e->statement = fl_xstrdup(ch->text);
        shown++;
    }
}

/* First error, lock wait and deadlock in the window, with counts. */
static void first_entries(struct fl_inc_ctx *c)
{
    static const enum fl_event_kind kinds[] = { FL_EV_ERROR, FL_EV_LOCK_WAIT,
                                                FL_EV_DEADLOCK };
    static const enum fl_tl_type types[] = { FL_TL_ERROR, FL_TL_LOCK_WAIT,
                                             FL_TL_DEADLOCK };
    struct fl_incident *inc = c->inc;

    for (size_t k = 0; k < 3; k++) {
        const struct fl_journal_entry *first = NULL;
        struct fl_tl_entry *e;
        uint64_t n = 0;
        for (size_t i = 0; i < fl_journal_count(c->j); i++) {
            const struct fl_journal_entry *je = fl_journal_get(c->j, i);
            if (je->kind != kinds[k] || je->time_us < c->during0 - c->sp.w ||
                je->time_us >= c->during1)
                continue;
            if (!first)
                first = je;
            n++;
        }
        if (!first)
            continue;
        if (kinds[k] == FL_EV_LOCK_WAIT)
            inc->impact.lock_waits_during = n;
        e = add_entry(inc, first->time_us, types[k]);
        e->count = n;
        e->message = fl_xstrdup(first->message);
        e->blocker = *first->blocker ? fl_xstrdup(first->blocker) : NULL;
    }
}

static void shift_entries(struct fl_inc_ctx *c, const struct fl_stats_group *who)
{
    struct fl_incident *inc = c->inc;
    struct fl_tl_entry *e = add_entry(inc, inc->onset_us, FL_TL_ONSET);

    if (inc->naffected) {
        e->statement = fl_xstrdup(inc->affected[0].fingerprint);
    } else if (who) {
        e->group = fl_xstrdup(who->key);
        e->group_is_query = who->id != 0;
    }
    e = add_entry(inc, inc->peak_us, FL_TL_PEAK);
    e->value_us = inc->peak_p95_us;
    if (inc->recovered)
        add_entry(inc, inc->recovery_us, FL_TL_RECOVERY);
    else
        add_entry(inc, inc->end_us, FL_TL_END);
}

static int by_entry_time(const void *x, const void *y)
{
    const struct fl_tl_entry *a = x, *b = y;
    if (a->time_us != b->time_us)
        return a->time_us < b->time_us ? -1 : 1;
    return (int)a->type - (int)b->type;
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

    if (!inc->naffected || !inc->recovered ||
        !(g = fl_stats_find_id(c->s, inc->affected[0].id)))
        return;
    base = inc->affected[0].p50_before;
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
    measure_impact(c);
    refine_recovery(c);
    find_peak(c);
    fl_inc_rank_culprits(c);
    decide(c);
    shift_entries(c, who);
    first_entries(c);
}

static void free_culprit(struct fl_culprit *k)
{
    free(k->kind);
    free(k->domain);
    free(k->statement);
    free(k->table);
    free(k->pid);
    free(k->rollback);
}

static void free_entry(struct fl_tl_entry *e)
{
    free(e->pid);
    free(e->statement);
    free(e->group);
    free(e->message);
    free(e->blocker);
}

/* Forget a window's results (to analyse another one). */
static void reset(struct fl_incident *inc)
{
    for (size_t i = 0; i < inc->naffected; i++) {
        free(inc->affected[i].fingerprint);
        free(inc->affected[i].tables);
    }
    free(inc->affected);
    inc->affected = NULL;
    inc->naffected = 0;
    for (size_t i = 0; i < inc->nculprits; i++)
        free_culprit(&inc->culprits[i]);
    free(inc->culprits);
    inc->culprits = NULL;
    inc->nculprits = 0;
    for (size_t i = 0; i < inc->nentries; i++)
        free_entry(&inc->entries[i]);
    free(inc->entries);
    inc->entries = NULL;
    inc->nentries = 0;
    memset(&inc->impact, 0, sizeof inc->impact);
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
    struct episode ep = { false, 0, INT64_MAX, 0, 0 };
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
        if (c->inc->verdict != FL_VERDICT_CHANGE && lk.ok) {
            reset(c->inc);
            analyse_window(c, &lk, NULL);
        }
    } else if (lk.ok) {
        analyse_window(c, &lk, NULL);
    } else {
        c->inc->verdict = FL_VERDICT_NONE;
        no_incident(c);
    }
}

struct fl_incident *fl_incident_analyse(const struct fl_stats *s,
                                        const struct fl_journal *j,
                                        const struct fl_incident_opts *o)
{
    struct fl_incident *inc = fl_xcalloc(1, sizeof *inc);
    struct fl_inc_ctx c = { s, j, inc, span_of(s), 0, 0, 0, 0, 0 };

    c.window = o && o->window_us > 0 ? o->window_us
                                     : FL_INCIDENT_WINDOW_DEFAULT_US;
    inc->window_us = c.window;
    inc->shift_up = FL_INC_SHIFT_UP;
    inc->shift_back = FL_INC_SHIFT_BACK;
    inc->bucket_us = c.sp.w;
    inc->nbuckets = c.sp.n;
    inc->start_us = c.sp.lo;
    inc->end_us = c.sp.lo + (int64_t)c.sp.n * c.sp.w;
    inc->quiet_p50_lo_us = inc->quiet_p50_hi_us = -1;
    inc->changes_seen = fl_journal_nchanges(j);
    find_incident(&c, o && o->min_calls ? o->min_calls : 3);
    change_entries(&c);
    if (inc->nentries)
        qsort(inc->entries, inc->nentries, sizeof *inc->entries, by_entry_time);
    return inc;
}

void fl_incident_free(struct fl_incident *inc)
{
    if (!inc)
        return;
    reset(inc);
    free(inc);
}

const char *fl_verdict_name(enum fl_verdict v)
{
    static const char *const names[] = { "none", "change", "load",
                                         "unexplained" };
    return (unsigned)v < 4 ? names[v] : "?";
}

const char *fl_confidence_name(enum fl_confidence c)
{
    static const char *const names[] = { "low", "medium", "high" };
    return (unsigned)c < 3 ? names[c] : "?";
}

const char *fl_tl_type_name(enum fl_tl_type t)
{
    static const char *const names[] = {
#define FL_X_(e, name) name,
        FL_TL_TYPES(FL_X_)
#undef FL_X_
    };
    return (unsigned)t < FL_TL__COUNT ? names[t] : "?";
}
