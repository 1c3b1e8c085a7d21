/* links.c - which migration ran a schema change, and which release ran
 * that migration, so a draft can say "release X ran migration Y which did
 * DROP INDEX ...".  Links go by time only (a migration tool's log does not
 * name the database session): a schema change belongs to the migration
 * whose run contains its start, a migration to the release whose run
 * contains it, each with LINK_SLACK_US of clock slack.  A run with no
 * logged end lasts until the next record of its producer, at most
 * MIGRATION_MAX_US / RELEASE_MAX_US.  Domain-neutral: the roles are read
 * from the change kinds ("migration", "downgrade"; "deploy", "rollback").
 * Bounded: a lookup reads at most MAX_SCAN records of the sorted journal.
 */
#include <string.h>

#include "base/fl_xalloc.h"
#include "incident_ctx.h"

#define LINK_SLACK_US (5 * 1000000LL)
#define MIGRATION_MAX_US (10 * 60 * 1000000LL)
#define RELEASE_MAX_US (60 * 60 * 1000000LL)
#define MAX_SCAN 4096             /* records one lookup may read */

static bool is_kind(const struct fl_change *ch, const char *a, const char *b)
{
    return strcmp(ch->kind, a) == 0 || strcmp(ch->kind, b) == 0;
}

static bool is_migration(const struct fl_change *ch)
{
    return is_kind(ch, "migration", "downgrade");
}

static bool is_release(const struct fl_change *ch)
{
    return is_kind(ch, "deploy", "rollback");
}

static bool is_schema(const struct fl_change *ch)
{
    return !is_migration(ch) && !is_release(ch) &&
           strcmp(ch->kind, "config") != 0;
}

/* When the run of the at-th change ended: its log time when it has a
 * duration (a start/end pair), else the next record of its domain, at
 * most max after it. */
static int64_t run_end(const struct fl_journal *j, size_t at, int64_t max)
{
    const struct fl_change *ch = fl_journal_change(j, at);

    if (ch->duration_us > 0)
        return ch->time_us;
    for (size_t i = at + 1; i < fl_journal_nchanges(j); i++) {
        const struct fl_change *o = fl_journal_change(j, i);
        if (o->time_us == INT64_MIN || strcmp(o->domain, ch->domain) != 0)
            continue;
        if (o->time_us - ch->time_us >= max)
            break;
        /* A record that began before this one (a release's start/end
         * pair around it) does not end it: its log time does. */
        return fl_inc_change_start(o) > ch->time_us ? fl_inc_change_start(o)
                                                    : o->time_us;
    }
    return ch->time_us + max;
}

/* The first change logged at or after t (the journal is sorted). */
static size_t lower_bound(const struct fl_journal *j, int64_t t)
{
    size_t lo = 0, hi = fl_journal_nchanges(j);

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (fl_journal_change(j, mid)->time_us < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The last change (by is) whose run contains time t, or SIZE_MAX.  Looks
 * at most MAX_SCAN records, from max before t on. */
static size_t container(const struct fl_journal *j, int64_t t,
                        bool (*is)(const struct fl_change *), int64_t max)
{
    size_t found = SIZE_MAX, i = lower_bound(j, t - max - LINK_SLACK_US);

    for (size_t n = 0; i < fl_journal_nchanges(j) && n < MAX_SCAN; i++, n++) {
        const struct fl_change *o = fl_journal_change(j, i);
        if (o->time_us == INT64_MIN || !is(o))
            continue;
        if (fl_inc_change_start(o) - LINK_SLACK_US > t)
            break;
        if (t <= run_end(j, i, max) + LINK_SLACK_US)
            found = i;
    }
    return found;
}

static void set_link(struct fl_culprit_link *l, const struct fl_change *ch)
{
    l->kind = fl_xstrdup(ch->kind);
    l->text = fl_xstrdup(ch->text);
    l->version = fl_xstrdup(ch->version);
    l->time_us = ch->time_us;
}

/* The migration that ran the at-th change (a schema change), SIZE_MAX if
 * none. */
static size_t migration_of(const struct fl_journal *j, size_t at)
{
    const struct fl_change *ch = fl_journal_change(j, at);

    if (!is_schema(ch) || ch->time_us == INT64_MIN)
        return SIZE_MAX;
    return container(j, fl_inc_change_start(ch), is_migration,
                     MIGRATION_MAX_US);
}

void fl_inc_link(const struct fl_inc_ctx *c, size_t at, struct fl_culprit *k)
{
    const struct fl_change *ch = fl_journal_change(c->j, at);
    size_t m = is_migration(ch) ? at : migration_of(c->j, at), r;

    if (m == SIZE_MAX)
        return;
    if (m != at)
        set_link(&k->migration, fl_journal_change(c->j, m));
    r = container(c->j, fl_journal_change(c->j, m)->time_us, is_release,
                  RELEASE_MAX_US);
    if (r != SIZE_MAX)
        set_link(&k->release, fl_journal_change(c->j, r));
}

bool fl_inc_is_linked_part(const struct fl_inc_ctx *c, size_t at)
{
    const struct fl_change *ch = fl_journal_change(c->j, at);
    int64_t t0 = c->inc->onset_us - c->window, t1 = c->inc->onset_us + c->sp.w;

    if (!is_migration(ch) && !is_release(ch))
        return false;
    for (size_t i = lower_bound(c->j, t0), n = 0;
         i < fl_journal_nchanges(c->j) && n < MAX_SCAN; i++, n++) {
        const struct fl_change *o = fl_journal_change(c->j, i);
        int64_t st = fl_inc_change_start(o);
        size_t m;
        if (o->time_us >= t1 + RELEASE_MAX_US)
            break;
        if (i == at || o->time_us == INT64_MIN || st < t0 || st >= t1)
            continue;
        if (is_migration(ch) && migration_of(c->j, i) == at)
            return true;
        if (is_release(ch) && is_migration(o) &&
            container(c->j, o->time_us, is_release, RELEASE_MAX_US) == at)
            return true;
        if (is_release(ch) && (m = migration_of(c->j, i)) != SIZE_MAX &&
            container(c->j, fl_journal_change(c->j, m)->time_us, is_release,
                      RELEASE_MAX_US) == at)
            return true;
    }
    return false;
}
