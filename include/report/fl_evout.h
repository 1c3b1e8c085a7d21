/* fl_evout.h - the event renderer: one JSON object per event (JSON lines),
 * the stable output of `faultline events`.
 *
 * Field names are part of the documented interface (faultline(1)): time,
 * kind, file, line, format, and where present duration_us, lock_us,
 * rows_examined, rows_sent, rows_affected, statement, db, user, host, app,
 * pid, severity, sqlstate, message, detail, hint, context, params, object,
 * blocker.
 * message is omitted for query and ddl events that carry a statement
 * (it would repeat it).  All log text is JSON-escaped; invalid UTF-8 becomes U+FFFD.
 */
#ifndef FL_EVOUT_H
#define FL_EVOUT_H

#include "base/fl_buf.h"
#include "event/fl_event.h"
#include <stdint.h>

/* The query class of an event, added with `events --fingerprint`. */
struct fl_evout_class {
    uint64_t id;            /* fingerprint id (fl_sql_fingerprint_id) */
    const char *fp;         /* fingerprint text (borrowed) */
    size_t fpn;
};

/* Append the JSON object of ev plus a newline to out; cls (may be NULL)
 * adds "id" and "fingerprint" after "format". */
void fl_evout_json(const struct fl_event *ev, const struct fl_evout_class *cls,
                   struct fl_buf *out);

#endif
