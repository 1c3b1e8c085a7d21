/* cli.c - the command-line front: option tables, dispatch, messages.
 *
 * Every command has one option table; getopt_long's table, --help and
 * `--list-options` (used by the man page test) are all generated from it.
 * Options are parsed into one struct cli_opts that is then passed down as
 * const.  Messages go to stderr as "faultline: <file>:<line>: <what>".
 */
#include <errno.h>
#include <getopt.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "base/fl_buf.h"
#include "cli/fl_cli.h"
#include "report/fl_evout.h"
#include "format/fl_format.h"
#include "parse/fl_ingest.h"
#include "parse/fl_parse.h"
#include "event/fl_pipe.h"
#include "sql/fl_sql.h"
#include "analysis/fl_journal.h"
#include "analysis/fl_report.h"
#include "series/fl_stats.h"
#include "sql/fl_sqldomain.h"
#include "report/fl_writer.h"
#include "time/fl_time.h"
#include "time/fl_tz.h"
#include "base/fl_xalloc.h"

#define MAX_FORMAT_DIRS 16
#define OUT_FLUSH (1u << 16)

/* Everything the options say, filled once by parse_opts. */
struct cli_opts {
    const char *format_dirs[MAX_FORMAT_DIRS]; /* --formats */
    size_t nformat_dirs;
    const char *format;      /* --format */
    const char *prefix;      /* --prefix */
    const char *tz;          /* --tz */
    const char *since;       /* --since */
    const char *until;       /* --until */
    unsigned kinds;          /* --kind bitmask, 0 = every kind */
    const char *out_format;  /* stats/timeline --format */
    const char *sort;        /* --sort */
    const char *by;          /* --by */
    const char *bucket;      /* --bucket */
    const char *output;      /* --output */
    const char *window;      /* --window */
    long top;                /* --top, -1 = default */
    int show_literals;       /* --show-literals */
    int fingerprint;         /* events --fingerprint */
    int out_mode;            /* --format names the output format */
    int verbose;             /* --verbose */
    int quiet;               /* --quiet */
    char **args;             /* remaining arguments */
    int nargs;
};

/* ---- option tables ------------------------------------------------------- */

#define OPT_FORMATS { "formats", 0, "DIR", "also load format definitions from DIR (repeatable; first wins)" }
#define OPT_FORMAT { "format", 'f', "NAME", "use format NAME for every file instead of detecting" }
#define OPT_PREFIX { "prefix", 'p', "STRING", "PostgreSQL log_line_prefix of stderr logs; builds a matching parser" }
#define OPT_TZ { "tz", 0, "ZONE", "IANA zone for log times without a zone or with an ambiguous abbreviation" }
#define OPT_SINCE { "since", 0, "TIME", "only events at or after TIME (YYYY-MM-DD[ HH:MM[:SS]][zone], @EPOCH)" }
#define OPT_UNTIL { "until", 0, "TIME", "only events before TIME" }
#define OPT_VERBOSE { "verbose", 'v', NULL, "show sample lines that were not understood, with their line numbers" }
#define OPT_QUIET { "quiet", 'q', NULL, "no per-file summary on stderr (warnings still shown)" }
#define OPT_HELP { "help", 'h', NULL, "show this help" }
#define OPT_END { NULL, 0, NULL, NULL }

static const struct fl_cli_opt events_opts[] = {
    OPT_FORMAT, OPT_PREFIX, OPT_TZ, OPT_SINCE, OPT_UNTIL,
    { "kind", 'k', "KIND", "only events of KIND (repeatable or comma-separated): query, ddl, error, lock_wait, deadlock, checkpoint, autovacuum, autoanalyze, connect, disconnect, tempfile, log" },
    { "fingerprint", 0, NULL, "add the query class (id, fingerprint: normalised text without literal values) to events with a statement" },
    OPT_FORMATS, OPT_VERBOSE, OPT_QUIET, OPT_HELP, OPT_END
};

#define OPT_LOG_FORMAT { "log-format", 0, "NAME", "use log format NAME for every file instead of detecting" }

static const struct fl_cli_opt stats_opts[] = {
    { "format", 'f', "FMT", "output: text (default), md or json" },
    { "by", 0, "DIM", "group by fingerprint (default), table, db or user" },
    { "sort", 's', "KEY", "rank by total (default), calls, mean, p95 or max" },
    { "top", 'n', "N", "show the first N groups (default 20 for text, all for json; 0 = all)" },
    { "bucket", 0, "WIDTH", "time bucket width for the series (e.g. 10s, 1m, 5m, 1h; default: chosen from the span)" },
    { "show-literals", 0, NULL, "include one sample statement per class (it holds literal values: customer data)" },
    OPT_SINCE, OPT_UNTIL, OPT_LOG_FORMAT, OPT_PREFIX, OPT_TZ, OPT_FORMATS,
    OPT_VERBOSE, OPT_QUIET, OPT_HELP, OPT_END
};

static const struct fl_cli_opt timeline_opts[] = {
    { "format", 'f', "FMT", "output: md (default), text or json" },
    { "output", 'o', "FILE", "write the draft to FILE instead of standard output" },
    { "window", 'w', "DURATION", "how long before the onset a change can be a culprit (default 30m)" },
    { "bucket", 0, "WIDTH", "time bucket width (e.g. 10s, 1m; default: chosen from the span)" },
    OPT_SINCE, OPT_UNTIL, OPT_TZ, OPT_LOG_FORMAT, OPT_PREFIX, OPT_FORMATS,
    OPT_VERBOSE, OPT_QUIET, OPT_HELP, OPT_END
};

static const struct fl_cli_opt formats_opts[] = {
    OPT_FORMATS, OPT_PREFIX, OPT_VERBOSE, OPT_HELP, OPT_END
};

static int cmd_events(const struct fl_cli_cmd *cmd, int argc, char **argv);
static int cmd_formats(const struct fl_cli_cmd *cmd, int argc, char **argv);
static int cmd_stats(const struct fl_cli_cmd *cmd, int argc, char **argv);
static int cmd_timeline(const struct fl_cli_cmd *cmd, int argc, char **argv);

static const struct fl_cli_cmd commands[] = {
    { "events", "FILE|DIR|-...", "print every log entry as one JSON object per line",
      events_opts, cmd_events },
    { "stats", "FILE|DIR|-...", "per-query latency profile: calls, total time, percentiles, rows, tables",
      stats_opts, cmd_stats },
    { "timeline", "FILE|DIR|-...", "postmortem draft: the latency shift, its impact, and the likely culprit",
      timeline_opts, cmd_timeline },
    { "formats", "", "list the known log formats and the file each came from",
      formats_opts, cmd_formats },
    { NULL, NULL, NULL, NULL, NULL }
};

/* ---- messages -------------------------------------------------------------- */

static void msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void msg(const char *fmt, ...)
{
    va_list ap;
    fputs("faultline: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void msg_err(const struct fl_err *e)
{
    char buf[2048];
    msg("%s", fl_err_format(e, buf, sizeof buf));
}

static void usage_line(const struct fl_cli_cmd *c, FILE *fp)
{
    fprintf(fp, "usage: faultline %s [OPTIONS] %s\n", c->name, c->usage);
}

static void help(const struct fl_cli_cmd *c)
{
    usage_line(c, stdout);
    printf("%s\n\nOptions:\n", c->summary);
    for (const struct fl_cli_opt *o = c->opts; o->name; o++) {
        char left[64];
        if (o->short_name)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name,
                     o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->name,
                     o->arg ? " " : "", o->arg ? o->arg : "");
        printf("  %-24s %s\n", left, o->help);
    }
    if (c->run == cmd_stats || c->run == cmd_timeline) {
        printf("\nOutput formats (--format NAME, or by the --output file's "
               "extension):\n");
        for (const struct fl_writer *w = fl_writers(); w->name; w++)
            printf("  %-6s %-6s %s\n", w->name, w->ext, w->doc);
    }
    printf("\nExit status: 0 success; 1 some input was unreadable, damaged or "
           "in no known format\n(the rest was processed); 2 usage or fatal "
           "error.  See faultline(1).\n");
}

static void top_help(void)
{
    printf("usage: faultline COMMAND [OPTIONS] FILE...\n\n"
           "faultline reads archived database logs (PostgreSQL, MySQL/MariaDB;\n"
           "plain, gzip or bzip2; files, directories, rotated sets, stdin).\n\n"
           "Commands:\n");
    for (const struct fl_cli_cmd *c = commands; c->name; c++)
        printf("  %-10s %s\n", c->name, c->summary);
    printf("\n`faultline COMMAND --help` shows a command's options; "
           "`faultline --version` the version.\nSee faultline(1) and "
           "faultline-formats(5).\n");
}

/* ---- option parsing ------------------------------------------------------ */

static int add_kinds(struct cli_opts *o, const char *list)
{
    char *dup = fl_xstrdup(list), *save = NULL;
    int rc = 0;

    for (char *t = strtok_r(dup, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        int k = fl_event_kind_parse(t);
        if (k < 0) {
            msg("--kind: unknown kind \"%s\" (see faultline events --help)", t);
            rc = -1;
            break;
        }
        o->kinds |= 1u << k;
    }
    free(dup);
    return rc;
}

static int set_opt(struct cli_opts *o, const char *name, const char *arg)
{
    if (strcmp(name, "formats") == 0) {
        if (o->nformat_dirs == MAX_FORMAT_DIRS) {
            msg("--formats: at most %d directories", MAX_FORMAT_DIRS);
            return -1;
        }
        o->format_dirs[o->nformat_dirs++] = arg;
    } else if (strcmp(name, "format") == 0 && o->out_mode) {
        o->out_format = arg;
    } else if (strcmp(name, "format") == 0 || strcmp(name, "log-format") == 0) {
        o->format = arg;
    } else if (strcmp(name, "sort") == 0) {
        o->sort = arg;
    } else if (strcmp(name, "by") == 0) {
        o->by = arg;
    } else if (strcmp(name, "bucket") == 0) {
        o->bucket = arg;
    } else if (strcmp(name, "output") == 0) {
        o->output = arg;
    } else if (strcmp(name, "window") == 0) {
        o->window = arg;
    } else if (strcmp(name, "fingerprint") == 0) {
        o->fingerprint = 1;
    } else if (strcmp(name, "show-literals") == 0) {
        o->show_literals = 1;
    } else if (strcmp(name, "top") == 0) {
        char *end;
        o->top = strtol(arg, &end, 10);
        if (*end || o->top < 0) {
            msg("--top: not a count: \"%s\"", arg);
            return -1;
        }
    } else if (strcmp(name, "prefix") == 0) {
        o->prefix = arg;
    } else if (strcmp(name, "tz") == 0) {
        o->tz = arg;
    } else if (strcmp(name, "since") == 0) {
        o->since = arg;
    } else if (strcmp(name, "until") == 0) {
        o->until = arg;
    } else if (strcmp(name, "kind") == 0) {
        return add_kinds(o, arg);
    } else if (strcmp(name, "verbose") == 0) {
        o->verbose++;
    } else if (strcmp(name, "quiet") == 0) {
        o->quiet++;
    }
    return 0;
}

/* Parse argv per the command's table.  Returns 0, 1 for --help shown, or
 * -1 on a usage error (already reported). */
static int parse_opts(const struct fl_cli_cmd *c, int argc, char **argv,
                      struct cli_opts *o)
{
    struct option lo[32];
    char so[80];
    size_t n = 0, k = 0;
    int ch, idx;

    memset(o, 0, sizeof *o);
    o->top = -1;
    o->out_mode = c->opts != events_opts;
    for (const struct fl_cli_opt *p = c->opts; p->name && n < 31; p++, n++) {
        lo[n].name = p->name;
        lo[n].has_arg = p->arg ? required_argument : no_argument;
        lo[n].flag = NULL;
        lo[n].val = 256 + (int)n;
        if (p->short_name && k + 3 < sizeof so) {
            so[k++] = p->short_name;
            if (p->arg)
                so[k++] = ':';
        }
    }
    memset(&lo[n], 0, sizeof lo[n]);
    so[k] = '\0';
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, so, lo, &idx)) != -1) {
        const struct fl_cli_opt *p = NULL;
        if (ch >= 256)
            p = &c->opts[ch - 256];
        for (size_t i = 0; !p && ch != '?' && ch != ':' && i < n; i++)
            if (c->opts[i].short_name == ch)
                p = &c->opts[i];
        if (!p) {
            msg("%s: unknown option or missing argument: %s", c->name,
                argv[optind - 1]);
            usage_line(c, stderr);
            return -1;
        }
        if (strcmp(p->name, "help") == 0) {
            help(c);
            return 1;
        }
        if (set_opt(o, p->name, optarg) != 0)
            return -1;
    }
    o->args = argv + optind;
    o->nargs = argc - optind;
    return 0;
}

/* ---- shared set-up ---------------------------------------------------- */

/* Load definitions (command-line dirs, user dir, installed dir, built-in),
 * check their samples, and add --prefix.  Returns NULL after a message. */
static struct fl_formats *load_formats(const struct cli_opts *o)
{
    struct fl_format_opts fo;
    struct fl_formats *set;
    struct fl_err e;
    char user[1024] = "";
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

    if (xdg && *xdg)
        snprintf(user, sizeof user, "%s/faultline/parsers", xdg);
    else if (home && *home)
        snprintf(user, sizeof user, "%s/.config/faultline/parsers", home);
    fo.dirs = o->format_dirs;
    fo.ndirs = o->nformat_dirs;
    fo.user_dir = *user ? user : NULL;
    fo.system_dir = FL_PKGDATADIR "/parsers";
    fo.builtin = true;
    fl_err_clear(&e);
    if (fl_formats_load(&set, &fo, &e) != FL_OK) {
        msg_err(&e);
        return NULL;
    }
    for (size_t i = 0; i < fl_formats_count(set); i++)
        if (fl_parse_check_samples(fl_formats_get(set, i), &e) != FL_OK) {
            msg_err(&e);
            fl_formats_free(set);
            return NULL;
        }
    if (o->prefix && fl_formats_add_prefix(set, o->prefix, &e) != FL_OK) {
        msg("--prefix: %s", e.msg);
        fl_formats_free(set);
        return NULL;
    }
    return set;
}

static int load_zone(const struct cli_opts *o, struct fl_tz **tz)
{
    struct fl_err e;

    *tz = NULL;
    if (!o->tz)
        return 0;
    if (fl_tz_load(tz, o->tz, &e) != FL_OK) {
        msg("--tz: %s", e.msg);
        return -1;
    }
    return 0;
}

static int parse_window(const struct cli_opts *o, const struct fl_tz *tz,
                        int64_t *since, int64_t *until)
{
    *since = INT64_MIN;
    *until = INT64_MAX;
    if (o->since && fl_time_parse_user(o->since, tz, since) != FL_OK) {
        msg("--since: cannot read time \"%s\" (YYYY-MM-DD[ HH:MM[:SS]][zone] "
            "or @EPOCH)", o->since);
        return -1;
    }
    if (o->until && fl_time_parse_user(o->until, tz, until) != FL_OK) {
        msg("--until: cannot read time \"%s\" (YYYY-MM-DD[ HH:MM[:SS]][zone] "
            "or @EPOCH)", o->until);
        return -1;
    }
    return 0;
}

/* ---- diagnostics and summaries ------------------------------------------ */

struct report {
    const struct cli_opts *o;
    size_t warnings;
    struct fl_report *model;    /* gets the inputs, or NULL */
};

static void on_diag(void *ctx, const struct fl_err *e)
{
    struct report *r = ctx;
    char buf[2048];

    r->warnings++;
    fl_err_format(e, buf, sizeof buf);
    msg("%s", buf);
}

static void on_file(void *ctx, const struct fl_ingest_file *f)
{
    struct report *r = ctx;

    if (r->model)
        fl_report_add_input(r->model, f);
    if (r->o->quiet)
        return;
    if (f->skipped && f->from_dir) {
        if (r->o->verbose)
            msg("%s: skipped: not a log in any known format", f->path);
        return;
    }
    if (f->skipped) {
        msg("%s: skipped (nothing parsed)", f->path);
        return;
    }
    msg("%s: %s (%s): %llu lines, %llu events, %llu lines not understood%s",
        f->path, f->format, f->compression, (unsigned long long)f->lines,
        (unsigned long long)f->events, (unsigned long long)f->unparsed,
        f->partial ? "; INCOMPLETE" : "");
}

/* Is t inside the --since/--until window (unknown times are not)? */
static bool in_window(int64_t t, int64_t since, int64_t until)
{
    if (since == INT64_MIN && until == INT64_MAX)
        return true;
    return t != INT64_MIN && t >= since && t < until;
}

/* A second thread unless FAULTLINE_THREADS=1 asks for one core. */
static struct fl_pipe *maybe_pipe(fl_event_fn consume, void *ctx)
{
    const char *t = getenv("FAULTLINE_THREADS");
    return t && strcmp(t, "1") == 0 ? NULL : fl_pipe_new(consume, ctx);
}

/* ---- events ----------------------------------------------------------------- */

struct events_out {
    struct fl_pipe *pipe;   /* renders on a second thread, or NULL */
    struct fl_buf buf;
    struct fl_buf fp;       /* --fingerprint scratch */
    bool fingerprint;
    unsigned kinds;
    int64_t since, until;
    atomic_int write_error; /* set by the renderer, read by the reader */
};

static int flush_out(struct events_out *eo)
{
    if (eo->buf.len && fwrite(eo->buf.p, 1, eo->buf.len, stdout) !=
                       eo->buf.len) {
        atomic_store(&eo->write_error, errno ? errno : EIO);
        return -1;
    }
    fl_buf_reset(&eo->buf);
    return 0;
}

/* Consumer side (the pipe's thread when there is one): render and write. */
static int render_event(const struct fl_event *ev, void *ctx)
{
    struct events_out *eo = ctx;

    if (atomic_load(&eo->write_error))
        return 0;
    if (eo->fingerprint && ev->statement.n) {
        struct fl_evout_class c;
        fl_sql_fingerprint(ev->statement.p, ev->statement.n, &eo->fp);
        c.id = fl_sql_fingerprint_id(eo->fp.p, eo->fp.len);
        c.fp = eo->fp.p;
        c.fpn = eo->fp.len;
        fl_evout_json(ev, &c, &eo->buf);
    } else {
        fl_evout_json(ev, NULL, &eo->buf);
    }
    if (eo->buf.len >= OUT_FLUSH)
        return flush_out(eo);
    return 0;
}

/* Producer side: the --kind and --since/--until filters. */
static int on_event(const struct fl_event *ev, void *ctx)
{
    struct events_out *eo = ctx;

    if (atomic_load(&eo->write_error))
        return -1;  /* stop reading: the output is gone */
    if (eo->kinds && !(eo->kinds & (1u << ev->kind)))
        return 0;
    if (!in_window(ev->time_us, eo->since, eo->until))
        return 0;
    return eo->pipe ? fl_pipe_push(ev, eo->pipe) : render_event(ev, eo);
}

static int run_ingest(const struct cli_opts *o, fl_event_fn fn, void *ctx,
                      struct fl_report *model, struct fl_ingest_result *res)
{
    struct fl_formats *set = load_formats(o);
    struct fl_tz *tz = NULL;
    struct report rep = { o, 0, model };
    struct fl_ingest_opts io;
    struct fl_ingest_cbs cbs = { fn, ctx, on_diag, &rep, on_file, &rep };
    struct fl_err e;
    int rc = FL_EXIT_OK;

    if (!set)
        return FL_EXIT_USAGE;
    if (load_zone(o, &tz) != 0) {
        fl_formats_free(set);
        return FL_EXIT_USAGE;
    }
    io.formats = set;
    io.force_format = o->format ? o->format : o->prefix ? "postgresql-prefix"
                                                        : NULL;
    io.tz = tz;
    io.bad_line_samples = o->verbose ? 5 * (size_t)o->verbose : 0;
    fl_err_clear(&e);
    if (fl_ingest_run((const char *const *)o->args, (size_t)o->nargs, &io,
                      &cbs, res, &e) != FL_OK) {
        msg_err(&e);
        rc = e.code == FL_ERR_USAGE ? FL_EXIT_USAGE : FL_EXIT_PARTIAL;
    } else if (res->partial) {
        rc = FL_EXIT_PARTIAL;
    } else if (!res->parsed) {
        msg("no log in a known format among the %zu input file%s (-v names "
            "them)", res->files, res->files == 1 ? "" : "s");
        rc = FL_EXIT_PARTIAL;
    }
    fl_tz_free(tz);
    fl_formats_free(set);
    return rc;
}

static int cmd_events(const struct fl_cli_cmd *cmd, int argc, char **argv)
{
    struct cli_opts o;
    struct events_out eo;
    struct fl_ingest_result res;
    struct fl_tz *tz;
    int rc = parse_opts(cmd, argc, argv, &o);

    if (rc)
        return rc > 0 ? FL_EXIT_OK : FL_EXIT_USAGE;
    if (o.nargs == 0) {
        msg("events: no input (give files, directories, or - for stdin)");
        usage_line(cmd, stderr);
        return FL_EXIT_USAGE;
    }
    if (load_zone(&o, &tz) != 0)
        return FL_EXIT_USAGE;
    memset(&eo, 0, sizeof eo);
    rc = parse_window(&o, tz, &eo.since, &eo.until);
    fl_tz_free(tz);
    if (rc)
        return FL_EXIT_USAGE;
    fl_buf_init(&eo.buf);
    fl_buf_init(&eo.fp);
    eo.fingerprint = o.fingerprint;
    eo.kinds = o.kinds;
    eo.pipe = maybe_pipe(render_event, &eo);
    rc = run_ingest(&o, on_event, &eo, NULL, &res);
    fl_pipe_free(eo.pipe);
    if (flush_out(&eo) != 0 || fflush(stdout) != 0 ||
        atomic_load(&eo.write_error)) {
        int we = atomic_load(&eo.write_error);
        msg("cannot write output: %s", strerror(we ? we : errno));
        rc = FL_EXIT_USAGE;
    }
    fl_buf_cleanup(&eo.buf);
    fl_buf_cleanup(&eo.fp);
    return rc;
}

/* ---- stats -------------------------------------------------------------------- */

/* Parse "250ms", "10s", "5m", "1h", "1d" into microseconds; -1 if bad. */
static int64_t parse_width(const char *s)
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

/* Filter in front of the statistics: the --since/--until window and the
 * kinds the analysis reads; passes the rest on to next (directly or
 * through a pipe to the aggregation thread). */
struct window_filter {
    int64_t since, until;
    fl_event_fn next;
    void *next_ctx;
};

static int stats_event(const struct fl_event *ev, void *ctx)
{
    struct window_filter *w = ctx;

    if (ev->kind != FL_EV_QUERY && ev->kind != FL_EV_DDL &&
        ev->kind != FL_EV_ERROR && ev->kind != FL_EV_DEADLOCK &&
        ev->kind != FL_EV_LOCK_WAIT)
        return 0;
    if (!in_window(ev->time_us, w->since, w->until))
        return 0;
    return w->next(ev, w->next_ctx);
}

/* Run the ingest with aggregation on a second thread when possible. */
static int run_piped(const struct cli_opts *o, struct window_filter *wf,
                     fl_event_fn consume, void *ctx, struct fl_report *model,
                     struct fl_ingest_result *res)
{
    struct fl_pipe *pipe = maybe_pipe(consume, ctx);
    int rc;

    wf->next = pipe ? fl_pipe_push : consume;
    wf->next_ctx = pipe ? (void *)pipe : ctx;
    rc = run_ingest(o, stats_event, wf, model, res);
    fl_pipe_free(pipe);
    return rc;
}

static int write_out(const char *path, const struct fl_buf *b)
{
    FILE *fp = path ? fopen(path, "w") : stdout;
    int ok;

    if (!fp) {
        msg("%s: cannot write: %s", path, strerror(errno));
        return -1;
    }
    ok = fwrite(b->p, 1, b->len, fp) == b->len;
    ok = (path ? fclose(fp) : fflush(fp)) == 0 && ok;
    if (!ok)
        msg("%s: write error: %s", path ? path : "(stdout)", strerror(errno));
    return ok ? 0 : -1;
}

/* The writer named by --format (default def), else by the extension of
 * --output; it must write reports of this kind.  NULL after a message. */
static const struct fl_writer *pick_writer(const struct cli_opts *o,
                                           const char *def,
                                           enum fl_report_kind kind)
{
    const struct fl_writer *w = NULL;

    if (o->out_format && !(w = fl_writer_find(o->out_format))) {
        msg("--format: unknown output format \"%s\" (md, text, json)",
            o->out_format);
        return NULL;
    }
    if (!w && o->output)
        w = fl_writer_for_path(o->output);
    if (!w)
        w = fl_writer_find(def);
    if (!fl_writer_supports(w, kind)) {
        msg("--format %s: this command has no %s output (try text or json)",
            w->name, w->name);
        return NULL;
    }
    return w;
}

/* Write r with w to --output or stdout.  Returns 0, or -1 after a
 * message. */
static int write_report(const struct cli_opts *o, const struct fl_writer *w,
                        const struct fl_report *r, const struct fl_tz *tz)
{
    struct fl_write_opts wo = { tz, false };
    struct fl_buf out;
    int rc;

    fl_buf_init(&out);
    if (w->fn(r, &wo, &out) != FL_OK) {
        msg("--format %s: this command has no %s output (try text or json)",
            w->name, w->name);
        rc = -1;
    } else {
        rc = write_out(o->output, &out);
    }
    fl_buf_cleanup(&out);
    return rc;
}

/* Check the stats options; fills ro/width.  Returns 0 or -1 (reported). */
static int stats_settings(const struct cli_opts *o, struct fl_report_opts *ro,
                          const struct fl_writer **w, int64_t *width)
{
    int v;

    memset(ro, 0, sizeof *ro);
    if (!(*w = pick_writer(o, "text", FL_REPORT_STATS)))
        return -1;
    ro->sort = FL_SORT_TOTAL;
    if (o->sort && (v = fl_report_sort_parse(o->sort)) < 0) {
        msg("--sort: unknown key \"%s\" (total, calls, mean, p95, max)", o->sort);
        return -1;
    } else if (o->sort) {
        ro->sort = (enum fl_sort)v;
    }
    ro->by = FL_DIM_FINGERPRINT;
    if (o->by && ((v = fl_stats_dim_parse(o->by)) <= FL_DIM_OVERALL)) {
        msg("--by: unknown grouping \"%s\" (fingerprint, table, db, user)", o->by);
        return -1;
    } else if (o->by) {
        ro->by = (enum fl_stats_dim)v;
    }
    ro->top = o->top >= 0 ? (size_t)o->top
              : strcmp((*w)->name, "text") == 0 ? 20 : 0;
    ro->show_literals = o->show_literals;
    *width = 0;
    if (o->bucket && (*width = parse_width(o->bucket)) < 0) {
        msg("--bucket: cannot read width \"%s\" (e.g. 10s, 1m, 5m, 1h)", o->bucket);
        return -1;
    }
    return 0;
}

static int cmd_stats(const struct fl_cli_cmd *cmd, int argc, char **argv)
{
    struct cli_opts o;
    struct fl_report_opts ro;
    struct fl_stats_opts sto;
    struct window_filter wf;
    struct fl_ingest_result res;
    struct fl_report *rep;
    struct fl_stats *stats;
    const struct fl_writer *w;
    struct fl_tz *tz;
    int rc = parse_opts(cmd, argc, argv, &o);

    if (rc)
        return rc > 0 ? FL_EXIT_OK : FL_EXIT_USAGE;
    if (o.nargs == 0) {
        msg("stats: no input (give files, directories, or - for stdin)");
        usage_line(cmd, stderr);
        return FL_EXIT_USAGE;
    }
    memset(&sto, 0, sizeof sto);
    if (stats_settings(&o, &ro, &w, &sto.bucket_us) != 0 ||
        load_zone(&o, &tz) != 0)
        return FL_EXIT_USAGE;
    rc = parse_window(&o, tz, &wf.since, &wf.until);
    if (rc) {
        fl_tz_free(tz);
        return FL_EXIT_USAGE;
    }
    sto.keep_sample = o.show_literals;
    stats = fl_stats_new(&sto);
    rep = fl_report_new();
    rc = run_piped(&o, &wf, fl_stats_event_cb, stats, rep, &res);
    if (rc != FL_EXIT_USAGE) {
        fl_report_set_stats(rep, stats, &ro);
        if (write_report(&o, w, rep, tz) != 0)
            rc = FL_EXIT_USAGE;
    }
    fl_report_free(rep);
    fl_stats_free(stats);
    fl_tz_free(tz);
    return rc;
}

/* ---- timeline ----------------------------------------------------------------- */

#define MAX_DOMAINS 4

/* The consumer of `timeline`: statistics, the journal, and the change
 * records the events' domains make (one change state per domain). */
struct tl_sink {
    struct fl_stats *stats;
    struct fl_journal *journal;
    const struct fl_domain *domains[MAX_DOMAINS];
    void *states[MAX_DOMAINS];
    size_t ndomains;
    struct fl_change change;    /* scratch */
};

/* The change state of domain d (made on first use); NULL when full. */
static void **domain_state(struct tl_sink *t, const struct fl_domain *d)
{
    for (size_t i = 0; i < t->ndomains; i++)
        if (t->domains[i] == d)
            return &t->states[i];
    if (t->ndomains == MAX_DOMAINS)
        return NULL;
    t->domains[t->ndomains] = d;
    t->states[t->ndomains] = d->state_new ? d->state_new() : NULL;
    return &t->states[t->ndomains++];
}

static int timeline_consume(const struct fl_event *ev, void *ctx)
{
    struct tl_sink *t = ctx;
    /* Events carry their domain once the parser stamps it; until then
     * every format is SQL. */
    const struct fl_domain *d = ev->domain ? ev->domain : &fl_sql_domain;
    void **st;

    if (d->change && (st = domain_state(t, d)) &&
        d->change(*st, ev, &t->change))
        fl_journal_add_change(t->journal, &t->change);
    fl_journal_add(t->journal, ev);
    return fl_stats_add(t->stats, ev);
}

static void tl_sink_cleanup(struct tl_sink *t)
{
    for (size_t i = 0; i < t->ndomains; i++)
        if (t->domains[i]->state_free)
            t->domains[i]->state_free(t->states[i]);
    fl_journal_free(t->journal);
    fl_stats_free(t->stats);
}

static int timeline_settings(const struct cli_opts *o,
                             const struct fl_writer **w,
                             struct fl_report_opts *ro, int64_t *bucket)
{
    memset(ro, 0, sizeof *ro);
    if (!(*w = pick_writer(o, "md", FL_REPORT_TIMELINE)))
        return -1;
    if (o->window && (ro->incident.window_us = parse_width(o->window)) < 0) {
        msg("--window: cannot read duration \"%s\" (e.g. 30m, 2h)", o->window);
        return -1;
    }
    *bucket = 0;
    if (o->bucket && (*bucket = parse_width(o->bucket)) < 0) {
        msg("--bucket: cannot read width \"%s\" (e.g. 10s, 1m, 5m, 1h)", o->bucket);
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
        msg("warning: the journal's bound left out %llu lock waits, "
            "deadlocks and errors and %llu changes (counted, not analysed)",
            (unsigned long long)lo->journal_events,
            (unsigned long long)lo->journal_changes);
}

static int cmd_timeline(const struct fl_cli_cmd *cmd, int argc, char **argv)
{
    struct cli_opts o;
    struct fl_report_opts ro;
    struct fl_stats_opts sto;
    struct tl_sink sink;
    struct window_filter wf;
    struct fl_ingest_result res;
    struct fl_report *rep;
    const struct fl_writer *w;
    struct fl_tz *tz;
    int rc = parse_opts(cmd, argc, argv, &o);

    if (rc)
        return rc > 0 ? FL_EXIT_OK : FL_EXIT_USAGE;
    if (o.nargs == 0) {
        msg("timeline: no input (give files, directories, or - for stdin)");
        usage_line(cmd, stderr);
        return FL_EXIT_USAGE;
    }
    memset(&sto, 0, sizeof sto);
    if (timeline_settings(&o, &w, &ro, &sto.bucket_us) != 0 ||
        load_zone(&o, &tz) != 0)
        return FL_EXIT_USAGE;
    if (parse_window(&o, tz, &wf.since, &wf.until) != 0) {
        fl_tz_free(tz);
        return FL_EXIT_USAGE;
    }
    memset(&sink, 0, sizeof sink);
    sink.stats = fl_stats_new(&sto);
    sink.journal = fl_journal_new(0);
    rep = fl_report_new();
    rc = run_piped(&o, &wf, timeline_consume, &sink, rep, &res);
    if (rc != FL_EXIT_USAGE) {
        fl_journal_sort(sink.journal);
        fl_report_set_timeline(rep, sink.stats, sink.journal, &ro);
        say_left_out(rep);
        if (write_report(&o, w, rep, tz) != 0)
            rc = FL_EXIT_USAGE;
    }
    fl_report_free(rep);
    tl_sink_cleanup(&sink);
    fl_tz_free(tz);
    return rc;
}

/* ---- formats ---------------------------------------------------------------- */

static int cmd_formats(const struct fl_cli_cmd *cmd, int argc, char **argv)
{
    struct cli_opts o;
    struct fl_formats *set;
    int rc = parse_opts(cmd, argc, argv, &o);

    if (rc)
        return rc > 0 ? FL_EXIT_OK : FL_EXIT_USAGE;
    if (!(set = load_formats(&o)))
        return FL_EXIT_USAGE;
    printf("%-22s %-7s %s\n", "NAME", "TYPE", "SOURCE");
    for (size_t i = 0; i < fl_formats_count(set); i++) {
        const struct fl_format *f = fl_formats_get(set, i);
        printf("%-22s %-7s %s\n", f->name, fl_format_type_name(f->type),
               f->source);
        if (o.verbose)
            printf("    %s\n", f->description);
    }
    fl_formats_free(set);
    return FL_EXIT_OK;
}

/* ---- dispatch ----------------------------------------------------------------- */

static void list_options(void)
{
    for (const struct fl_cli_cmd *c = commands; c->name; c++)
        for (const struct fl_cli_opt *p = c->opts; p->name; p++)
            printf("%s --%s\n", c->name, p->name);
}

int fl_cli_main(int argc, char **argv)
{
    if (argc < 2) {
        top_help();
        return FL_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        top_help();
        return FL_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("faultline %s\n", PACKAGE_VERSION);
        return FL_EXIT_OK;
    }
    if (strcmp(argv[1], "--list-options") == 0) {
        list_options();
        return FL_EXIT_OK;
    }
    for (const struct fl_cli_cmd *c = commands; c->name; c++)
        if (strcmp(argv[1], c->name) == 0)
            return c->run(c, argc - 1, argv + 1);
    msg("unknown command \"%s\" (try faultline --help)", argv[1]);
    return FL_EXIT_USAGE;
}
