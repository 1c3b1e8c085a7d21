/* fl_cmd.h - what the front's command files share (commands.c defines
 * them; compare.c, the summarize and compare commands, uses them): the
 * output file written beside its name and renamed into place, the
 * diagnostics and per-file callbacks, the set-up of a run, and the exit
 * status of a finished run. */
#ifndef FL_CMD_H
#define FL_CMD_H

#include <limits.h>
#include <stdio.h>

#include "cli/fl_cli.h"
#include "base/fl_buf.h"
#include "report/fl_writer.h"
#include "run/fl_run.h"

struct out {
    const char *path;       /* final path, NULL for standard output */
    char tmp[PATH_MAX];     /* file being written beside it */
    FILE *fp;
};

struct report {
    const struct fl_cli_opts *o;
    size_t warnings;
};

int fl_cmd_out_open(struct out *o, const char *path);
int fl_cmd_out_close(struct out *o, bool ok);
int fl_cmd_out_write(struct out *o, const struct fl_buf *b);
void fl_cmd_on_diag(void *ctx, const struct fl_err *e);
void fl_cmd_on_file(void *ctx, const struct fl_ingest_file *f);
int64_t fl_cmd_parse_width(const char *s);
void fl_cmd_run_opts(const struct fl_cli_opts *o, struct fl_run_opts *ro,
              char *user_dir, size_t user_dir_sz);
int fl_cmd_start(const struct fl_cli_cmd *cmd, int argc, char **argv,
          struct fl_cli_opts *o, struct fl_run_opts *ro, char *user_dir,
          size_t user_dir_sz);
int fl_cmd_new_run(const struct fl_run_opts *ro, struct fl_run **r);
int fl_cmd_run_status(const struct fl_cli_opts *o, int rc, const struct fl_err *e,
               const struct fl_run_result *res, const char *what);
const struct fl_writer *fl_cmd_pick_writer(const struct fl_cli_opts *o,
                                    const char *dflt,
                                    enum fl_report_kind kind,
                                    const char *cmd);

#endif
