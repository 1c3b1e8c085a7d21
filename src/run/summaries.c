/* summaries.c - summary files among a run's inputs, and `summarize` (see
 * fl_runsum.h).  Loading never stops a run: a damaged or foreign summary
 * is reported and counted, like a damaged log. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "run/fl_runsum.h"
#include "base/fl_xalloc.h"

static void push(char ***v, size_t *n, const char *s)
{
    *v = fl_xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = fl_xstrdup(s);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The summaries directly inside dir (sorted); returns true when dir holds
 * nothing else (no other visible file or directory). */
static bool dir_summaries(const char *dir, struct fl_run_split *sp)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    bool only = true;
    size_t first = sp->nsums, seen = 0;

    if (!d)
        return false;
    while ((e = readdir(d)) != NULL) {
        char path[4096];
        if (e->d_name[0] == '.')
            continue;
        seen++;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >=
            sizeof path || !fl_summary_is_file(path)) {
            only = false;
            continue;
        }
        push(&sp->sums, &sp->nsums, path);
    }
    closedir(d);
    if (sp->nsums - first > 1)
        qsort(sp->sums + first, sp->nsums - first, sizeof *sp->sums, by_name);
    return only && seen > 0;
}

void fl_run_split_inputs(const char *const *in, size_t n,
                         struct fl_run_split *sp)
{
    struct stat st;

    memset(sp, 0, sizeof *sp);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(in[i], "-") != 0 && fl_summary_is_file(in[i]))
            push(&sp->sums, &sp->nsums, in[i]);
        else if (strcmp(in[i], "-") != 0 && stat(in[i], &st) == 0 &&
                 S_ISDIR(st.st_mode) && dir_summaries(in[i], sp))
            continue;
        else
            push(&sp->logs, &sp->nlogs, in[i]);
    }
}

void fl_run_split_free(struct fl_run_split *sp)
{
    for (size_t i = 0; i < sp->nlogs; i++)
        free(sp->logs[i]);
    for (size_t i = 0; i < sp->nsums; i++)
        free(sp->sums[i]);
    free(sp->logs);
    free(sp->sums);
    memset(sp, 0, sizeof *sp);
}

static void report_loaded(const struct fl_run_cbs *cbs, const char *path,
                          const struct fl_summary *s)
{
    struct fl_ingest_file f;

    if (!cbs || !cbs->file)
        return;
    memset(&f, 0, sizeof f);
    f.path = path;
    f.format = "summary";
    f.compression = "zlib";
    f.events = fl_summary_calls(s);
    fl_summary_span(s, &f.first_us, &f.last_us);
    cbs->file(cbs->ctx, &f);
}

/* Where a summary's data lies against [since, until): -1 outside, 0
 * inside, 1 across a bound (an empty summary is inside). */
static int against(const struct fl_summary *s, int64_t since, int64_t until)
{
    int64_t first, last;

    fl_summary_span(s, &first, &last);
    if (first > last || (first >= since && last < until))
        return 0;
    if (last < since || first >= until)
        return -1;
    return 1;
}

struct fl_summary *fl_run_load_summaries(const struct fl_run_split *sp,
                                         const struct fl_stats_opts *o,
                                         int64_t since, int64_t until,
                                         const struct fl_run_cbs *cbs,
                                         size_t *loaded, size_t *bad,
                                         size_t *outside)
{
    struct fl_summary *all = NULL;

    *loaded = *bad = *outside = 0;
    for (size_t i = 0; i < sp->nsums; i++) {
        struct fl_summary *s;
        struct fl_err e;
        int rc = fl_summary_load_file(sp->sums[i], o, &s, &e);
        int where = rc == FL_OK ? against(s, since, until) : 0;

        if (where < 0) {
            (*outside)++;
            fl_summary_free(s);
            continue;
        }
        if (where > 0)
            rc = fl_err_set(&e, FL_ERR_USAGE, sp->sums[i], 0, UINT64_MAX,
                            "left out: its data crosses a bound of the "
                            "period (--since/--until); a summary cannot be "
                            "cut in time");

        if (rc == FL_OK && all && fl_summary_merge(all, s) != FL_OK)
            rc = fl_err_set(&e, FL_ERR_USAGE, sp->sums[i], 0, UINT64_MAX,
                            "cannot merge this summary (too many domains)");
        if (rc != FL_OK) {
            (*bad)++;
            if (cbs && cbs->diag)
                cbs->diag(cbs->ctx, &e);
            fl_summary_free(s);
            continue;
        }
        (*loaded)++;
        report_loaded(cbs, sp->sums[i], s);
        if (!all)
            all = s;
        else
            fl_summary_free(s);
    }
    return all;
}

/* ---- summarize ---------------------------------------------------------------- */

int fl_run_summary(struct fl_run *r, const struct fl_run_cbs *cbs,
                   struct fl_summary **out, struct fl_run_result *res,
                   struct fl_err *err)
{
    struct fl_run_output ro = { 0 };
    struct fl_report_opts rpo;
    const struct fl_domain *const *domains = fl_run_domains();
    struct fl_summary *s;
    int rc;

    memset(&rpo, 0, sizeof rpo);
    *out = NULL;
    rc = fl_run_report(r, FL_REPORT_NONE, &rpo, cbs, &ro, res, err);
    if (rc != FL_OK)
        return rc;
    if (ro.journal)
        fl_journal_sort(ro.journal);
    s = fl_summary_new(fl_run_stats_opts(r));
    for (size_t i = 0; i < FL_RUN_MAX_DOMAINS && domains[i]; i++) {
        const struct fl_stats_group *all =
            fl_stats_get(ro.lens[i], FL_DIM_OVERALL, 0);
        struct fl_stats *l;
        if (fl_stats_events(ro.lens[i]) == 0 && all->errors == 0)
            continue;
        if ((l = fl_summary_lens(s, domains[i]->name)))
            fl_stats_merge(l, ro.lens[i]);
    }
    for (size_t i = 0; ro.journal && i < fl_journal_nchanges(ro.journal); i++)
        fl_summary_add_change(s, fl_journal_change(ro.journal, i));
    for (size_t i = 0; ro.report && i < ro.report->ninputs; i++) {
        const struct fl_report_input *ri = &ro.report->inputs[i];
        struct fl_summary_input in = { ri->path, ri->format, ri->compression,
                                       0, ri->lines, ri->events, ri->unparsed,
                                       ri->first_us, ri->last_us, ri->partial,
                                       ri->skipped };
        struct stat st;
        if (stat(ri->path, &st) == 0)
            in.size = (uint64_t)st.st_size;
        fl_summary_add_input(s, &in);
    }
    fl_summary_sort(s);
    fl_run_output_cleanup(&ro);
    *out = s;
    return FL_OK;
}
