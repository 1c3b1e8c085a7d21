/* cli.c - the command-line front: option tables, --help, option parsing and
 * dispatch.  The commands themselves (commands.c) only drive the library
 * (run/fl_run.h) and hand its result to a writer.
 *
 * Every command has one option table; getopt_long's table, --help and
 * `--list-options` (used by the man page test) are all generated from it.
 * One option means one thing in every command: -f/--format is always the
 * log format, -O/--output-format the output format, -o/--output the file.
 * Options are parsed into one struct fl_cli_opts that is then passed down
 * as const.  Messages go to stderr as "faultline: <file>:<line>: <what>".
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "cli/fl_cli.h"
#include "event/fl_event.h"
#include "base/fl_xalloc.h"

/* ---- option tables ------------------------------------------------------- */

#define OPT_FORMATS { "formats", 0, "DIR", "also load format definitions from DIR (repeatable; first wins)" }
#define OPT_FORMAT { "format", 'f', "NAME", "read every file as log format NAME instead of detecting" }
#define OPT_PREFIX { "prefix", 'p', "STRING", "PostgreSQL log_line_prefix of stderr logs; builds a matching parser" }
#define OPT_TZ { "tz", 0, "ZONE", "IANA zone for log times without a zone or with an ambiguous abbreviation" }
#define OPT_SINCE { "since", 0, "TIME", "only events at or after TIME (YYYY-MM-DD[ HH:MM[:SS]][zone], @EPOCH)" }
#define OPT_UNTIL { "until", 0, "TIME", "only events before TIME" }
#define OPT_CLOCK { "clock-offset", 0, "FILE=SECONDS", "add SECONDS to the times of FILE's events (a host whose clock is off; FILE: path, directory or file name, rotations included; repeatable)" }
#define OPT_OUTPUT { "output", 'o', "FILE", "write to FILE (- = standard output); without -O the extension picks the output format" }
#define OPT_VERBOSE { "verbose", 'v', NULL, "show sample lines that were not understood, with their line numbers" }
#define OPT_QUIET { "quiet", 'q', NULL, "no per-file summary on stderr (warnings still shown)" }
#define OPT_HELP { "help", 'h', NULL, "show this help" }
#define OPT_END { NULL, 0, NULL, NULL }

static const struct fl_cli_opt events_opts[] = {
    OPT_FORMAT, OPT_PREFIX, OPT_TZ, OPT_SINCE, OPT_UNTIL, OPT_CLOCK,
    { "kind", 'k', "KIND", "only events of KIND (repeatable or comma-separated):" },
    { "fingerprint", 0, NULL, "add the query class (id, fingerprint: normalised text without literal values) to events with a statement" },
    { "output-format", 'O', "FMT", "output: json (JSON lines, the only one)" },
    OPT_OUTPUT, OPT_FORMATS, OPT_VERBOSE, OPT_QUIET, OPT_HELP, OPT_END
};

static const struct fl_cli_opt stats_opts[] = {
    { "output-format", 'O', "FMT", "output: text (default), md, json or html" },
    OPT_OUTPUT,
    { "by", 0, "DIM", "group by fingerprint (default), route (requests of access logs), table, db or user" },
    { "sort", 's', "KEY", "rank by total (default), calls, mean, p95 or max" },
    { "top", 'n', "N", "show the first N groups (default 20 for text and md, 100 for html, all for json; 0 = all)" },
    { "bucket", 0, "WIDTH", "time bucket width for the series (e.g. 10s, 1m, 5m, 1h; default: chosen from the span)" },
    { "show-literals", 0, NULL, "include one sample statement per class (it holds literal values: customer data)" },
    OPT_SINCE, OPT_UNTIL, OPT_CLOCK, OPT_FORMAT, OPT_PREFIX, OPT_TZ,
    OPT_FORMATS, OPT_VERBOSE, OPT_QUIET, OPT_HELP, OPT_END
};

static const struct fl_cli_opt timeline_opts[] = {
    { "output-format", 'O', "FMT", "output: md (default), text, json or html" },
    OPT_OUTPUT,
    { "window", 'w', "DURATION", "how long before the onset a change can be a culprit (default 30m)" },
    { "min-effect", 0, "DURATION", "smallest rise of a median that can be an incident (default 1ms)" },
    { "bucket", 0, "WIDTH", "time bucket width (e.g. 10s, 1m; default: chosen from the span)" },
    OPT_SINCE, OPT_UNTIL, OPT_CLOCK, OPT_TZ, OPT_FORMAT, OPT_PREFIX,
    OPT_FORMATS, OPT_VERBOSE, OPT_QUIET, OPT_HELP, OPT_END
};

static const struct fl_cli_opt summarize_opts[] = {
    { "output", 'o', "FILE", "write the summary to FILE (required; - = standard output)" },
    OPT_SINCE, OPT_UNTIL, OPT_CLOCK, OPT_TZ, OPT_FORMAT, OPT_PREFIX,
    OPT_FORMATS, OPT_VERBOSE, OPT_QUIET, OPT_HELP, OPT_END
};

static const struct fl_cli_opt compare_opts[] = {
    { "output-format", 'O', "FMT", "output: md (default), text or json" },
    OPT_OUTPUT,
    { "before", 0, "FILE", "a log, directory or summary of the before period (repeatable)" },
    { "after", 0, "FILE", "a log, directory or summary of the after period (repeatable)" },
    { "before-range", 0, "A..B", "the before period as [A, B) of the inputs (times as for --since)" },
    { "after-range", 0, "C..D", "the after period as [C, D) of the inputs" },
    { "period", 0, "UNIT", "week or day: the last complete one against the one before it (in --tz)" },
    { "at", 0, "TIME", "with --period: the time the periods are counted back from (default: now)" },
    { "min-ratio", 0, "R", "smallest material rise of p95, as a ratio or percent (default 0.2 = 20%)" },
    { "min-effect", 0, "DURATION", "smallest material rise of p95 (default 1ms)" },
    OPT_TZ, OPT_CLOCK, OPT_FORMAT, OPT_PREFIX, OPT_FORMATS, OPT_VERBOSE,
    { "quiet", 'q', NULL, "print nothing (no report, no per-file summary) unless something regressed" },
    OPT_HELP, OPT_END
};

static const struct fl_cli_opt formats_opts[] = {
    OPT_FORMATS, OPT_PREFIX, OPT_VERBOSE, OPT_HELP, OPT_END
};

static const struct fl_cli_cmd commands[] = {
    { "events", "FILE|DIR|-...", "print every log entry as one JSON object per line",
      events_opts, fl_cli_events },
    { "stats", "FILE|DIR|-...", "per-query latency profile: calls, total time, percentiles, rows, tables",
      stats_opts, fl_cli_stats },
    { "timeline", "FILE|DIR|-...", "postmortem draft: the latency shift, its impact, and the likely culprit",
      timeline_opts, fl_cli_timeline },
    { "summarize", "FILE|DIR|SUMMARY...", "save a mergeable summary of logs (and summaries) for stats and compare",
      summarize_opts, fl_cli_summarize },
    { "compare", "[BEFORE AFTER | FILE...]", "regression report: what got slower between two periods, and what changed",
      compare_opts, fl_cli_compare },
    { "formats", "", "list the known log formats and the file each came from",
      formats_opts, fl_cli_formats },
    { NULL, NULL, NULL, NULL, NULL }
};

/* ---- messages and help --------------------------------------------------- */

void fl_cli_msg(const char *fmt, ...)
{
    va_list ap;
    fputs("faultline: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void fl_cli_usage(const struct fl_cli_cmd *c, void *fp)
{
    fprintf(fp, "usage: faultline %s [OPTIONS] %s\n", c->name, c->usage);
}

static void help(const struct fl_cli_cmd *c)
{
    fl_cli_usage(c, stdout);
    printf("%s\n\nOptions:\n", c->summary);
    for (const struct fl_cli_opt *o = c->opts; o->name; o++) {
        char left[64];
        if (o->short_name)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name,
                     o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->name,
                     o->arg ? " " : "", o->arg ? o->arg : "");
        printf("  %-24s %s", left, o->help);
        if (strcmp(o->name, "kind") == 0)  /* the kinds, from their table */
            for (int k = 0; k < FL_EV__COUNT; k++)
                printf("%s %s", k ? "," : "", fl_event_kind_name(k));
        printf("\n");
    }
    printf("\nExit status: 0 success; 1 some input was unreadable, damaged or "
           "in no known format,\nor nothing was left to report (the rest was "
           "processed); 2 usage or fatal\nerror");
    if (strcmp(c->name, "compare") == 0)
        printf("; 3 something regressed; 4 a period has no data");
    printf(".  See faultline(1).\n");
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

static int add_kinds(struct fl_cli_opts *o, const char *list)
{
    char *dup = fl_xstrdup(list), *save = NULL;
    int rc = 0;

    for (char *t = strtok_r(dup, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        int k = fl_event_kind_parse(t);
        if (k < 0) {
            fl_cli_msg("--kind: unknown kind \"%s\" (see faultline events --help)", t);
            rc = -1;
            break;
        }
        o->kinds |= 1u << k;
    }
    free(dup);
    return rc;
}

static int set_opt(struct fl_cli_opts *o, const char *name, const char *arg)
{
    if (strcmp(name, "formats") == 0) {
        if (o->nformat_dirs == FL_CLI_MAX_FORMAT_DIRS) {
            fl_cli_msg("--formats: at most %d directories", FL_CLI_MAX_FORMAT_DIRS);
            return -1;
        }
        o->format_dirs[o->nformat_dirs++] = arg;
    } else if (strcmp(name, "format") == 0) {
        o->format = arg;
    } else if (strcmp(name, "output-format") == 0) {
        o->out_format = arg;
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
    } else if (strcmp(name, "min-effect") == 0) {
        o->min_effect = arg;
    } else if (strcmp(name, "fingerprint") == 0) {
        o->fingerprint = 1;
    } else if (strcmp(name, "show-literals") == 0) {
        o->show_literals = 1;
    } else if (strcmp(name, "top") == 0) {
        char *end;
        o->top = strtol(arg, &end, 10);
        if (*end || o->top < 0) {
            fl_cli_msg("--top: not a count: \"%s\"", arg);
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
    } else if (strcmp(name, "clock-offset") == 0) {
        if (o->nclock_offsets >= FL_CLI_MAX_CLOCK_OFFSETS) {
            fl_cli_msg("--clock-offset: at most %d offsets",
                       FL_CLI_MAX_CLOCK_OFFSETS);
            return -1;
        }
        o->clock_offsets[o->nclock_offsets++] = arg;
    } else if (strcmp(name, "before") == 0 || strcmp(name, "after") == 0) {
        bool b = name[0] == 'b';
        size_t *n = b ? &o->nbefore : &o->nafter;
        if (*n >= FL_CLI_MAX_SIDE) {
            fl_cli_msg("--%s: at most %d inputs", name, FL_CLI_MAX_SIDE);
            return -1;
        }
        (b ? o->before : o->after)[(*n)++] = arg;
    } else if (strcmp(name, "before-range") == 0) {
        o->before_range = arg;
    } else if (strcmp(name, "after-range") == 0) {
        o->after_range = arg;
    } else if (strcmp(name, "period") == 0) {
        o->period = arg;
    } else if (strcmp(name, "at") == 0) {
        o->at = arg;
    } else if (strcmp(name, "min-ratio") == 0) {
        o->min_ratio = arg;
    } else if (strcmp(name, "kind") == 0) {
        return add_kinds(o, arg);
    } else if (strcmp(name, "verbose") == 0) {
        o->verbose++;
    } else if (strcmp(name, "quiet") == 0) {
        o->quiet++;
    }
    return 0;
}

int fl_cli_parse(const struct fl_cli_cmd *c, int argc, char **argv,
                 struct fl_cli_opts *o)
{
    struct option lo[32];
    char so[80];
    size_t n = 0, k = 0;
    int ch, idx;

    memset(o, 0, sizeof *o);
    o->top = -1;
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
            fl_cli_msg("%s: unknown option or missing argument: %s", c->name,
                argv[optind - 1]);
            fl_cli_usage(c, stderr);
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
    fl_cli_msg("unknown command \"%s\" (try faultline --help)", argv[1]);
    return FL_EXIT_USAGE;
}
