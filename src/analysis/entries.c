/* entries.c - the typed timeline entries of the incident model (onset,
 * peak, recovery, changes, first error / lock wait / deadlock) and the
 * model's cleanup and stable names.  Records only: the writers phrase
 * them.
 */
#include <stdlib.h>
#include <string.h>

#include "base/fl_xalloc.h"
#include "incident_ctx.h"

#define MAX_CHANGE_ENTRIES 200


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
void fl_inc_change_entries(struct fl_inc_ctx *c)
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
        e->kind = fl_xstrdup(ch->kind);
        e->version = fl_xstrdup(ch->version);
        e->statement = fl_xstrdup(ch->text);
        shown++;
    }
}

/* First error, lock wait and deadlock in the incident window [onset,
 * recovery) - the one window every figure of the draft uses - with their
 * counts; in the whole log when there is no incident. */
void fl_inc_first_entries(struct fl_inc_ctx *c)
{
    int64_t t0 = c->inc->found ? c->during0 : INT64_MIN;
    int64_t t1 = c->inc->found ? c->during1 : INT64_MAX;
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
            if (je->kind != kinds[k] || je->time_us < t0 || je->time_us >= t1)
                continue;
            if (!first)
                first = je;
            n++;
        }
        if (!first)
            continue;
        if (kinds[k] == FL_EV_LOCK_WAIT && inc->found)
            inc->impact.lock_waits_during = n;
        e = add_entry(inc, first->time_us, types[k]);
        e->count = n;
        e->message = fl_xstrdup(first->message);
        e->blocker = *first->blocker ? fl_xstrdup(first->blocker) : NULL;
    }
}

void fl_inc_shift_entries(struct fl_inc_ctx *c,
                          const struct fl_stats_group *who)
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


static void free_link(struct fl_culprit_link *l)
{
    free(l->kind);
    free(l->text);
    free(l->version);
}

void fl_inc_free_affected(struct fl_affected *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(a[i].fingerprint);
        free(a[i].tables);
    }
    free(a);
}

void fl_inc_free_culprit(struct fl_culprit *k)
{
    free_link(&k->migration);
    free_link(&k->release);
    free(k->version);
    free(k->kind);
    free(k->domain);
    free(k->statement);
    free(k->table);
    free(k->pid);
    free(k->rollback);
    for (size_t i = 0; i < k->nmembers; i++) {
        free(k->members[i].kind);
        free(k->members[i].statement);
    }
    free(k->members);
    for (size_t i = 0; i < k->nfresh; i++)
        free(k->fresh[i].text);
}

static void free_entry(struct fl_tl_entry *e)
{
    free(e->kind);
    free(e->version);
    free(e->pid);
    free(e->statement);
    free(e->group);
    free(e->message);
    free(e->blocker);
}

/* Forget a window's results (to analyse another one). */
void fl_inc_reset(struct fl_incident *inc)
{
    fl_inc_free_affected(inc->affected, inc->naffected);
    inc->affected = NULL;
    inc->naffected = 0;
    for (size_t i = 0; i < inc->nsides; i++)
        fl_inc_free_affected(inc->sides[i].affected, inc->sides[i].naffected);
    memset(inc->sides, 0, sizeof inc->sides);
    inc->nsides = 0;
    for (size_t i = 0; i < inc->nculprits; i++)
        fl_inc_free_culprit(&inc->culprits[i]);
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

void fl_incident_free(struct fl_incident *inc)
{
    if (!inc)
        return;
    fl_inc_reset(inc);
    free(inc->below_group);
    free(inc);
}

const char *fl_verdict_name(enum fl_verdict v)
{
    static const char *const names[] = { "none", "change", "load",
                                         "unexplained", "deploy" };
    return (unsigned)v < 5 ? names[v] : "?";
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

void fl_inc_sort_entries(struct fl_incident *inc)
{
    if (inc->nentries)
        qsort(inc->entries, inc->nentries, sizeof *inc->entries, by_entry_time);
}
