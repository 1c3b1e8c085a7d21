/* incident_ctx.h - private to the incident analysis (incident.c finds and
 * measures the window, culprit.c ranks the changes): the state of one
 * analysis and the window helpers both halves use.  Not a public header:
 * nothing outside src/analysis/ includes it.
 */
#ifndef FL_INCIDENT_CTX_H
#define FL_INCIDENT_CTX_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis/fl_incident.h"
#include "analysis/fl_journal.h"
#include "series/fl_sketch.h"
#include "series/fl_stats.h"

#define FL_INC_SHIFT_UP 2.0       /* an episode: level >= 2x baseline */
#define FL_INC_SHIFT_BACK 1.5     /* recovered: level < 1.5x baseline */
#define FL_INC_MIN_CLASS_CALLS 20 /* calls a class needs to be analysed */
#define FL_INC_LOCK_STORM 3       /* lock waits behind one change: a storm */

/* The buckets of the logs. */
struct fl_inc_span {
    int64_t lo, w;            /* first bucket start, width */
    size_t n;                 /* buckets */
};

/* One analysis. */
struct fl_inc_ctx {
    const struct fl_stats *s;       /* borrowed */
    const struct fl_journal *j;     /* borrowed, sorted by time */
    struct fl_incident *inc;        /* the model being filled */
    struct fl_inc_span sp;
    int64_t before0, before1, during0, during1;  /* [t0, t1) ranges */
    int64_t window;                 /* resolved window_us */
    const struct fl_incident_lens *lenses; /* every lens of the run */
    size_t nlenses;
    size_t at;                      /* s is lenses[at].stats */
};

/* The merged cells of g in [t0, t1). */
struct fl_inc_range {
    struct fl_sketch lat;     /* durations (fl_sketch_cleanup after use) */
    uint64_t errors;          /* error events */
};

void fl_inc_range(const struct fl_stats_group *g, int64_t t0, int64_t t1,
                  struct fl_inc_range *r);
/* Quantile p of the range, -1 when empty. */
double fl_inc_q(const struct fl_inc_range *r, double p);

/* When a change began: its log time minus its duration (a statement is
 * logged when it completes). */
int64_t fl_inc_change_start(const struct fl_change *ch);

/* The impact figures and affected classes of stats s over c's window
 * (impact.c); *aff gets an owned array of *naff entries, most impacted
 * first. */
void fl_inc_measure(const struct fl_inc_ctx *c, const struct fl_stats *s,
                    struct fl_impact *im, struct fl_affected **aff,
                    size_t *naff);
/* Calls in the sketch above v (impact.c). */
uint64_t fl_inc_count_above(const struct fl_sketch *k, double v);
void fl_inc_free_affected(struct fl_affected *a, size_t n);

/* The other lenses' figures over c's window into c->inc->sides
 * (lenses.c). */
void fl_inc_measure_sides(struct fl_inc_ctx *c);
/* The lens of domain name (NULL if none) (lenses.c). */
const struct fl_stats *fl_inc_lens_of(const struct fl_inc_ctx *c,
                                      const char *domain);

/* One full analysis of lenses[at] (incident.c). */
struct fl_incident *fl_inc_analyse_one(const struct fl_incident_lens *lenses,
                                       size_t n, size_t at,
                                       const struct fl_journal *j,
                                       const struct fl_incident_opts *o);

/* Timeline entries and cleanup (entries.c). */
void fl_inc_change_entries(struct fl_inc_ctx *c);
void fl_inc_first_entries(struct fl_inc_ctx *c);
void fl_inc_shift_entries(struct fl_inc_ctx *c,
                          const struct fl_stats_group *who);
void fl_inc_sort_entries(struct fl_incident *inc);
void fl_inc_reset(struct fl_incident *inc);
void fl_inc_free_culprit(struct fl_culprit *k);

/* Link schema changes to the migration and release that ran them
 * (links.c): fills k->migration / k->release of the culprit made from
 * the at-th change; true when the at-th change is itself a migration or
 * release linked to another candidate (it is then left out). */
void fl_inc_link(const struct fl_inc_ctx *c, size_t at,
                 struct fl_culprit *k);
bool fl_inc_is_linked_part(const struct fl_inc_ctx *c, size_t at);

/* Evidence not tied to a table (fresh.c): classes first seen after ch
 * (on table when not NULL), and an error-rate jump in the window. */
void fl_inc_fresh_evidence(const struct fl_inc_ctx *c,
                           const struct fl_change *ch, const char *table,
                           struct fl_culprit *k);
void fl_inc_error_evidence(const struct fl_inc_ctx *c, struct fl_evidence *ev);

/* Statements of one change: one session's statements within this much of
 * each other, or of one migration, are one candidate (bursts.c). */
#define FL_INC_BURST_US (2 * 1000000LL)
/* Top candidates of unrelated changes closer than this are a tie. */
#define FL_INC_TIE 0.05

/* Fold each burst of candidates into its most likely member (bursts.c),
 * then mark ties at the top; inc->culprits sorted by score after. */
void fl_inc_fold_bursts(struct fl_incident *inc);
void fl_inc_mark_ties(struct fl_incident *inc);

/* Rank the changes of the window into c->inc->culprits (culprit.c). */
void fl_inc_rank_culprits(struct fl_inc_ctx *c);

/* A broad slowdown with more calls (culprit.c). */
bool fl_inc_looks_like_load(struct fl_inc_ctx *c);

#endif
