/* fl_evout.h - the event renderer: one JSON object per event (JSON lines),
 * the stable output of `faultline events`.
 *
 * Field names are part of the documented interface (faultline(1)): time,
 * kind, file, line, format, and where present duration_us, lock_us,
 * rows_examined, rows_sent, rows_affected, statement, db, user, host, app,
 * pid, severity, sqlstate, message, detail, hint, context, params, object.
 * message is omitted for query and ddl events that carry a statement
 * (it would repeat it).  All log text is JSON-escaped; invalid UTF-8 becomes U+FFFD.
 */
#ifndef FL_EVOUT_H
#define FL_EVOUT_H

#include "fl_buf.h"
#include "fl_event.h"

/* Append the JSON object of ev plus a newline to out. */
void fl_evout_json(const struct fl_event *ev, struct fl_buf *out);

#endif
