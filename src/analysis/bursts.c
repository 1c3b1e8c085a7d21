/* bursts.c - one change per burst: the statements one session ran within
 * seconds of each other, or one migration ran, are one candidate, named
 * by the member the evidence points at (a DROP INDEX beside the CREATE
 * INDEX of the same migration); and two unrelated changes that score the
 * same at the top are a tie, not two confident answers. */
#include <stdlib.h>
#include <string.h>

#include "analysis/fl_incident.h"
#include "base/fl_xalloc.h"
#include "incident_ctx.h"

static int64_t llabs64(int64_t v)
{
    return v < 0 ? -v : v;
}

/* Are a and b statements of one change? */
static bool same_burst(const struct fl_culprit *a, const struct fl_culprit *b)
{
    if (a->migration.text && b->migration.text)
        return strcmp(a->migration.version, b->migration.version) == 0 &&
               strcmp(a->migration.text, b->migration.text) == 0 &&
               a->migration.time_us == b->migration.time_us;
    return *a->pid && strcmp(a->pid, b->pid) == 0 &&
           strcmp(a->domain, b->domain) == 0 &&
           llabs64(a->time_us - b->time_us) <= FL_INC_BURST_US;
}

static bool removes(const struct fl_culprit *k)
{
    return strncmp(k->kind, "drop", 4) == 0;
}

/* Is a a likelier member to name than b?  A queue of lock waits behind it
 * first; then clearly stronger evidence on its own table; then a removal
 * (a latency rise comes from what the queries lost, the index they used,
 * not from an index created beside it); then the higher score. */
static bool likelier(const struct fl_culprit *a, const struct fl_culprit *b)
{
    bool sa = a->ev.lock_waits >= FL_INC_LOCK_STORM;
    bool sb = b->ev.lock_waits >= FL_INC_LOCK_STORM;

    if (sa != sb)
        return sa;
    if (a->ev.did > b->ev.did + 0.1 || b->ev.did > a->ev.did + 0.1)
        return a->ev.did > b->ev.did;
    if (removes(a) != removes(b))
        return removes(a);
    if (a->score != b->score)
        return a->score > b->score;
    return a->time_us < b->time_us;
}

static void add_member(struct fl_culprit *lead, int64_t t, const char *kind,
                       const char *statement)
{
    struct fl_culprit_member *m;

    lead->members = fl_xrealloc(lead->members, (lead->nmembers + 1) *
                                sizeof *lead->members);
    m = &lead->members[lead->nmembers++];
    m->time_us = t;
    m->kind = fl_xstrdup(kind);
    m->statement = fl_xstrdup(statement);
}

/* Fold culprit j into lead i: the lead keeps the best score of both. */
static void fold(struct fl_incident *inc, size_t i, size_t j)
{
    struct fl_culprit *lead = &inc->culprits[i], *k = &inc->culprits[j];

    if (k->score > lead->score) {
        lead->score = k->score;
        lead->confidence = k->confidence;
    }
    add_member(lead, k->time_us, k->kind, k->statement);
    for (size_t m = 0; m < k->nmembers; m++)
        add_member(lead, k->members[m].time_us, k->members[m].kind,
                   k->members[m].statement);
    fl_inc_free_culprit(k);
    memmove(k, k + 1, (inc->nculprits - j - 1) * sizeof *k);
    inc->nculprits--;
}

void fl_inc_fold_bursts(struct fl_incident *inc)
{
    for (size_t i = 0; i < inc->nculprits; i++)
        for (size_t j = i + 1; j < inc->nculprits;) {
            if (!same_burst(&inc->culprits[i], &inc->culprits[j])) {
                j++;
                continue;
            }
            if (likelier(&inc->culprits[j], &inc->culprits[i])) {
                struct fl_culprit t = inc->culprits[i];
                inc->culprits[i] = inc->culprits[j];
                inc->culprits[j] = t;
            }
            fold(inc, i, j);
            j = i + 1;      /* the lead changed: look again */
        }
}

void fl_inc_mark_ties(struct fl_incident *inc)
{
    const struct fl_culprit *top = inc->nculprits ? &inc->culprits[0] : NULL;

    if (!top || top->confidence == FL_CONF_LOW)
        return;
    for (size_t i = 1; i < inc->nculprits; i++) {
        struct fl_culprit *k = &inc->culprits[i];
        if (top->score - k->score >= FL_INC_TIE)
            break;
        k->tie = inc->culprits[0].tie = true;
    }
    for (size_t i = 0; i < inc->nculprits && inc->culprits[i].tie; i++)
        if (inc->culprits[i].confidence == FL_CONF_HIGH)
            inc->culprits[i].confidence = FL_CONF_MEDIUM;
}
