/* event.c - event kinds and the field table (see fl_event.h).
 *
 * Everything here is derived from the X-macro tables of fl_event.h, so the
 * kind names and the field list are written once. */
#include <string.h>

#include "event/fl_event.h"

static const char *const kind_names[FL_EV__COUNT] = {
#define FL_X_(e, name, doc) name,
    FL_EVENT_KINDS(FL_X_)
#undef FL_X_
};

static const struct fl_event_field_info fields[FL_EVF__COUNT] = {
#define FL_X_(m, key, doc) { key, doc, true, offsetof(struct fl_event, m) },
    FL_EVENT_NUMS(FL_X_)
#undef FL_X_
#define FL_X_(m, key, doc) { key, doc, false, offsetof(struct fl_event, m) },
    FL_EVENT_STRS(FL_X_)
#undef FL_X_
};

void fl_event_clear(struct fl_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->time_us = INT64_MIN;
    for (int i = 0; i < FL_EVF__NUMS; i++)
        *fl_event_num(ev, i) = -1;
}

const char *fl_event_kind_name(enum fl_event_kind kind)
{
    if ((unsigned)kind >= FL_EV__COUNT)
        return "unknown";
    return kind_names[kind];
}

int fl_event_kind_parse(const char *name)
{
    for (int i = 0; i < FL_EV__COUNT; i++)
        if (strcmp(kind_names[i], name) == 0)
            return i;
    return -1;
}

int64_t fl_event_start_us(const struct fl_event *ev)
{
    if (ev->time_us == INT64_MIN)
        return INT64_MIN;
    if (ev->kind == FL_EV_REQUEST || ev->duration_us <= 0 ||
        ev->time_us < INT64_MIN + ev->duration_us)
        return ev->time_us;
    return ev->time_us - ev->duration_us;
}

const struct fl_event_field_info *fl_event_fields(void)
{
    return fields;
}

int fl_event_field_find(const char *name)
{
    for (int i = 0; i < FL_EVF__COUNT; i++)
        if (fields[i].name && strcmp(fields[i].name, name) == 0)
            return i;
    return -1;
}

int64_t *fl_event_num(struct fl_event *ev, int field)
{
    if (field < 0 || field >= FL_EVF__COUNT || !fields[field].number)
        return NULL;
    return (int64_t *)(void *)((char *)ev + fields[field].offset);
}

struct fl_str *fl_event_str(struct fl_event *ev, int field)
{
    if (field < FL_EVF__NUMS || field >= FL_EVF__COUNT)
        return NULL;
    return (struct fl_str *)(void *)((char *)ev + fields[field].offset);
}

const struct fl_str *fl_event_cstr(const struct fl_event *ev, int field)
{
    return fl_event_str((struct fl_event *)ev, field);
}

const int64_t *fl_event_cnum(const struct fl_event *ev, int field)
{
    return fl_event_num((struct fl_event *)ev, field);
}
