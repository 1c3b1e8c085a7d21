/* fl_state.h - the state directory of incremental runs (cron): which input
 * files were read up to where, so that a run reads only what is new.
 *
 * A run opens the directory (created when missing) and takes its lock,
 * hands fl_state_start to the ingest as its start callback (each file is
 * looked at and a cursor decision made: new, grown, unchanged, truncated,
 * rotated, compressed, replaced; see fl_cursor.h), reports every file the
 * ingest finished through fl_state_on_file, and commits: the new cursors
 * are written atomically (temporary file, fsync, rename, fsync of the
 * directory; on any failure, a full disk included, the previous state is
 * left as it was) and per-day data older than the retention is removed.
 * fl_state_free releases the lock.
 *
 * Layout of DIR: "state" (the cursors, a versioned text file), "lock"
 * (flock'ed by the run that holds the directory; it holds that run's pid)
 * and "days/" (per-day data of other modules, named YYYY-MM-DD...; only its
 * retention is handled here).
 */
#ifndef FL_STATE_H
#define FL_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/fl_err.h"
#include "input/fl_cursor.h"
#include "parse/fl_ingest.h"

/* The state format this build writes; it reads this one and older ones. */
#define FL_STATE_VERSION 1

/* Options (borrowed). */
struct fl_state_opts {
    const char *dir;         /* the state directory */
    const char *written_by;  /* "faultline VERSION": recorded in the state */
    int64_t now_us;          /* the run's clock: retention, seen times */
    unsigned keep_weeks;     /* keep per-day data and cursors of files not
                                seen for this many weeks; 0 = forever */
    unsigned lock_wait_ms;   /* wait this long for a concurrent run to
                                release the lock, then fail */
    ssize_t (*write_fn)(int fd, const void *p, size_t n); /* NULL = write(2);
                                tests inject failures (a full disk) */
};

struct fl_state; /* opaque */

/* One file of this run and what was decided for it. */
struct fl_state_file {
    char *path;                     /* owned */
    struct fl_cursor_decision dec;  /* where it was read from */
    uint64_t end;                   /* offset read to (after the run) */
    bool done;                      /* the ingest finished it */
    bool failed;                    /* it could not be looked at */
};

/* Open (create) o->dir, take its lock and read its state.  Returns FL_OK
 * with an owned state in *out; FL_ERR_IO when the directory cannot be
 * created or read, or the lock is still held after o->lock_wait_ms (err
 * says by which pid); FL_ERR_USAGE when the state was written by a newer
 * format (err says which version and by what; nothing is changed);
 * FL_ERR_CORRUPT when the state cannot be read (err names the line). */
int fl_state_open(struct fl_state **out, const struct fl_state_opts *o,
                  struct fl_err *err);

/* fl_start_fn for fl_ingest_opts.start, ctx = the state: decide where to
 * continue path.  A file that cannot be looked at is read from its start
 * (the ingest reports it). */
int fl_state_start(void *ctx, const char *path, uint64_t *offset);

/* Record a file the ingest finished (fl_ingest_cbs.file); ctx = state. */
void fl_state_on_file(void *ctx, const struct fl_ingest_file *f);

/* The files of this run in the order they were decided (borrowed); a
 * file "replaced" while its old content went on under another name in the
 * same run (logrotate's rename) is labelled new. */
const struct fl_state_file *fl_state_files(struct fl_state *s, size_t *n);

/* Write the new cursors atomically and apply the retention.  Returns FL_OK
 * or FL_ERR_IO (err says what; the previous state is intact). */
int fl_state_commit(struct fl_state *s, struct fl_err *err);

/* Release the lock and everything.  NULL is accepted. */
void fl_state_free(struct fl_state *s);

#endif
