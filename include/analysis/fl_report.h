/* fl_report.h - the report model: everything a command's output says, as
 * NUMBERS and names, for the writers of the report stage (fl_writer.h) to
 * render.  One model for `stats` and `timeline`: the stats summary (the
 * rows to show, already ranked and capped), the incident (window, impact,
 * culprits with their evidence as named numbers, typed timeline entries),
 * the per-bucket series a chart needs, and the inputs with their
 * diagnostics and what any bound left out.
 *
 * No sentence is made here: writers phrase.  Strings are owned by the
 * model unless a field says "borrowed".  Lifecycle: fl_report_new, then
 * fl_report_add_input per file (the ingest's on_file), then one of
 * fl_report_set_stats / fl_report_set_timeline; fl_report_stats and
 * fl_report_timeline do new + set in one call.  fl_report_free frees it.
 */
#ifndef FL_REPORT_H
#define FL_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/fl_compare.h"
#include "analysis/fl_incident.h"
#include "analysis/fl_journal.h"
#include "parse/fl_ingest.h"
#include "series/fl_stats.h"

/* Sort keys of the stats rows.  X(enum suffix, name). */
#define FL_SORT_KEYS(X) \
    X(TOTAL, "total") X(CALLS, "calls") X(MEAN, "mean") X(P95, "p95") \
    X(MAX, "max")

enum fl_sort {
#define FL_X_(e, name) FL_SORT_##e,
    FL_SORT_KEYS(FL_X_)
#undef FL_X_
    FL_SORT__COUNT
};

/* Default number of classes whose series are kept (beside the overall). */
#define FL_REPORT_SERIES_CLASSES 5

/* Number of stats rows (the first in rank order that have a series)
 * whose series are kept, beside the overall. */
#define FL_REPORT_STATS_SERIES 10

/* Options (borrowed). */
struct fl_report_opts {
    enum fl_stats_dim by;   /* stats: grouping (not FL_DIM_OVERALL) */
    enum fl_sort sort;      /* stats: ranking key */
    size_t top;             /* stats: rows to show, 0 = all */
    bool show_literals;     /* stats: show sample statements */
    struct fl_incident_opts incident; /* timeline: analysis options */
    const char *domain;     /* the domain whose numbers to report ("sql",
                               "http"); NULL = the one with the most timed
                               calls */
    const char *not_domain; /* with domain NULL: a domain not to pick
                               (--by fingerprint: "http", statements
                               rather than routes); NULL = none */
    size_t series_classes;  /* timeline: classes with a series (0 =
                               FL_REPORT_SERIES_CLASSES) */
};

enum fl_report_kind {
    FL_REPORT_NONE = 0,     /* made by fl_report_new, not filled yet */
    FL_REPORT_STATS,        /* `faultline stats` */
    FL_REPORT_TIMELINE,     /* `faultline timeline` */
    FL_REPORT_COMPARE       /* `faultline compare` */
};

/* The stats summary: rows of the chosen dimension, ranked and capped. */
struct fl_report_stats {
    const struct fl_stats *stats;        /* borrowed: must outlive the
                                            report */
    const struct fl_stats_group **rows;  /* owned array of borrowed groups,
                                            in rank order */
    size_t nrows;                        /* rows shown */
    size_t ngroups;                      /* groups of the dimension */
    enum fl_stats_dim by;                /* grouping */
    enum fl_sort sort;                   /* ranking key */
    bool show_literals;                  /* sample statements shown */
};

/* One bucket of a series. */
struct fl_report_point {
    int64_t start_us;       /* bucket start (UTC us) */
    uint64_t calls;         /* timed calls */
    uint64_t errors;        /* error events */
    double p50_us, p95_us;  /* latency quantiles, -1 if no timed call */
};

/* The per-bucket series of one group, over the non-empty buckets. */
struct fl_report_series {
    char *key;              /* "overall" or the class's fingerprint */
    uint64_t id;            /* fingerprint id, 0 for overall */
    struct fl_report_point *points; /* owned, by time */
    size_t npoints;         /* entries in points */
};

/* One input file and what happened to it (copied from fl_ingest_file). */
struct fl_report_input {
    char *path;             /* as given or found */
    char *format;           /* chosen format, "" if none */
    char *compression;      /* "none", "gzip", "bzip2" */
    uint64_t lines;         /* lines read */
    uint64_t events;        /* events produced */
    uint64_t unparsed;      /* lines not understood */
    int64_t first_us, last_us; /* span of its event times, INT64_MIN when
                               none */
    bool partial;           /* not read completely */
    bool skipped;           /* nothing parsed */
};

/* What the bounds of the run left out (0 = nothing). */
struct fl_report_left_out {
    uint64_t journal_events;  /* lock waits / deadlocks / errors not kept */
    uint64_t journal_changes; /* change records not kept */
    bool classes_folded;      /* classes past the cap went to "other" */
    uint64_t calls_folded;    /* calls counted in "other" */
    uint64_t series_buckets;  /* buckets beyond the series bound */
};

struct fl_report {
    enum fl_report_kind kind;           /* which parts are filled */
    const char *domain;                 /* domain of the numbers ("sql",
                                           "http"; static), "" if none */
    struct fl_report_stats stats;       /* FL_REPORT_STATS */
    struct fl_incident *incident;       /* FL_REPORT_TIMELINE (owned) */
    struct fl_compare *compare;         /* FL_REPORT_COMPARE (owned) */
    struct fl_report_series *series;    /* [0] overall, then (timeline) the
                                           most affected classes or (stats)
                                           the first FL_REPORT_STATS_SERIES
                                           rows that have cells (owned) */
    size_t nseries;                     /* entries in series */
    struct fl_report_input *inputs;     /* owned, in the order added */
    size_t ninputs;                     /* entries in inputs */
    size_t ninputs_not_logs;            /* files found in directories in no
                                           known format (not kept above) */
    struct fl_report_left_out left_out; /* what bounds left out */
};

/* An empty report (kind FL_REPORT_NONE).  Never NULL. */
struct fl_report *fl_report_new(void);

/* Record one input file (copies f; "//" in its path becomes "/").  A file
 * found in a directory and in no known format is only counted
 * (ninputs_not_logs). */
void fl_report_add_input(struct fl_report *r, const struct fl_ingest_file *f);

/* Fill r as the stats report of s (borrowed: must outlive r).  Returns
 * FL_OK, or FL_ERR_USAGE when r is already filled or o->by is not a
 * grouping. */
int fl_report_set_stats(struct fl_report *r, const struct fl_stats *s,
                        const struct fl_report_opts *o);

/* Fill r as the timeline report of s and j (j sorted by time; neither is
 * kept).  Returns FL_OK, or FL_ERR_USAGE when r is already filled. */
int fl_report_set_timeline(struct fl_report *r, const struct fl_stats *s,
                           const struct fl_journal *j,
                           const struct fl_report_opts *o);

/* The same over several lenses (one per domain, fl_incident.h): the
 * incident is analysed on the strongest (or the one named want) and r's
 * domain becomes its domain; the series come from that lens. */
int fl_report_set_timeline_lenses(struct fl_report *r,
                                  const struct fl_incident_lens *lenses,
                                  size_t n, const char *want,
                                  const struct fl_journal *j,
                                  const struct fl_report_opts *o);

/* Fill r as the comparison report c (r takes c over).  Returns FL_OK, or
 * FL_ERR_USAGE when r is already filled (c is freed then). */
int fl_report_set_compare(struct fl_report *r, struct fl_compare *c);

/* new + set in one call; NULL on a usage error. */
struct fl_report *fl_report_stats(const struct fl_stats *s,
                                  const struct fl_report_opts *o);
struct fl_report *fl_report_timeline(const struct fl_stats *s,
                                     const struct fl_journal *j,
                                     const struct fl_report_opts *o);

void fl_report_free(struct fl_report *r);

/* Sort key by name ("total", "calls", "mean", "p95", "max"), -1 if none;
 * and its name. */
int fl_report_sort_parse(const char *name);
const char *fl_report_sort_name(enum fl_sort s);

#endif
