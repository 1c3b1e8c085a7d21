/* fl_htmlsvg.h - the charts of the HTML pages: inline SVG line charts over
 * the per-bucket series of the report model (fl_report.h), drawn here so
 * the page needs no library, no script and no network to show them.
 *
 * A chart has axes with time labels (in the page's zone) and value labels
 * (durations for latency, per second for rates), the incident window as a
 * shaded rectangle (class "incident-window"), and each change as a
 * labelled vertical marker (a <g class="marker KIND"> with a <title>).
 * Lines are paths of class "line VALUE" (p50, p95, calls, errors), broken
 * where a bucket is missing.  Every chart of a page shares the time range,
 * so the charts line up one under the other.  Output is bounded by the
 * series (the model caps its points) and the markers given.
 */
#ifndef FL_HTMLSVG_H
#define FL_HTMLSVG_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/fl_report.h"
#include "base/fl_buf.h"

struct fl_tz;

/* What a line shows, as bits of fl_svg_chart.vals. */
enum fl_svg_val {
    FL_SVG_P50 = 1,         /* p50 latency per bucket */
    FL_SVG_P95 = 2,         /* p95 latency per bucket */
    FL_SVG_CALLS = 4,       /* calls per second */
    FL_SVG_ERRORS = 8       /* errors per second */
};

/* A labelled vertical marker (borrowed strings, log text allowed). */
struct fl_svg_marker {
    int64_t t_us;           /* where */
    const char *cls;        /* extra class: "change", "deploy", "rollback" */
    const char *label;      /* short label drawn at the top */
    const char *title;      /* full text shown on hover (<title>) */
};

/* At most this many characters of a marker's label are drawn. */
#define FL_SVG_LABEL_MAX 28

struct fl_svg_chart {
    const char *cls;        /* class of the svg beside "chart": "latency",
                               "rate", "class-latency" (static) */
    const char *label;      /* aria-label (escaped) */
    const struct fl_report_series *series; /* borrowed */
    unsigned vals;          /* bits of enum fl_svg_val; latency and rates
                               are not mixed */
    int64_t t0, t1;         /* time range (t1 > t0) */
    int64_t bucket_us;      /* bucket width: rates per second, gaps */
    int64_t shade0, shade1; /* incident window; shade0 INT64_MIN = none */
    const struct fl_svg_marker *markers; /* borrowed, may be NULL */
    size_t nmarkers;
    const struct fl_tz *tz; /* zone of the time labels, NULL = UTC */
    int height;             /* in viewBox units (the width is 1000) */
};

/* Append the <svg> of c. */
void fl_svg_chart(struct fl_buf *out, const struct fl_svg_chart *c);

/* Append the key of the lines in vals (spans, for a figcaption). */
void fl_svg_key(struct fl_buf *out, unsigned vals);

#endif
