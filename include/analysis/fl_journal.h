/* fl_journal.h - what a run keeps for the timeline: the change records
 * (struct fl_change: schema changes, migrations, deploys, made by the
 * domains) and the notable events (lock waits, deadlocks, errors), each
 * copied with its time, process, statement and message.
 *
 * Bounded: at most max_entries events and max_entries changes are kept
 * (default 50000 each); later ones are not kept but COUNTED
 * (fl_journal_dropped, fl_journal_changes_dropped), so a report can say
 * what it left out.  Every kept text is cut at FL_JOURNAL_TEXT_MAX bytes.
 * Both lists are kept in arrival order; fl_journal_sort orders them by time
 * (stable, so equal times keep log order).
 */
#ifndef FL_JOURNAL_H
#define FL_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "event/fl_change.h"
#include "event/fl_event.h"

#define FL_JOURNAL_TEXT_MAX 4096

/* One kept event.  Strings are owned by the journal, NUL-terminated, ""
 * when absent. */
struct fl_journal_entry {
    int64_t time_us;          /* log time, INT64_MIN if unknown */
    int64_t duration_us;      /* -1 if none */
    enum fl_event_kind kind;
    char *pid;
    char *blocker;            /* lock waits: holder pid */
    char *statement;
    char *message;
    char *object;
    char *file;
    uint64_t line;
};

struct fl_journal; /* opaque */

/* max_entries 0 = default. */
struct fl_journal *fl_journal_new(size_t max_entries);
void fl_journal_free(struct fl_journal *j);

/* Keep ev if it is notable (lock_wait, deadlock, error); other kinds are
 * ignored (changes come through fl_journal_add_change). */
void fl_journal_add(struct fl_journal *j, const struct fl_event *ev);

/* Keep a copy of the change record c (its file pointer is not kept). */
void fl_journal_add_change(struct fl_journal *j, const struct fl_change *c);

/* Order entries and changes by time (stable). */
void fl_journal_sort(struct fl_journal *j);

/* fl_journal_sort also keeps one record of a change seen in two logs of
 * one server (same kind, domain, session and text without case, starting
 * within this much of each other); how many records it merged: */
#define FL_JOURNAL_SAME_US 1000000LL
uint64_t fl_journal_changes_merged(const struct fl_journal *j);

size_t fl_journal_count(const struct fl_journal *j);
/* The i-th entry (borrowed). */
const struct fl_journal_entry *fl_journal_get(const struct fl_journal *j,
                                              size_t i);
/* Notable events seen but not kept because of the bound. */
uint64_t fl_journal_dropped(const struct fl_journal *j);

size_t fl_journal_nchanges(const struct fl_journal *j);
/* The i-th change (borrowed), NULL past the end. */
const struct fl_change *fl_journal_change(const struct fl_journal *j,
                                          size_t i);
/* Changes seen but not kept because of the bound. */
uint64_t fl_journal_changes_dropped(const struct fl_journal *j);

#endif
