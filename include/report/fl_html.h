/* fl_html.h - the HTML writer of the report model: one self-contained page
 * per report (the incident of `timeline`, the profile of `stats`) that
 * opens offline from a mail attachment or a ticket.
 *
 * The page loads nothing: a Content-Security-Policy meta tag forbids every
 * remote load (default-src 'none'), the style is inline, the charts are
 * inline SVG drawn here (fl_htmlsvg.h), and the one inline script only
 * sorts the stats table: the page reads the same without JavaScript, with
 * @media print rules and light and dark schemes (prefers-color-scheme).
 * Size is bounded: statements are shortened, with the full text in a
 * <details> element, and the rows and charts are capped (the rest is
 * summarised in one row).
 *
 * All log text goes through fl_html_esc: & < > " ' become entities and
 * control bytes spaces, so a statement holding `</script>` or an attribute
 * breaker stays text in element content and in attribute values alike.
 * No log text is written into the script.
 *
 * A page is a function over a report model; a further page (the weekly
 * comparison) is one more function using the same frame, escaping and
 * charts.  Reached through the writer table (fl_writer.h).
 */
#ifndef FL_HTML_H
#define FL_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/fl_report.h"
#include "base/fl_buf.h"
#include "report/fl_writer.h"

/* At most this many characters of a statement are shown inline; the full
 * text (bounded by the model) sits in a <details>. */
#define FL_HTML_CUT 120

/* Append s[0..n) escaped for HTML text and for attribute values in double
 * or single quotes. */
void fl_html_esc(struct fl_buf *out, const char *s, size_t n);
/* The same for a NUL-terminated string (NULL writes nothing). */
void fl_html_escs(struct fl_buf *out, const char *s);

/* A statement as <code>: shortened to FL_HTML_CUT characters (on a UTF-8
 * boundary) with the whole text in a <details> when longer. */
void fl_html_code(struct fl_buf *out, const char *s);

/* The page frame: doctype, head with the CSP meta tag, the title (escaped)
 * and the style, then <body> and the <main> element; fl_html_end closes
 * them, with the table-sorting script when script is true. */
void fl_html_begin(struct fl_buf *out, const char *title);
void fl_html_end(struct fl_buf *out, bool script);

/* A placeholder a person fills in: <span class="todo">[TODO: what]</span>. */
void fl_html_todo(struct fl_buf *out, const char *what);

/* The inputs and what the bounds of the run left out, as a section. */
void fl_html_inputs(const struct fl_report *r, struct fl_buf *out);

/* The pages.  Append the page of r; FL_ERR_USAGE (nothing appended) when r
 * is not of the page's kind. */
int fl_html_timeline(const struct fl_report *r, const struct fl_write_opts *o,
                     struct fl_buf *out);
int fl_html_stats(const struct fl_report *r, const struct fl_write_opts *o,
                  struct fl_buf *out);

#endif
