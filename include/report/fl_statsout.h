/* fl_statsout.h - the writers of the stats report (the per-query profile
 * of `faultline stats`): an aligned text table, a Markdown table and a
 * JSON document.  They
 * render the rows the model chose (fl_report.h: ranked by the sort key,
 * ties broken by key text, capped by --top).  Reached through the writer
 * table (fl_writer.h).
 *
 * JSON shape (stable; documented in faultline(1)):
 *   { "domain": "sql"|"http", "by": "fingerprint"|"route"|..., "sort":
 *     "total", "bucket_us": N,
 *     "window": {"start": T|null, "end": T|null},
 *     "total": {"calls", "total_us", "errors", "calls_without_duration"},
 *     "classes": N, "capped": bool,
 *     "queries": [ {"rank", "id", "fingerprint", "calls", "total_us",
 *                   "share", "mean_us", "min_us", "p50_us", "p95_us",
 *                   "p99_us", "max_us", "rows_examined", "rows_sent",
 *                   "lock_us", "errors", "tables", "type",
 *                   "sample" (only with show_literals)} ... ],
 *   "series": [ the overall's, then those of the first rows in rank order
 *               that have one (FL_REPORT_STATS_SERIES), each {"key", "id",
 *               "points": [{"start","calls","errors","p50_us","p95_us"}]}
 *               as in the timeline JSON (fl_tljson.h) ] }
 * With --by table|db|user the items carry "key" instead of id/fingerprint.
 */
#ifndef FL_STATSOUT_H
#define FL_STATSOUT_H

#include "analysis/fl_report.h"
#include "base/fl_buf.h"
#include "report/fl_writer.h"

/* Append the rendering of r (kind FL_REPORT_STATS).  Returns FL_OK,
 * FL_ERR_USAGE for another kind. */
int fl_statsout_text(const struct fl_report *r, const struct fl_write_opts *o,
                     struct fl_buf *out);
int fl_statsout_json(const struct fl_report *r, const struct fl_write_opts *o,
                     struct fl_buf *out);
int fl_statsout_md(const struct fl_report *r, const struct fl_write_opts *o,
                   struct fl_buf *out);

#endif
