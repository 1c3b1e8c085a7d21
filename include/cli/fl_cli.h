/* fl_cli.h - the command-line front: subcommands and their option tables.
 *
 * This is the only part of faultline that prints to stdout/stderr or
 * decides exit codes; it is linked into the binary, not the library.  The
 * option tables drive getopt_long, --help and the man page test
 * (`faultline --list-options` prints every long option, one per line).
 */
#ifndef FL_CLI_H
#define FL_CLI_H

#include <stddef.h>

/* Exit codes (documented in faultline(1)). */
enum fl_exit {
    FL_EXIT_OK = 0,       /* success */
    FL_EXIT_PARTIAL = 1,  /* done, but some input was unreadable, damaged,
                             or not in any known format */
    FL_EXIT_USAGE = 2,    /* bad usage, bad format definition, fatal error */
    FL_EXIT_REGRESSED = 3,/* compare: at least one class regressed */
    FL_EXIT_NODATA = 4    /* compare: a period holds no data */
};

/* One option of a command. */
struct fl_cli_opt {
    const char *name;     /* long name without "--" */
    char short_name;      /* 0 if none */
    const char *arg;      /* argument name, NULL for a flag */
    const char *help;     /* one line */
};

/* One subcommand. */
struct fl_cli_cmd {
    const char *name;
    const char *usage;                /* arguments after the options */
    const char *summary;              /* one line */
    const struct fl_cli_opt *opts;    /* terminated by a NULL name */
    int (*run)(const struct fl_cli_cmd *cmd, int argc, char **argv);
};

#define FL_CLI_MAX_FORMAT_DIRS 16
#define FL_CLI_MAX_CLOCK_OFFSETS 32
#define FL_CLI_MAX_SIDE 1024

/* Everything the options say, filled once by fl_cli_parse and then passed
 * down as const.  Strings are borrowed from argv. */
struct fl_cli_opts {
    const char *format_dirs[FL_CLI_MAX_FORMAT_DIRS]; /* --formats */
    size_t nformat_dirs;
    const char *format;      /* -f, --format: the log format */
    const char *prefix;      /* --prefix */
    const char *tz;          /* --tz */
    const char *since;       /* --since */
    const char *until;       /* --until */
    const char *clock_offsets[FL_CLI_MAX_CLOCK_OFFSETS]; /* --clock-offset */
    size_t nclock_offsets;
    unsigned kinds;          /* --kind bitmask, 0 = every kind */
    const char *out_format;  /* -O, --output-format */
    const char *output;      /* -o, --output ("-" = standard output) */
    const char *sort;        /* --sort */
    const char *by;          /* --by */
    const char *bucket;      /* --bucket */
    const char *window;      /* --window */
    const char *min_effect;  /* --min-effect */
    const char *before[FL_CLI_MAX_SIDE]; /* compare --before */
    size_t nbefore;
    const char *after[FL_CLI_MAX_SIDE];  /* compare --after */
    size_t nafter;
    const char *before_range;  /* compare --before-range A..B */
    const char *after_range;   /* compare --after-range C..D */
    const char *period;      /* compare --period week|day */
    const char *at;          /* compare --at TIME (default: now) */
    const char *min_ratio;   /* compare --min-ratio */
    long top;                /* --top, -1 = default */
    int show_literals;       /* --show-literals */
    int fingerprint;         /* events --fingerprint */
    int verbose;             /* --verbose */
    int quiet;               /* --quiet */
    char **args;             /* remaining arguments */
    int nargs;
};

/* Run the program; returns the exit code. */
int fl_cli_main(int argc, char **argv);

/* ---- shared by the front's files (cli.c, commands.c) ---- */

/* "faultline: <message>" on stderr. */
void fl_cli_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parse argv per the command's table.  Returns 0, 1 when --help was shown,
 * or -1 on a usage error (already reported). */
int fl_cli_parse(const struct fl_cli_cmd *c, int argc, char **argv,
                 struct fl_cli_opts *o);

/* The usage line of a command on fp. */
void fl_cli_usage(const struct fl_cli_cmd *c, void *fp);

/* The commands (commands.c). */
int fl_cli_events(const struct fl_cli_cmd *cmd, int argc, char **argv);
int fl_cli_stats(const struct fl_cli_cmd *cmd, int argc, char **argv);
int fl_cli_timeline(const struct fl_cli_cmd *cmd, int argc, char **argv);
int fl_cli_summarize(const struct fl_cli_cmd *cmd, int argc, char **argv);
int fl_cli_compare(const struct fl_cli_cmd *cmd, int argc, char **argv);
int fl_cli_formats(const struct fl_cli_cmd *cmd, int argc, char **argv);

#endif
