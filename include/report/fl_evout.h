/* fl_evout.h - the event renderer: one JSON object per event (JSON lines),
 * the stable output of `faultline events`.
 *
 * Field names are part of the documented interface (faultline(1)), in this
 * order: time, kind, file, line, format, [id, fingerprint], then the fields
 * of the event table (fl_event.h: FL_EVENT_NUMS then FL_EVENT_STRS, absent
 * ones omitted), then "attrs": {"name": "value", ...} when the event has
 * attributes, then "error": true when the error flag is set and the kind
 * is not "error" (which says it already).
 * message is omitted for query and ddl events that carry a statement
 * (it would repeat it).  All log text, the format name and attribute names
 * are JSON-escaped; invalid UTF-8 becomes U+FFFD.
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
