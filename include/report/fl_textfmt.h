/* fl_textfmt.h - what the writers share to put numbers and log text on the
 * page: durations for humans, times, and escaping for each target
 * (Markdown prose and code spans, plain terminal text, JSON strings).
 *
 * Log text is never trusted: Markdown escaping neutralises inline markup
 * and raw HTML (so `</script>` cannot open a tag), code spans get a fence
 * longer than any backtick run inside, and control characters become
 * spaces or '?' in every target but JSON (where they are \u escapes).
 */
#ifndef FL_TEXTFMT_H
#define FL_TEXTFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/fl_buf.h"

struct fl_tz;

/* Format a duration for humans into buf of size n: "812us", "12.3ms",
 * "4.21s", "1m02s", "1h02m"; "-" when us < 0. */
void fl_textfmt_duration(double us, char *buf, size_t n);

/* t in the zone tz (UTC when NULL) as "YYYY-MM-DD HH:MM:SS ZONE", or
 * "(unknown time)" for INT64_MIN / INT64_MAX.  Returns buf. */
const char *fl_textfmt_when(int64_t t, const struct fl_tz *tz, char *buf,
                            size_t n);

/* Append s[0..n) escaped for Markdown prose. */
void fl_textfmt_md_escape(struct fl_buf *out, const char *s, size_t n);

/* Append s as a Markdown code span with a safe fence. */
void fl_textfmt_md_code(struct fl_buf *out, const char *s);

/* Append s for a terminal: newlines and tabs as spaces, other control
 * bytes as '?'. */
void fl_textfmt_plain(struct fl_buf *out, const char *s);

/* JSON members (each preceded by nothing: the caller writes commas):
 * "key":"escaped" (null when v is NULL); "key":RFC3339 (null for
 * INT64_MIN/INT64_MAX); "key":rounded integer (null when v < 0 or not
 * finite). */
void fl_textfmt_jstr(struct fl_buf *out, const char *key, const char *v);
void fl_textfmt_jtime(struct fl_buf *out, const char *key, int64_t t);
void fl_textfmt_jnum(struct fl_buf *out, const char *key, double v);

#endif
