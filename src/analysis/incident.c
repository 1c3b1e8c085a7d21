/* incident.c - find the latency shift, measure it, and rank the schema
 * changes that may have caused it (method in fl_incident.h).
 *
 * Everything here works on the aggregated model (fl_stats) and the journal
 * of notable events, never on raw lines, so its cost does not grow with the
 * input size: O(groups x buckets).  Thresholds are named constants below
 * and documented in faultline(1).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fl_buf.h"
#include "sql/fl_ddl.h"
#include "analysis/fl_incident.h"
#include "analysis/fl_shift.h"
#include "sql/fl_sql.h"
#include "report/fl_statsout.h"
#include "base/fl_xalloc.h"

#define SHIFT_UP 2.0          /* an episode: level >= 2x baseline */
#define SHIFT_BACK 1.5        /* recovered: level < 1.5x baseline */
#define AFFECTED_RATIO 2.0    /* a class is affected: p50 >= 2x */
#define MIN_CLASS_CALLS 20    /* calls a class needs to be analysed */
#define LOAD_RATE_RATIO 1.5   /* call rate rise that makes a load incident */
#define RECOVERY_SPAN 5       /* buckets a recovery must hold */
#define LOCK_STORM 3          /* lock waits behind one change: a storm */
#define MAX_CPS 256
#define DEFAULT_WINDOW (30 * 60 * 1000000LL)

struct episode {
    bool ok;
    int64_t on, rec;          /* times; rec = INT64_MAX if not recovered */
    double excess;            /* sum of calls x log ratio */
    double base;              /* baseline level (log us) */
};

/* ---- series ---------------------------------------------------------------- */

struct span {
    int64_t lo, w;            /* first bucket start, width */
    size_t n;                 /* buckets */
};

static struct span span_of(const struct fl_stats *s)
{
    const struct fl_stats_group *all = fl_stats_get(s, FL_DIM_OVERALL, 0);
    struct span sp = { 0, fl_stats_bucket_us(s), 0 };

    if (!all->ncells)
        return sp;
    sp.lo = all->cells[0].start_us;
    sp.n = (size_t)((all->cells[all->ncells - 1].start_us - sp.lo) / sp.w) + 1;
    return sp;
}

/* x[i] = log(median) of bucket i (NaN when fewer than min_calls). */
static void series(const struct fl_stats_group *g, const struct span *sp,
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
                                   const struct span *sp, size_t min_calls)
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
        if (!ep.ok && lv - ep.base >= log(SHIFT_UP)) {
            ep.ok = true;
            ep.on = sp->lo + (int64_t)bounds[k] * sp->w;
        } else if (ep.ok && lv - ep.base < log(SHIFT_BACK)) {
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

struct range {
    struct fl_sketch lat;
    uint64_t errors;
};

static void range_of(const struct fl_stats_group *g, int64_t t0, int64_t t1,
                     struct range *r)
{
    fl_sketch_init(&r->lat);
    r->errors = 0;
    for (size_t c = 0; c < g->ncells; c++)
        if (g->cells[c].start_us >= t0 && g->cells[c].start_us < t1) {
            fl_sketch_merge(&r->lat, &g->cells[c].lat);
            r->errors += g->cells[c].errors;
        }
}

static double q(const struct range *r, double p)
{
    return fl_sketch_count(&r->lat) ? fl_sketch_quantile(&r->lat, p) : -1;
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

/* ---- the model ------------------------------------------------------------ */

struct ctx {
    const struct fl_stats *s;
    const struct fl_journal *j;
    struct fl_incident *inc;
    struct span sp;
    int64_t before0, before1, during0, during1;  /* [t0, t1) ranges */
    int64_t window;
    struct fl_ddl_registry *reg;
    struct fl_buf tmp;
};

static void add_entry(struct fl_incident *inc, int64_t t, const char *kind,
                      const char *text, const char *code)
{
    struct fl_tl_entry *e;
    size_t cap = inc->nentries;

    inc->entries = fl_xrealloc(inc->entries, (cap + 1) * sizeof *e);
    e = &inc->entries[inc->nentries++];
    e->time_us = t;
    e->kind = kind;
    e->text = fl_xstrdup(text);
    e->code = code ? fl_xstrdup(code) : NULL;
}

static char *normalised(const char *sql)
{
    struct fl_buf b;
    char *out;

    fl_buf_init(&b);
    fl_sql_fingerprint(sql, strlen(sql), &b);
    out = fl_xstrdup(b.p ? b.p : "");
    fl_buf_cleanup(&b);
    return out;
}

static void dur_text(double us, char *buf, size_t n)
{
    fl_statsout_duration(us, buf, n);
}

/* Choose the incident: the episode with the largest excess among overall,
 * table and fingerprint groups. */
static struct episode primary_episode(struct ctx *c, size_t min_calls,
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
            if (g->other || fl_sketch_count(&g->lat) < MIN_CLASS_CALLS)
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
static void find_affected(struct ctx *c)
{
    struct fl_incident *inc = c->inc;

    for (size_t i = 0; i < fl_stats_count(c->s, FL_DIM_FINGERPRINT); i++) {
        const struct fl_stats_group *g = fl_stats_get(c->s, FL_DIM_FINGERPRINT, i);
        struct range b, d;
        double p50b, p50d;
        struct fl_affected *a;

        if (g->other)
            continue;
        range_of(g, c->before0, c->before1, &b);
        range_of(g, c->during0, c->during1, &d);
        p50b = q(&b, 0.5);
        p50d = q(&d, 0.5);
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
            a->p95_before = q(&b, 0.95);
            a->p95_during = q(&d, 0.95);
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

static void measure_impact(struct ctx *c)
{
    struct fl_incident *inc = c->inc;
    const struct fl_stats_group *all = fl_stats_get(c->s, FL_DIM_OVERALL, 0);
    struct range b, d;
    struct fl_impact *im = &inc->impact;
    double sb = seconds(c->before0, c->before1);
    double sd = seconds(c->during0, c->during1);

    range_of(all, c->before0, c->before1, &b);
    range_of(all, c->during0, c->during1, &d);
    im->calls_during = fl_sketch_count(&d.lat);
    im->p50_before = q(&b, 0.5);
    im->p95_before = q(&b, 0.95);
    im->p50_during = q(&d, 0.5);
    im->p95_during = q(&d, 0.95);
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
static void find_peak(struct ctx *c)
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

/* ---- culprits ------------------------------------------------------------- */

/* Does fingerprint class g touch table t? */
static bool touches(const struct fl_stats_group *g, const char *t)
{
    for (size_t i = 0; i < g->ntable_groups; i++)
        if (strcmp(g->table_groups[i]->key, t) == 0)
            return true;
    return false;
}

/* Weighted median of the p50 ratios of classes not touching t. */
static double other_ratio(struct ctx *c, const char *t)
{
    double *r = NULL, *w = NULL, tot = 0, acc = 0, res = 0;
    size_t n = 0, cap = 0, capw = 0;

    for (size_t i = 0; i < fl_stats_count(c->s, FL_DIM_FINGERPRINT); i++) {
        const struct fl_stats_group *g = fl_stats_get(c->s, FL_DIM_FINGERPRINT, i);
        struct range b, d;
        if (g->other || touches(g, t))
            continue;
        range_of(g, c->before0, c->before1, &b);
        range_of(g, c->during0, c->during1, &d);
        if (fl_sketch_count(&b.lat) >= 3 && fl_sketch_count(&d.lat) >= 3) {
            r = fl_xgrow(r, &cap, n + 1, sizeof *r);
            w = fl_xgrow(w, &capw, n + 1, sizeof *w);
            r[n] = q(&d, 0.5) / fmax(q(&b, 0.5), 1);
            w[n] = (double)fl_sketch_count(&d.lat);
            tot += w[n++];
        }
        fl_sketch_cleanup(&b.lat);
        fl_sketch_cleanup(&d.lat);
    }
    /* selection by repeated scan: n is the number of classes (small) */
    for (size_t k = 0; k < n && tot > 0; k++) {
        size_t m = k;
        for (size_t i = k + 1; i < n; i++)
            if (r[i] < r[m])
                m = i;
        double tr = r[k], tw = w[k];
        r[k] = r[m]; w[k] = w[m]; r[m] = tr; w[m] = tw;
        acc += w[k];
        if (acc >= tot / 2) {
            res = r[k];
            break;
        }
    }
    free(r);
    free(w);
    return res;
}

/* The whole table's p50 ratio during/before (0 when either side has fewer
 * than 3 calls). */
static double table_ratio_all(struct ctx *c, const char *t)
{
    const struct fl_stats_group *g = fl_stats_find_key(c->s, FL_DIM_TABLE, t);
    struct range b, d;
    double r = 0;

    if (!g)
        return 0;
    range_of(g, c->before0, c->before1, &b);
    range_of(g, c->during0, c->during1, &d);
    if (fl_sketch_count(&b.lat) >= 3 && fl_sketch_count(&d.lat) >= 3)
        r = q(&d, 0.5) / fmax(q(&b, 0.5), 1);
    fl_sketch_cleanup(&b.lat);
    fl_sketch_cleanup(&d.lat);
    return r;
}

/* How much the queries on table t slowed: the p50 ratio of the most
 * impacted slowed class that touches t (a slowdown confined to one query
 * on a busy table must not be averaged away), else the whole table's. */
static double table_ratio(struct ctx *c, const char *t)
{
    for (size_t i = 0; i < c->inc->naffected; i++) {
        const struct fl_affected *a = &c->inc->affected[i];
        const struct fl_stats_group *cls = fl_stats_find_id(c->s, a->id);
        if (cls && touches(cls, t))
            return a->p50_during / fmax(a->p50_before, 1);
    }
    return table_ratio_all(c, t);
}

static double touch_share(struct ctx *c, const char *t)
{
    uint64_t on = 0, all = 0;
    for (size_t i = 0; i < c->inc->naffected; i++) {
        const struct fl_stats_group *g = fl_stats_find_id(c->s, c->inc->affected[i].id);
        all += c->inc->affected[i].calls_during;
        if (g && touches(g, t))
            on += c->inc->affected[i].calls_during;
    }
    return all ? (double)on / (double)all : 0;
}

static uint64_t locks_behind(struct ctx *c, const struct fl_journal_entry *ch)
{
    uint64_t n = 0;
    for (size_t i = 0; i < fl_journal_count(c->j); i++) {
        const struct fl_journal_entry *e = fl_journal_get(c->j, i);
        if (e->kind == FL_EV_LOCK_WAIT && *ch->pid && e->time_us >= ch->time_us &&
            strcmp(e->blocker, ch->pid) == 0 &&
            e->time_us < ch->time_us + c->window)
            n++;
    }
    return n;
}

/* The first later change that undoes ch, or NULL. */
static const struct fl_journal_entry *undoer(struct ctx *c, size_t at,
                                             const struct fl_ddl *d)
{
    for (size_t i = at + 1; i < fl_journal_count(c->j); i++) {
        const struct fl_journal_entry *e = fl_journal_get(c->j, i);
        struct fl_ddl u;
        if (e->kind != FL_EV_DDL ||
            fl_ddl_classify(e->statement, strlen(e->statement), &u) != 0)
            continue;
        fl_ddl_registry_resolve(c->reg, &u);
        if (fl_ddl_undoes(d, &u, c->reg))
            return e;
    }
    return NULL;
}

/* When a change began: its log time minus its duration (DDL is logged
 * when it completes, like any statement). */
static int64_t change_start(const struct fl_journal_entry *e)
{
    return e->duration_us > 0 ? e->time_us - e->duration_us : e->time_us;
}

static const char *confidence_of(double score)
{
    return score >= 0.65 ? "high" : score >= 0.4 ? "medium" : "low";
}

static double clamp01(double v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

static void evidence_text(struct ctx *c, struct fl_culprit *k,
                          const struct fl_journal_entry *ch)
{
    struct fl_buf *b = &c->tmp;
    char t1[32], t2[32];
    double dt = (double)(c->inc->onset_us - ch->time_us) / 1e6;

    fl_buf_reset(b);
    fl_buf_printf(b, "%s%s%s logged %.0f s %s the onset", k->kind,
                  *k->table ? " on " : "", k->table, fabs(dt),
                  dt >= 0 ? "before" : "after");
    if (k->table_ratio > 0)
        fl_buf_printf(b, "; p50 of the slowed queries on %s went x%.1f, "
                      "queries on other tables x%.1f", k->table, k->table_ratio,
                      k->other_ratio > 0 ? k->other_ratio : 1.0);
    if (c->inc->naffected && *k->table)
        fl_buf_printf(b, "; %.0f%% of slowed calls touch %s",
                      100 * k->touch_share, k->table);
    if (k->lock_waits)
        fl_buf_printf(b, "; %llu lock waits behind it (pid %s)",
                      (unsigned long long)k->lock_waits, k->pid);
    if (k->rollback) {
        double rd = (double)(k->rollback_us - c->inc->recovery_us) / 1e6;
        fl_buf_printf(b, "; undone by \"%s\"", k->rollback);
        if (c->inc->recovered)
            fl_buf_printf(b, " %.0f s %s the recovery", fabs(rd),
                          rd <= 0 ? "before" : "after");
    }
    if (c->inc->naffected) {
        const struct fl_affected *a = &c->inc->affected[0];
        dur_text(a->p95_before, t1, sizeof t1);
        dur_text(a->p95_during, t2, sizeof t2);
        fl_buf_printf(b, "; p95 of the most affected query went from %s to %s",
                      t1, t2);
    }
    k->evidence = fl_xstrdup(b->p);
}

static void score_change(struct ctx *c, size_t at, struct fl_culprit *k)
{
    const struct fl_journal_entry *ch = fl_journal_get(c->j, at), *u;
    struct fl_ddl d;
    double timing, did = 0, lock, rb = 0, dt;
    bool undone_before = false;

    memset(k, 0, sizeof *k);
    k->rollback_us = INT64_MIN;
    k->time_us = ch->time_us;
    k->statement = normalised(ch->statement);
    k->pid = fl_xstrdup(ch->pid);
    if (fl_ddl_classify(ch->statement, strlen(ch->statement), &d) != 0)
        memset(&d, 0, sizeof d);
    fl_ddl_registry_resolve(c->reg, &d);
    k->kind = fl_xstrdup(fl_ddl_action_name(d.action));
    k->table = fl_xstrdup(d.table);
    dt = (double)(c->inc->onset_us - change_start(ch));
    /* Closer is likelier: e-folding over a sixth of the window (5 min by
     * default), so a change minutes before the onset still counts. */
    timing = dt <= 0 ? 1 : exp(-dt / ((double)c->window / 6));
    if (*d.table) {
        k->table_ratio = table_ratio(c, d.table);
        k->other_ratio = other_ratio(c, d.table);
        k->touch_share = touch_share(c, d.table);
        if (k->table_ratio >= SHIFT_BACK)
            did = clamp01((log(k->table_ratio) -
                           log(fmax(k->other_ratio, 1.0))) / log(4.0));
    }
    k->lock_waits = locks_behind(c, ch);
    lock = clamp01((double)k->lock_waits / 3.0);
    /* Lock waits naming this change's process as the holder are causal
     * evidence, not correlation: the waiting queries are slowed by it and
     * touch its table by definition. */
    if (k->lock_waits >= LOCK_STORM) {
        did = 1;
        k->touch_share = fmax(k->touch_share, 1.0);
    }
    u = undoer(c, at, &d);
    if (u && u->time_us < c->inc->onset_us) {
        /* Undone before the shift began: it cannot explain it. */
        undone_before = true;
    } else if (u) {
        int64_t gap = c->inc->recovered ? llabs(u->time_us - c->inc->recovery_us)
                                        : INT64_MAX;
        int64_t near = 3 * c->sp.w > (c->during1 - c->during0) / 10
                       ? 3 * c->sp.w : (c->during1 - c->during0) / 10;
        k->rollback_us = u->time_us;
        k->rollback = normalised(u->statement);
        rb = gap <= near ? 1.0 : 0.5;
    }
    k->score = 0.25 * timing + 0.30 * did + 0.20 * k->touch_share * (did > 0)
             + 0.15 * lock + 0.10 * rb;
    if (undone_before)
        k->score *= 0.5;
    /* Never blame a change only because it came first: without evidence
     * tied to its table (a table-specific slowdown or locks) it stays low. */
    if (did < 0.25 && lock == 0)
        k->score = fmin(k->score, 0.3);
    k->confidence = confidence_of(k->score);
    evidence_text(c, k, ch);
}

static int by_score(const void *x, const void *y)
{
    const struct fl_culprit *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return a->time_us > b->time_us ? -1 : a->time_us < b->time_us;
}

/* When one change has a queue of lock waits behind it, that queue explains
 * the incident better than any correlation: halve the others' scores. */
static void demote_without_locks(struct fl_incident *inc)
{
    bool storm = false;

    for (size_t i = 0; i < inc->nculprits; i++)
        storm |= inc->culprits[i].lock_waits >= LOCK_STORM;
    if (!storm)
        return;
    for (size_t i = 0; i < inc->nculprits; i++) {
        struct fl_culprit *k = &inc->culprits[i];
        if (k->lock_waits >= LOCK_STORM)
            continue;
        k->score *= 0.5;
        k->confidence = confidence_of(k->score);
    }
    qsort(inc->culprits, inc->nculprits, sizeof *inc->culprits, by_score);
}

static void rank_culprits(struct ctx *c)
{
    struct fl_incident *inc = c->inc;

    for (size_t i = 0; i < fl_journal_count(c->j); i++) {
        const struct fl_journal_entry *e = fl_journal_get(c->j, i);
        int64_t st = change_start(e);
        if (e->kind != FL_EV_DDL || e->time_us == INT64_MIN)
            continue;
        if (st < inc->onset_us - c->window || st >= inc->onset_us + c->sp.w)
            continue;
        inc->culprits = fl_xrealloc(inc->culprits, (inc->nculprits + 1) *
                                    sizeof *inc->culprits);
        score_change(c, i, &inc->culprits[inc->nculprits++]);
    }
    if (inc->nculprits)
        qsort(inc->culprits, inc->nculprits, sizeof *inc->culprits, by_score);
    demote_without_locks(inc);
    for (size_t i = 0; i < inc->nculprits; i++)
        inc->culprits[i].rank = (int)i + 1;
}

/* Broad slowdown with more calls: the share of busy tables that slowed. */
static bool looks_like_load(struct ctx *c)
{
    size_t slowed = 0, busy = 0;
    const struct fl_impact *im = &c->inc->impact;

    if (im->rate_before <= 0 || im->rate_during < LOAD_RATE_RATIO * im->rate_before)
        return false;
    for (size_t i = 0; i < fl_stats_count(c->s, FL_DIM_TABLE); i++) {
        const struct fl_stats_group *g = fl_stats_get(c->s, FL_DIM_TABLE, i);
        double r;
        if (fl_sketch_count(&g->lat) < MIN_CLASS_CALLS)
            continue;
        if ((r = table_ratio_all(c, g->key)) <= 0)
            continue;
        busy++;
        slowed += r >= SHIFT_BACK;
    }
    return busy && slowed * 10 >= busy * 6;
}

static void decide(struct ctx *c)
{
    struct fl_incident *inc = c->inc;
    const struct fl_culprit *top = inc->nculprits ? &inc->culprits[0] : NULL;
    bool strong = top && top->score >= 0.4;

    if (strong && looks_like_load(c) && top->lock_waits == 0 &&
        top->other_ratio >= SHIFT_BACK)
        strong = false;
    if (strong)
        inc->verdict = FL_VERDICT_CHANGE;
    else if (looks_like_load(c))
        inc->verdict = FL_VERDICT_LOAD;
    else
        inc->verdict = FL_VERDICT_UNEXPLAINED;
}

/* ---- timeline entries ----------------------------------------------------- */

static void change_entries(struct ctx *c)
{
    struct fl_incident *inc = c->inc;
    int64_t t0 = inc->found ? inc->onset_us - c->window : INT64_MIN;
    int64_t t1 = inc->found && inc->recovered ? inc->recovery_us + c->window
                                              : INT64_MAX;
    size_t shown = 0;

    for (size_t i = 0; i < fl_journal_count(c->j) && shown < 200; i++) {
        const struct fl_journal_entry *e = fl_journal_get(c->j, i);
        char *n;
        bool is_rb = false;
        if (e->kind != FL_EV_DDL || e->time_us < t0 || e->time_us > t1)
            continue;
        for (size_t k = 0; k < inc->nculprits; k++)
            is_rb |= inc->culprits[k].rollback_us == e->time_us &&
                     inc->culprits[k].rank == 1;
        n = normalised(e->statement);
        fl_buf_reset(&c->tmp);
        fl_buf_printf(&c->tmp, "%s (pid %s):", is_rb ? "Rollback" : "Change",
                      *e->pid ? e->pid : "?");
        add_entry(inc, e->time_us, is_rb ? "rollback" : "change", c->tmp.p, n);
        free(n);
        shown++;
    }
}

/* First error, lock wait and deadlock in the window, with counts. */
static void first_entries(struct ctx *c)
{
    static const enum fl_event_kind kinds[] = { FL_EV_ERROR, FL_EV_LOCK_WAIT,
                                                FL_EV_DEADLOCK };
    static const char *const names[] = { "error", "lock_wait", "deadlock" };
    struct fl_incident *inc = c->inc;

    for (size_t k = 0; k < 3; k++) {
        const struct fl_journal_entry *first = NULL;
        uint64_t n = 0;
        for (size_t i = 0; i < fl_journal_count(c->j); i++) {
            const struct fl_journal_entry *e = fl_journal_get(c->j, i);
            if (e->kind != kinds[k] || e->time_us < c->during0 - c->sp.w ||
                e->time_us >= c->during1)
                continue;
            if (!first)
                first = e;
            n++;
        }
        if (!first)
            continue;
        if (kinds[k] == FL_EV_LOCK_WAIT)
            inc->impact.lock_waits_during = n;
        fl_buf_reset(&c->tmp);
        fl_buf_printf(&c->tmp, "First %s of %llu in the incident window: %s",
                      k == 0 ? "error" : k == 1 ? "lock wait" : "deadlock",
                      (unsigned long long)n, first->message);
        if (*first->blocker)
            fl_buf_printf(&c->tmp, " (held by pid %s)", first->blocker);
        add_entry(inc, first->time_us, names[k], c->tmp.p, NULL);
    }
}

static void shift_entries(struct ctx *c, const struct fl_stats_group *who)
{
    struct fl_incident *inc = c->inc;
    const struct fl_impact *im = &inc->impact;
    char a[32], b[32];

    dur_text(im->p95_before, a, sizeof a);
    dur_text(im->p95_during, b, sizeof b);
    fl_buf_reset(&c->tmp);
    fl_buf_printf(&c->tmp, "Onset: latency shift begins (queries placed by "
                  "start time); overall p95 %s before, %s during", a, b);
    if (inc->naffected) {
        dur_text(inc->affected[0].p50_before, a, sizeof a);
        dur_text(inc->affected[0].p50_during, b, sizeof b);
        fl_buf_printf(&c->tmp, "; p50 of the most affected query %s -> %s:",
                      a, b);
    } else if (who) {
        fl_buf_printf(&c->tmp, "; shift seen in %s %s", who->id ? "the query"
                      : "the group", who->key);
    }
    add_entry(inc, inc->onset_us, "onset", c->tmp.p,
              inc->naffected ? inc->affected[0].fingerprint : NULL);
    dur_text(inc->peak_p95_us, a, sizeof a);
    fl_buf_reset(&c->tmp);
    fl_buf_printf(&c->tmp, "Peak: overall p95 %s in this bucket", a);
    add_entry(inc, inc->peak_us, "peak", c->tmp.p, NULL);
    fl_buf_reset(&c->tmp);
    if (inc->recovered) {
        fl_buf_printf(&c->tmp, "Recovery: latency back under %.1fx the "
                      "baseline", SHIFT_BACK);
        add_entry(inc, inc->recovery_us, "recovery", c->tmp.p, NULL);
    } else {
        fl_buf_printf(&c->tmp, "End of the logs: not recovered");
        add_entry(inc, inc->end_us, "end", c->tmp.p, NULL);
    }
}

static int by_entry_time(const void *x, const void *y)
{
    const struct fl_tl_entry *a = x, *b = y;
    if (a->time_us != b->time_us)
        return a->time_us < b->time_us ? -1 : 1;
    return strcmp(a->kind, b->kind);
}

/* ---- summary ---------------------------------------------------------------- */

static void summarise(struct ctx *c)
{
    struct fl_incident *inc = c->inc;
    const struct fl_impact *im = &inc->impact;
    char a[32], b[32], w[32];
    struct fl_buf *t = &c->tmp;

    fl_buf_reset(t);
    if (!inc->found) {
        inc->summary = fl_xstrdup("No latency incident found.");
        return;
    }
    dur_text(im->p95_before, a, sizeof a);
    dur_text(im->p95_during, b, sizeof b);
    dur_text((double)im->worst_us, w, sizeof w);
    fl_buf_printf(t, "Latency rose: overall p95 %s -> %s (worst call %s); "
                  "%.0f%% of calls in the window belonged to %zu slowed query "
                  "class%s; %llu calls ran over 10x their baseline. ", a, b, w,
                  100 * im->share_affected, inc->naffected,
                  inc->naffected == 1 ? "" : "es",
                  (unsigned long long)im->calls_over_10x);
    if (inc->verdict == FL_VERDICT_CHANGE)
        fl_buf_printf(t, "Likely root cause (%s confidence): \"%s\".",
                      inc->culprits[0].confidence, inc->culprits[0].statement);
    else if (inc->verdict == FL_VERDICT_LOAD)
        fl_buf_printf(t, "Load-driven: the call rate rose from %.1f/s to "
                      "%.1f/s and latency rose across most tables; no schema "
                      "change explains it better.", im->rate_before,
                      im->rate_during);
    else
        fl_buf_adds(t, "No schema change explains this shift.");
    inc->summary = fl_xstrdup(t->p);
}

/* Why we say there is no incident. */
static void no_incident(struct ctx *c)
{
    const struct fl_stats_group *all = fl_stats_get(c->s, FL_DIM_OVERALL, 0);
    double lo = INFINITY, hi = 0;
    char a[32], b[32];

    for (size_t i = 0; i < all->ncells; i++)
        if (fl_sketch_count(&all->cells[i].lat) >= 3) {
            double m = fl_sketch_quantile(&all->cells[i].lat, 0.5);
            lo = fmin(lo, m);
            hi = fmax(hi, m);
        }
    fl_buf_reset(&c->tmp);
    if (hi <= 0) {
        fl_buf_adds(&c->tmp, "not enough timed queries to build a latency "
                             "series");
    } else {
        dur_text(lo, a, sizeof a);
        dur_text(hi, b, sizeof b);
        fl_buf_printf(&c->tmp, "no level shift of %.0fx or more in the median "
                      "latency of any query class, table or the whole "
                      "workload; the overall per-bucket median stayed between "
                      "%s and %s over %zu buckets", SHIFT_UP, a, b, c->sp.n);
    }
    c->inc->no_incident_evidence = fl_xstrdup(c->tmp.p);
}

/* The incident ends when its most affected query class is back: from the
 * detected recovery on, the first point from which the class's median over
 * the next RECOVERY_SPAN buckets is under SHIFT_BACK x its median before
 * the onset (the detector may fold a short, milder drag into the recovered
 * segment; a postmortem should not call that recovered). */
static void refine_recovery(struct ctx *c)
{
    struct fl_incident *inc = c->inc;
    const struct fl_stats_group *g;
    double base;

    if (!inc->naffected || !inc->recovered ||
        !(g = fl_stats_find_id(c->s, inc->affected[0].id)))
        return;
    base = inc->affected[0].p50_before;
    for (int64_t t = inc->recovery_us; t < inc->end_us; t += c->sp.w) {
        struct range r;
        double m;
        range_of(g, t, t + RECOVERY_SPAN * c->sp.w, &r);
        m = fl_sketch_count(&r.lat) >= 3 ? q(&r, 0.5) : -1;
        fl_sketch_cleanup(&r.lat);
        if (m >= 0 && m < SHIFT_BACK * base) {
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
static void analyse_window(struct ctx *c, const struct episode *ep,
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
    rank_culprits(c);
    decide(c);
    shift_entries(c, who);
    first_entries(c);
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
    for (size_t i = 0; i < inc->nculprits; i++) {
        struct fl_culprit *k = &inc->culprits[i];
        free(k->kind);
        free(k->statement);
        free(k->table);
        free(k->pid);
        free(k->evidence);
        free(k->rollback);
    }
    free(inc->culprits);
    inc->culprits = NULL;
    inc->nculprits = 0;
    for (size_t i = 0; i < inc->nentries; i++) {
        free(inc->entries[i].text);
        free(inc->entries[i].code);
    }
    free(inc->entries);
    inc->entries = NULL;
    inc->nentries = 0;
    memset(&inc->impact, 0, sizeof inc->impact);
}

/* A lock storm: the change with the most lock waits behind it (at least
 * LOCK_STORM), from when it began until the slowest query that started
 * while it held its lock completed.  Short storms hide from the median
 * series: blocked clients send nothing until the lock goes. */
static struct episode lock_episode(struct ctx *c)
{
    struct episode ep = { false, 0, INT64_MAX, 0, 0 };
    const struct fl_stats_group *all = fl_stats_get(c->s, FL_DIM_OVERALL, 0);
    uint64_t best = 0;
    int64_t last = 0, end;

    for (size_t i = 0; i < fl_journal_count(c->j); i++) {
        const struct fl_journal_entry *d = fl_journal_get(c->j, i);
        uint64_t n;
        int64_t lw = 0;
        if (d->kind != FL_EV_DDL || !*d->pid)
            continue;
        n = 0;
        for (size_t k = 0; k < fl_journal_count(c->j); k++) {
            const struct fl_journal_entry *w = fl_journal_get(c->j, k);
            if (w->kind == FL_EV_LOCK_WAIT && strcmp(w->blocker, d->pid) == 0 &&
                w->time_us >= change_start(d) &&
                w->time_us < change_start(d) + c->window) {
                n++;
                lw = w->time_us > lw ? w->time_us : lw;
            }
        }
        if (n >= LOCK_STORM && n > best) {
            best = n;
            ep.on = change_start(d) / c->sp.w * c->sp.w;
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

struct fl_incident *fl_incident_analyse(const struct fl_stats *s,
                                        const struct fl_journal *j,
                                        const struct fl_incident_opts *o)
{
    struct fl_incident *inc = fl_xcalloc(1, sizeof *inc);
    struct ctx c = { s, j, inc, span_of(s), 0, 0, 0, 0, 0, NULL, { 0, 0, 0 } };
    const struct fl_stats_group *who;
    struct episode ep, lk;

    c.window = o && o->window_us > 0 ? o->window_us : DEFAULT_WINDOW;
    c.reg = fl_ddl_registry_new(0);
    fl_buf_init(&c.tmp);
    inc->bucket_us = c.sp.w;
    inc->start_us = c.sp.lo;
    inc->end_us = c.sp.lo + (int64_t)c.sp.n * c.sp.w;
    for (size_t i = 0; i < fl_journal_count(j); i++) {
        const struct fl_journal_entry *e = fl_journal_get(j, i);
        struct fl_ddl d;
        if (e->kind == FL_EV_DDL) {
            inc->changes_seen++;
            if (fl_ddl_classify(e->statement, strlen(e->statement), &d) == 0)
                fl_ddl_registry_note(c.reg, &d);
        }
    }
    ep = primary_episode(&c, o && o->min_calls ? o->min_calls : 3, &who);
    lk = lock_episode(&c);
    if (ep.ok) {
        analyse_window(&c, &ep, who);
        /* A latency shift no change explains, but a change with a queue of
         * lock waits behind it: the lock storm is the incident. */
        if (inc->verdict != FL_VERDICT_CHANGE && lk.ok) {
            reset(inc);
            analyse_window(&c, &lk, NULL);
        }
    } else if (lk.ok) {
        analyse_window(&c, &lk, NULL);
    } else {
        inc->verdict = FL_VERDICT_NONE;
        no_incident(&c);
    }
    change_entries(&c);
    if (inc->nentries)
        qsort(inc->entries, inc->nentries, sizeof *inc->entries, by_entry_time);
    summarise(&c);
    fl_buf_cleanup(&c.tmp);
    fl_ddl_registry_free(c.reg);
    return inc;
}

void fl_incident_free(struct fl_incident *inc)
{
    if (!inc)
        return;
    reset(inc);
    free(inc->summary);
    free(inc->no_incident_evidence);
    free(inc);
}

const char *fl_verdict_name(enum fl_verdict v)
{
    static const char *const names[] = { "none", "change", "load",
                                         "unexplained" };
    return (unsigned)v < 4 ? names[v] : "?";
}
