/* fl_statsout.h - renderers of the statistics model (the per-query profile
 * of `faultline stats`): an aligned text table and a JSON document, chosen
 * by name from a table of writers.  Renderers only read the model; output is
 * deterministic (ties are broken by key).
 *
 * JSON shape (stable; documented in faultline(1)):
 *   { "by": "fingerprint", "sort": "total", "bucket_us": N,
 *     "window": {"start": T|null, "end": T|null},
 *     "total": {"calls", "total_us", "errors", "calls_without_duration"},
 *     "classes": N, "capped": bool,
 *     "queries": [ {"rank", "id", "fingerprint", "calls", "total_us",
 *                   "share", "mean_us", "min_us", "p50_us", "p95_us",
 *                   "p99_us", "max_us", "rows_examined", "rows_sent",
 *                   "lock_us", "errors", "tables", "type",
 *                   "sample" (only with show_literals)} ... ] }
 * With --by table|db|user the items carry "key" instead of id/fingerprint.
 */
#ifndef FL_STATSOUT_H
#define FL_STATSOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/fl_buf.h"
#include "series/fl_stats.h"

/* Sort keys. */
enum fl_sort { FL_SORT_TOTAL, FL_SORT_CALLS, FL_SORT_MEAN, FL_SORT_P95,
               FL_SORT_MAX };

/* What to render (borrowed). */
struct fl_statsout_opts {
    enum fl_stats_dim by;   /* grouping */
    enum fl_sort sort;
    size_t top;             /* 0 = all */
    bool show_literals;     /* include sample statements */
    bool color;             /* text: ANSI emphasis */
};

typedef void (*fl_statsout_fn)(const struct fl_stats *s,
                               const struct fl_statsout_opts *o,
                               struct fl_buf *out);

/* Writer by name ("text", "json"), or NULL. */
fl_statsout_fn fl_statsout_find(const char *name);

/* Sort key by name ("total", "calls", "mean", "p95", "max"), -1 if none. */
int fl_statsout_sort_parse(const char *name);

/* Format a duration for humans: "812us", "12.3ms", "4.21s", "1h02m". */
void fl_statsout_duration(double us, char *buf, size_t n);

#endif
