/* fl_summary.h - a saved, mergeable summary of a stretch of logs: what
 * `stats` and `compare` need of it, without the logs.
 *
 * A summary holds one statistics model (series/fl_stats.h) per domain
 * ("sql", "http", ...: the run's lenses) with every group's totals,
 * sketch, exact store, rows/lock and per-bucket cells; the change records
 * (event/fl_change.h) with their times; and the inputs it was made from
 * (path, size, format, first and last time).
 *
 * Merging is associative and commutative: the merged models equal the
 * model of the union of the events (fl_stats_merge), changes and inputs
 * are kept sorted by a total order, so merging N summaries in any order
 * gives the same summary and the same report bytes as one run over the N
 * inputs.  Class ids are the fingerprint ids, stable across runs.
 *
 * The file: one text line "faultline-summary format=F version=V\n" (V is
 * the faultline version that wrote it), then a zlib stream of
 * length-checked binary records (LEB128 varints, zigzag for signed,
 * strings as length + bytes).  A summary of another format is refused with
 * a message naming the version that wrote it.  The loader trusts nothing:
 * every length is checked against the bytes left, every count and string
 * is bounded, there is no recursion, and the inflated size is capped
 * (FL_SUMMARY_MAX_RAW).  Sample statements (literal values) are never
 * saved.
 */
#ifndef FL_SUMMARY_H
#define FL_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/fl_buf.h"
#include "base/fl_err.h"
#include "event/fl_change.h"
#include "series/fl_stats.h"

#define FL_SUMMARY_MAGIC "faultline-summary "
#define FL_SUMMARY_FORMAT 1
/* Largest inflated body a loader accepts (bytes). */
#define FL_SUMMARY_MAX_RAW ((size_t)1 << 30)
/* Most lenses (domains) in a summary. */
#define FL_SUMMARY_MAX_LENSES 8
#define FL_SUMMARY_DOMAIN_MAX 32

/* One input a summary was made from. */
struct fl_summary_input {
    char *path;             /* owned, as given or found */
    char *format;           /* owned, chosen format ("" if none) */
    char *compression;      /* owned: "none", "gzip", "bzip2" */
    uint64_t size;          /* bytes on disk when read (0 if unknown) */
    uint64_t lines, events, unparsed;
    int64_t first_us, last_us; /* span of its event times, INT64_MIN if
                               none */
    bool partial, skipped;
};

struct fl_summary_lens {
    char domain[FL_SUMMARY_DOMAIN_MAX]; /* "sql", "http", ... */
    struct fl_stats *stats;             /* owned */
};

struct fl_summary {
    struct fl_stats_opts opts;          /* of every lens */
    struct fl_summary_lens lens[FL_SUMMARY_MAX_LENSES];
    size_t nlens;                       /* sorted by domain name */
    struct fl_change *changes;          /* owned, sorted (fl_summary_sort);
                                           each file points into
                                           change_files */
    char **change_files;                /* owned, one per change ("" if
                                           none) */
    size_t nchanges, capchanges;
    struct fl_summary_input *inputs;    /* owned, sorted by path */
    size_t ninputs, capinputs;
};

/* An empty summary whose lenses will use opts (copied). */
struct fl_summary *fl_summary_new(const struct fl_stats_opts *opts);
void fl_summary_free(struct fl_summary *s);

/* The model of domain name (created empty when absent; NULL when the
 * summary already holds FL_SUMMARY_MAX_LENSES others). */
struct fl_stats *fl_summary_lens(struct fl_summary *s, const char *domain);
/* Find the model of domain name, or NULL. */
const struct fl_stats *fl_summary_find(const struct fl_summary *s,
                                       const char *domain);
/* Add a copy of c (its file copied too). */
void fl_summary_add_change(struct fl_summary *s, const struct fl_change *c);
/* Add a copy of in (its strings copied). */
void fl_summary_add_input(struct fl_summary *s,
                          const struct fl_summary_input *in);
/* Put changes and inputs in their canonical order (after adding). */
void fl_summary_sort(struct fl_summary *s);

/* Merge src into dst (same options).  Returns FL_OK or FL_ERR_USAGE
 * (bucket widths differ, or too many domains). */
int fl_summary_merge(struct fl_summary *dst, const struct fl_summary *src);

/* Timed calls of every lens, and the span of every lens's overall group
 * (INT64_MAX / INT64_MIN when empty). */
uint64_t fl_summary_calls(const struct fl_summary *s);
void fl_summary_span(const struct fl_summary *s, int64_t *first,
                     int64_t *last);

/* Append the file bytes of s to out.  Returns FL_OK, FL_ERR_IO if zlib
 * fails. */
int fl_summary_write(const struct fl_summary *s, const char *version,
                     struct fl_buf *out);

/* Does a file starting with these bytes look like a summary? */
bool fl_summary_sniff(const void *head, size_t n);

/* Load a summary from buf[0..len) (untrusted bytes; the fuzz entry
 * point), its lenses made with opts.  name names it in errors.  Returns
 * FL_OK with *out; FL_ERR_CORRUPT (damaged, truncated, inconsistent),
 * FL_ERR_FORMAT (another format version: the message names the version
 * that wrote it), FL_ERR_LIMIT (past FL_SUMMARY_MAX_RAW) or FL_ERR_USAGE
 * (its buckets do not fit opts' fixed width); *out NULL then. */
int fl_summary_load_mem(const void *buf, size_t len, const char *name,
                        const struct fl_stats_opts *opts,
                        struct fl_summary **out, struct fl_err *err);
/* The same from a file (FL_ERR_IO when unreadable). */
int fl_summary_load_file(const char *path, const struct fl_stats_opts *opts,
                         struct fl_summary **out, struct fl_err *err);
/* Is path a regular file that starts like a summary? */
bool fl_summary_is_file(const char *path);

#endif
