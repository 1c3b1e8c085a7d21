/* emit.c - building the event of an entry and pushing it to the callback:
 * fields by name, attributes, durations, the domain's refine, the error flag.
 *
 * Invariants: the event borrows every text from the entry's arena and the
 * format (names of attributes), so it is valid only during the callback; an
 * empty capture is absent; attributes beyond FL_EVENT_MAX_ATTRS are counted,
 * not kept.
 */
#include "event/fl_domain.h"
#include "parse/fl_parse_int.h"

/* Nanoseconds to microseconds, rounded half up: read in thousandths of a
 * nanosecond so a fraction rounds once, exactly. */
static int64_t ns_field(const struct fl_entry *e)
{
    int64_t v = fl_ptime_field(e, FL_F_DURATION_NS, 3);
    return v < 0 ? -1 : (v + 500000) / 1000000;
}

/* The duration in us: duration_us, else duration_ms, else duration_ns,
 * else duration_s (the first one present and readable). */
int64_t fl_emit_duration(const struct fl_entry *e)
{
    int64_t v;
    if ((v = fl_ptime_field(e, FL_F_DURATION_US, 0)) >= 0)
        return v;
    if ((v = fl_ptime_field(e, FL_F_DURATION_MS, 3)) >= 0)
        return v;
    if ((v = ns_field(e)) >= 0)
        return v;
    return fl_ptime_field(e, FL_F_DURATION_S, 6);
}

static int64_t lock_of(const struct fl_entry *e)
{
    int64_t v;
    if ((v = fl_ptime_field(e, FL_F_LOCK_US, 0)) >= 0)
        return v;
    if ((v = fl_ptime_field(e, FL_F_LOCK_MS, 3)) >= 0)
        return v;
    return fl_ptime_field(e, FL_F_LOCK_S, 6);
}

/* Attach capture fid of e as the next attribute of ev (empty values are
 * absent, as for fields); counts those beyond FL_EVENT_MAX_ATTRS. */
static void add_attr(struct fl_parser *p, const struct fl_entry *e, int fid,
                     struct fl_event *ev)
{
    if (!e->slots[fid].len)
        return;
    if (ev->nattrs == FL_EVENT_MAX_ATTRS) {
        p->st.attrs_dropped++;
        return;
    }
    ev->attrs[ev->nattrs].name = p->f->fields[fid];
    ev->attrs[ev->nattrs++].value = fl_entry_str(e, fid);
}

/* Fill ev from the entry's fields: a capture named like an event field
 * (fl_event.h) goes to that field, numbers parsed as plain integers; the
 * parser's own fields (times, scaled durations) are read elsewhere; any
 * other capture becomes an attribute, in field order. */
static void fill_fields(struct fl_parser *p, const struct fl_entry *e,
                        struct fl_event *ev)
{
    const struct fl_format *f = p->f;

    for (size_t i = 0; i < f->nfields; i++) {
        int to = f->field_event[i];
        if (!fl_entry_has(e, (int)i) || to == FL_FIELD_PARSER)
            continue;
        if (to == FL_FIELD_ATTR)
            add_attr(p, e, (int)i, ev);
        else if (to >= FL_EVF__NUMS)
            *fl_event_str(ev, to) = fl_entry_str(e, (int)i);
        else
            *fl_event_num(ev, to) = fl_ptime_field(e, (int)i, 0);
    }
}

/* The error flag: error and deadlock entries (both abort a statement),
 * protocol status 500 and above, and rules with "error": true. */
static bool is_error(const struct fl_entry *e, const struct fl_event *ev)
{
    return e->error || ev->kind == FL_EV_ERROR || ev->kind == FL_EV_DEADLOCK ||
           ev->status >= 500;
}

/* Build and push the event of entry e; dur/time override when >= 0 /
 * != INT64_MIN (pairing).  A request logged at its end (the format's
 * time_at, default end) is timed at its start: log time minus duration.  The format's domain refines the event (a DDL
 * query becomes kind ddl) before it is pushed. */
int fl_emit_event(struct fl_parser *p, const struct fl_entry *e,
                  int64_t time_us, int64_t dur)
{
    struct fl_event ev;

    fl_event_clear(&ev);
    ev.kind = (enum fl_event_kind)e->kind;
    ev.file = p->file;
    ev.line = e->line;
    ev.format = p->f->name;
    ev.time_us = time_us;
    fill_fields(p, e, &ev);
    ev.duration_us = dur;
    ev.lock_us = lock_of(e);
    /* Requests are timed at their start.  A log time written to the whole
     * second (nginx's $time_local) cuts the end down by up to 1 s: the
     * middle of that second is the unbiased end. */
    if (ev.kind == FL_EV_REQUEST && !p->f->time_at_start &&
        time_us != INT64_MIN && dur > 0)
        ev.time_us = time_us + (p->time_coarse ? 500000 : 0) - dur;
    ev.domain = p->domain;
    if (p->domain && p->domain->refine)
        p->domain->refine(&ev);
    ev.error = is_error(e, &ev);
    p->st.events++;
    if (time_us != INT64_MIN) {
        if (!p->st.timed++)
            p->st.first_us = p->st.last_us = ev.time_us;
        else if (ev.time_us < p->st.first_us)
            p->st.first_us = ev.time_us;
        else if (ev.time_us > p->st.last_us)
            p->st.last_us = ev.time_us;
    }
    return p->cb ? p->cb(&ev, p->cb_ctx) : 0;
}
