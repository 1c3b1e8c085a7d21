/* fl_event.h - the event: one log entry, normalised, whatever its domain.
 *
 * An event has a neutral core (time, kind, source, duration, status, error
 * flag, domain) and named fields.  The named fields are defined once, in
 * the X-macro tables below; the struct, fl_event_clear, the thread pipe,
 * the sample checks of format definitions and the JSON writer of `events`
 * all walk these tables, so a new field is one line here.  A format's other
 * named captures (names not in the tables) ride along as attributes.
 *
 * The parser pushes events to a callback.  Every string in an event is
 * BORROWED: it points into the parser's buffers and is valid only for the
 * duration of the callback.  Consumers that keep data copy it (or, better,
 * aggregate it at once).  Absent numbers are -1; absent strings have n == 0
 * and p may be NULL.
 */
#ifndef FL_EVENT_H
#define FL_EVENT_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

/* Event kinds.  The names are part of the stable output: do not rename,
 * append only.  X(enum suffix, name, what it is). */
#define FL_EVENT_KINDS(X) \
    X(QUERY, "query", "a completed statement, usually with a duration") \
    X(DDL, "ddl", "a schema change statement") \
    X(ERROR, "error", "ERROR / FATAL / PANIC entry") \
    X(LOCK_WAIT, "lock_wait", "still waiting for a lock (log_lock_waits)") \
    X(DEADLOCK, "deadlock", "deadlock detected") \
    X(CHECKPOINT, "checkpoint", "checkpoint starting / complete") \
    X(AUTOVACUUM, "autovacuum", "automatic vacuum of a table") \
    X(AUTOANALYZE, "autoanalyze", "automatic analyze of a table") \
    X(CONNECT, "connect", "connection authorized / received / Connect") \
    X(DISCONNECT, "disconnect", "disconnection / Quit") \
    X(TEMPFILE, "tempfile", "temporary file written") \
    X(LOG, "log", "any other understood entry (server messages)") \
    X(REQUEST, "request", "an HTTP request served (access logs), timed at its start") \
    X(DEPLOY, "deploy", "a release, rollout or deploy step (deploy logs)") \
    X(MIGRATION, "migration", "a schema migration applied or reverted by a tool") \
    X(CONFIG, "config", "a configuration change (ALTER SYSTEM, SET GLOBAL, reload)")

enum fl_event_kind {
#define FL_X_(e, name, doc) FL_EV_##e,
    FL_EVENT_KINDS(FL_X_)
#undef FL_X_
    FL_EV__COUNT
};

/* A borrowed string slice. */
struct fl_str {
    const char *p;   /* borrowed, not NUL-terminated in general */
    size_t n;        /* length in bytes; 0 when absent */
};

/* Numeric fields: X(member, JSON key / format field name, what it is).
 * In the JSON of `events` they follow the core fields in this order;
 * absent (-1) ones are omitted. */
#define FL_EVENT_NUMS(X) \
    X(duration_us, "duration_us", "how long it took (statement, request), us") \
    X(lock_us, "lock_us", "lock time (MySQL Lock_time), us") \
    X(rows_examined, "rows_examined", "rows read") \
    X(rows_sent, "rows_sent", "rows returned") \
    X(rows_affected, "rows_affected", "rows changed") \
    X(status, "status", "protocol status (HTTP status code)") \
    X(bytes, "bytes", "response size in bytes")

/* String fields: X(member, JSON key / format field name, what it is), in
 * JSON output order; empty ones are omitted. */
#define FL_EVENT_STRS(X) \
    X(pid, "pid", "server process id / thread id") \
    X(db, "db", "database / schema") \
    X(user, "user", "user name") \
    X(host, "host", "client host") \
    X(app, "app", "application name") \
    X(severity, "severity", "LOG, ERROR, WARNING...") \
    X(sqlstate, "sqlstate", "five-character SQLSTATE") \
    X(statement, "statement", "SQL text") \
    X(params, "params", "bind parameters (DETAIL: parameters: ...)") \
    X(message, "message", "the entry's message text") \
    X(detail, "detail", "DETAIL line(s)") \
    X(hint, "hint", "HINT line(s)") \
    X(context, "context", "CONTEXT line(s)") \
    X(object, "object", "table/relation named by vacuum/lock messages") \
    X(blocker, "blocker", "lock waits: pid of the process holding the lock") \
    X(method, "method", "request method (GET, POST...)") \
    X(url, "url", "request target as logged (path and query)") \
    X(route, "route", "the application's route template, when logged") \
    X(service, "service", "service / instance / upstream that served it") \
    X(version, "version", "release, revision or migration version a change set") \
    X(from_version, "from_version", "the version a change replaced or went back from") \
    X(direction, "direction", "changes: up (apply, upgrade) or down (rollback, downgrade)") \
    X(phase, "phase", "changes logged in steps: start, end or fail")

/* At most this many attributes (other named captures) per event; more are
 * dropped and counted by the parser. */
#define FL_EVENT_MAX_ATTRS 16

/* One attribute: a named capture of the format that is not a field above. */
struct fl_attr {
    const char *name;        /* capture name (borrowed, like every string
                                of an event; NUL-terminated) */
    struct fl_str value;     /* borrowed */
};

struct fl_domain;

struct fl_event {
    int64_t time_us;         /* UTC microseconds since the epoch; INT64_MIN
                                if unknown */
    enum fl_event_kind kind;
    const char *file;        /* source file name as given (borrowed) */
    uint64_t line;           /* 1-based line of the entry's first line */
    const char *format;      /* format name (borrowed) */
    const struct fl_domain *domain; /* normaliser of its class text (sql,
                                http...; static), NULL if none */
    bool error;              /* a failure: error kinds, HTTP 5xx (the
                                duration is kept) */
#define FL_X_(m, key, doc) int64_t m;
    FL_EVENT_NUMS(FL_X_)
#undef FL_X_
#define FL_X_(m, key, doc) struct fl_str m;
    FL_EVENT_STRS(FL_X_)
#undef FL_X_
    size_t nattrs;           /* attributes in attrs[] */
    struct fl_attr attrs[FL_EVENT_MAX_ATTRS];
};

/* Indexes of the fields in the tables (FL_EVF_duration_us, FL_EVF_pid...),
 * numbers first, then strings; FL_EVF__NUMS is the number of numeric
 * fields (the index of the first string field). */
enum fl_event_field {
#define FL_X_(m, key, doc) FL_EVF_##m,
    FL_EVENT_NUMS(FL_X_)
    FL_EVENT_STRS(FL_X_)
#undef FL_X_
    FL_EVF__COUNT
};
#define FL_X_(m, key, doc) + 1
enum { FL_EVF__NUMS = 0 FL_EVENT_NUMS(FL_X_) };
#undef FL_X_

/* The field table as data: name and whether it is a number. */
struct fl_event_field_info {
    const char *name;        /* JSON key / format field name */
    const char *doc;         /* what it is (for --help and the man test) */
    bool number;             /* int64_t member, else struct fl_str */
    size_t offset;           /* offsetof(struct fl_event, member) */
};

/* Receives one event; return 0 to continue, non-zero to stop the run. */
typedef int (*fl_event_fn)(const struct fl_event *ev, void *ctx);

/* Reset every field of ev to "absent". */
void fl_event_clear(struct fl_event *ev);

/* Stable lower-case kind name ("query", "ddl", "lock_wait"...). */
const char *fl_event_kind_name(enum fl_event_kind kind);

/* When ev started: its time for kinds timed at their start (request),
 * else its log time minus its duration (a statement is logged when it
 * ends); INT64_MIN if the time is unknown. */
int64_t fl_event_start_us(const struct fl_event *ev);

/* Parse a kind name; returns -1 if unknown. */
int fl_event_kind_parse(const char *name);

/* The field table: FL_EVF__COUNT entries (borrowed, static). */
const struct fl_event_field_info *fl_event_fields(void);

/* Field index by name, -1 if not a field. */
int fl_event_field_find(const char *name);

/* Pointers to a field of ev by index (NULL if the index is not of that
 * type). */
int64_t *fl_event_num(struct fl_event *ev, int field);
struct fl_str *fl_event_str(struct fl_event *ev, int field);
const struct fl_str *fl_event_cstr(const struct fl_event *ev, int field);
const int64_t *fl_event_cnum(const struct fl_event *ev, int field);

#endif
