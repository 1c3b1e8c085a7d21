/* culprit.c - rank the change records of the journal as culprits of the
 * incident window (method in fl_incident.h).  Domain-neutral: a change is
 * known by its time, pid, subjects and effects (fl_change.h); the evidence
 * is kept as named numbers (struct fl_evidence) for the writers to phrase.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/fl_xalloc.h"
#include "incident_ctx.h"

#define LOAD_RATE_RATIO 1.5   /* call rate rise that makes a load incident */

/* Does fingerprint class g touch table t? */
static bool touches(const struct fl_stats_group *g, const char *t)
{
    for (size_t i = 0; i < g->ntable_groups; i++)
        if (strcmp(g->table_groups[i]->key, t) == 0)
            return true;
    return false;
}

/* p50 during/before of g (0 when either side has fewer than 3 calls);
 *w gets the calls during. */
static double ratio_of(struct fl_inc_ctx *c, const struct fl_stats_group *g,
                       double *w)
{
    struct fl_inc_range b, d;
    double r = 0;

    fl_inc_range(g, c->before0, c->before1, &b);
    fl_inc_range(g, c->during0, c->during1, &d);
    *w = (double)fl_sketch_count(&d.lat);
    if (fl_sketch_count(&b.lat) >= 3 && fl_sketch_count(&d.lat) >= 3)
        r = fl_inc_q(&d, 0.5) / fmax(fl_inc_q(&b, 0.5), 1);
    fl_sketch_cleanup(&b.lat);
    fl_sketch_cleanup(&d.lat);
    return r;
}

/* The weighted median of r[0..n) (weights w, total tot), by selection:
 * n is the number of classes (small). */
static double weighted_median(double *r, double *w, size_t n, double tot)
{
    double acc = 0;

    for (size_t k = 0; k < n && tot > 0; k++) {
        size_t m = k;
        for (size_t i = k + 1; i < n; i++)
            if (r[i] < r[m])
                m = i;
        double tr = r[k], tw = w[k];
        r[k] = r[m]; w[k] = w[m]; r[m] = tr; w[m] = tw;
        acc += w[k];
        if (acc >= tot / 2)
            return r[k];
    }
    return 0;
}

/* Weighted median of the p50 ratios of classes not touching t. */
static double other_ratio(struct fl_inc_ctx *c, const char *t)
{
    double *r = NULL, *w = NULL, tot = 0, res;
    size_t n = 0, cap = 0, capw = 0;

    for (size_t i = 0; i < fl_stats_count(c->s, FL_DIM_FINGERPRINT); i++) {
        const struct fl_stats_group *g = fl_stats_get(c->s, FL_DIM_FINGERPRINT, i);
        double ratio, wd;
        if (g->other || touches(g, t) || (ratio = ratio_of(c, g, &wd)) <= 0)
            continue;
        r = fl_xgrow(r, &cap, n + 1, sizeof *r);
        w = fl_xgrow(w, &capw, n + 1, sizeof *w);
        r[n] = ratio;
        w[n] = wd;
        tot += w[n++];
    }
    res = weighted_median(r, w, n, tot);
    free(r);
    free(w);
    return res;
}

/* The whole table's p50 ratio during/before (0 when either side has fewer
 * than 3 calls). */
static double table_ratio_all(struct fl_inc_ctx *c, const char *t)
{
    const struct fl_stats_group *g = fl_stats_find_key(c->s, FL_DIM_TABLE, t);
    double w;

    return g ? ratio_of(c, g, &w) : 0;
}

/* How much the queries on table t slowed: the p50 ratio of the most
 * impacted slowed class that touches t (a slowdown confined to one query
 * on a busy table must not be averaged away), else the whole table's. */
static double table_ratio(struct fl_inc_ctx *c, const char *t)
{
    for (size_t i = 0; i < c->inc->naffected; i++) {
        const struct fl_affected *a = &c->inc->affected[i];
        const struct fl_stats_group *cls = fl_stats_find_id(c->s, a->id);
        if (!a->is_new && cls && touches(cls, t))
            return a->p50_during / fmax(a->p50_before, 1);
    }
    return table_ratio_all(c, t);
}

static double touch_share(struct fl_inc_ctx *c, const char *t)
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

/* Lock waits naming ch's process as the holder, from when it started (a
 * DDL is logged when it ends: the queue forms while it runs). */
static uint64_t locks_behind(struct fl_inc_ctx *c, const struct fl_change *ch)
{
    int64_t st = fl_inc_change_start(ch);
    uint64_t n = 0;

    for (size_t i = 0; i < fl_journal_count(c->j); i++) {
        const struct fl_journal_entry *e = fl_journal_get(c->j, i);
        if (e->kind == FL_EV_LOCK_WAIT && *ch->pid && e->time_us >= st &&
            strcmp(e->blocker, ch->pid) == 0 && e->time_us < st + c->window)
            n++;
    }
    return n;
}

/* The first later change that undoes the at-th one, or NULL. */
static const struct fl_change *undoer(struct fl_inc_ctx *c, size_t at)
{
    const struct fl_change *ch = fl_journal_change(c->j, at);

    for (size_t i = at + 1; i < fl_journal_nchanges(c->j); i++)
        if (fl_change_undoes(ch, fl_journal_change(c->j, i)))
            return fl_journal_change(c->j, i);
    return NULL;
}

static enum fl_confidence confidence_of(double score)
{
    return score >= 0.65 ? FL_CONF_HIGH : score >= 0.4 ? FL_CONF_MEDIUM
                                                       : FL_CONF_LOW;
}

static double clamp01(double v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* The subject an object's name starts with, by the common naming
 * convention "<table>_<columns>_idx": the longest subject of the change's
 * lens such that the name of an object in its effects ("kind:<tag>name",
 * schema dropped) begins with it and '_'.  "" when none. */
static const char *subject_by_name(struct fl_inc_ctx *c,
                                   const struct fl_change *ch)
{
    const struct fl_stats *s = fl_inc_lens_of(c, ch->domain);
    const char *best = "";
    size_t bestn = 0;

    if (!s)
        s = c->s;
    for (size_t e = 0; e < ch->neffects; e++) {
        const char *colon = strchr(ch->effects[e] + 1, ':'), *name, *dot;
        if (!colon || !colon[1])
            continue;
        name = colon + 2;
        dot = strrchr(name, '.');
        name = dot ? dot + 1 : name;
        for (size_t i = 0; i < fl_stats_count(s, FL_DIM_TABLE); i++) {
            const char *t = fl_stats_get(s, FL_DIM_TABLE, i)->key;
            const char *tdot = strrchr(t, '.');
            const char *tn = tdot ? tdot + 1 : t;
            size_t n = strlen(tn);
            if (n > bestn && strncmp(name, tn, n) == 0 && name[n] == '_') {
                best = t;
                bestn = n;
            }
        }
    }
    return best;
}

/* The subjects of the at-th change; when its producer could not name them
 * (a DROP INDEX seen before the index's definition), those of a change it
 * pairs with by effects: the first later one undoing it, else the last
 * earlier one it undoes, else the subject its object is named after. */
static const char *subjects_of(struct fl_inc_ctx *c, size_t at)
{
    const struct fl_change *ch = fl_journal_change(c->j, at), *o;

    if (*ch->subjects)
        return ch->subjects;
    for (size_t i = at + 1; i < fl_journal_nchanges(c->j); i++)
        if (fl_change_undoes(ch, o = fl_journal_change(c->j, i)) && *o->subjects)
            return o->subjects;
    for (size_t i = at; i-- > 0; )
        if (fl_change_undoes(o = fl_journal_change(c->j, i), ch) && *o->subjects)
            return o->subjects;
    return subject_by_name(c, ch);
}

/* The first subject of the at-th change (its table) into k->table. */
static void first_subject(struct fl_inc_ctx *c, size_t at,
                          struct fl_culprit *k)
{
    const char *subj = subjects_of(c, at), *comma = strchr(subj, ',');

    k->table = fl_xstrndup(subj, comma ? (size_t)(comma - subj) : strlen(subj));
}

/* Table evidence: how the queries on its table slowed against the rest,
 * read on the lens of the change's domain (a schema change found through
 * an access log is judged on the database's queries). */
static void table_evidence(struct fl_inc_ctx *c, struct fl_culprit *k)
{
    struct fl_evidence *ev = &k->ev;
    struct fl_inc_ctx lc = *c;
    struct fl_incident view = *c->inc;
    const struct fl_stats *s = fl_inc_lens_of(c, k->domain);

    if (!*k->table)
        return;
    if (s && s != c->s) {
        /* The lens's own affected classes stand in for the incident's. */
        lc.s = s;
        lc.inc = &view;
        view.naffected = 0;
        for (size_t i = 0; i < c->inc->nsides; i++)
            if (strcmp(c->inc->sides[i].domain, k->domain) == 0) {
                view.affected = c->inc->sides[i].affected;
                view.naffected = c->inc->sides[i].naffected;
            }
        c = &lc;
    }
    ev->table_ratio = table_ratio(c, k->table);
    ev->other_ratio = other_ratio(c, k->table);
    ev->touch_share = touch_share(c, k->table);
    ev->has_ratios = ev->table_ratio > 0;
    ev->has_touch = c->inc->naffected > 0;
    if (ev->table_ratio >= FL_INC_SHIFT_BACK)
        ev->did = clamp01((log(ev->table_ratio) -
                           log(fmax(ev->other_ratio, 1.0))) / log(4.0));
}

/* Rollback evidence: a later change that undoes it. */
static void rollback_evidence(struct fl_inc_ctx *c, size_t at,
                              struct fl_culprit *k)
{
    const struct fl_change *u = undoer(c, at);
    const struct fl_incident *inc = c->inc;
    int64_t gap, near;

    if (!u)
        return;
    if (u->time_us < inc->onset_us) {
        /* Undone before the shift began: it cannot explain it. */
        k->ev.undone_before = true;
        return;
    }
    gap = inc->recovered ? llabs(u->time_us - inc->recovery_us) : INT64_MAX;
    near = 3 * c->sp.w > (c->during1 - c->during0) / 10
           ? 3 * c->sp.w : (c->during1 - c->during0) / 10;
    k->rollback_us = u->time_us;
    k->rollback = fl_xstrdup(u->text);
    k->ev.rollback = gap <= near ? 1.0 : 0.5;
    k->ev.has_rollback_offset = inc->recovered;
    k->ev.rollback_offset_s = (double)(u->time_us - inc->recovery_us) / 1e6;
}

static bool is_schema_change(const struct fl_change *ch)
{
    return strcmp(ch->domain, "sql") == 0 && strcmp(ch->kind, "config") != 0;
}

/* Evidence specific to the change beyond its table's ratios: classes new
 * after it (on its table for a schema change), an error jump after a
 * change that is not a schema change, and the on/off bracket: it came
 * just before the onset and its undo came at the recovery. */
static void specific_evidence(struct fl_inc_ctx *c, const struct fl_change *ch,
                              struct fl_culprit *k)
{
    struct fl_evidence *ev = &k->ev;
    bool schema = is_schema_change(ch);

    if (!schema || *k->table)
        fl_inc_fresh_evidence(c, ch, schema ? k->table : NULL, k);
    if (!schema)
        fl_inc_error_evidence(c, ev);
    if (ev->rollback >= 1 && ev->timing >= 0.5 && !ev->undone_before)
        ev->bracket = 0.8;
}

static void score_change(struct fl_inc_ctx *c, size_t at, struct fl_culprit *k)
{
    const struct fl_change *ch = fl_journal_change(c->j, at);
    struct fl_evidence *ev = &k->ev;
    double dt, spec;

    memset(k, 0, sizeof *k);
    k->rollback_us = INT64_MIN;
    k->time_us = ch->time_us;
    k->kind = fl_xstrdup(ch->kind);
    k->domain = fl_xstrdup(ch->domain);
    k->statement = fl_xstrdup(ch->text);
    k->pid = fl_xstrdup(ch->pid);
    k->blocks_reads = ch->blocks_reads;
    k->rewrites = ch->rewrites;
    k->version = fl_xstrdup(ch->version);
    first_subject(c, at, k);
    ev->onset_offset_s = (double)(c->inc->onset_us - ch->time_us) / 1e6;
    dt = (double)(c->inc->onset_us - fl_inc_change_start(ch));
    /* Closer is likelier: e-folding over a sixth of the window (5 min by
     * default), so a change minutes before the onset still counts. */
    ev->timing = dt <= 0 ? 1 : exp(-dt / ((double)c->window / 6));
    table_evidence(c, k);
    ev->lock_waits = locks_behind(c, ch);
    ev->lock = clamp01((double)ev->lock_waits / 3.0);
    /* Lock waits naming this change's process as the holder are causal
     * evidence, not correlation: the waiting queries are slowed by it and
     * touch its table by definition. */
    if (ev->lock_waits >= FL_INC_LOCK_STORM) {
        ev->did = 1;
        ev->touch_share = fmax(ev->touch_share, 1.0);
    }
    rollback_evidence(c, at, k);
    specific_evidence(c, ch, k);
    spec = fmax(fmax(ev->did, ev->fresh), fmax(ev->bracket, ev->errors));
    k->score = 0.25 * ev->timing + 0.30 * spec
             + 0.20 * ev->touch_share * (ev->did > 0)
             + 0.15 * ev->lock + 0.10 * ev->rollback;
    if (ev->undone_before)
        k->score *= 0.5;
    /* Never blame a change only because it came first: without evidence
     * specific to it (a slowdown on its table, locks, new slow classes,
     * an undo at the recovery) it stays low. */
    if (spec < 0.25 && ev->lock == 0)
        k->score = fmin(k->score, 0.3);
    k->confidence = confidence_of(k->score);
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
        storm |= inc->culprits[i].ev.lock_waits >= FL_INC_LOCK_STORM;
    if (!storm)
        return;
    for (size_t i = 0; i < inc->nculprits; i++) {
        struct fl_culprit *k = &inc->culprits[i];
        if (k->ev.lock_waits >= FL_INC_LOCK_STORM)
            continue;
        k->score *= 0.5;
        k->confidence = confidence_of(k->score);
    }
    qsort(inc->culprits, inc->nculprits, sizeof *inc->culprits, by_score);
}

void fl_inc_rank_culprits(struct fl_inc_ctx *c)
{
    struct fl_incident *inc = c->inc;

    for (size_t i = 0; i < fl_journal_nchanges(c->j); i++) {
        const struct fl_change *ch = fl_journal_change(c->j, i);
        int64_t st = fl_inc_change_start(ch);
        if (ch->time_us == INT64_MIN)
            continue;
        if (st < inc->onset_us - c->window || st >= inc->onset_us + c->sp.w)
            continue;
        if (fl_inc_is_linked_part(c, i))
            continue;
        inc->culprits = fl_xrealloc(inc->culprits, (inc->nculprits + 1) *
                                    sizeof *inc->culprits);
        score_change(c, i, &inc->culprits[inc->nculprits]);
        fl_inc_link(c, i, &inc->culprits[inc->nculprits++]);
    }
    fl_inc_fold_bursts(inc);
    if (inc->nculprits)
        qsort(inc->culprits, inc->nculprits, sizeof *inc->culprits, by_score);
    demote_without_locks(inc);
    fl_inc_mark_ties(inc);
    for (size_t i = 0; i < inc->nculprits; i++)
        inc->culprits[i].rank = (int)i + 1;
}

/* Broad slowdown with more calls: the share of busy tables that slowed. */
bool fl_inc_looks_like_load(struct fl_inc_ctx *c)
{
    size_t slowed = 0, busy = 0;
    const struct fl_impact *im = &c->inc->impact;

    if (im->rate_before <= 0 || im->rate_during < LOAD_RATE_RATIO * im->rate_before)
        return false;
    for (size_t i = 0; i < fl_stats_count(c->s, FL_DIM_TABLE); i++) {
        const struct fl_stats_group *g = fl_stats_get(c->s, FL_DIM_TABLE, i);
        double r;
        if (fl_sketch_count(&g->lat) < FL_INC_MIN_CLASS_CALLS)
            continue;
        /* its most slowed class: on a CPU surge the short index lookups
         * hardly slow, the heavier queries of the same table do */
        if ((r = table_ratio(c, g->key)) <= 0)
            continue;
        busy++;
        slowed += r >= FL_INC_SHIFT_BACK;
    }
    return busy && slowed * 10 >= busy * 6;
}
