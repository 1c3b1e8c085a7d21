/* evout.c - render events as JSON lines (see fl_evout.h for the fields).
 * Output is deterministic: fields in a fixed order, absent ones omitted. */
#include <inttypes.h>
#include <string.h>

#include "fl_evout.h"
#include "fl_time.h"

static void add_str(struct fl_buf *out, const char *key, struct fl_str s)
{
    if (!s.n)
        return;
    fl_buf_printf(out, ",\"%s\":\"", key);
    fl_buf_add_json_str(out, s.p, s.n);
    fl_buf_addc(out, '"');
}

static void add_num(struct fl_buf *out, const char *key, int64_t v)
{
    if (v >= 0)
        fl_buf_printf(out, ",\"%s\":%" PRId64, key, v);
}

void fl_evout_json(const struct fl_event *ev, struct fl_buf *out)
{
    char t[FL_TIME_BUFSZ];

    fl_buf_adds(out, "{\"time\":");
    if (ev->time_us != INT64_MIN &&
        fl_time_format_rfc3339(ev->time_us, t, sizeof t) > 0)
        fl_buf_printf(out, "\"%s\"", t);
    else
        fl_buf_adds(out, "null");
    fl_buf_printf(out, ",\"kind\":\"%s\",\"file\":\"",
                  fl_event_kind_name(ev->kind));
    fl_buf_add_json_str(out, ev->file, strlen(ev->file));
    fl_buf_printf(out, "\",\"line\":%" PRIu64 ",\"format\":\"%s\"", ev->line,
                  ev->format);
    add_num(out, "duration_us", ev->duration_us);
    add_num(out, "lock_us", ev->lock_us);
    add_num(out, "rows_examined", ev->rows_examined);
    add_num(out, "rows_sent", ev->rows_sent);
    add_num(out, "rows_affected", ev->rows_affected);
    add_str(out, "pid", ev->pid);
    add_str(out, "db", ev->db);
    add_str(out, "user", ev->user);
    add_str(out, "host", ev->host);
    add_str(out, "app", ev->app);
    add_str(out, "severity", ev->severity);
    add_str(out, "sqlstate", ev->sqlstate);
    add_str(out, "statement", ev->statement);
    add_str(out, "params", ev->params);
    if (!((ev->kind == FL_EV_QUERY || ev->kind == FL_EV_DDL) &&
          ev->statement.n))
        add_str(out, "message", ev->message);
    add_str(out, "detail", ev->detail);
    add_str(out, "hint", ev->hint);
    add_str(out, "context", ev->context);
    add_str(out, "object", ev->object);
    fl_buf_adds(out, "}\n");
}
