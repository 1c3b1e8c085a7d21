/* fl_tlout.h - renderers of the incident model (`faultline timeline`): a
 * Markdown postmortem draft, the same as plain text for a terminal, and
 * JSON for tools; chosen by name from a table of writers.
 *
 * Times are shown in the zone given (UTC when NULL).  All log text is
 * escaped for the target: Markdown special characters and HTML are
 * neutralised and statements go in code spans whose fence is longer than
 * any backtick run inside; JSON strings are escaped (invalid UTF-8 becomes
 * U+FFFD); text output replaces control characters.
 *
 * JSON shape (stable, documented in faultline(1)):
 *   { "verdict": "change"|"load"|"unexplained"|"none",
 *     "summary": "...", "bucket_us": N, "window_us": N,
 *     "log": {"start": T, "end": T},
 *     "incident": null | { "onset": T, "peak": T, "recovery": T|null,
 *        "recovered": bool, "duration_us": N, "impact": {...},
 *        "affected": [ {"id","fingerprint","tables","p50_before_us",...} ] },
 *     "culprits": [ {"rank","time","kind","statement","table","pid","score",
 *        "confidence","evidence","rollback": null|{"time","statement"}} ],
 *     "timeline": [ {"time","kind","text"} ],
 *     "no_incident_evidence": null|"..." }
 */
#ifndef FL_TLOUT_H
#define FL_TLOUT_H

#include "base/fl_buf.h"
#include "analysis/fl_incident.h"

struct fl_tz;

typedef void (*fl_tlout_fn)(const struct fl_incident *inc,
                            const struct fl_tz *tz, int64_t window_us,
                            struct fl_buf *out);

/* Writer by name ("md", "text", "json"), or NULL. */
fl_tlout_fn fl_tlout_find(const char *name);

/* Append s[0..n) escaped for Markdown prose (for tests and reuse). */
void fl_tlout_md_escape(struct fl_buf *out, const char *s, size_t n);

/* Append s as a Markdown code span with a safe fence. */
void fl_tlout_md_code(struct fl_buf *out, const char *s);

#endif
