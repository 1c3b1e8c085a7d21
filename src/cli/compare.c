/* compare.c - the `summarize` and `compare` commands: logs (or summaries)
 * into a saved summary, and two periods into a regression report.  Each
 * period becomes one summary (a run of the driver over its inputs, within
 * its bounds); the comparison and its writers do the rest.
 *
 * Periods: BEFORE AFTER (two positional inputs), --before/--after (sets of
 * inputs), --before-range/--after-range (two half-open ranges of one set
 * of inputs) or --period week|day (the last complete ISO week or day
 * before --at, default now, against the one before it, in --tz).  A
 * period is a list of inputs plus optional bounds, so a state directory's
 * per-day summaries fit as they are. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "cli/fl_cli.h"
#include "cli/fl_cmd.h"
#include "run/fl_runsum.h"
#include "time/fl_period.h"
#include "time/fl_time.h"
#include "time/fl_tz.h"

/* ---- summarize ------------------------------------------------------------------ */

int fl_cli_summarize(const struct fl_cli_cmd *cmd, int argc, char **argv)
{
    struct fl_cli_opts o;
    struct fl_run_opts ro;
    struct fl_run_result res;
    struct fl_run *run;
    struct report rep = { &o, 0 };
    struct fl_run_cbs cbs = { fl_cmd_on_diag, fl_cmd_on_file, &rep, NULL };
    struct fl_summary *sum = NULL;
    struct fl_buf buf;
    struct out out;
    struct fl_err e;
    char user_dir[1024];
    int rc = fl_cmd_start(cmd, argc, argv, &o, &ro, user_dir, sizeof user_dir);

    if (rc)
        return rc > 0 ? FL_EXIT_OK : FL_EXIT_USAGE;
    if (!o.output) {
        fl_cli_msg("summarize: give the summary file with -o FILE");
        return FL_EXIT_USAGE;
    }
    if (fl_cmd_new_run(&ro, &run) != 0)
        return FL_EXIT_USAGE;
    if (fl_cmd_out_open(&out, o.output) != 0) {
        fl_run_free(run);
        return FL_EXIT_USAGE;
    }
    rc = fl_run_summary(run, &cbs, &sum, &res, &e);
    rc = fl_cmd_run_status(&o, rc, &e, &res, "statements");
    fl_buf_init(&buf);
    if (sum && fl_summary_write(sum, PACKAGE_VERSION, &buf) != FL_OK) {
        fl_cli_msg("%s: cannot compress the summary", o.output);
        rc = FL_EXIT_USAGE;
    }
    if (sum && rc != FL_EXIT_USAGE && fl_cmd_out_write(&out, &buf) != 0)
        rc = FL_EXIT_USAGE;
    if (fl_cmd_out_close(&out, sum && rc != FL_EXIT_USAGE) != 0)
        rc = FL_EXIT_USAGE;
    fl_buf_cleanup(&buf);
    fl_summary_free(sum);
    fl_run_free(run);
    return rc;
}

/* ---- compare: the periods ----------------------------------------------------------- */

struct side {
    const char *const *inputs;
    size_t ninputs;
    char since[64], until[64];      /* bounds for the run, "" if open */
    int64_t start, end;             /* the same in UTC us (open: MIN/MAX) */
    char label[64];
    struct fl_summary *sum;
    bool partial, empty;
};

/* Read a side into its summary.  Returns 0, or FL_EXIT_USAGE. */
static int read_side(const struct fl_cli_opts *o, struct side *s)
{
    struct fl_run_opts ro;
    struct fl_run_result res;
    struct fl_run *run;
    struct report rep = { o, 0 };
    struct fl_run_cbs cbs = { fl_cmd_on_diag, fl_cmd_on_file, &rep, NULL };
    struct fl_err e;
    char user_dir[1024], buf[2048];
    int rc;

    fl_cmd_run_opts(o, &ro, user_dir, sizeof user_dir);
    ro.inputs = s->inputs;
    ro.ninputs = s->ninputs;
    ro.since = s->since[0] ? s->since : NULL;
    ro.stats.no_series = true;      /* the comparison reads totals only */
    ro.until = s->until[0] ? s->until : NULL;
    if (fl_cmd_new_run(&ro, &run) != 0)
        return FL_EXIT_USAGE;
    rc = fl_run_summary(run, &cbs, &s->sum, &res, &e);
    fl_run_free(run);
    if (rc != FL_OK) {
        fl_cli_msg("%s", fl_err_format(&e, buf, sizeof buf));
        return e.code == FL_ERR_USAGE ? FL_EXIT_USAGE : (s->partial = true, 0);
    }
    s->partial = fl_run_partial(&res);
    s->empty = fl_summary_calls(s->sum) == 0;
    if (!res.ingest.parsed)
        fl_cli_msg("%s: no log in a known format among the %zu input file%s",
                   s->label, res.ingest.files, res.ingest.files == 1 ? "" : "s");
    return 0;
}

/* "A..B" into the side's bounds (parsed in tz).  Returns 0 or -1. */
static int set_range(const char *opt, const char *arg, const struct fl_tz *tz,
                     struct side *s)
{
    const char *dots = strstr(arg, "..");
    size_t n = dots ? (size_t)(dots - arg) : 0;

    if (!dots || n == 0 || n >= sizeof s->since || strlen(dots + 2) == 0 ||
        strlen(dots + 2) >= sizeof s->until) {
        fl_cli_msg("%s: give the range as START..END (e.g. 2026-11-16..2026-11-23)", opt);
        return -1;
    }
    memcpy(s->since, arg, n);
    s->since[n] = '\0';
    snprintf(s->until, sizeof s->until, "%s", dots + 2);
    if (fl_time_parse_user(s->since, tz, &s->start) != FL_OK ||
        fl_time_parse_user(s->until, tz, &s->end) != FL_OK ||
        s->end <= s->start) {
        fl_cli_msg("%s: cannot read \"%s\" as START..END with START before END", opt, arg);
        return -1;
    }
    snprintf(s->label, sizeof s->label, "%s", arg);
    return 0;
}

static void set_bounds(struct side *s, int64_t start, int64_t end)
{
    s->start = start;
    s->end = end;
    snprintf(s->since, sizeof s->since, "@%lld", (long long)(start / 1000000));
    snprintf(s->until, sizeof s->until, "@%lld", (long long)(end / 1000000));
}

/* --period: the last complete period before --at and the one before it. */
static int set_period(const struct fl_cli_opts *o, const struct fl_tz *tz,
                      struct side *b, struct side *a)
{
    int unit = fl_period_unit_parse(o->period);
    int64_t now = (int64_t)time(NULL) * 1000000, s, e;

    if (unit < 0) {
        fl_cli_msg("--period: \"%s\" is not week or day", o->period);
        return -1;
    }
    if (o->at && fl_time_parse_user(o->at, tz, &now) != FL_OK) {
        fl_cli_msg("--at: cannot read time \"%s\"", o->at);
        return -1;
    }
    fl_period_back(tz, unit, now, 2, &s, &e, b->label, sizeof b->label);
    set_bounds(b, s, e);
    fl_period_back(tz, unit, now, 1, &s, &e, a->label, sizeof a->label);
    set_bounds(a, s, e);
    return 0;
}

static void label_files(struct side *s, const char *dflt)
{
    if (s->ninputs == 1)
        snprintf(s->label, sizeof s->label, "%s", s->inputs[0]);
    else
        snprintf(s->label, sizeof s->label, "%s (%zu inputs)", dflt, s->ninputs);
}

/* The two sides from the options.  Returns 0 or -1 (reported). */
static int set_sides(const struct fl_cli_opts *o, const struct fl_tz *tz,
                     struct side *b, struct side *a)
{
    const char *const *args = (const char *const *)o->args;
    size_t nargs = (size_t)o->nargs;
    bool ranges = o->before_range || o->after_range;
    int modes = (o->nbefore || o->nafter) + ranges + (o->period != NULL);

    memset(b, 0, sizeof *b);
    memset(a, 0, sizeof *a);
    b->start = a->start = INT64_MIN;
    b->end = a->end = INT64_MAX;
    if (modes > 1) {
        fl_cli_msg("compare: give --before/--after, or the ranges, or --period, not several");
        return -1;
    }
    if (o->nbefore || o->nafter) {
        if (!o->nbefore || !o->nafter || nargs) {
            fl_cli_msg("compare: --before and --after both, and no other input");
            return -1;
        }
        *b = (struct side){ o->before, o->nbefore, "", "", INT64_MIN, INT64_MAX, "", NULL, false, false };
        *a = (struct side){ o->after, o->nafter, "", "", INT64_MIN, INT64_MAX, "", NULL, false, false };
        label_files(b, "before");
        label_files(a, "after");
        return 0;
    }
    if (ranges || o->period) {
        if (!nargs) {
            fl_cli_msg("compare: no input (give the files, directories or summaries the periods are cut from)");
            return -1;
        }
        b->inputs = a->inputs = args;
        b->ninputs = a->ninputs = nargs;
        if (o->period)
            return set_period(o, tz, b, a);
        if (!o->before_range || !o->after_range) {
            fl_cli_msg("compare: --before-range and --after-range go together");
            return -1;
        }
        return set_range("--before-range", o->before_range, tz, b) ||
               set_range("--after-range", o->after_range, tz, a) ? -1 : 0;
    }
    if (nargs != 2) {
        fl_cli_msg("compare: give BEFORE and AFTER (or --before/--after, the ranges, or --period)");
        return -1;
    }
    b->inputs = args;
    a->inputs = args + 1;
    b->ninputs = a->ninputs = 1;
    label_files(b, "before");
    label_files(a, "after");
    return 0;
}

/* Ranges with a gap between them: the changes made in the gap belong to
 * the comparison too (a release between two weeks' ranges), so they are
 * read (quietly) and added to the after side's. */
static int read_gap(const struct fl_cli_opts *o, const struct side *b,
                    struct side *a)
{
    struct fl_cli_opts q = *o;
    struct side g = *b;
    int rc;

    if (b->end == INT64_MAX || a->start == INT64_MIN || a->start <= b->end)
        return 0;
    q.quiet = 1;
    memcpy(g.since, b->until, sizeof g.since);
    memcpy(g.until, a->since, sizeof g.until);
    g.sum = NULL;
    if ((rc = read_side(&q, &g)) != 0)
        return rc;
    for (size_t i = 0; g.sum && i < g.sum->nchanges; i++)
        fl_summary_add_change(a->sum, &g.sum->changes[i]);
    fl_summary_sort(a->sum);
    fl_summary_free(g.sum);
    return 0;
}

/* ---- compare ------------------------------------------------------------------------ */

static int compare_settings(const struct fl_cli_opts *o,
                            struct fl_compare_opts *co)
{
    memset(co, 0, sizeof *co);
    if (o->min_ratio) {
        char *end;
        double v = strtod(o->min_ratio, &end);
        if (end != o->min_ratio && *end == '%' && !end[1])
            v /= 100, end++;
        if (end == o->min_ratio || *end || !(v > 0) || v > 1000) {
            fl_cli_msg("--min-ratio: not a positive ratio or percent: \"%s\" (e.g. 0.2 or 20%%)",
                       o->min_ratio);
            return -1;
        }
        co->min_ratio = v;
    }
    if (o->min_effect && (co->min_effect_us = fl_cmd_parse_width(o->min_effect)) < 0) {
        fl_cli_msg("--min-effect: cannot read duration \"%s\" (e.g. 500us, 1ms, 20ms)",
                   o->min_effect);
        return -1;
    }
    return 0;
}

static int write_compare(const struct fl_cli_opts *o, const struct fl_writer *w,
                         struct side *b, struct side *a,
                         const struct fl_compare_opts *co0,
                         const struct fl_tz *tz, bool *regressed)
{
    struct fl_compare_opts co = *co0;
    struct fl_report *r = fl_report_new();
    struct fl_write_opts wo = { tz, false };
    struct fl_buf buf;
    struct out out;
    int rc = 0;

    co.before_label = b->label;
    co.after_label = a->label;
    co.before_start = b->start;
    co.before_end = b->end;
    co.after_start = a->start;
    co.after_end = a->end;
    fl_report_set_compare(r, fl_compare_new(b->sum, a->sum, &co));
    *regressed = r->compare->counts[FL_CMP_REGRESSED] > 0;
    if (o->quiet && !*regressed) {
        fl_report_free(r);
        return 0;
    }
    fl_buf_init(&buf);
    if (fl_cmd_out_open(&out, o->output) != 0 || w->fn(r, &wo, &buf) != FL_OK) {
        rc = -1;
    } else {
        rc = fl_cmd_out_write(&out, &buf);
        rc = fl_cmd_out_close(&out, rc == 0) || rc ? -1 : 0;
    }
    fl_buf_cleanup(&buf);
    fl_report_free(r);
    return rc;
}

int fl_cli_compare(const struct fl_cli_cmd *cmd, int argc, char **argv)
{
    struct fl_cli_opts o;
    struct fl_compare_opts co;
    const struct fl_writer *w;
    struct fl_tz *tz = NULL;
    struct side b, a;
    struct fl_err e;
    bool regressed = false;
    int rc = fl_cli_parse(cmd, argc, argv, &o);

    if (rc)
        return rc > 0 ? FL_EXIT_OK : FL_EXIT_USAGE;
    if (o.tz && fl_tz_load(&tz, o.tz, &e) != FL_OK) {
        fl_cli_msg("--tz: %s", e.msg);
        return FL_EXIT_USAGE;
    }
    if (!(w = fl_cmd_pick_writer(&o, "md", FL_REPORT_COMPARE, "compare")) ||
        compare_settings(&o, &co) != 0 || set_sides(&o, tz, &b, &a) != 0) {
        fl_tz_free(tz);
        return FL_EXIT_USAGE;
    }
    if ((rc = read_side(&o, &b)) == 0 && (rc = read_side(&o, &a)) == 0)
        rc = read_gap(&o, &b, &a);
    if (rc == 0 && (b.empty || a.empty)) {
        if (b.empty)
            fl_cli_msg("no data for %s", b.label);
        if (a.empty)
            fl_cli_msg("no data for %s", a.label);
        rc = FL_EXIT_NODATA;
    } else if (rc == 0) {
        rc = write_compare(&o, w, &b, &a, &co, tz, &regressed) != 0
                 ? FL_EXIT_USAGE
                 : regressed ? FL_EXIT_REGRESSED
                 : b.partial || a.partial ? FL_EXIT_PARTIAL : FL_EXIT_OK;
    }
    fl_summary_free(b.sum);
    fl_summary_free(a.sum);
    fl_tz_free(tz);
    return rc;
}
