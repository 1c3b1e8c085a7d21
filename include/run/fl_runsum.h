/* fl_runsum.h - summaries in the driver: telling summary files from logs
 * among a run's inputs, loading and merging them, and `summarize`, which
 * runs the logs into a summary (summary/fl_summary.h).
 *
 * A summary is recognised by its first bytes, never by its name: a named
 * file that starts like one, or such a file directly inside a named
 * directory (a directory holding only summaries is not read as logs).
 */
#ifndef FL_RUNSUM_H
#define FL_RUNSUM_H

#include <stddef.h>

#include "summary/fl_summary.h"
#include "run/fl_run.h"

/* A run's inputs split into logs and summaries (owned strings). */
struct fl_run_split {
    char **logs;
    size_t nlogs;
    char **sums;
    size_t nsums;
};

/* Split in[0..n) (no I/O beyond reading the first bytes of files and
 * listing named directories; "-" is a log). */
void fl_run_split_inputs(const char *const *in, size_t n,
                         struct fl_run_split *sp);
void fl_run_split_free(struct fl_run_split *sp);

/* Load the summaries of sp and merge them into one (NULL when sp has
 * none).  A summary that cannot be loaded is reported through cbs->diag
 * and counted in *bad; *loaded counts the others; each loaded one is
 * reported through cbs->file (format "summary").  A summary cannot be cut
 * in time: with a window [since, until) (INT64_MIN / INT64_MAX when open)
 * one whose data lies outside it is left out quietly (*outside), one that
 * straddles a bound is reported and counted in *bad. */
struct fl_summary *fl_run_load_summaries(const struct fl_run_split *sp,
                                         const struct fl_stats_opts *o,
                                         int64_t since, int64_t until,
                                         const struct fl_run_cbs *cbs,
                                         size_t *loaded, size_t *bad,
                                         size_t *outside);

/* `summarize`: the run's logs and summaries into one summary, with the
 * run's filters.  Returns what fl_run_report returns; on FL_OK *out holds
 * the summary (never NULL, possibly empty; res says what was read). */
int fl_run_summary(struct fl_run *r, const struct fl_run_cbs *cbs,
                   struct fl_summary **out, struct fl_run_result *res,
                   struct fl_err *err);

#endif
