/* fl_cmpout.h - the writers of the comparison report (`faultline
 * compare`, kind FL_REPORT_COMPARE): Markdown for mail or a wiki, plain
 * text, and JSON.  Reached through the writer table (fl_writer.h).
 *
 * JSON shape (stable; documented in faultline(1)):
 *   { "before": PERIOD, "after": PERIOD,
 *     "thresholds": {"min_ratio", "min_effect_us", "z"},
 *     "counts": {"regressed", "errors_up", "new", "vanished", "improved",
 *                "volume", "unchanged"},
 *     "changes": [CHANGE...],        (between the periods or in the after
 *                                     one, by time)
 *     "classes": [ {"id", "domain", "text", "tables": [..], "category",
 *                   "impact_us", "z", "before": SIDE, "after": SIDE,
 *                   "changes": [CHANGE...]} ... ] }   (ranked)
 *   PERIOD = {"label", "start", "end" (bounds or null), "first", "last"
 *             (data), "calls", "inputs": [paths]}
 *   SIDE = {"calls", "errors", "total_us", "mean_us", "p50_us", "p95_us",
 *           "p99_us" (null when no timed call), "above_p95_share" (share
 *           of calls above the before-p95, null if not tested)}
 *   CHANGE = {"time", "kind", "domain", "subjects", "text", "version"}
 * Markdown and text show every class that is not unchanged (the first
 * FL_CMPOUT_ROWS of each category) and the changes of each regression.
 */
#ifndef FL_CMPOUT_H
#define FL_CMPOUT_H

#include "analysis/fl_report.h"
#include "base/fl_buf.h"
#include "report/fl_writer.h"

#define FL_CMPOUT_ROWS 20

int fl_cmpout_md(const struct fl_report *r, const struct fl_write_opts *o,
                 struct fl_buf *out);
int fl_cmpout_text(const struct fl_report *r, const struct fl_write_opts *o,
                   struct fl_buf *out);
int fl_cmpout_json(const struct fl_report *r, const struct fl_write_opts *o,
                   struct fl_buf *out);

#endif
