/* fl_statefile.h - the file of a state directory that holds the cursors
 * (DIR/state): read, write atomically, and the retention of DIR/days.
 * Used by fl_state; see fl_state.h for the directory's layout.
 *
 * Format (text, one record a line, every number exact):
 *   faultline-state VERSION
 *   written-by TEXT
 *   file DEV INO SIZE MTIME_NS COMPRESSED OFFSET HEAD_LEN HEAD_HASH
 *        TAIL_LEN TAIL_HASH SEEN_US PATH
 * (one line; hashes in hexadecimal; PATH to the end of the line, paths
 * holding a newline are not remembered).  Unknown record kinds of the same
 * version are an error; a newer VERSION is refused.
 */
#ifndef FL_STATEFILE_H
#define FL_STATEFILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/fl_err.h"
#include "input/fl_cursor.h"

/* The cursors of a state file. */
struct fl_statefile {
    struct fl_cursor_mark *marks;   /* owned, each with an owned path */
    size_t n, cap;
};

/* Read DIR/state into sf (empty when there is none).  FL_OK; FL_ERR_IO;
 * FL_ERR_USAGE for a newer format (err says which and by what);
 * FL_ERR_CORRUPT for a line that cannot be read (err names it). */
int fl_statefile_read(struct fl_statefile *sf, const char *dir,
                      struct fl_err *err);

/* Append *m; sf takes its path. */
void fl_statefile_add(struct fl_statefile *sf, struct fl_cursor_mark *m);

/* Replace DIR/state by sf: DIR/state.tmp written with wr (NULL = write),
 * fsync'ed, renamed over DIR/state, and the directory fsync'ed.  On any
 * failure the temporary is removed and DIR/state is untouched: FL_ERR_IO
 * with the reason. */
int fl_statefile_write(const struct fl_statefile *sf, const char *dir,
                       const char *written_by,
                       ssize_t (*wr)(int fd, const void *p, size_t n),
                       struct fl_err *err);

/* Remove the files of DIR/days whose name starts with a date YYYY-MM-DD
 * more than keep_weeks weeks before the UTC day of now_us. */
void fl_statefile_prune_days(const char *dir, int64_t now_us,
                             unsigned keep_weeks);

void fl_statefile_cleanup(struct fl_statefile *sf);

#endif
