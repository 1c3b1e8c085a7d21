/* prefix.c - PostgreSQL log_line_prefix -> PCRE2 regex fragment (see
 * fl_prefix.h).
 *
 * One pass over the prefix: literal bytes are escaped, each escape is
 * looked up in a table that says which group it captures and what shape
 * its value has.  Invariants: a group name is emitted at most once (a
 * `used` bit per group); at most one "(?:" is open, for %q, and it is closed
 * at the end; on error `out` is truncated back to its length on entry.
 * What each escape may print comes from PostgreSQL's log_status_format()
 * (src/backend/utils/error/elog.c).
 */
#include <string.h>
#include "format/fl_prefix.h"
#include "time/fl_time.h"

/* How an escape's value is matched. */
enum shape {
    SHAPE_FIXED,   /* `pattern` as is */
    SHAPE_WORD,    /* "[unknown]" or non-blanks up to the next literal */
    SHAPE_LAZY,    /* anything on the line, as little as possible */
    SHAPE_HOST,    /* "[local]", an address or a host name */
    SHAPE_REMOTE   /* host plus optional "(port)" (%r) */
};

/* Groups, as bits of the `used` set. */
enum group {
    G_NONE = -1, G_TIME, G_PID, G_USER, G_DB, G_APP, G_HOST, G_PORT,
    G_LINE_NO, G_SESSION, G_SESSION_START, G_VXID, G_XID, G_TAG,
    G_SQLSTATE, G_QUERY_ID, G_BACKEND_TYPE, G_LEADER_PID
};

static const char *const group_names[] = {
    "time", "pid", "user", "db", "app", "host", "port", "line_no", "session",
    "session_start", "vxid", "xid", "tag", "sqlstate", "query_id",
    "backend_type", "leader_pid"
};

/* %t and %s: pg_strftime "%Y-%m-%d %H:%M:%S %Z"; %Z is an abbreviation
 * or, for zones without one, a numeric offset such as "+03" or "-0330". */
#define TS_DATE "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"
#define TS_ZONE " (?:[A-Za-z]+|[+-]\\d{2}(?::?\\d{2})?)"

/* %b: the multi-word backend types PostgreSQL names are tried first, so
 * "client backend" is not cut at its space; then anything, lazily
 * (background workers name themselves). */
#define BACKEND_TYPES                                                       \
    "autovacuum launcher|autovacuum worker|background worker|"             \
    "background writer|client backend|dead-end client backend|"            \
    "logical replication (?:apply |parallel |tablesync )?worker|"          \
    "logical replication launcher|parallel worker|slotsync worker|"        \
    "standalone backend|not initialized|io worker|[^\\n]*?"

/* One log_line_prefix escape. */
struct escape {
    char c;
    enum group group;
    enum shape shape;
    const char *pattern;   /* for SHAPE_FIXED */
    int time_style;        /* FL_TIME_* when this is the line's time, or -1 */
};

static const struct escape escapes[] = {
    {'a', G_APP, SHAPE_LAZY, NULL, -1},
    {'u', G_USER, SHAPE_WORD, NULL, -1},
    {'d', G_DB, SHAPE_WORD, NULL, -1},
    {'r', G_HOST, SHAPE_REMOTE, NULL, -1},
    {'h', G_HOST, SHAPE_HOST, NULL, -1},
    {'L', G_NONE, SHAPE_HOST, NULL, -1},
    {'b', G_BACKEND_TYPE, SHAPE_FIXED, BACKEND_TYPES, -1},
    {'p', G_PID, SHAPE_FIXED, "\\d+", -1},
    {'P', G_LEADER_PID, SHAPE_FIXED, "\\d*", -1},
    {'t', G_TIME, SHAPE_FIXED, TS_DATE TS_ZONE, FL_TIME_ISO},
    {'m', G_TIME, SHAPE_FIXED, TS_DATE "\\.\\d{3}" TS_ZONE, FL_TIME_ISO},
    {'n', G_TIME, SHAPE_FIXED, "\\d+\\.\\d{3}", FL_TIME_EPOCH},
    {'s', G_SESSION_START, SHAPE_FIXED, TS_DATE TS_ZONE, -1},
    {'i', G_TAG, SHAPE_LAZY, NULL, -1},
    {'e', G_SQLSTATE, SHAPE_FIXED, "[0-9A-Z]{5}", -1},
    {'c', G_SESSION, SHAPE_FIXED, "[0-9a-f]+\\.[0-9a-f]+", -1},
    {'l', G_LINE_NO, SHAPE_FIXED, "\\d+", -1},
    {'v', G_VXID, SHAPE_FIXED, "(?:-?\\d+/\\d+)?", -1},
    {'x', G_XID, SHAPE_FIXED, "\\d+", -1},
    {'Q', G_QUERY_ID, SHAPE_FIXED, "-?\\d+", -1},
};

/* State of one conversion. */
struct conv {
    struct fl_buf *out;
    unsigned used;       /* bit per enum group already captured */
    int time_style;
    int in_q;            /* inside the %q optional group */
};

static const struct escape *find_escape(char c)
{
    size_t i;

    for (i = 0; i < sizeof escapes / sizeof escapes[0]; i++)
        if (escapes[i].c == c)
            return &escapes[i];
    return NULL;
}

/* Append byte c so that it matches itself. */
static void add_literal(struct fl_buf *b, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";

    if (c == '\t') {
        fl_buf_adds(b, "\\t");
    } else if (c < 0x20 || c == 0x7f) {
        char esc[5] = {'\\', 'x', hex[c >> 4], hex[c & 15], 0};
        fl_buf_adds(b, esc);
    } else if (c < 0x80 && !(c >= '0' && c <= '9') &&
               !((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
        fl_buf_addc(b, '\\');
        fl_buf_addc(b, (char)c);
    } else {
        fl_buf_addc(b, (char)c);
    }
}

/* "(?<name>" for the first use of g, "(?:" otherwise. */
static void open_group(struct conv *cv, enum group g)
{
    if (g != G_NONE && !(cv->used & (1u << g))) {
        cv->used |= 1u << g;
        fl_buf_printf(cv->out, "(?<%s>", group_names[g]);
    } else {
        fl_buf_adds(cv->out, "(?:");
    }
}

/* A class of non-blank bytes that also stops at `stop` (0: none) and at
 * any byte in `extra`. */
static void add_run(struct fl_buf *b, char stop, const char *extra)
{
    fl_buf_adds(b, "[^\\s");
    fl_buf_adds(b, extra);
    if (stop && stop != ' ')
        add_literal(b, (unsigned char)stop);
    fl_buf_adds(b, "]*");
}

/* Host alternatives; when the next literal is ':' an IPv6 address needs
 * its own alternative because the plain run stops at ':'. */
static void add_host(struct fl_buf *b, char stop, const char *extra)
{
    fl_buf_adds(b, "\\[local\\]|");
    if (stop == ':')
        fl_buf_adds(b, "[0-9A-Fa-f]*:[0-9A-Fa-f:.%]+|");
    add_run(b, stop, extra);
}

/* The value pattern of escape e; `stop` is the literal that follows. */
static void add_value(struct conv *cv, const struct escape *e, char stop)
{
    struct fl_buf *b = cv->out;

    open_group(cv, e->group);
    switch (e->shape) {
    case SHAPE_FIXED:
        fl_buf_adds(b, e->pattern);
        break;
    case SHAPE_WORD:
        fl_buf_adds(b, "\\[unknown\\]|");
        add_run(b, stop, "");
        break;
    case SHAPE_LAZY:
        fl_buf_adds(b, "[^\\n]*?");
        break;
    case SHAPE_HOST:
        add_host(b, stop, "");
        break;
    case SHAPE_REMOTE:
        add_host(b, stop, "(");
        fl_buf_adds(b, ")(?:\\(");
        open_group(cv, G_PORT);
        fl_buf_adds(b, "\\d+)\\)");
        break;
    }
    fl_buf_addc(b, ')');
    if (e->shape == SHAPE_REMOTE)
        fl_buf_addc(b, '?');
}

/* The literal byte that follows an escape ending before p, or 0. */
static char next_literal(const char *p)
{
    if (p[0] == '%')
        return p[1] == '%' ? '%' : 0;
    return p[0];
}

/* Padding "-10" / "10" between '%' and the letter; returns the letter's
 * position and sets *padded. */
static const char *skip_padding(const char *p, int *padded)
{
    const char *start = p;

    if (*p == '-')
        p++;
    while (*p >= '0' && *p <= '9')
        p++;
    *padded = p != start;
    return p;
}

/* Handle the escape whose letter is at *pp; FL_OK or FL_ERR_USAGE. */
static int convert_escape(struct conv *cv, const char *prefix,
                          const char **pp, struct fl_err *err)
{
    const char *pct = *pp - 1, *p;
    const struct escape *e;
    int padded;

    p = skip_padding(*pp, &padded);
    if (!*p)
        return fl_err_set(err, FL_ERR_USAGE, NULL, 0, (uint64_t)(pct - prefix),
                          "log_line_prefix ends with an incomplete escape "
                          "'%s' at position %d", pct, (int)(pct - prefix) + 1);
    *pp = p + 1;
    if (*p == '%') {
        add_literal(cv->out, '%');
        return FL_OK;
    }
    if (*p == 'q') {
        if (!cv->in_q)
            fl_buf_adds(cv->out, "(?:");
        cv->in_q = 1;
        return FL_OK;
    }
    if (!(e = find_escape(*p)))
        return fl_err_set(err, FL_ERR_USAGE, NULL, 0, (uint64_t)(pct - prefix),
                          "unknown log_line_prefix escape '%%%c' at position "
                          "%d", *p, (int)(pct - prefix) + 1);
    if (e->time_style >= 0 && !(cv->used & (1u << G_TIME)))
        cv->time_style = e->time_style;
    if (padded)
        fl_buf_adds(cv->out, " *");
    add_value(cv, e, next_literal(p + 1));
    if (padded)
        fl_buf_adds(cv->out, " *");
    return FL_OK;
}

int fl_prefix_to_regex(const char *prefix, struct fl_buf *out,
                       int *time_style, struct fl_err *err)
{
    struct conv cv = {out, 0, -1, 0};
    size_t start_len = out->len;
    const char *p = prefix;
    int rc;

    while (*p) {
        if (*p != '%') {
            add_literal(out, (unsigned char)*p++);
            continue;
        }
        p++;
        if ((rc = convert_escape(&cv, prefix, &p, err)) != FL_OK) {
            out->len = start_len;
            if (out->p)
                out->p[start_len] = '\0';
            return rc;
        }
    }
    if (cv.in_q)
        fl_buf_adds(out, ")?");
    if (time_style)
        *time_style = cv.time_style;
    return FL_OK;
}
