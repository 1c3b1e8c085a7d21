/* fl_writer.h - the writers of the report model (fl_report.h), from ONE
 * table {name, file extension, function} that covers every report kind:
 * "md" (Markdown postmortem draft), "text" (the same for a terminal; the
 * stats table), "json" (the numbers, for tools).  The front picks a writer
 * by --format name or by the --output file's extension, and lists the
 * table in --help.
 *
 * Writers only read the model; output is deterministic (same model, same
 * bytes).  Sentences are made only by the prose writers (md, text); JSON
 * carries the numbers, with a human sentence riding along in *_text
 * fields.  Log text is escaped for each target (fl_textfmt.h).
 */
#ifndef FL_WRITER_H
#define FL_WRITER_H

#include <stdbool.h>

#include "analysis/fl_report.h"
#include "base/fl_buf.h"

struct fl_tz;

/* How to write (borrowed). */
struct fl_write_opts {
    const struct fl_tz *tz;  /* zone of the times shown to people (NULL =
                                UTC); JSON times are always UTC */
    bool color;              /* text: ANSI emphasis (unused so far) */
};

/* Append the rendering of r to out.  Returns FL_OK, or FL_ERR_USAGE when
 * the writer does not support the report's kind (nothing is appended). */
typedef int (*fl_write_fn)(const struct fl_report *r,
                           const struct fl_write_opts *o, struct fl_buf *out);

struct fl_writer {
    const char *name;        /* --format name: "md", "text", "json" */
    const char *ext;         /* file extension with the dot: ".md" */
    const char *doc;         /* one line for --help */
    unsigned kinds;          /* bit (1u << enum fl_report_kind) for each
                                kind of report it writes */
    fl_write_fn fn;          /* the writer */
};

/* Does w write reports of this kind? */
bool fl_writer_supports(const struct fl_writer *w, enum fl_report_kind kind);

/* Writer by name, or NULL (borrowed, static). */
const struct fl_writer *fl_writer_find(const char *name);

/* Writer by the extension of path (".md", ".txt", ".json", ".html"), or
 * NULL. */
const struct fl_writer *fl_writer_for_path(const char *path);

/* The table, terminated by an entry whose name is NULL (static). */
const struct fl_writer *fl_writers(void);

#endif
