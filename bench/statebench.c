/* statebench.c - driver of bench/state.sh: one incremental run (the cron
 * run of `summarize --state`) over FILE... with the state directory DIR:
 * open the state (lock, cursors), read what is new through the ingest,
 * commit the new cursors.  Prints the wall time of the whole run, the
 * events read, and each file's verdict to stdout, one "key=value" a line.
 * Not built by make (bench/state.sh builds it against libfaultline.a).
 *
 * Build (from the top of the tree, after `make`):
 *   cc -O2 -D_GNU_SOURCE -I. -Iinclude -o bench/out/statebench \
 *      bench/statebench.c libfaultline.a -lpcre2-8 -lcjson -lz -lbz2 -lm -pthread
 * Usage: statebench DIR FILE...
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "run/fl_run.h"
#include "run/fl_state.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int count(const struct fl_event *ev, void *ctx)
{
    (void)ev;
    (*(unsigned long long *)ctx)++;
    return 0;
}

int main(int argc, char **argv)
{
    struct fl_state_opts so;
    struct fl_state *st = NULL;
    struct fl_run_opts ro;
    struct fl_run *run = NULL;
    struct fl_run_result res;
    struct fl_err e;
    const struct fl_state_file *f;
    unsigned long long events = 0;
    size_t nf;
    struct timespec wall;
    double t0 = now();

    if (argc < 3) {
        fprintf(stderr, "usage: statebench DIR FILE...\n");
        return 2;
    }
    clock_gettime(CLOCK_REALTIME, &wall);
    memset(&so, 0, sizeof so);
    so.dir = argv[1];
    so.written_by = "statebench";
    so.now_us = (int64_t)wall.tv_sec * 1000000 + wall.tv_nsec / 1000;
    memset(&ro, 0, sizeof ro);
    ro.inputs = (const char *const *)argv + 2;
    ro.ninputs = (size_t)argc - 2;
    if (fl_state_open(&st, &so, &e) != FL_OK ||
        (ro.state = st, fl_run_new(&run, &ro, &e)) != FL_OK ||
        fl_run_events(run, count, &events, NULL, &res, &e) != FL_OK ||
        fl_state_commit(st, &e) != FL_OK) {
        fprintf(stderr, "statebench: %s%s%s\n", e.file, *e.file ? ": " : "",
                e.msg);
        fl_run_free(run);
        fl_state_free(st);
        return 2;
    }
    printf("seconds=%.6f\nevents=%llu\n", now() - t0, events);
    f = fl_state_files(st, &nf);
    for (size_t i = 0; i < nf; i++)
        printf("file=%s %s start=%llu end=%llu\n", f[i].path,
               fl_cursor_verdict_name(f[i].dec.verdict),
               (unsigned long long)f[i].dec.start,
               (unsigned long long)f[i].end);
    fl_run_free(run);
    fl_state_free(st);
    return 0;
}
