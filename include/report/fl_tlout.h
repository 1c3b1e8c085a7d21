/* fl_tlout.h - the prose writers of the timeline report: a Markdown
 * postmortem draft and the same as plain text for a terminal.  Every
 * sentence is made here (or in fl_phrase.h) from the model's numbers, and
 * the draft states each figure once.  Times are shown in o->tz (UTC when
 * NULL).  Log text is escaped for the target (fl_textfmt.h).  Reached
 * through the writer table (fl_writer.h).
 */
#ifndef FL_TLOUT_H
#define FL_TLOUT_H

#include "analysis/fl_report.h"
#include "base/fl_buf.h"
#include "report/fl_writer.h"

/* Append the draft of r (kind FL_REPORT_TIMELINE) to out.  Returns FL_OK,
 * FL_ERR_USAGE for another kind. */
int fl_tlout_md(const struct fl_report *r, const struct fl_write_opts *o,
                struct fl_buf *out);
int fl_tlout_text(const struct fl_report *r, const struct fl_write_opts *o,
                  struct fl_buf *out);

#endif
