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
 *  - candidates are the change records of the journal (fl_change.h) from
 *    `window_us` before the onset up to one bucket after it; each is scored
 *    on timing, a difference-in-differences of the latency of queries on
 *    its subject against queries on other subjects, the share of slowed
 *    calls that touch its subject, lock waits behind it, and a rollback (a
 *    change that undoes it, fl_change_undoes) near the recovery.
 * The result is a plain model of NUMBERS (struct fl_incident): no sentence
 * is made here; the writers (report stage) say things in their own words.
 * All strings in it are owned by it and hold normalised statements, names
 * and log messages only.
 */
#ifndef FL_INCIDENT_H
#define FL_INCIDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/fl_journal.h"
#include "series/fl_stats.h"

/* How far before the onset a change may be, when the options say 0: the
 * one place this default is written. */
#define FL_INCIDENT_WINDOW_DEFAULT_US (30 * 60 * 1000000LL)

/* Options (borrowed). */
/* How many times the normal variation of a group (the largest step
 * between the levels of the segments of its stable stretch before the
 * shift) a shift must rise. */
#define FL_INCIDENT_NOISE_K 2.0

struct fl_incident_opts {
    int64_t window_us;      /* how far before the onset a change may be (0 =
                               FL_INCIDENT_WINDOW_DEFAULT_US) */
    size_t min_calls;       /* calls a bucket needs to have a level (0 = 3) */
    int64_t min_effect_us;  /* practical significance: a shift must raise
                               its group's median by at least this much
                               (0 = FL_INCIDENT_MIN_EFFECT_DEFAULT_US) */
};

/* The default floor of a shift's effect on the median, and the share of
 * the window's calls its group must hold: the one place they are
 * written. */
#define FL_INCIDENT_MIN_EFFECT_DEFAULT_US 1000
#define FL_INCIDENT_MIN_SHARE 0.01

/* Why the largest shift of a log was not called an incident. */
enum fl_below {
    FL_BELOW_NONE = 0,      /* no shift of 2x at all */
    FL_BELOW_EFFECT,        /* its median rose by less than the floor */
    FL_BELOW_SHARE,         /* its group held under 1% of the calls */
    FL_BELOW_NOISE          /* its rise is under FL_INCIDENT_NOISE_K times
                               the largest level step of its group's
                               stable stretch before it */
};

enum fl_verdict {
    FL_VERDICT_NONE = 0,    /* no latency incident found */
    FL_VERDICT_CHANGE,      /* a change explains the shift */
    FL_VERDICT_LOAD,        /* the call rate rose with latency everywhere */
    FL_VERDICT_UNEXPLAINED, /* a shift no change explains */
    FL_VERDICT_DEPLOY       /* a deploy (no schema change) explains it */
};

enum fl_confidence {
    FL_CONF_LOW = 0,        /* score < 0.4 */
    FL_CONF_MEDIUM,         /* 0.4 <= score < 0.65 */
    FL_CONF_HIGH            /* score >= 0.65 */
};

/* Why a culprit got its score: named numbers, never prose. */
struct fl_evidence {
    double onset_offset_s;  /* onset minus the change's log time, seconds
                               (> 0: the change came before the onset) */
    bool has_ratios;        /* table_ratio / other_ratio were measured */
    double table_ratio;     /* p50 during/before of the slowed queries on its
                               subject, 0 if n/a */
    double other_ratio;     /* weighted median of the same on the queries
                               not touching it, 0 if n/a */
    bool has_touch;         /* touch_share is meaningful (slowed classes
                               exist and the change has a subject) */
    double touch_share;     /* share of slowed calls touching its subject,
                               0..1 */
    uint64_t lock_waits;    /* lock waits naming its pid as the holder */
    bool has_rollback_offset; /* undone and the incident recovered */
    double rollback_offset_s; /* rollback time minus recovery, seconds */
    double timing;          /* score parts, each 0..1: closeness in time */
    double did;             /* difference-in-differences of the ratios */
    double lock;            /* lock waits (3 or more = 1) */
    double rollback;        /* undone near the recovery = 1, later = 0.5 */
    bool undone_before;     /* undone before the onset (score halved) */
    bool has_fresh;         /* fresh_share is meaningful */
    double fresh_share;     /* share of the window's time (any domain) in
                               classes first seen after the change, 0..1
                               (a sql change: only classes on its subject) */
    uint64_t fresh_classes; /* how many such classes */
    double fresh;           /* score part: fresh_share (25% or more = 1) */
    double bracket;         /* score part: close before the onset and undone
                               at the recovery (0.8), else 0 */
    double err_ratio;       /* error rate during / before (0 = n/a) */
    double errors;          /* score part: an error jump after a deploy */
};

/* A change linked to a culprit: the migration that ran a schema change,
 * the release that ran the migration.  text NULL when there is none. */
struct fl_culprit_link {
    char *kind;             /* "migration", "deploy"... */
    char *text;             /* its message / release name */
    char *version;          /* revision / release version, "" if none */
    int64_t time_us;        /* when it was logged */
};

/* Another statement of the same change (one session's burst, one
 * migration): listed under the member that was named. */
struct fl_culprit_member {
    int64_t time_us;        /* when it was logged */
    char *kind;             /* its change kind */
    char *statement;        /* its normalised statement */
};

/* A class first seen after a culprit (its new query or route). */
#define FL_CULPRIT_MAX_FRESH 3
struct fl_fresh_class {
    char *text;             /* owned: fingerprint or route */
    const char *domain;     /* "sql", "http"... (static) */
    uint64_t calls;         /* calls in the incident window */
    double share;           /* share of its domain's time in the window */
};

/* A ranked culprit candidate (a change record of the journal). */
struct fl_culprit {
    int rank;               /* 1 = most likely */
    int64_t time_us;        /* when the change was logged */
    char *kind;             /* change kind ("create_index", "deploy"...) */
    char *domain;           /* who produced it ("sql"...) */
    char *statement;        /* normalised statement / release name */
    char *table;            /* first subject, "" if none */
    char *pid;              /* process that ran it, "" if unknown */
    bool blocks_reads;      /* the change's lock blocked reads */
    bool rewrites;          /* it rewrote its subject */
    double score;           /* 0..1 */
    enum fl_confidence confidence; /* level of score */
    struct fl_evidence ev;  /* the numbers behind the score */
    int64_t rollback_us;    /* time of the change undoing it, INT64_MIN */
    char *rollback;         /* its normalised statement, NULL if none */
    char *version;          /* the change's version / revision, "" if none */
    struct fl_culprit_link migration; /* the migration that ran it */
    struct fl_culprit_link release;   /* the release that ran that */
    struct fl_culprit_member *members; /* owned: the other statements of
                               the same change (same session within
                               FL_INC_BURST_US, or the same migration) */
    size_t nmembers;
    struct fl_fresh_class fresh[FL_CULPRIT_MAX_FRESH]; /* the classes first
                               seen after it that took the most time */
    size_t nfresh;
    bool tie;               /* scored within FL_INC_TIE of another,
                               unrelated candidate at the top: confidence
                               at most medium */
};

/* Types of timeline entries.  X(enum suffix, name); listed in name order
 * so that entries at the same time sort by name. */
#define FL_TL_TYPES(X) \
    X(CHANGE, "change") \
    X(DEADLOCK, "deadlock") \
    X(END, "end") \
    X(ERROR, "error") \
    X(LOCK_WAIT, "lock_wait") \
    X(ONSET, "onset") \
    X(PEAK, "peak") \
    X(RECOVERY, "recovery") \
    X(ROLLBACK, "rollback")

enum fl_tl_type {
#define FL_X_(e, name) FL_TL_##e,
    FL_TL_TYPES(FL_X_)
#undef FL_X_
    FL_TL__COUNT
};

/* One entry of the timeline: a typed record; the writers phrase it. */
struct fl_tl_entry {
    int64_t time_us;        /* when */
    enum fl_tl_type type;   /* what */
    char *pid;              /* change/rollback: who ran it (owned, "" if
                               unknown); else NULL */
    char *kind;             /* change/rollback: its kind ("drop_index",
                               "deploy", "migration"...), else NULL */
    char *version;          /* change/rollback: release / revision, "" if
                               none; else NULL */
    char *statement;        /* change/rollback: normalised statement;
                               onset: the most affected class; else NULL */
    char *group;            /* onset without an affected class: the key of
                               the group the shift was seen in, else NULL */
    bool group_is_query;    /* group is a query class (else a table) */
    char *message;          /* error/lock_wait/deadlock: the first one's
                               log message (owned), else NULL */
    char *blocker;          /* lock_wait: holder pid, NULL if none */
    uint64_t count;         /* error/lock_wait/deadlock: how many in the
                               incident window */
    double value_us;        /* peak: overall p95 of the bucket, else -1 */
};

/* An affected query class. */
struct fl_affected {
    uint64_t id;            /* fingerprint id */
    char *fingerprint;      /* normalised text */
    char *tables;           /* comma-separated */
    double p50_before, p50_during;  /* us, -1 if unknown */
    double p95_before, p95_during;  /* us, -1 if unknown */
    uint64_t calls_during;  /* its timed calls in the window */
    bool is_new;            /* first seen in the window (no baseline): its
                               ratio is against the whole domain's p50 */
    double ratio;           /* p50 during / p50 before (or the domain's) */
};

/* The impact figures. */
struct fl_impact {
    uint64_t calls_during;      /* all calls in the window */
    uint64_t calls_affected;    /* calls of affected classes in the window */
    double share_affected;      /* calls_affected / calls_during */
    double p50_before, p50_during, p95_before, p95_during; /* overall, us */
    int64_t worst_us;           /* slowest call in the window, -1 if none */
    uint64_t calls_over_10x;    /* calls over 10x their class baseline */
    double rate_before, rate_during;  /* calls per second */
    double err_rate_before, err_rate_during; /* errors per second */
    uint64_t errors_during;     /* error events in the window */
    uint64_t lock_waits_during; /* lock waits in the window */
};

/* The figures of another domain's calls over the incident's window
 * (access logs beside database logs): impact and affected classes. */
struct fl_incident_side {
    const char *domain;         /* "sql", "http"... (static) */
    struct fl_impact impact;
    struct fl_affected *affected;   /* owned, most impacted first */
    size_t naffected;
    bool found;                 /* its own series shows the shift */
    int64_t onset_us;           /* its own onset (found), else INT64_MIN */
};

#define FL_INCIDENT_MAX_SIDES 4

struct fl_incident {
    const char *domain;         /* domain of the series analysed ("sql",
                                   "http"; static), "" if unknown */
    enum fl_verdict verdict;    /* what explains the shift */
    bool found;                 /* an incident was found */
    int64_t onset_us;           /* first bucket of the shift */
    int64_t peak_us;            /* bucket with the highest overall p95 */
    int64_t recovery_us;        /* first recovered bucket, or end_us */
    int64_t start_us, end_us;   /* the logs' first bucket and end */
    bool recovered;             /* recovered before the end of the logs */
    int64_t bucket_us;          /* bucket width */
    int64_t window_us;          /* how far before the onset changes count */
    double shift_up;            /* a shift: level >= this x baseline */
    double shift_back;          /* recovered: level < this x baseline */
    double peak_p95_us;         /* level at the peak */
    struct fl_impact impact;    /* figures of the window */
    struct fl_affected *affected;   /* owned, most impacted first */
    size_t naffected;           /* entries in affected */
    struct fl_culprit *culprits;    /* owned, ranked */
    size_t nculprits;           /* entries in culprits */
    struct fl_tl_entry *entries;    /* owned, by time */
    size_t nentries;            /* entries in entries */
    uint64_t changes_seen;      /* change records in the journal */
    /* When !found: the range of the overall per-bucket median (-1, -1 if
     * there were not enough timed queries) over nbuckets buckets. */
    double quiet_p50_lo_us, quiet_p50_hi_us;
    size_t nbuckets;            /* buckets of the logs' span */
    /* The largest shift set aside as not significant (any incident):
     * its group's key, when it began, its median before and at its
     * highest level, and why. */
    enum fl_below below;
    char *below_group;          /* owned, NULL when below == NONE */
    int64_t below_onset_us;
    double below_before_us, below_during_us;
    double min_effect_us;       /* the floor used */
    struct fl_incident_side sides[FL_INCIDENT_MAX_SIDES]; /* other domains */
    size_t nsides;
    /* Clock offset between the domains' logs, estimated where both see the
     * shift: clock_domain's clock runs clock_offset_s seconds ahead of
     * this incident's domain (negative: behind). */
    bool has_clock_offset;
    double clock_offset_s;
    const char *clock_domain;   /* static, NULL when !has_clock_offset */
};

/* One statistics model (lens) of a run: a domain's calls. */
struct fl_incident_lens {
    const struct fl_stats *stats;   /* borrowed */
    const char *domain;             /* static name */
};

/* Analyse stats and the journal (sorted by time).  Returns an owned model
 * (free with fl_incident_free); never NULL. */
struct fl_incident *fl_incident_analyse(const struct fl_stats *s,
                                        const struct fl_journal *j,
                                        const struct fl_incident_opts *o);
void fl_incident_free(struct fl_incident *inc);

/* Analyse several lenses (one per domain) with one journal: each lens's
 * series is searched; the incident is the one whose culprit is strongest
 * (then: found, more calls); the other lenses give its sides (figures over
 * the same window) and, when their own series shift at about the same
 * time, the clock offset between them.  want: the domain to analyse
 * (NULL = choose).  n >= 1. */
struct fl_incident *fl_incident_analyse_lenses(
    const struct fl_incident_lens *lenses, size_t n, const char *want,
    const struct fl_journal *j, const struct fl_incident_opts *o);

/* Stable names: "none", "change", "load", "unexplained", "deploy"; "low", "medium",
 * "high"; the timeline entry names of FL_TL_TYPES.  Static strings. */
const char *fl_verdict_name(enum fl_verdict v);
const char *fl_confidence_name(enum fl_confidence c);
const char *fl_tl_type_name(enum fl_tl_type t);

#endif
