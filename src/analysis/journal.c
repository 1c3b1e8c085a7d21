/* journal.c - keep copies of the change records and notable events of a
 * run (see fl_journal.h).  Only rare events come here (changes, lock
 * waits, deadlocks, errors), so one allocation per kept string is fine; the
 * bound on entries and on text length keeps memory fixed on pathological
 * logs, and what the bound leaves out is counted. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analysis/fl_journal.h"
#include "base/fl_xalloc.h"

#define DEFAULT_MAX 50000

struct fl_journal {
    struct fl_journal_entry *v;
    size_t n, cap, max;
    uint64_t dropped;
    struct fl_change *ch;       /* change records */
    size_t nch, capch;
    uint64_t ch_dropped;
    uint64_t ch_merged;
};

struct fl_journal *fl_journal_new(size_t max_entries)
{
    struct fl_journal *j = fl_xcalloc(1, sizeof *j);
    j->max = max_entries ? max_entries : DEFAULT_MAX;
    return j;
}

static char *copy(struct fl_str s)
{
    return fl_xstrndup(s.n ? s.p : "", s.n < FL_JOURNAL_TEXT_MAX
                                       ? s.n : FL_JOURNAL_TEXT_MAX);
}

void fl_journal_add(struct fl_journal *j, const struct fl_event *ev)
{
    struct fl_journal_entry *e;
    struct fl_str file = { ev->file, ev->file ? strlen(ev->file) : 0 };

    if (ev->kind != FL_EV_LOCK_WAIT && ev->kind != FL_EV_DEADLOCK && ev->kind != FL_EV_ERROR)
        return;
    if (j->n >= j->max) {
        j->dropped++;
        return;
    }
    j->v = fl_xgrow(j->v, &j->cap, j->n + 1, sizeof *j->v);
    e = &j->v[j->n++];
    e->time_us = ev->time_us;
    e->duration_us = ev->duration_us;
    e->kind = ev->kind;
    e->pid = copy(ev->pid);
    e->blocker = copy(ev->blocker);
    e->statement = copy(ev->statement);
    e->message = copy(ev->message);
    e->object = copy(ev->object);
    e->file = copy(file);
    e->line = ev->line;
}

void fl_journal_add_change(struct fl_journal *j, const struct fl_change *c)
{
    if (j->nch >= j->max) {
        j->ch_dropped++;
        return;
    }
    j->ch = fl_xgrow(j->ch, &j->capch, j->nch + 1, sizeof *j->ch);
    j->ch[j->nch] = *c;
    j->ch[j->nch++].file = NULL;  /* borrowed from the run: not kept */
}

static int by_time(const void *a, const void *b)
{
    const struct fl_journal_entry *x = a, *y = b;
    if (x->time_us != y->time_us)
        return x->time_us < y->time_us ? -1 : 1;
    /* Same time: keep log order (file name, then line). */
    int c = strcmp(x->file, y->file);
    if (c)
        return c;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* Changes: by time, then arrival order (line numbers are per file). */
struct ch_key {
    int64_t t;
    size_t at;
};

static int by_key(const void *a, const void *b)
{
    const struct ch_key *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at;
}

static void sort_changes(struct fl_journal *j)
{
    struct ch_key *k = fl_xcalloc(j->nch + 1, sizeof *k);
    struct fl_change *v = fl_xcalloc(j->nch + 1, sizeof *v);

    for (size_t i = 0; i < j->nch; i++) {
        k[i].t = j->ch[i].time_us;
        k[i].at = i;
    }
    qsort(k, j->nch, sizeof *k, by_key);
    for (size_t i = 0; i < j->nch; i++)
        v[i] = j->ch[k[i].at];
    memcpy(j->ch, v, j->nch * sizeof *v);
    free(v);
    free(k);
}

static int64_t start_of(const struct fl_change *c)
{
    return c->duration_us > 0 ? c->time_us - c->duration_us : c->time_us;
}

/* Is b the record of a, seen in another log of the same server (the MySQL
 * slow and general logs, PostgreSQL's stderr and csvlog of one run): the
 * same change by the same session, starting within FL_JOURNAL_SAME_US? */
static bool same_change(const struct fl_change *a, const struct fl_change *b)
{
    int64_t d = start_of(a) - start_of(b);

    return (d < 0 ? -d : d) <= FL_JOURNAL_SAME_US &&
           strcmp(a->pid, b->pid) == 0 && strcmp(a->domain, b->domain) == 0 &&
           strcmp(a->kind, b->kind) == 0 && strcasecmp(a->text, b->text) == 0;
}

/* Keep one record of each change (the first, with the longer duration
 * known); the list is sorted by time, so duplicates are near. */
static void merge_duplicates(struct fl_journal *j)
{
    size_t out = 0;

    for (size_t i = 0; i < j->nch; i++) {
        bool dup = false;
        for (size_t k = out; k-- > 0;) {
            if (j->ch[i].time_us - j->ch[k].time_us > 2 * FL_JOURNAL_SAME_US +
                (j->ch[i].duration_us > 0 ? j->ch[i].duration_us : 0))
                break;
            if (same_change(&j->ch[k], &j->ch[i])) {
                if (j->ch[i].duration_us > j->ch[k].duration_us) {
                    j->ch[k].duration_us = j->ch[i].duration_us;
                    j->ch[k].time_us = j->ch[i].time_us;
                }
                dup = true;
                break;
            }
        }
        if (dup)
            j->ch_merged++;
        else
            j->ch[out++] = j->ch[i];
    }
    j->nch = out;
}

void fl_journal_sort(struct fl_journal *j)
{
    if (j->n)
        qsort(j->v, j->n, sizeof *j->v, by_time);
    if (j->nch) {
        sort_changes(j);
        merge_duplicates(j);
    }
}

uint64_t fl_journal_changes_merged(const struct fl_journal *j)
{
    return j->ch_merged;
}

size_t fl_journal_count(const struct fl_journal *j)
{
    return j->n;
}

const struct fl_journal_entry *fl_journal_get(const struct fl_journal *j,
                                              size_t i)
{
    return i < j->n ? &j->v[i] : NULL;
}

uint64_t fl_journal_dropped(const struct fl_journal *j)
{
    return j->dropped;
}

size_t fl_journal_nchanges(const struct fl_journal *j)
{
    return j->nch;
}

const struct fl_change *fl_journal_change(const struct fl_journal *j,
                                          size_t i)
{
    return i < j->nch ? &j->ch[i] : NULL;
}

uint64_t fl_journal_changes_dropped(const struct fl_journal *j)
{
    return j->ch_dropped;
}

void fl_journal_free(struct fl_journal *j)
{
    if (!j)
        return;
    for (size_t i = 0; i < j->n; i++) {
        struct fl_journal_entry *e = &j->v[i];
        free(e->pid);
        free(e->blocker);
        free(e->statement);
        free(e->message);
        free(e->object);
        free(e->file);
    }
    free(j->v);
    free(j->ch);
    free(j);
}
