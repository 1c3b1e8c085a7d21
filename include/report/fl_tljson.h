/* fl_tljson.h - the JSON writer of the timeline report: the numbers of the
 * model for tools.  Shape (stable, documented in faultline(1)):
 *   { "verdict": "change"|"load"|"unexplained"|"none",
 *     "summary": "..." (a sentence riding along),
 *     "bucket_us": N, "window_us": N, "changes_seen": N,
 *     "log": {"start": T, "end": T},
 *     "incident": null | { "onset": T, "peak": T, "recovery": T|null,
 *        "recovered": bool, "duration_us": N, "peak_p95_us": N,
 *        "impact": {...}, "affected": [ {"id","fingerprint","tables",
 *        "p50_before_us",...} ] },
 *     "culprits": [ {"rank","time","kind","statement","table","pid","score",
 *        "confidence","evidence": {named numbers}, "evidence_text": "...",
 *        "rollback": null|{"time","statement"}} ],
 *     "timeline": [ {"time","kind","text","statement", typed fields} ],
 *     "no_incident": null|{"p50_low_us","p50_high_us","buckets"},
 *     "no_incident_evidence": null|"...",
 *     "series": [ {"key","id","points":[{"start","calls","errors",
 *        "p50_us","p95_us"}]} ],
 *     "inputs": [ {"path","format","compression","lines","events",
 *        "unparsed","partial","skipped"} ],
 *     "left_out": {"journal_events","journal_changes","classes_folded",
 *        "calls_folded","series_buckets"} }
 * Times are RFC 3339 UTC.  Reached through the writer table.
 */
#ifndef FL_TLJSON_H
#define FL_TLJSON_H

#include "analysis/fl_report.h"
#include "base/fl_buf.h"
#include "report/fl_writer.h"

/* Append the JSON of r (kind FL_REPORT_TIMELINE) and a newline.  Returns
 * FL_OK, FL_ERR_USAGE for another kind. */
int fl_tljson_write(const struct fl_report *r, const struct fl_write_opts *o,
                    struct fl_buf *out);

/* Append the member ,"series":[...] of r's series (the shape above); the
 * stats JSON carries it too (fl_statsout.h). */
void fl_tljson_series(const struct fl_report *r, struct fl_buf *out);

#endif
