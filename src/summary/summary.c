/* summary.c - the in-memory summary (see fl_summary.h): lenses by domain,
 * change records and inputs, and the merge of two summaries.
 *
 * Invariants: lenses are sorted by domain name; after fl_summary_sort (and
 * after every merge and load) changes and inputs are in one total order,
 * so the result never depends on the order summaries were merged in. */
#include <stdlib.h>
#include <string.h>

#include "summary/fl_summary.h"
#include "base/fl_xalloc.h"

struct fl_summary *fl_summary_new(const struct fl_stats_opts *opts)
{
    struct fl_summary *s = fl_xcalloc(1, sizeof *s);

    s->opts = *opts;
    s->opts.keep_sample = false;   /* literal values are never saved */
    return s;
}

static void input_cleanup(struct fl_summary_input *in)
{
    free(in->path);
    free(in->format);
    free(in->compression);
}

void fl_summary_free(struct fl_summary *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nlens; i++)
        fl_stats_free(s->lens[i].stats);
    for (size_t i = 0; i < s->nchanges; i++)
        free(s->change_files[i]);
    free(s->changes);
    free(s->change_files);
    for (size_t i = 0; i < s->ninputs; i++)
        input_cleanup(&s->inputs[i]);
    free(s->inputs);
    free(s);
}

static struct fl_summary_lens *lens_find(const struct fl_summary *s,
                                         const char *domain)
{
    for (size_t i = 0; i < s->nlens; i++)
        if (strcmp(s->lens[i].domain, domain) == 0)
            return (struct fl_summary_lens *)&s->lens[i];
    return NULL;
}

struct fl_stats *fl_summary_lens(struct fl_summary *s, const char *domain)
{
    struct fl_summary_lens *l = lens_find(s, domain);
    size_t at = 0;

    if (l)
        return l->stats;
    if (s->nlens >= FL_SUMMARY_MAX_LENSES ||
        strlen(domain) >= FL_SUMMARY_DOMAIN_MAX)
        return NULL;
    while (at < s->nlens && strcmp(s->lens[at].domain, domain) < 0)
        at++;
    memmove(&s->lens[at + 1], &s->lens[at], (s->nlens - at) * sizeof *s->lens);
    s->nlens++;
    memset(&s->lens[at], 0, sizeof s->lens[at]);
    strcpy(s->lens[at].domain, domain);
    s->lens[at].stats = fl_stats_new(&s->opts);
    return s->lens[at].stats;
}

const struct fl_stats *fl_summary_find(const struct fl_summary *s,
                                       const char *domain)
{
    const struct fl_summary_lens *l = lens_find(s, domain);
    return l ? l->stats : NULL;
}

void fl_summary_add_change(struct fl_summary *s, const struct fl_change *c)
{
    size_t cap = s->capchanges;

    s->changes = fl_xgrow(s->changes, &s->capchanges, s->nchanges + 1,
                          sizeof *s->changes);
    s->change_files = fl_xgrow(s->change_files, &cap, s->nchanges + 1,
                               sizeof *s->change_files);
    s->changes[s->nchanges] = *c;
    s->change_files[s->nchanges] = fl_xstrdup(c->file ? c->file : "");
    s->changes[s->nchanges].file = s->change_files[s->nchanges];
    s->nchanges++;
}

void fl_summary_add_input(struct fl_summary *s,
                          const struct fl_summary_input *in)
{
    struct fl_summary_input *d;

    s->inputs = fl_xgrow(s->inputs, &s->capinputs, s->ninputs + 1,
                         sizeof *s->inputs);
    d = &s->inputs[s->ninputs++];
    *d = *in;
    d->path = fl_xstrdup(in->path ? in->path : "");
    d->format = fl_xstrdup(in->format ? in->format : "");
    d->compression = fl_xstrdup(in->compression ? in->compression : "none");
}

/* ---- the canonical order ---------------------------------------------------- */

static int cmp_i64(int64_t a, int64_t b)
{
    return a < b ? -1 : a > b;
}

static int change_cmp(const struct fl_change *a, const struct fl_change *b)
{
    int c;

    if ((c = cmp_i64(a->time_us, b->time_us)) ||
        (c = strcmp(a->kind, b->kind)) || (c = strcmp(a->text, b->text)) ||
        (c = strcmp(a->subjects, b->subjects)) ||
        (c = strcmp(a->file, b->file)) ||
        (c = cmp_i64((int64_t)a->line, (int64_t)b->line)) ||
        (c = cmp_i64(a->duration_us, b->duration_us)) ||
        (c = strcmp(a->domain, b->domain)) ||
        (c = strcmp(a->version, b->version)) || (c = strcmp(a->pid, b->pid)))
        return c;
    return 0;
}

static int input_cmp(const void *x, const void *y)
{
    const struct fl_summary_input *a = x, *b = y;
    int c = strcmp(a->path, b->path);

    if (c || (c = cmp_i64(a->first_us, b->first_us)) ||
        (c = cmp_i64(a->last_us, b->last_us)))
        return c;
    return cmp_i64((int64_t)a->size, (int64_t)b->size);
}

/* Insertion sort of changes with their file strings (the lists are short
 * and mostly in order already). */
static void sort_changes(struct fl_summary *s)
{
    for (size_t i = 1; i < s->nchanges; i++) {
        struct fl_change c = s->changes[i];
        char *f = s->change_files[i];
        size_t j = i;

        for (; j > 0 && change_cmp(&s->changes[j - 1], &c) > 0; j--) {
            s->changes[j] = s->changes[j - 1];
            s->change_files[j] = s->change_files[j - 1];
        }
        s->changes[j] = c;
        s->change_files[j] = f;
    }
}

void fl_summary_sort(struct fl_summary *s)
{
    sort_changes(s);
    if (s->ninputs > 1)
        qsort(s->inputs, s->ninputs, sizeof *s->inputs, input_cmp);
}

/* ---- merging ------------------------------------------------------------------ */

int fl_summary_merge(struct fl_summary *dst, const struct fl_summary *src)
{
    int rc;

    for (size_t i = 0; i < src->nlens; i++) {
        struct fl_stats *d = fl_summary_lens(dst, src->lens[i].domain);
        if (!d)
            return FL_ERR_USAGE;
        if ((rc = fl_stats_merge(d, src->lens[i].stats)) != FL_OK)
            return rc;
    }
    for (size_t i = 0; i < src->nchanges; i++)
        fl_summary_add_change(dst, &src->changes[i]);
    for (size_t i = 0; i < src->ninputs; i++)
        fl_summary_add_input(dst, &src->inputs[i]);
    fl_summary_sort(dst);
    return FL_OK;
}

uint64_t fl_summary_calls(const struct fl_summary *s)
{
    uint64_t n = 0;

    for (size_t i = 0; i < s->nlens; i++) {
        const struct fl_stats_group *g =
            fl_stats_get(s->lens[i].stats, FL_DIM_OVERALL, 0);
        n += fl_sketch_count(&g->lat) + g->calls_no_dur;
    }
    return n;
}

void fl_summary_span(const struct fl_summary *s, int64_t *first,
                     int64_t *last)
{
    *first = INT64_MAX;
    *last = INT64_MIN;
    for (size_t i = 0; i < s->nlens; i++) {
        const struct fl_stats_group *g =
            fl_stats_get(s->lens[i].stats, FL_DIM_OVERALL, 0);
        if (g->first_us < *first)
            *first = g->first_us;
        if (g->last_us > *last)
            *last = g->last_us;
    }
}
