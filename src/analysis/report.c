/* report.c - build the report model (fl_report.h) from the statistics and
 * the journal: rank and cap the stats rows, run the incident analysis,
 * extract the per-bucket series a chart needs, and keep the inputs and
 * what the bounds left out.  Numbers only; the writers phrase them. */
#include <stdlib.h>
#include <string.h>

#include "analysis/fl_report.h"
#include "base/fl_err.h"
#include "base/fl_xalloc.h"

/* At most this many points per series; the rest are counted in
 * left_out.series_buckets. */
#define MAX_POINTS 4096

static const char *const sort_names[] = {
#define FL_X_(e, name) name,
    FL_SORT_KEYS(FL_X_)
#undef FL_X_
};

int fl_report_sort_parse(const char *name)
{
    for (int i = 0; i < FL_SORT__COUNT; i++)
        if (strcmp(sort_names[i], name) == 0)
            return i;
    return -1;
}

const char *fl_report_sort_name(enum fl_sort s)
{
    return (unsigned)s < FL_SORT__COUNT ? sort_names[s] : "?";
}

struct fl_report *fl_report_new(void)
{
    struct fl_report *r = fl_xcalloc(1, sizeof(struct fl_report));

    r->domain = "";
    return r;
}

void fl_report_add_input(struct fl_report *r, const struct fl_ingest_file *f)
{
    struct fl_report_input *in;
    char *w;

    if (f->skipped && f->from_dir) {
        r->ninputs_not_logs++;
        return;
    }
    r->inputs = fl_xrealloc(r->inputs, (r->ninputs + 1) * sizeof *r->inputs);
    in = &r->inputs[r->ninputs++];
    in->path = fl_xstrdup(f->path ? f->path : "");
    for (w = in->path; (w = strstr(w, "//")) != NULL; )
        memmove(w, w + 1, strlen(w + 1) + 1);
    in->format = fl_xstrdup(f->format ? f->format : "");
    in->compression = fl_xstrdup(f->compression ? f->compression : "");
    in->lines = f->lines;
    in->events = f->events;
    in->unparsed = f->unparsed;
    in->first_us = f->first_us;
    in->last_us = f->last_us;
    in->partial = f->partial;
    in->skipped = f->skipped;
}

/* ---- stats ------------------------------------------------------------------ */

struct row {
    const struct fl_stats_group *g;
    double key;
};

static double sort_key(const struct fl_stats_group *g, enum fl_sort s)
{
    const struct fl_sketch *k = &g->lat;
    uint64_t n = fl_sketch_count(k);

    switch (s) {
    case FL_SORT_CALLS: return (double)(n + g->calls_no_dur);
    case FL_SORT_MEAN: return n ? fl_sketch_mean(k) : -1;
    case FL_SORT_P95: return n ? fl_stats_group_quantile(g, 0.95) : -1;
    case FL_SORT_MAX: return n ? (double)fl_sketch_max(k) : -1;
    default: return (double)fl_sketch_sum(k);
    }
}

/* By key (descending), "other" last, then by key text: deterministic. */
static int row_cmp(const void *a, const void *b)
{
    const struct row *x = a, *y = b;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    if (x->g->other != y->g->other)
        return x->g->other ? 1 : -1;
    return strcmp(x->g->key, y->g->key);
}

/* Calls counted in the "other" class (0 when nothing was folded). */
static void note_folded(struct fl_report *r, const struct fl_stats *s)
{
    size_t n = fl_stats_count(s, FL_DIM_FINGERPRINT);

    r->left_out.classes_folded = fl_stats_capped(s);
    for (size_t i = 0; i < n; i++) {
        const struct fl_stats_group *g = fl_stats_get(s, FL_DIM_FINGERPRINT, i);
        if (g->other)
            r->left_out.calls_folded = fl_sketch_count(&g->lat) + g->calls_no_dur;
    }
}

static void series_of(struct fl_report *r, const struct fl_stats_group *g,
                      const char *key, uint64_t id);

/* The series a stats page charts: the overall, then the first rows that
 * have a series (fingerprints and tables; db and user groups keep
 * totals only). */
static void stats_series(struct fl_report *r, const struct fl_stats *s)
{
    size_t n = 0;

    series_of(r, fl_stats_get(s, FL_DIM_OVERALL, 0), "overall", 0);
    for (size_t i = 0; i < r->stats.nrows && n < FL_REPORT_STATS_SERIES; i++) {
        const struct fl_stats_group *g = r->stats.rows[i];
        if (!g->ncells)
            continue;
        series_of(r, g, g->key, g->id);
        n++;
    }
}

int fl_report_set_stats(struct fl_report *r, const struct fl_stats *s,
                        const struct fl_report_opts *o)
{
    size_t cnt;
    struct row *rows;

    if (r->kind != FL_REPORT_NONE || o->by <= FL_DIM_OVERALL ||
        o->by >= FL_DIM__COUNT || (unsigned)o->sort >= FL_SORT__COUNT)
        return FL_ERR_USAGE;
    cnt = fl_stats_count(s, o->by);
    rows = fl_xcalloc(cnt + 1, sizeof *rows);
    for (size_t i = 0; i < cnt; i++) {
        rows[i].g = fl_stats_get(s, o->by, i);
        rows[i].key = sort_key(rows[i].g, o->sort);
    }
    qsort(rows, cnt, sizeof *rows, row_cmp);
    r->kind = FL_REPORT_STATS;
    r->stats.stats = s;
    r->stats.by = o->by;
    r->stats.sort = o->sort;
    r->stats.show_literals = o->show_literals;
    r->stats.ngroups = cnt;
    r->stats.nrows = o->top && o->top < cnt ? o->top : cnt;
    r->stats.rows = fl_xcalloc(r->stats.nrows + 1, sizeof *r->stats.rows);
    for (size_t i = 0; i < r->stats.nrows; i++)
        r->stats.rows[i] = rows[i].g;
    free(rows);
    stats_series(r, s);
    note_folded(r, s);
    return FL_OK;
}

/* ---- timeline ----------------------------------------------------------- */

static void series_of(struct fl_report *r, const struct fl_stats_group *g,
                      const char *key, uint64_t id)
{
    struct fl_report_series *sr;
    size_t n = g->ncells < MAX_POINTS ? g->ncells : MAX_POINTS;

    r->series = fl_xrealloc(r->series, (r->nseries + 1) * sizeof *r->series);
    sr = &r->series[r->nseries++];
    sr->key = fl_xstrdup(key);
    sr->id = id;
    sr->points = fl_xcalloc(n + 1, sizeof *sr->points);
    sr->npoints = n;
    r->left_out.series_buckets += g->ncells - n;
    for (size_t i = 0; i < n; i++) {
        const struct fl_stats_cell *c = &g->cells[i];
        struct fl_report_point *p = &sr->points[i];
        uint64_t calls = fl_sketch_count(&c->lat);
        p->start_us = c->start_us;
        p->calls = calls;
        p->errors = c->errors;
        p->p50_us = calls ? fl_sketch_quantile(&c->lat, 0.5) : -1;
        p->p95_us = calls ? fl_sketch_quantile(&c->lat, 0.95) : -1;
    }
}

/* The overall series, then those of the most affected classes. */
static void all_series(struct fl_report *r, const struct fl_stats *s,
                       size_t max)
{
    const struct fl_incident *inc = r->incident;

    series_of(r, fl_stats_get(s, FL_DIM_OVERALL, 0), "overall", 0);
    for (size_t i = 0; i < inc->naffected && i < max; i++) {
        const struct fl_stats_group *g = fl_stats_find_id(s, inc->affected[i].id);
        if (g)
            series_of(r, g, g->key, g->id);
    }
}

int fl_report_set_timeline_lenses(struct fl_report *r,
                                  const struct fl_incident_lens *lenses,
                                  size_t n, const char *want,
                                  const struct fl_journal *j,
                                  const struct fl_report_opts *o)
{
    const struct fl_stats *s = lenses[0].stats;

    if (r->kind != FL_REPORT_NONE)
        return FL_ERR_USAGE;
    r->kind = FL_REPORT_TIMELINE;
    r->incident = fl_incident_analyse_lenses(lenses, n, want, j,
                                             o ? &o->incident : NULL);
    for (size_t i = 0; i < n; i++)
        if (strcmp(lenses[i].domain, r->incident->domain) == 0)
            s = lenses[i].stats;
    r->domain = r->incident->domain;
    all_series(r, s, o && o->series_classes ? o->series_classes
                                            : FL_REPORT_SERIES_CLASSES);
    r->left_out.journal_events = fl_journal_dropped(j);
    r->left_out.journal_changes = fl_journal_changes_dropped(j);
    note_folded(r, s);
    return FL_OK;
}

int fl_report_set_timeline(struct fl_report *r, const struct fl_stats *s,
                           const struct fl_journal *j,
                           const struct fl_report_opts *o)
{
    struct fl_incident_lens l = { s, r->domain ? r->domain : "" };

    return fl_report_set_timeline_lenses(r, &l, 1, NULL, j, o);
}

struct fl_report *fl_report_stats(const struct fl_stats *s,
                                  const struct fl_report_opts *o)
{
    struct fl_report *r = fl_report_new();

    if (fl_report_set_stats(r, s, o) != FL_OK) {
        fl_report_free(r);
        return NULL;
    }
    return r;
}

struct fl_report *fl_report_timeline(const struct fl_stats *s,
                                     const struct fl_journal *j,
                                     const struct fl_report_opts *o)
{
    struct fl_report *r = fl_report_new();

    fl_report_set_timeline(r, s, j, o);
    return r;
}

int fl_report_set_compare(struct fl_report *r, struct fl_compare *c)
{
    if (r->kind != FL_REPORT_NONE) {
        fl_compare_free(c);
        return FL_ERR_USAGE;
    }
    r->kind = FL_REPORT_COMPARE;
    r->compare = c;
    return FL_OK;
}

void fl_report_free(struct fl_report *r)
{
    if (!r)
        return;
    fl_compare_free(r->compare);
    free(r->stats.rows);
    fl_incident_free(r->incident);
    for (size_t i = 0; i < r->nseries; i++) {
        free(r->series[i].key);
        free(r->series[i].points);
    }
    free(r->series);
    for (size_t i = 0; i < r->ninputs; i++) {
        free(r->inputs[i].path);
        free(r->inputs[i].format);
        free(r->inputs[i].compression);
    }
    free(r->inputs);
    free(r);
}
