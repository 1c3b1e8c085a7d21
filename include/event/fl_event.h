/* fl_event.h - the event: one log entry, normalised.
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

/* Event kinds.  The names (fl_event_kind_name) are part of the stable
 * output: do not rename, append only. */
enum fl_event_kind {
    FL_EV_QUERY = 0,    /* a completed statement, usually with a duration */
    FL_EV_DDL,          /* a schema change statement */
    FL_EV_ERROR,        /* ERROR / FATAL / PANIC entry */
    FL_EV_LOCK_WAIT,    /* still waiting for a lock (log_lock_waits) */
    FL_EV_DEADLOCK,     /* deadlock detected */
    FL_EV_CHECKPOINT,   /* checkpoint starting / complete */
    FL_EV_AUTOVACUUM,   /* automatic vacuum of a table */
    FL_EV_AUTOANALYZE,  /* automatic analyze of a table */
    FL_EV_CONNECT,      /* connection authorized / received / Connect */
    FL_EV_DISCONNECT,   /* disconnection / Quit */
    FL_EV_TEMPFILE,     /* temporary file written */
    FL_EV_LOG,          /* any other understood entry (server messages) */
    FL_EV__COUNT
};

/* A borrowed string slice. */
struct fl_str {
    const char *p;   /* borrowed, not NUL-terminated in general */
    size_t n;        /* length in bytes; 0 when absent */
};

struct fl_event {
    int64_t time_us;         /* UTC microseconds since the epoch; INT64_MIN if unknown */
    enum fl_event_kind kind;
    const char *file;        /* source file name as given (borrowed) */
    uint64_t line;           /* 1-based line of the entry's first line */
    const char *format;      /* format name (borrowed) */
    int64_t duration_us;     /* statement duration, -1 if absent */
    int64_t lock_us;         /* lock time (MySQL Lock_time), -1 if absent */
    int64_t rows_examined;   /* -1 if absent */
    int64_t rows_sent;       /* -1 if absent */
    int64_t rows_affected;   /* -1 if absent */
    struct fl_str statement; /* SQL text */
    struct fl_str db;        /* database / schema */
    struct fl_str user;      /* user name */
    struct fl_str host;      /* client host */
    struct fl_str app;       /* application name */
    struct fl_str pid;       /* server process id / thread id */
    struct fl_str severity;  /* LOG, ERROR, WARNING... */
    struct fl_str sqlstate;  /* five-character SQLSTATE */
    struct fl_str message;   /* the entry's message text */
    struct fl_str detail;    /* DETAIL line(s) */
    struct fl_str hint;      /* HINT line(s) */
    struct fl_str context;   /* CONTEXT line(s) */
    struct fl_str params;    /* bind parameters (DETAIL: parameters: ...) */
    struct fl_str object;    /* table/relation named by vacuum/lock messages */
    struct fl_str blocker;   /* lock waits: pid of the process holding the lock */
};

/* Receives one event; return 0 to continue, non-zero to stop the run. */
typedef int (*fl_event_fn)(const struct fl_event *ev, void *ctx);

/* Reset every field of ev to "absent". */
void fl_event_clear(struct fl_event *ev);

/* Stable lower-case kind name ("query", "ddl", "lock_wait"...). */
const char *fl_event_kind_name(enum fl_event_kind kind);

/* Parse a kind name; returns -1 if unknown. */
int fl_event_kind_parse(const char *name);

#endif
