/* fl_ingest.h - read a set of inputs (files, directories, stdin) in time
 * order, detect each file's format, and parse it into events.
 *
 * Directories are walked recursively (hidden entries skipped, names
 * sorted).  Each file is probed: its first lines are parsed with every
 * format (a dry run) and the best-scoring format wins, unless one is forced.
 * Files are then read in the order of their first timestamp, so a rotated
 * set (log, log.1, log.2.gz, ...) comes out oldest first whatever order the
 * names were given in.  Problems never stop the run: they are reported
 * through the diagnostic callback and recorded in the file's status.
 * Files found inside directories that match no format (scripts, notes)
 * are skipped without a diagnostic; named files are always reported.
 * The library prints nothing; the caller renders reports and messages.
 */
#ifndef FL_INGEST_H
#define FL_INGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/fl_err.h"
#include "event/fl_event.h"
#include "format/fl_format.h"

struct fl_tz;
struct fl_domain;

/* Incremental reading: where to start the file at path (a state
 * directory's cursor).  Store the uncompressed byte offset to start at in
 * *offset (0 = from the start; a line boundary) and return 0, or return 1
 * to leave the file out (nothing new in it since it was last read). */
typedef int (*fl_start_fn)(void *ctx, const char *path, uint64_t *offset);

/* Options (all borrowed). */
struct fl_ingest_opts {
    const struct fl_formats *formats; /* loaded definitions */
    const char *force_format;         /* --format NAME, NULL to detect */
    const struct fl_tz *tz;           /* --tz, NULL = UTC */
    size_t bad_line_samples;          /* not-understood lines reported per
                                         file through diag (0 = none) */
    const struct fl_domain *const *domains; /* NULL-terminated table the
                                         formats' "domain" names resolve
                                         in (fl_parse_opts.domains); NULL =
                                         none */
    fl_start_fn start;                /* NULL: every file from its start;
                                         else each named or found file (not
                                         stdin) asks it first, and a last
                                         line without a newline is left
                                         unread (still being written) */
    void *start_ctx;
};

/* What happened to one input file. */
struct fl_ingest_file {
    const char *path;       /* as given or found ("-" shown as "(stdin)") */
    const char *format;     /* chosen format name, NULL if none */
    const char *compression;/* "none", "gzip", "bzip2" */
    uint64_t lines;         /* lines read */
    uint64_t events;        /* events produced */
    uint64_t unparsed;      /* lines not understood */
    uint64_t timed;         /* events with a known time */
    int64_t first_us, last_us; /* the span of those times, INT64_MIN when
                               none */
    bool zone_learned;      /* its zone-less times were read at the offset
                               its epoch times showed (fl_parse_stats) */
    uint64_t bad_time;      /* entries whose time is present but unreadable
                               (see fl_parse_stats); non-zero makes the run
                               partial, and the first is reported once
                               through diag as FL_ERR_PARSE */
    uint64_t bad_time_line; /* line of the first of them, 0 if none */
    bool partial;           /* the file could not be read completely */
    bool skipped;           /* unreadable or no format: nothing parsed */
    uint64_t start_offset;  /* uncompressed offset reading started at */
    uint64_t end_offset;    /* uncompressed offset just past the last
                               complete line read (where the next
                               incremental run starts) */
    bool unchanged;         /* left out by fl_ingest_opts.start: nothing new
                               (neither parsed nor partial) */
    bool from_dir;          /* found by walking a directory: a file there
                               in no known format is skipped quietly and
                               does not make the run partial */
};

/* A diagnostic: err->code says what (FL_ERR_CORRUPT, FL_ERR_IO,
 * FL_ERR_PARSE for a not-understood line sample or a file's first
 * unreadable time, FL_ERR_LIMIT, FL_ERR_NOTFOUND for no format or, once
 * per file, an access log whose requests have no durations); err names
 * the file and line or offset. */
typedef void (*fl_diag_fn)(void *ctx, const struct fl_err *err);
/* Called after each file with its summary. */
typedef void (*fl_file_fn)(void *ctx, const struct fl_ingest_file *f);

/* Callbacks for a run. */
struct fl_ingest_cbs {
    fl_event_fn event;      /* every event (required) */
    void *event_ctx;
    fl_diag_fn diag;        /* diagnostics (optional) */
    void *diag_ctx;
    fl_file_fn file;        /* per-file summary (optional) */
    void *file_ctx;
};

/* Totals of a run. */
struct fl_ingest_result {
    size_t files;           /* input files considered */
    size_t partial;         /* files read incompletely, skipped, or with
                               unreadable times */
    size_t parsed;          /* files parsed in some format */
    uint64_t events;        /* events produced */
    uint64_t unparsed;      /* lines not understood */
    bool stopped;           /* the event callback asked to stop */
};

/* Read paths[0..n) ("-" = stdin).  Returns FL_OK when the run completed
 * (even with partial files, see res), FL_ERR_NOTFOUND when no input file
 * was found at all, or FL_ERR_USAGE for an unknown forced format. */
int fl_ingest_run(const char *const *paths, size_t n,
                  const struct fl_ingest_opts *o,
                  const struct fl_ingest_cbs *cbs,
                  struct fl_ingest_result *res, struct fl_err *err);

/* Detect the format of the lines in text (newline-separated, as read from a
 * file's start): the best-scoring format, or NULL.  For tests and tools. */
const struct fl_format *fl_ingest_detect(const struct fl_formats *set,
                                         const char *text, size_t len,
                                         const struct fl_tz *tz);

#endif
