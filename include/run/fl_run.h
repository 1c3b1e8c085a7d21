/* fl_run.h - the library driver: one call runs a command's pipeline
 * (inputs -> events -> models) for the front, the tests and the benchmarks
 * alike.
 *
 * A run is set up once from plain options (fl_run_new): the format
 * definitions are loaded and checked, --prefix is compiled, the --tz zone
 * is read (once), --since/--until are parsed.  Then one of the commands
 * runs the inputs through the ingest, the filters (time window, kinds) and,
 * on a second thread when allowed, the consumer: a caller's event sink
 * (`events`), or the statistics model and the journal of notable events
 * and changes (`stats`, `timeline`).  Every domain the driver knows (the
 * table in run/domains.c) stamps its events, so the stages after parsing
 * never test a domain by name.
 *
 * The library prints nothing: diagnostics and per-file summaries go to the
 * caller's callbacks; the result counts what each filter left out, so the
 * front can say why a run produced nothing.
 */
#ifndef FL_RUN_H
#define FL_RUN_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/fl_err.h"
#include "event/fl_domain.h"
#include "event/fl_event.h"
#include "parse/fl_ingest.h"
#include "series/fl_stats.h"
#include "analysis/fl_journal.h"
#include "analysis/fl_report.h"

struct fl_tz;
struct fl_state;

/* What a run reads and how (all borrowed for the run's lifetime). */
struct fl_run_opts {
    const char *const *inputs;      /* files, directories, "-" for stdin */
    size_t ninputs;
    const char *const *format_dirs; /* --formats DIRs, highest precedence */
    size_t nformat_dirs;
    const char *user_format_dir;    /* per-user definitions, NULL to skip */
    const char *system_format_dir;  /* installed definitions, NULL to skip */
    const char *format;             /* force this log format, NULL detects */
    const char *prefix;             /* PostgreSQL log_line_prefix, NULL if
                                       none (forces "postgresql-prefix") */
    const char *tz;                 /* IANA zone for zone-less times, NULL =
                                       UTC */
    const char *since, *until;      /* user times (fl_time_parse_user), NULL
                                       for no bound */
    unsigned kinds;                 /* bit (1u << kind) per kind to keep,
                                       0 = every kind */
    size_t bad_line_samples;        /* not-understood lines reported per
                                       file (0 = none) */
    bool one_thread;                /* parse and consume on one thread */
    const char *const *clock_offsets; /* "FILE=SECONDS" (--clock-offset):
                                       added to the times of FILE's events */
    size_t nclock_offsets;
    struct fl_stats_opts stats;     /* the statistics model (stats,
                                       timeline) */
    struct fl_state *state;         /* incremental reading (--state DIR,
                                       opened by the caller), NULL = read
                                       everything: each file starts where
                                       the state says, unchanged ones are
                                       left out, and every finished file
                                       is reported to it; the caller
                                       commits (fl_state_commit) */
};

/* Callbacks (all optional). */
struct fl_run_cbs {
    fl_diag_fn diag;                /* diagnostics: bad lines, damage... */
    fl_file_fn file;                /* per-file summary */
    void *ctx;                      /* passed to both */
    atomic_int *stop;               /* when set and non-zero, stop reading
                                       (the consumer's output is gone) */
};

/* What a run did. */
struct fl_run_result {
    struct fl_ingest_result ingest; /* files, events, partial input */
    uint64_t kept;                  /* events handed to the consumer */
    uint64_t out_of_window;         /* left out by --since/--until
                                       (including events without a time) */
    uint64_t other_kinds;           /* left out by --kind, or of kinds the
                                       command does not read */
};

/* What `stats` and `timeline` produce (owned by the caller: free with
 * fl_run_output_cleanup).  The report borrows from the models, so they
 * live and die together. */

/* At most this many domains in the driver's table. */
#define FL_RUN_MAX_DOMAINS 8

struct fl_run_output {
    struct fl_stats *lens[FL_RUN_MAX_DOMAINS]; /* one statistics model per
                                       domain of the driver's table, in its
                                       order (events without a domain go
                                       to the first, sql); owned */
    size_t lens_index;              /* the lens the report reads */
    struct fl_stats *stats;         /* = lens[lens_index] (borrowed): the
                                       domain named by the report options,
                                       else the one with the most timed
                                       calls */
    const char *domain;             /* its domain's name (static) */
    struct fl_journal *journal;     /* notable events and changes (timeline
                                       only, else NULL), sorted by time */
    struct fl_report *report;       /* the report model of numbers, with the
                                       inputs and what bounds left out */
};

struct fl_run; /* opaque */

/* Set up a run.  Returns FL_OK, or FL_ERR_FORMAT (a definition is broken),
 * FL_ERR_USAGE (bad --prefix, --tz, --since, --until) with err naming the
 * option or file; *out is NULL then. */
int fl_run_new(struct fl_run **out, const struct fl_run_opts *o,
               struct fl_err *err);
void fl_run_free(struct fl_run *r);

/* The loaded formats and zone (borrowed, valid until fl_run_free). */
const struct fl_formats *fl_run_formats(const struct fl_run *r);
const struct fl_tz *fl_run_tz(const struct fl_run *r);

/* The statistics options the run's models use (borrowed). */
const struct fl_stats_opts *fl_run_stats_opts(const struct fl_run *r);

/* The driver's table of domains (NULL-terminated, at most
 * FL_RUN_MAX_DOMAINS). */
const struct fl_domain *const *fl_run_domains(void);

/* `events`: every event that passes the filters goes to sink(ev, ctx), on
 * a second thread unless one_thread (in log order either way).  Returns
 * FL_OK when the run completed (see res for partial input), FL_ERR_USAGE
 * for an unknown forced format, FL_ERR_NOTFOUND when no input exists. */
int fl_run_events(struct fl_run *r, fl_event_fn sink, void *ctx,
                  const struct fl_run_cbs *cbs, struct fl_run_result *res,
                  struct fl_err *err);

/* `stats` (kind FL_REPORT_STATS) and `timeline` (FL_REPORT_TIMELINE):
 * fill the models from the events that pass the filters (changes made by
 * the events' domains go to the journal), then the report model with
 * report options ro.  Same returns as fl_run_events; on FL_OK *out holds
 * the output, whose report is NULL when no event was kept.  Kind
 * FL_REPORT_NONE fills the models and the journal only (the report holds
 * just the inputs): what `summarize` saves.  Summary files among the
 * inputs (run/fl_runsum.h) are merged into the models, the journal and the
 * report's inputs. */
int fl_run_report(struct fl_run *r, enum fl_report_kind kind,
                  const struct fl_report_opts *ro, const struct fl_run_cbs *cbs,
                  struct fl_run_output *out, struct fl_run_result *res,
                  struct fl_err *err);

void fl_run_output_cleanup(struct fl_run_output *out);

/* True when some input was partial or unreadable (the front's exit 1). */
bool fl_run_partial(const struct fl_run_result *res);

#endif
