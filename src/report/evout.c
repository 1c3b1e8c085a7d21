/* evout.c - render events as JSON lines (see fl_evout.h for the fields).
 * Output is deterministic: fields in a fixed order, absent ones omitted.
 * This runs once per event on multi-GB inputs, so it appends with memcpy
 * and hand-written integer formatting rather than printf. */
#include <string.h>

#include "report/fl_evout.h"
#include "time/fl_time.h"

/* Append `,"key":` (key is a literal of length n). */
static void add_key(struct fl_buf *out, const char *key, size_t n)
{
    fl_buf_reserve(out, n + 4);
    out->p[out->len++] = ',';
    out->p[out->len++] = '"';
    memcpy(out->p + out->len, key, n);
    out->len += n;
    out->p[out->len++] = '"';
    out->p[out->len++] = ':';
    out->p[out->len] = '\0';
}

static void add_u64(struct fl_buf *out, uint64_t v)
{
    char tmp[24];
    size_t i = sizeof tmp;

    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    fl_buf_add(out, tmp + i, sizeof tmp - i);
}

#define KEY(out, k) add_key(out, k, sizeof(k) - 1)

static void add_str(struct fl_buf *out, const char *key, size_t kn,
                    struct fl_str s)
{
    if (!s.n)
        return;
    add_key(out, key, kn);
    fl_buf_addc(out, '"');
    fl_buf_add_json_str(out, s.p, s.n);
    fl_buf_addc(out, '"');
}

static void add_num(struct fl_buf *out, const char *key, size_t kn, int64_t v)
{
    if (v < 0)
        return;
    add_key(out, key, kn);
    add_u64(out, (uint64_t)v);
}

#define STR(out, k, v) add_str(out, k, sizeof(k) - 1, v)
#define NUM(out, k, v) add_num(out, k, sizeof(k) - 1, v)

void fl_evout_json(const struct fl_event *ev, const struct fl_evout_class *cls,
                   struct fl_buf *out)
{
    char t[FL_TIME_BUFSZ];
    const char *kind = fl_event_kind_name(ev->kind);

    fl_buf_adds(out, "{\"time\":");
    if (ev->time_us != INT64_MIN &&
        fl_time_format_rfc3339(ev->time_us, t, sizeof t) > 0) {
        fl_buf_addc(out, '"');
        fl_buf_adds(out, t);
        fl_buf_addc(out, '"');
    } else {
        fl_buf_adds(out, "null");
    }
    KEY(out, "kind");
    fl_buf_addc(out, '"');
    fl_buf_adds(out, kind);
    fl_buf_addc(out, '"');
    KEY(out, "file");
    fl_buf_addc(out, '"');
    fl_buf_add_json_str(out, ev->file, strlen(ev->file));
    fl_buf_addc(out, '"');
    KEY(out, "line");
    add_u64(out, ev->line);
    KEY(out, "format");
    fl_buf_addc(out, '"');
    fl_buf_adds(out, ev->format);
    fl_buf_addc(out, '"');
    if (cls) {
        static const char hex[] = "0123456789abcdef";
        char id[16];
        for (int i = 0; i < 16; i++)
            id[i] = hex[(cls->id >> (60 - 4 * i)) & 15];
        KEY(out, "id");
        fl_buf_addc(out, '"');
        fl_buf_add(out, id, 16);
        fl_buf_addc(out, '"');
        KEY(out, "fingerprint");
        fl_buf_addc(out, '"');
        fl_buf_add_json_str(out, cls->fp, cls->fpn);
        fl_buf_addc(out, '"');
    }
    NUM(out, "duration_us", ev->duration_us);
    NUM(out, "lock_us", ev->lock_us);
    NUM(out, "rows_examined", ev->rows_examined);
    NUM(out, "rows_sent", ev->rows_sent);
    NUM(out, "rows_affected", ev->rows_affected);
    STR(out, "pid", ev->pid);
    STR(out, "db", ev->db);
    STR(out, "user", ev->user);
    STR(out, "host", ev->host);
    STR(out, "app", ev->app);
    STR(out, "severity", ev->severity);
    STR(out, "sqlstate", ev->sqlstate);
    STR(out, "statement", ev->statement);
    STR(out, "params", ev->params);
    if (!((ev->kind == FL_EV_QUERY || ev->kind == FL_EV_DDL) &&
          ev->statement.n))
        STR(out, "message", ev->message);
    STR(out, "detail", ev->detail);
    STR(out, "hint", ev->hint);
    STR(out, "context", ev->context);
    STR(out, "object", ev->object);
    STR(out, "blocker", ev->blocker);
    fl_buf_add(out, "}\n", 2);
}
