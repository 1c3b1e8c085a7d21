/* fl_incident.h - the analysis behind `faultline timeline`: find the latency
 * shift (onset, peak, recovery) in the bucketed series, measure its impact,
 * line it up against the schema changes, and rank the likely culprit.
 *
 * Method (numbers and rules in faultline(1), "HOW THE CULPRIT IS FOUND"):
 *  - series: per bucket the median of the durations (log scale), weighted
 *    by calls; overall, per fingerprint and per table with enough calls;
 *    each queried by fl_shift_detect (penalty from the data);
 *  - an episode is a run of segments whose level is at least 2x the
 *    group's baseline (its first segment); the incident is the episode with
 *    the largest excess (calls x log ratio); onset/recovery are the first
 *    buckets of its first and of the following segment;
 *  - candidates are DDL events from `window_us` before the onset up to one
 *    bucket after it; each is scored on timing, a difference-in-differences
 *    of the latency of queries on its table against queries on other
 *    tables, the share of slowed calls that touch its table, lock waits
 *    behind it, and a rollback (an undoing change) near the recovery.
 * The result is a plain model (struct fl_incident) that the renderers in
 * fl_tlout.h turn into Markdown, JSON or text.  All strings in it are owned
 * by it and hold normalised statements only (no literal values).
 */
#ifndef FL_INCIDENT_H
#define FL_INCIDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/fl_journal.h"
#include "series/fl_stats.h"

/* Options (borrowed). */
struct fl_incident_opts {
    int64_t window_us;      /* how far before the onset a change may be (0 =
                               30 minutes) */
    size_t min_calls;       /* calls a bucket needs to have a level (0 = 3) */
};

enum fl_verdict {
    FL_VERDICT_NONE = 0,    /* no latency incident found */
    FL_VERDICT_CHANGE,      /* a schema change explains the shift */
    FL_VERDICT_LOAD,        /* the call rate rose with latency everywhere */
    FL_VERDICT_UNEXPLAINED  /* a shift no change explains */
};

/* A ranked culprit candidate. */
struct fl_culprit {
    int rank;               /* 1 = most likely */
    int64_t time_us;        /* when the change was logged */
    char *kind;             /* ddl action ("create_index", ...) */
    char *statement;        /* normalised statement (fingerprint) */
    char *table;            /* target table, "" if unknown */
    char *pid;              /* process that ran it */
    double score;           /* 0..1 */
    const char *confidence; /* "high", "medium", "low" (static) */
    char *evidence;         /* the explanation in numbers */
    int64_t rollback_us;    /* time of the change undoing it, INT64_MIN */
    char *rollback;         /* its normalised statement, NULL if none */
    double table_ratio;     /* p50 during/before on its table, 0 if n/a */
    double other_ratio;     /* same on other tables, 0 if n/a */
    double touch_share;     /* share of slowed calls touching its table */
    uint64_t lock_waits;    /* lock waits behind it */
};

/* One line of the timeline. */
struct fl_tl_entry {
    int64_t time_us;
    const char *kind;       /* "change", "onset", "error", "lock_wait",
                               "deadlock", "peak", "rollback", "recovery",
                               "end" (static) */
    char *text;             /* what the logs show, plain text (owned) */
    char *code;             /* a normalised statement shown after the
                               text as code, or NULL (owned) */
};

/* An affected query class. */
struct fl_affected {
    uint64_t id;            /* fingerprint id */
    char *fingerprint;      /* normalised text */
    char *tables;           /* comma-separated */
    double p50_before, p50_during;  /* us, -1 if unknown */
    double p95_before, p95_during;
    uint64_t calls_during;
};

/* The impact figures. */
struct fl_impact {
    uint64_t calls_during;      /* all calls in the window */
    uint64_t calls_affected;    /* calls of affected classes in the window */
    double share_affected;      /* calls_affected / calls_during */
    double p50_before, p50_during, p95_before, p95_during; /* overall, us */
    int64_t worst_us;           /* slowest call in the window */
    uint64_t calls_over_10x;    /* calls over 10x their class baseline */
    double rate_before, rate_during;  /* calls per second */
    double err_rate_before, err_rate_during; /* errors per second */
    uint64_t errors_during;
    uint64_t lock_waits_during;
};

struct fl_incident {
    enum fl_verdict verdict;
    bool found;                 /* an incident was found */
    int64_t onset_us, peak_us, recovery_us, end_us, start_us;
    bool recovered;
    int64_t bucket_us;
    double peak_p95_us;         /* level at the peak */
    struct fl_impact impact;
    struct fl_affected *affected;   /* owned, most impacted first */
    size_t naffected;
    struct fl_culprit *culprits;    /* owned, ranked */
    size_t nculprits;
    struct fl_tl_entry *entries;    /* owned, by time */
    size_t nentries;
    char *summary;              /* one paragraph (owned) */
    char *no_incident_evidence; /* when !found: why (owned) or NULL */
    uint64_t changes_seen;      /* DDL events in the logs */
};

/* Analyse stats and the journal (sorted by time).  Returns an owned model
 * (free with fl_incident_free); never NULL. */
struct fl_incident *fl_incident_analyse(const struct fl_stats *s,
                                        const struct fl_journal *j,
                                        const struct fl_incident_opts *o);
void fl_incident_free(struct fl_incident *inc);

const char *fl_verdict_name(enum fl_verdict v);

#endif
