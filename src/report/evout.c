/* evout.c - render events as JSON lines (see fl_evout.h for the fields).
 * Output is deterministic: fields in a fixed order, absent ones omitted.
 * This runs once per event on multi-GB inputs, so it appends with memcpy
 * and hand-written integer formatting rather than printf. */
#include <stdbool.h>
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

/* The JSON keys of the field table (fl_event.h) with their lengths, known
 * at compile time, so the hot path does no strlen. */
static const struct key {
    const char *name;
    size_t n;
} keys[FL_EVF__COUNT] = {
#define FL_X_(m, k, doc) { k, sizeof(k) - 1 },
    FL_EVENT_NUMS(FL_X_)
    FL_EVENT_STRS(FL_X_)
#undef FL_X_
};

/* message repeats the statement of query and ddl events: left out there. */
static bool skip_field(const struct fl_event *ev, int i)
{
    return i == FL_EVF_message && ev->statement.n &&
           (ev->kind == FL_EV_QUERY || ev->kind == FL_EV_DDL);
}

/* The fields of the table, in table order, absent ones omitted. */
static void add_fields(const struct fl_event *ev, struct fl_buf *out)
{
    for (int i = 0; i < FL_EVF__NUMS; i++)
        add_num(out, keys[i].name, keys[i].n, *fl_event_cnum(ev, i));
    for (int i = FL_EVF__NUMS; i < FL_EVF__COUNT; i++)
        if (!skip_field(ev, i))
            add_str(out, keys[i].name, keys[i].n, *fl_event_cstr(ev, i));
}

/* "attrs": {"name": "value", ...}, only when there are any. */
static void add_attrs(const struct fl_event *ev, struct fl_buf *out)
{
    if (!ev->nattrs)
        return;
    add_key(out, "attrs", 5);
    for (size_t i = 0; i < ev->nattrs; i++) {
        const struct fl_attr *a = &ev->attrs[i];
        fl_buf_add(out, i ? ",\"" : "{\"", 2);
        fl_buf_add_json_str(out, a->name, strlen(a->name));
        fl_buf_add(out, "\":\"", 3);
        fl_buf_add_json_str(out, a->value.p, a->value.n);
        fl_buf_addc(out, '"');
    }
    fl_buf_addc(out, '}');
}

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
    fl_buf_add_json_str(out, ev->format, strlen(ev->format));
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
    add_fields(ev, out);
    add_attrs(ev, out);
    /* kind "error" says it already; other failures (deadlock, HTTP 5xx,
     * rules marked "error") say it with the flag. */
    if (ev->error && ev->kind != FL_EV_ERROR)
        fl_buf_add(out, ",\"error\":true", 13);
    fl_buf_add(out, "}\n", 2);
}
