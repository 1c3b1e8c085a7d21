/* fl_cli.h - the command-line front: subcommands and their option tables.
 *
 * This is the only part of faultline that prints to stdout/stderr or
 * decides exit codes; it is linked into the binary, not the library.  The
 * option tables drive getopt_long, --help and the man page test
 * (`faultline --list-options` prints every long option, one per line).
 */
#ifndef FL_CLI_H
#define FL_CLI_H

/* Exit codes (documented in faultline(1)). */
enum fl_exit {
    FL_EXIT_OK = 0,       /* success */
    FL_EXIT_PARTIAL = 1,  /* done, but some input was unreadable, damaged,
                             or not in any known format */
    FL_EXIT_USAGE = 2     /* bad usage, bad format definition, fatal error */
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

/* Run the program; returns the exit code. */
int fl_cli_main(int argc, char **argv);

#endif
