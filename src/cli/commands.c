/* commands.c - the commands of the front: each turns the parsed options
 * into the driver's options, runs the driver (run/fl_run.h), and hands the
 * result to a writer.  Nothing here parses logs or analyses anything.
 *
 * The output file is checked before any input is read, written beside its
 * final name and renamed into place at the end, so a failed run never
 * leaves half a report nor destroys the previous one. */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/fl_cli.h"
#include "cli/fl_cmd.h"
#include "base/fl_buf.h"
#include "event/fl_pipe.h"
#include "report/fl_evout.h"
#include "report/fl_writer.h"
#include "run/fl_run.h"
#include "analysis/fl_report.h"
#include "time/fl_tz.h"

#define OUT_FLUSH (1u << 16)

/* ---- output ------------------------------------------------------------------ */

/* Open the output named by -o (NULL or "-" = stdout).  Returns 0 or -1
 * after a message. */
int fl_cmd_out_open(struct out *o, const char *path)
{
    struct stat st;
    int fd;

    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return 0;
    }
    o->path = path;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        fl_cli_msg("%s: cannot write the output: it is a directory", path);
        return -1;
    }
    if (snprintf(o->tmp, sizeof o->tmp, "%s.XXXXXX", path) >= (int)sizeof o->tmp ||
        (fd = mkstemp(o->tmp)) < 0) {
        fl_cli_msg("%s: cannot write the output: %s", path, strerror(errno));
        return -1;
    }
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || !(o->fp = fdopen(fd, "w"))) {
        fl_cli_msg("%s: cannot write the output: %s", path, strerror(errno));
        close(fd);
        unlink(o->tmp);
        return -1;
    }
    return 0;
}

/* Finish the output: keep it (ok) or drop it.  Returns 0 or -1 after a
 * message. */
int fl_cmd_out_close(struct out *o, bool ok)
{
    int rc = 0;

    if (!o->fp)
        return 0;
    if (!o->path) {
        if (fflush(stdout) != 0) {
            fl_cli_msg("cannot write output: %s", strerror(errno));
            return -1;
        }
        return 0;
    }
    if (fclose(o->fp) != 0 && ok) {
        fl_cli_msg("%s: write error: %s", o->path, strerror(errno));
        ok = false;
        rc = -1;
    }
    o->fp = NULL;
    if (ok && rename(o->tmp, o->path) != 0) {
        fl_cli_msg("%s: cannot write the output: %s", o->path, strerror(errno));
        rc = -1;
        ok = false;
    }
    if (!ok)
        unlink(o->tmp);
    return rc;
}

int fl_cmd_out_write(struct out *o, const struct fl_buf *b)
{
    if (b->len && fwrite(b->p, 1, b->len, o->fp) != b->len) {
        fl_cli_msg("%s: write error: %s", o->path ? o->path : "(stdout)",
                   strerror(errno));
        return -1;
    }
    return 0;
}

/* The output format: -O, else the extension of -o, else the default. */
static const char *out_format(const struct fl_cli_opts *o, const char *dflt)
{
    static const struct { const char *ext, *fmt; } exts[] = {
        { ".md", "md" }, { ".txt", "text" }, { ".json", "json" },
        { ".jsonl", "json" }
    };
    const char *dot;

    if (o->out_format)
        return o->out_format;
    if (o->output && (dot = strrchr(o->output, '.')) && !strchr(dot, '/'))
        for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
            if (strcmp(dot, exts[i].ext) == 0)
                return exts[i].fmt;
    return dflt;
}

/* ---- the run ------------------------------------------------------------------ */

void fl_cmd_on_diag(void *ctx, const struct fl_err *e)
{
    struct report *r = ctx;
    char buf[2048];

    r->warnings++;
    fl_cli_msg("%s", fl_err_format(e, buf, sizeof buf));
}

void fl_cmd_on_file(void *ctx, const struct fl_ingest_file *f)
{
    struct report *r = ctx;
    char bad_time[48] = "";

    if (r->o->quiet)
        return;
    if (f->skipped && f->from_dir) {
        if (r->o->verbose)
            fl_cli_msg("%s: skipped: not a log in any known format", f->path);
        return;
    }
    if (f->skipped) {
        fl_cli_msg("%s: skipped (nothing parsed)", f->path);
        return;
    }
    if (f->unchanged) {         /* --state: nothing new since the last run */
        if (r->o->verbose)
            fl_cli_msg("%s: unchanged since the last run", f->path);
        return;
    }
    if (f->bad_time)
        snprintf(bad_time, sizeof bad_time, ", %llu unreadable times",
                 (unsigned long long)f->bad_time);
    fl_cli_msg("%s: %s (%s): %llu lines, %llu events, %llu lines not understood%s%s",
               f->path, f->format, f->compression, (unsigned long long)f->lines,
               (unsigned long long)f->events, (unsigned long long)f->unparsed,
               bad_time, f->partial ? "; INCOMPLETE" : "");
}

/* Parse "250ms", "10s", "5m", "1h", "1d" into microseconds; -1 if bad. */
int64_t fl_cmd_parse_width(const char *s)
{
    static const struct { const char *unit; int64_t us; } units[] = {
        { "us", 1 }, { "ms", 1000 }, { "s", 1000000 }, { "m", 60000000 },
        { "h", 3600000000LL }, { "d", 86400000000LL }
    };
    char *end;
    long long v = strtoll(s, &end, 10);

    if (end == s || v <= 0 || v > 1000000)
        return -1;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(end, units[i].unit) == 0)
            return v * units[i].us;
    return -1;
}

/* Whether this process may run on a single CPU only (taskset, cgroup
 * cpusets): then a second thread only adds hand-off cost, since parsing and
 * aggregating cannot overlap. */
static bool one_cpu(void)
{
    cpu_set_t set;

    CPU_ZERO(&set);
    return sched_getaffinity(0, sizeof set, &set) == 0 &&
           CPU_COUNT(&set) == 1;
}

/* The driver's options from the front's. */
void fl_cmd_run_opts(const struct fl_cli_opts *o, struct fl_run_opts *ro,
                     char *user_dir, size_t user_dir_sz)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    const char *threads = getenv("FAULTLINE_THREADS");

    memset(ro, 0, sizeof *ro);
    *user_dir = '\0';
    if (xdg && *xdg)
        snprintf(user_dir, user_dir_sz, "%s/faultline/parsers", xdg);
    else if (home && *home)
        snprintf(user_dir, user_dir_sz, "%s/.config/faultline/parsers", home);
    ro->inputs = (const char *const *)o->args;
    ro->ninputs = (size_t)o->nargs;
    ro->format_dirs = o->format_dirs;
    ro->nformat_dirs = o->nformat_dirs;
    ro->user_format_dir = *user_dir ? user_dir : NULL;
    ro->system_format_dir = FL_PKGDATADIR "/parsers";
    ro->format = o->format;
    ro->prefix = o->prefix;
    ro->tz = o->tz;
    ro->since = o->since;
    ro->until = o->until;
    ro->clock_offsets = o->clock_offsets;
    ro->nclock_offsets = o->nclock_offsets;
    ro->kinds = o->kinds;
    ro->bad_line_samples = o->verbose ? 5 * (size_t)o->verbose : 0;
    ro->one_thread = (threads && strcmp(threads, "1") == 0) || one_cpu();
}

/* Common start of a command: options, inputs, the run.  Returns 0 (run
 * set up), 1 (--help shown) or an exit code + 2 after a message. */
int fl_cmd_start(const struct fl_cli_cmd *cmd, int argc, char **argv,
                 struct fl_cli_opts *o, struct fl_run_opts *ro, char *user_dir,
                 size_t user_dir_sz)
{
    int rc = fl_cli_parse(cmd, argc, argv, o);

    if (rc)
        return rc > 0 ? 1 : -1;
    if (cmd->usage[0] && o->nargs == 0) {
        fl_cli_msg("%s: no input (give files, directories, or - for stdin)",
                   cmd->name);
        fl_cli_usage(cmd, stderr);
        return -1;
    }
    fl_cmd_run_opts(o, ro, user_dir, user_dir_sz);
    return 0;
}

int fl_cmd_new_run(const struct fl_run_opts *ro, struct fl_run **r)
{
    struct fl_err e;
    char buf[2048];

    if (fl_run_new(r, ro, &e) == FL_OK)
        return 0;
    fl_cli_msg("%s", fl_err_format(&e, buf, sizeof buf));
    return -1;
}

/* Exit code of a finished run, after saying why nothing was left when the
 * filters or a forced format removed everything. */
int fl_cmd_run_status(const struct fl_cli_opts *o, int rc,
                      const struct fl_err *e, const struct fl_run_result *res,
                      const char *what)
{
    char buf[2048];

    if (rc != FL_OK) {
        fl_cli_msg("%s", fl_err_format(e, buf, sizeof buf));
        return e->code == FL_ERR_USAGE ? FL_EXIT_USAGE : FL_EXIT_PARTIAL;
    }
    if (!res->ingest.parsed) {
        fl_cli_msg("no log in a known format among the %zu input file%s (-v "
                   "names them)", res->ingest.files,
                   res->ingest.files == 1 ? "" : "s");
        return FL_EXIT_PARTIAL;
    }
    if (res->kept == 0 && o->format && res->ingest.events == 0) {
        fl_cli_msg("--format %s: no entry of the input was understood (%llu "
                   "lines not understood)", o->format,
                   (unsigned long long)res->ingest.unparsed);
        return FL_EXIT_PARTIAL;
    }
    if (res->kept == 0 && res->ingest.events > 0) {
        fl_cli_msg("no %s left: of %llu entries, %llu were outside "
                   "--since/--until (or had no time) and %llu were of other "
                   "kinds%s", what, (unsigned long long)res->ingest.events,
                   (unsigned long long)res->out_of_window,
                   (unsigned long long)res->other_kinds,
                   o->kinds ? " (--kind)" : "");
        return FL_EXIT_PARTIAL;
    }
    return fl_run_partial(res) ? FL_EXIT_PARTIAL : FL_EXIT_OK;
}

/* ---- events ----------------------------------------------------------------- */

struct events_out {
    struct out *out;
    struct fl_buf buf;
    struct fl_class cls;    /* --fingerprint scratch */
    bool fingerprint;
    atomic_int write_error; /* set by the renderer (on the pipe's thread) */
};

static int flush_events(struct events_out *eo)
{
    if (eo->buf.len && fwrite(eo->buf.p, 1, eo->buf.len, eo->out->fp) !=
                       eo->buf.len) {
        atomic_store(&eo->write_error, errno ? errno : EIO);
        return -1;
    }
    fl_buf_reset(&eo->buf);
    return 0;
}

static int render_event(const struct fl_event *ev, void *ctx)
{
    struct events_out *eo = ctx;

    if (atomic_load(&eo->write_error))
        return 0;
    if (eo->fingerprint && ev->domain && ev->domain->classify &&
        ev->domain->classify(ev, &eo->cls)) {
        struct fl_evout_class c = { eo->cls.id, eo->cls.text.p,
                                    eo->cls.text.len };
        fl_evout_json(ev, &c, &eo->buf);
    } else {
        fl_evout_json(ev, NULL, &eo->buf);
    }
    return eo->buf.len >= OUT_FLUSH ? flush_events(eo) : 0;
}

int fl_cli_events(const struct fl_cli_cmd *cmd, int argc, char **argv)
{
    struct fl_cli_opts o;
    struct fl_run_opts ro;
    struct fl_run_result res;
    struct fl_run *run;
    struct report rep = { &o, 0 };
    struct fl_run_cbs cbs = { fl_cmd_on_diag, fl_cmd_on_file, &rep, NULL };
    struct events_out eo;
    struct out out;
    struct fl_err e;
    char user_dir[1024];
    int rc = fl_cmd_start(cmd, argc, argv, &o, &ro, user_dir, sizeof user_dir);

    if (rc)
        return rc > 0 ? FL_EXIT_OK : FL_EXIT_USAGE;
    if (strcmp(out_format(&o, "json"), "json") != 0) {
        fl_cli_msg("-O: unknown output format \"%s\" for events (json)",
                   o.out_format);
        return FL_EXIT_USAGE;
    }
    if (fl_cmd_new_run(&ro, &run) != 0)
        return FL_EXIT_USAGE;
    if (fl_cmd_out_open(&out, o.output) != 0) {
        fl_run_free(run);
        return FL_EXIT_USAGE;
    }
    memset(&eo, 0, sizeof eo);
    eo.out = &out;
    fl_buf_init(&eo.buf);
    fl_class_init(&eo.cls);
    eo.fingerprint = o.fingerprint;
    cbs.stop = &eo.write_error;
    rc = fl_run_events(run, render_event, &eo, &cbs, &res, &e);
    rc = fl_cmd_run_status(&o, rc, &e, &res, "events");
    if (flush_events(&eo) != 0 || atomic_load(&eo.write_error)) {
        fl_cli_msg("cannot write output: %s", strerror(atomic_load(&eo.write_error)));
        rc = FL_EXIT_USAGE;
    }
    if (fl_cmd_out_close(&out, rc != FL_EXIT_USAGE) != 0)
        rc = FL_EXIT_USAGE;
    fl_buf_cleanup(&eo.buf);
    fl_class_cleanup(&eo.cls);
    fl_run_free(run);
    return rc;
}

/* ---- stats and timeline ------------------------------------------------------ */

/* The writer: -O, else the extension of -o, else the command's default;
 * it must write this kind of report.  NULL after a message. */
const struct fl_writer *fl_cmd_pick_writer(const struct fl_cli_opts *o,
                                           const char *dflt,
                                           enum fl_report_kind kind,
                                           const char *cmd)
{
    const struct fl_writer *w = NULL;

    if (o->out_format && !(w = fl_writer_find(o->out_format))) {
        fl_cli_msg("-O: unknown output format \"%s\" (md, text, json)",
                   o->out_format);
        return NULL;
    }
    if (!w && o->output && strcmp(o->output, "-") != 0)
        w = fl_writer_for_path(o->output);
    if (!w)
        w = fl_writer_find(dflt);
    if (!fl_writer_supports(w, kind)) {
        fl_cli_msg("-O %s: %s has no %s output", w->name, cmd, w->name);
        return NULL;
    }
    return w;
}

static int stats_settings(const struct fl_cli_opts *o, struct fl_report_opts *ro,
                          const struct fl_writer *w, struct fl_stats_opts *sto)
{
    int v;

    ro->sort = FL_SORT_TOTAL;
    if (o->sort && (v = fl_report_sort_parse(o->sort)) < 0) {
        fl_cli_msg("--sort: unknown key \"%s\" (total, calls, mean, p95, max)", o->sort);
        return -1;
    } else if (o->sort) {
        ro->sort = (enum fl_sort)v;
    }
    ro->by = FL_DIM_FINGERPRINT;
    if (o->by && !strcmp(o->by, "route")) {
        ro->domain = "http";            /* the classes of the access logs */
    } else if (o->by && ((v = fl_stats_dim_parse(o->by)) <= FL_DIM_OVERALL)) {
        fl_cli_msg("--by: unknown grouping \"%s\" (fingerprint, route, table, db, user)", o->by);
        return -1;
    } else if (o->by) {
        ro->by = (enum fl_stats_dim)v;
        if (ro->by == FL_DIM_FINGERPRINT)
            ro->not_domain = "http";    /* statements, not routes */
    }
    ro->top = o->top >= 0 ? (size_t)o->top
              : strcmp(w->name, "html") == 0 ? 100
              : strcmp(w->name, "json") != 0 ? 20 : 0;
    ro->show_literals = o->show_literals;
    sto->keep_sample = o->show_literals;
    return 0;
}

/* Check the options of stats or timeline.  Returns 0 or -1 (reported). */
static int report_settings(const struct fl_cli_opts *o, enum fl_report_kind kind,
                           const struct fl_writer **w, struct fl_report_opts *ro,
                           struct fl_stats_opts *sto)
{
    bool stats = kind == FL_REPORT_STATS;

    memset(ro, 0, sizeof *ro);
    memset(sto, 0, sizeof *sto);
    if (!(*w = fl_cmd_pick_writer(o, stats ? "text" : "md", kind,
                           stats ? "stats" : "timeline")))
        return -1;
    if (stats && stats_settings(o, ro, *w, sto) != 0)
        return -1;
    if (o->window && (ro->incident.window_us = fl_cmd_parse_width(o->window)) < 0) {
        fl_cli_msg("--window: cannot read duration \"%s\" (e.g. 30m, 2h)", o->window);
        return -1;
    }
    if (o->min_effect &&
        (ro->incident.min_effect_us = fl_cmd_parse_width(o->min_effect)) < 0) {
        fl_cli_msg("--min-effect: cannot read duration \"%s\" (e.g. 500us, "
                   "1ms, 20ms)", o->min_effect);
        return -1;
    }
    if (o->bucket && (sto->bucket_us = fl_cmd_parse_width(o->bucket)) < 0) {
        fl_cli_msg("--bucket: cannot read width \"%s\" (e.g. 10s, 1m, 5m, 1h)", o->bucket);
        return -1;
    }
    return 0;
}

/* Nothing is dropped silently: say on stderr what the bounds left out
 * (the report says it too). */
static void say_left_out(const struct fl_report *r)
{
    const struct fl_report_left_out *lo = &r->left_out;

    if (lo->journal_events || lo->journal_changes)
        fl_cli_msg("warning: the journal's bound left out %llu lock waits, "
                   "deadlocks and errors and %llu changes (counted, not "
                   "analysed)", (unsigned long long)lo->journal_events,
                   (unsigned long long)lo->journal_changes);
}

static int write_report(struct out *out, const struct fl_writer *w,
                        const struct fl_report *r, const struct fl_tz *tz)
{
    struct fl_write_opts wo = { tz, false };
    struct fl_buf buf;
    int rc;

    fl_buf_init(&buf);
    if (w->fn(r, &wo, &buf) != FL_OK) {
        fl_cli_msg("-O %s: no such output for this report", w->name);
        rc = -1;
    } else {
        rc = fl_cmd_out_write(out, &buf);
    }
    fl_buf_cleanup(&buf);
    return rc;
}

static int cmd_report(const struct fl_cli_cmd *cmd, int argc, char **argv,
                      enum fl_report_kind kind)
{
    struct fl_cli_opts o;
    struct fl_run_opts ro;
    struct fl_run_result res;
    struct fl_run_output ro_out = { 0 };
    struct fl_report_opts rpo;
    struct fl_run *run;
    struct report rep = { &o, 0 };
    struct fl_run_cbs cbs = { fl_cmd_on_diag, fl_cmd_on_file, &rep, NULL };
    const struct fl_writer *w;
    struct out out;
    struct fl_err e;
    char user_dir[1024];
    int rc = fl_cmd_start(cmd, argc, argv, &o, &ro, user_dir, sizeof user_dir);

    if (rc)
        return rc > 0 ? FL_EXIT_OK : FL_EXIT_USAGE;
    if (report_settings(&o, kind, &w, &rpo, &ro.stats) != 0 ||
        fl_cmd_new_run(&ro, &run) != 0)
        return FL_EXIT_USAGE;
    if (fl_cmd_out_open(&out, o.output) != 0) {
        fl_run_free(run);
        return FL_EXIT_USAGE;
    }
    rc = fl_run_report(run, kind, &rpo, &cbs, &ro_out, &res, &e);
    rc = fl_cmd_run_status(&o, rc, &e, &res, "statements");
    if (ro_out.report) {
        say_left_out(ro_out.report);
        if (write_report(&out, w, ro_out.report, fl_run_tz(run)) != 0)
            rc = FL_EXIT_USAGE;
    }
    if (fl_cmd_out_close(&out, ro_out.report && rc != FL_EXIT_USAGE) != 0)
        rc = FL_EXIT_USAGE;
    fl_run_output_cleanup(&ro_out);
    fl_run_free(run);
    return rc;
}

int fl_cli_stats(const struct fl_cli_cmd *cmd, int argc, char **argv)
{
    return cmd_report(cmd, argc, argv, FL_REPORT_STATS);
}

int fl_cli_timeline(const struct fl_cli_cmd *cmd, int argc, char **argv)
{
    return cmd_report(cmd, argc, argv, FL_REPORT_TIMELINE);
}

/* ---- formats ---------------------------------------------------------------- */

int fl_cli_formats(const struct fl_cli_cmd *cmd, int argc, char **argv)
{
    struct fl_cli_opts o;
    struct fl_run_opts ro;
    struct fl_run *run;
    const struct fl_formats *set;
    char user_dir[1024];
    int rc = fl_cmd_start(cmd, argc, argv, &o, &ro, user_dir, sizeof user_dir);

    if (rc)
        return rc > 0 ? FL_EXIT_OK : FL_EXIT_USAGE;
    if (fl_cmd_new_run(&ro, &run) != 0)
        return FL_EXIT_USAGE;
    set = fl_run_formats(run);
    printf("%-22s %-7s %s\n", "NAME", "TYPE", "SOURCE");
    for (size_t i = 0; i < fl_formats_count(set); i++) {
        const struct fl_format *f = fl_formats_get(set, i);
        printf("%-22s %-7s %s\n", f->name, fl_format_type_name(f->type),
               f->source);
        if (o.verbose)
            printf("    %s\n", f->description);
    }
    fl_run_free(run);
    return FL_EXIT_OK;
}
