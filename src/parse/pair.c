/* pair.c - statement pairing of split PostgreSQL logging: a "statement"
 * entry is parked per pid until its "duration" entry (see fl_parse.h).
 *
 * Invariants: the parked statements are an open-addressing table of
 * PARK_SLOTS entries with tombstones, keyed by the pid text cut at 31 bytes,
 * allocated on first use and reused; it is flushed (statements emitted
 * without a duration) before it gets over half full, and a statement that
 * finds no slot is emitted at once.  Every
 * parked statement is emitted exactly once: paired, flushed by a later entry
 * of its pid, or at the end of input.
 */
#include <stdlib.h>
#include <string.h>

#include "parse/fl_parse_int.h"
#include "base/fl_hash.h"
#include "base/fl_xalloc.h"

#define PARK_SLOTS 1024                /* parked statements (power of 2) */

enum { PARK_EMPTY, PARK_USED, PARK_GONE };

struct fl_park {
    int state;              /* PARK_EMPTY, PARK_USED, or PARK_GONE */
    char pid[32];           /* key (process id text, cut at 31 bytes) */
    size_t pidlen;
    struct fl_entry e;      /* the parked statement */
};

static uint64_t pid_hash(struct fl_str pid, size_t n)
{
    return fl_hash_fnv1a(pid.p, n);
}

/* Find the parked statement of e's pid; with create, a free slot for it.
 * Open addressing with tombstones (PARK_GONE). */
static struct fl_park *park_find(struct fl_parser *p, const struct fl_entry *e,
                                 bool create)
{
    struct fl_str pid = fl_entry_str(e, FL_F_PID);
    size_t n = pid.n < 31 ? pid.n : 31;
    uint64_t h = pid_hash(pid, n);
    struct fl_park *free_slot = NULL;

    if (!p->parks) {
        if (!create)
            return NULL;
        p->parks = fl_xcalloc(PARK_SLOTS, sizeof *p->parks);
        for (size_t i = 0; i < PARK_SLOTS; i++)
            fl_entry_init(&p->parks[i].e, p->f->nfields);
    }
    for (size_t i = 0; i < PARK_SLOTS; i++) {
        struct fl_park *k = &p->parks[(h + i) & (PARK_SLOTS - 1)];
        if (k->state == PARK_USED && k->pidlen == n &&
            memcmp(k->pid, pid.p, n) == 0)
            return k;
        if (k->state != PARK_USED && !free_slot)
            free_slot = k;
        if (k->state == PARK_EMPTY)
            break;
    }
    if (!create || !free_slot)
        return NULL;
    memcpy(free_slot->pid, pid.p, n);
    free_slot->pidlen = n;
    return free_slot;
}

static int unpark(struct fl_parser *p, struct fl_park *k, int64_t time_us,
                  int64_t dur)
{
    int64_t t = time_us != INT64_MIN ? time_us : k->e.time;

    k->state = PARK_GONE;
    if (--p->nparked == 0)
        for (size_t i = 0; i < PARK_SLOTS; i++)
            p->parks[i].state = PARK_EMPTY;
    return fl_emit_event(p, &k->e, t, dur);
}

int fl_pair_flush(struct fl_parser *p)
{
    int rc = 0;
    if (!p->parks)
        return 0;
    for (size_t i = 0; i < PARK_SLOTS && rc == 0 && p->nparked; i++)
        if (p->parks[i].state == PARK_USED)
            rc = unpark(p, &p->parks[i], INT64_MIN, -1);
    return rc;
}

static bool flushes_park(const struct fl_entry *e)
{
    if (e->role != FL_ROLE_COMPLETE)
        return true;
    return e->kind == FL_EV_QUERY || e->kind == FL_EV_DDL ||
           e->kind == FL_EV_ERROR || e->kind == FL_EV_DEADLOCK ||
           e->kind == FL_EV_DISCONNECT;
}

int fl_pair_entry(struct fl_parser *p, struct fl_entry *e, int64_t t)
{
    struct fl_park *k = NULL;
    int rc = 0;

    if (flushes_park(e) && p->nparked)
        k = park_find(p, e, false);
    if (e->role == FL_ROLE_DURATION || e->role == FL_ROLE_PHASE) {
        if (k && e->role == FL_ROLE_DURATION)
            return unpark(p, k, t, fl_emit_duration(e));
        if (k)
            rc = unpark(p, k, INT64_MIN, -1);
        p->st.phases++;
        return rc;
    }
    if (k && (rc = unpark(p, k, INT64_MIN, -1)) != 0)
        return rc;
    if (e->role == FL_ROLE_STATEMENT) {
        if (p->nparked >= PARK_SLOTS / 2 && (rc = fl_pair_flush(p)) != 0)
            return rc;
        if (!(k = park_find(p, e, true)))
            return fl_emit_event(p, e, t, -1);
        fl_entry_copy(p, &k->e, e);
        k->e.time = t;
        k->state = PARK_USED;
        p->nparked++;
        return 0;
    }
    return fl_emit_event(p, e, t, fl_emit_duration(e));
}

void fl_pair_cleanup(struct fl_parser *p)
{
    if (!p->parks)
        return;
    for (size_t i = 0; i < PARK_SLOTS; i++)
        fl_entry_cleanup(&p->parks[i].e);
    free(p->parks);
    p->parks = NULL;
}
