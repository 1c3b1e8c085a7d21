/* fl_compare.h - the comparison of two periods (`faultline compare`): per
 * class, the figures before and after, a category, the impact, and the
 * changes that touch a regressed class.  Numbers only: the writers of the
 * report stage phrase them (fl_writer.h, kind FL_REPORT_COMPARE).
 *
 * Each period is a summary (summary/fl_summary.h), whatever it was made
 * from (logs, summaries, a range of a set of logs).  Classes are matched
 * by domain and class id (the fingerprint id, stable across runs).
 *
 * The significance test (why this one): a class regressed when the share
 * of its calls above the BEFORE period's p95 grew, in a one-sided
 * two-proportion z test (pooled variance) with z >= z_crit (default 3.09,
 * one-sided p < 0.001), computed on the sketch buckets (a call is "above"
 * when its bucket is above the bucket of the before-p95).  This is a
 * binomial test of exactly what the materiality rule talks about (the p95
 * tail), it needs no resampling, it is exact enough from the sketches
 * (1 % buckets), and it accounts for both sample sizes: 3 calls against 3
 * can never reach it, while a tail that moved for thousands of calls does.
 * Improved is the mirror (the share above the AFTER p95 fell).  Material
 * means the p95 rose by at least min_ratio (default +20 %) AND by at least
 * min_effect_us (default 1 ms).
 *
 * Categories, the first that applies: new (no call before), vanished (no
 * call after), regressed, errors_up (the error share rose, same z test,
 * by at least min_ratio relatively and one percentage point), improved,
 * volume (the call count moved by at least half, significant in a
 * binomial test of the calls split between the periods in proportion to
 * their lengths when both are known, else half and half), unchanged.
 *
 * Impact: the extra time per period a class costs,
 * (mean after - mean before) x calls after, in microseconds (negative
 * when it saves time); new classes cost their whole time, vanished ones
 * save theirs.  Classes are ranked by category, then by |impact|.
 */
#ifndef FL_COMPARE_H
#define FL_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event/fl_change.h"
#include "summary/fl_summary.h"

#define FL_CMP_CATEGORIES(X) \
    X(REGRESSED, "regressed") X(ERRORS_UP, "errors_up") X(NEW, "new") \
    X(VANISHED, "vanished") X(IMPROVED, "improved") X(VOLUME, "volume") \
    X(UNCHANGED, "unchanged")

enum fl_cmp_category {
#define FL_X_(e, name) FL_CMP_##e,
    FL_CMP_CATEGORIES(FL_X_)
#undef FL_X_
    FL_CMP__COUNT
};

const char *fl_cmp_category_name(enum fl_cmp_category c);

struct fl_compare_opts {
    double min_ratio;       /* material rise of p95 (0 = 0.2) */
    int64_t min_effect_us;  /* material rise of p95 in us (0 = 1000; -1 =
                               none) */
    double z_crit;          /* significance (0 = 3.09) */
    const char *before_label, *after_label; /* names of the periods
                               (borrowed, copied) */
    int64_t before_start, before_end; /* period bounds [start, end), UTC
                               us; INT64_MIN / INT64_MAX when open */
    int64_t after_start, after_end;
};

/* The figures of a class in one period. */
struct fl_cmp_side {
    uint64_t calls;         /* timed calls + calls without a duration */
    uint64_t timed;         /* timed calls */
    int64_t total_us;
    uint64_t errors;
    double mean_us, p50_us, p95_us, p99_us; /* -1 when no timed call */
    double above;           /* share of timed calls above the before-p95
                               (for the test), -1 if none */
};

struct fl_cmp_class {
    char domain[FL_SUMMARY_DOMAIN_MAX];
    uint64_t id;
    char *text;             /* owned: normalised statement or route */
    char *tables;           /* owned, comma-separated ("" if none) */
    enum fl_cmp_category category;
    struct fl_cmp_side before, after;
    double z;               /* the tail test's statistic (0 if not run) */
    double impact_us;       /* see above */
    size_t *changes;        /* owned: indices into fl_compare.changes */
    size_t nchanges;
};

struct fl_cmp_period {
    char label[64];
    int64_t start_us, end_us;   /* bounds, INT64_MIN / INT64_MAX if open */
    int64_t first_us, last_us;  /* span of its data, INT64_MAX/MIN if none */
    uint64_t calls;
    char **inputs;              /* owned paths of the logs it came from */
    size_t ninputs;
};

struct fl_compare {
    struct fl_compare_opts opts;          /* as used (defaults filled) */
    struct fl_cmp_period before, after;
    struct fl_cmp_class *classes;         /* owned, ranked */
    size_t nclasses;
    size_t counts[FL_CMP__COUNT];
    struct fl_change *changes;            /* owned copies (file NULL):
                                             between the periods or during
                                             the after one, by time */
    size_t nchanges;
};

/* Compare two summaries (borrowed, not kept).  Never fails; *out owned by
 * the caller (fl_compare_free). */
struct fl_compare *fl_compare_new(const struct fl_summary *before,
                                  const struct fl_summary *after,
                                  const struct fl_compare_opts *o);
void fl_compare_free(struct fl_compare *c);

/* The tail test alone, on two sketches: z of the rise of the share of
 * `after` values above the bucket of `before`'s q quantile (exposed for the
 * unit tests).  0 when either is empty. */
double fl_compare_tail_z(const struct fl_sketch *before,
                         const struct fl_sketch *after, double q,
                         double *share_before, double *share_after);

#endif
