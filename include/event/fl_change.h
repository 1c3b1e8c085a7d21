/* fl_change.h - a change: something done to the system that can explain a
 * latency shift (a schema change, a migration, a deploy, a config change),
 * one record type whatever produced it.
 *
 * Producers are the domains (fl_domain.h): the sql domain turns DDL events
 * into changes; deploy and migration logs will produce theirs.  The
 * analysis ranks changes as culprits and pairs a change with the one that
 * undid it through their effects, without knowing any domain.
 *
 * Effects: each change lists the states it sets as keys with a sign, "+"
 * (now present / on) or "-" (now absent / off), e.g. "+index:orders_ix",
 * "-index:orders_ix", "+column:orders.note".  A later change undoes an
 * earlier one when one of its effects is the opposite of one of the
 * earlier change's effects (fl_change_undoes).  Keys are the producer's
 * business; they only need to be equal for the same state.
 *
 * The record is a plain value with fixed-size, NUL-terminated strings
 * ("" when absent): bounded, copyable, safe to keep.  Texts that do not fit
 * are cut (truncated is set).
 */
#ifndef FL_CHANGE_H
#define FL_CHANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FL_CHANGE_NAME_MAX 64     /* kind, domain, pid, version */
#define FL_CHANGE_SUBJECTS_MAX 256
#define FL_CHANGE_TEXT_MAX 1024
#define FL_CHANGE_KEY_MAX 160
#define FL_CHANGE_MAX_EFFECTS 8

struct fl_change {
    int64_t time_us;        /* when it was logged (UTC us), INT64_MIN if
                               unknown */
    int64_t duration_us;    /* how long it ran, -1 if unknown; it started
                               at time_us - duration_us */
    char kind[FL_CHANGE_NAME_MAX];   /* what it does: "create_index",
                               "drop_index", "alter_table", "migration",
                               "deploy", "config" ... */
    char domain[FL_CHANGE_NAME_MAX]; /* who produced it: "sql", "deploy" */
    char subjects[FL_CHANGE_SUBJECTS_MAX]; /* what it touches, comma-
                               separated (tables, routes, services) */
    char text[FL_CHANGE_TEXT_MAX];   /* normalised statement (no literal
                               values), or release / migration name */
    char version[FL_CHANGE_NAME_MAX]; /* release or migration version */
    char pid[FL_CHANGE_NAME_MAX];    /* process / session that made it */
    char effects[FL_CHANGE_MAX_EFFECTS][FL_CHANGE_KEY_MAX]; /* "+key" or
                               "-key", see above */
    size_t neffects;
    bool blocks_reads;      /* held a lock that blocks reads of its subjects */
    bool blocks_writes;     /* held a lock that blocks writes */
    bool rewrites;          /* rewrote its subjects (every row) */
    const char *file;       /* source (borrowed from the run's inputs) */
    uint64_t line;          /* line of the entry, 0 if unknown */
    bool truncated;         /* a text did not fit and was cut */
};

/* Reset c to an empty change (times unknown, no effects). */
void fl_change_clear(struct fl_change *c);

/* Copy src into the fixed field dst of size dstsz, cutting at a UTF-8
 * boundary; sets c->truncated when cut. */
void fl_change_set(struct fl_change *c, char *dst, size_t dstsz,
                   const char *src, size_t n);

/* Add an effect: sign '+' or '-', key (cut to fit).  Returns false when
 * the list is full. */
bool fl_change_add_effect(struct fl_change *c, char sign, const char *key);

/* Does `later` undo `earlier`: one of later's effects is the opposite of
 * one of earlier's (same key, other sign)? */
bool fl_change_undoes(const struct fl_change *earlier,
                      const struct fl_change *later);

/* Is name one of c's comma-separated subjects (exact match)? */
bool fl_change_touches(const struct fl_change *c, const char *name);

#endif
