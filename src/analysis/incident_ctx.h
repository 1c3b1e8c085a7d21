/* incident_ctx.h - private to the incident analysis (incident.c finds and
 * measures the window, culprit.c ranks the changes): the state of one
 * analysis and the window helpers both halves use.  Not a public header:
 * nothing outside src/analysis/{incident,culprit}.c includes it.
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

/* Rank the changes of the window into c->inc->culprits (culprit.c). */
void fl_inc_rank_culprits(struct fl_inc_ctx *c);

/* A broad slowdown with more calls (culprit.c). */
bool fl_inc_looks_like_load(struct fl_inc_ctx *c);

#endif
