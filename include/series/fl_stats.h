/* fl_stats.h - the statistics model: query events aggregated into groups
 * (overall, per fingerprint, per table, per database, per user), each with
 * exact totals, a quantile sketch, and a time-bucketed series.
 *
 * Series (cells) are kept for the overall, fingerprint and table groups;
 * database and user groups hold totals only.
 * Memory grows with distinct groups x non-empty buckets, never with input
 * size: past max_classes distinct fingerprints, further classes are folded
 * into one "other" group (flagged in the result).  Series are sparse (only
 * non-empty buckets are stored); with an automatic bucket width the width
 * starts at one second and doubles (merging neighbour buckets exactly) while
 * the span would need more than max_buckets buckets, so buckets are always
 * aligned to multiples of the width since the epoch and the result does not
 * depend on the order events arrive in.  A query is placed in time by when
 * it started (log time minus duration).  Everything is mergeable: the merge
 * of two models equals the model of the union of their events.
 */
#ifndef FL_STATS_H
#define FL_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event/fl_event.h"
#include "series/fl_sketch.h"

/* Options (copied by fl_stats_new). */
struct fl_stats_opts {
    int64_t bucket_us;      /* fixed bucket width; 0 = automatic */
    size_t max_buckets;     /* automatic width keeps at most this many (0 =
                               default 512) */
    size_t max_classes;     /* distinct fingerprints before "other" (0 =
                               default 100000) */
    bool keep_sample;       /* keep one statement text per class (it holds
                               literal values: --show-literals only) */
    bool no_series;         /* keep totals only, no per-bucket cells (what
                               `compare` needs: much less memory and time
                               when many summaries are merged) */
};

/* Grouping dimensions. */
enum fl_stats_dim {
    FL_DIM_OVERALL = 0, FL_DIM_FINGERPRINT, FL_DIM_TABLE, FL_DIM_DB,
    FL_DIM_USER, FL_DIM__COUNT
};

/* One time bucket of a group. */
struct fl_stats_cell {
    int64_t start_us;       /* bucket start (UTC us, multiple of the width) */
    uint64_t errors;        /* error events */
    int64_t rows_examined;  /* summed, -1 if never logged */
    struct fl_sketch lat;   /* durations; count/sum/min/max exact */
};

/* Totals of a group. */
/* A class keeps its first durations exactly, so the percentiles of a small
 * class are exact (the sketch's are within 1%). */
#define FL_STATS_EXACT 16

struct fl_stats_group {
    char *key;              /* owned: fingerprint text, table, db or user */
    uint64_t id;            /* fingerprint id (FL_DIM_FINGERPRINT), else 0 */
    char *tables;           /* owned, comma-separated, fingerprints only */
    char *sample;           /* owned sample statement (keep_sample) or NULL:
                               the class's slowest call (the first of equals) */
    int64_t sample_us;      /* its duration, -1 if it had none */
    int stmt_type;          /* enum fl_sql_stmt of the class, -1 if n/a */
    bool other;             /* the "other" class past max_classes */
    struct fl_sketch lat;   /* every duration */
    int64_t exact[FL_STATS_EXACT]; /* sorted durations while lat holds at
                                      most FL_STATS_EXACT: valid when
                                      nexact == its count */
    uint8_t nexact;
    uint64_t calls_no_dur;  /* query events without a duration */
    uint64_t errors;        /* error events attributed to the group */
    int64_t rows_examined;  /* summed, -1 if never logged */
    int64_t rows_sent;      /* summed, -1 if never logged */
    int64_t lock_us;        /* summed, -1 if never logged */
    int64_t first_us;       /* first start time, INT64_MAX if none */
    int64_t last_us;        /* last start time, INT64_MIN if none */
    struct fl_stats_cell *cells;  /* owned, sorted by start_us */
    size_t ncells, capcells;
    struct fl_stats_group **table_groups; /* fingerprints: owned array of
                                             borrowed FL_DIM_TABLE groups */
    size_t ntable_groups;
};

struct fl_stats; /* opaque */

struct fl_stats *fl_stats_new(const struct fl_stats_opts *o);
void fl_stats_free(struct fl_stats *s);

/* Add one event (query, ddl and request events with a duration are timed;
 * error events count as errors of their statement's class, and a failed
 * request as an error of its route too).  The class comes from the
 * event's domain (fl_domain.classify).  Returns 0. */
int fl_stats_add(struct fl_stats *s, const struct fl_event *ev);

/* fl_event_fn adapter: ctx is a struct fl_stats *. */
int fl_stats_event_cb(const struct fl_event *ev, void *ctx);

/* The q quantile of g's durations under fl_sketch_rank's rule: exact while
 * the class holds at most FL_STATS_EXACT durations, the sketch's estimate
 * (within 1%) beyond; -1 when it has none. */
double fl_stats_group_quantile(const struct fl_stats_group *g, double q);

/* Merge src into dst (same options).  Returns FL_OK or FL_ERR_USAGE when
 * fixed bucket widths differ. */
int fl_stats_merge(struct fl_stats *dst, const struct fl_stats *src);

/* Loading a saved model (summary files, summary/fl_summary.h): first the
 * span [lo, hi] of bucketed start times (lo > hi when none), the bucket
 * width and the event count of the model the groups come from, then each
 * of its groups in the order overall, table, db, user, fingerprint (the
 * "other" class last): the result equals fl_stats_merge of that model.
 * import_span returns FL_ERR_USAGE when s has a fixed width (--bucket) and
 * width differs, or width is not the automatic 1 s x 2^k, or the span is
 * out of range (beyond +-2^60 us). */
int fl_stats_import_span(struct fl_stats *s, int64_t lo, int64_t hi,
                         int64_t width, uint64_t events);
void fl_stats_import_group(struct fl_stats *s, enum fl_stats_dim dim,
                           const struct fl_stats_group *g);
/* The span of bucketed start times (for saving): lo > hi when none. */
void fl_stats_span(const struct fl_stats *s, int64_t *lo, int64_t *hi);

/* Current bucket width in microseconds. */
int64_t fl_stats_bucket_us(const struct fl_stats *s);

/* Groups of a dimension (borrowed; valid until the next add/merge/free).
 * FL_DIM_OVERALL has exactly one group. */
size_t fl_stats_count(const struct fl_stats *s, enum fl_stats_dim dim);
const struct fl_stats_group *fl_stats_get(const struct fl_stats *s,
                                          enum fl_stats_dim dim, size_t i);
/* Find a fingerprint class by id, or NULL. */
const struct fl_stats_group *fl_stats_find_id(const struct fl_stats *s,
                                              uint64_t id);
/* Find a group by key in a dimension, or NULL. */
const struct fl_stats_group *fl_stats_find_key(const struct fl_stats *s,
                                               enum fl_stats_dim dim,
                                               const char *key);

/* True when classes were folded into "other". */
bool fl_stats_capped(const struct fl_stats *s);
/* Events seen: query/ddl with duration, without, errors. */
uint64_t fl_stats_events(const struct fl_stats *s);

/* Name of a dimension ("overall", "fingerprint", "table", "db", "user"). */
const char *fl_stats_dim_name(enum fl_stats_dim dim);
int fl_stats_dim_parse(const char *name);

#endif
