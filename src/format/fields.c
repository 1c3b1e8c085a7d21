/* fields.c - the field names of a format: interning and where each goes.
 *
 * Field names are interned per format; the standard fields (std_fields[],
 * in enum fl_std_field order, the list tests/e2e_man.sh holds against the
 * man page) are interned first so their ids are the same in every format.
 * Invariants: an id, once given, names the same field for the format's
 * life; field_event is computed once, after every field is interned, and
 * sends each field to an event field of the same name, to the parser, or
 * to an attribute.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "event/fl_event.h"
#include "format/fl_format.h"
#include "format/fl_format_int.h"
#include "base/fl_xalloc.h"

/* Standard field names, in enum fl_std_field order. */
static const char *const std_fields[FL_F__STD_COUNT] = {
    "time", "time_mysql", "epoch", "pid", "user", "db", "host", "app",
    "severity", "sqlstate", "message", "statement", "detail", "hint",
    "context", "params", "object", "command", "duration_ms", "duration_s",
    "duration_us", "lock_s", "lock_ms", "lock_us", "rows_sent",
    "rows_examined", "rows_affected", "seg", "blocker", "duration_ns"
};

void fl_fields_init(struct fl_format *f)
{
    for (int i = 0; i < FL_F__STD_COUNT; i++)
        fl_fields_intern(f, std_fields[i], strlen(std_fields[i]));
}

int fl_format_field(const struct fl_format *f, const char *name)
{
    for (size_t i = 0; i < f->nfields; i++)
        if (strcmp(f->fields[i], name) == 0)
            return (int)i;
    return -1;
}

/* Intern a field name, returning its id. */
int fl_fields_intern(struct fl_format *f, const char *name, size_t n)
{
    size_t cap = f->nfields;
    for (size_t i = 0; i < f->nfields; i++)
        if (strlen(f->fields[i]) == n && memcmp(f->fields[i], name, n) == 0)
            return (int)i;
    f->fields = fl_xrealloc(f->fields, (cap + 1) * sizeof *f->fields);
    f->fields[f->nfields++] = fl_xstrndup(name, n);
    return (int)(f->nfields - 1);
}

int fl_fields_get(struct fl_format_ctx *c, const cJSON *o, const char *key,
                  bool required, int *field)
{
    const char *s;
    int rc = fl_format_get_string(c, o, key, required, &s);
    *field = -1;
    if (rc == FL_OK && s)
        *field = fl_fields_intern(c->f, s, strlen(s));
    return rc;
}

int fl_fields_keymap(struct fl_format_ctx *c, const cJSON *o, const char *key,
                     struct fl_keymap **out, size_t *n)
{
    const cJSON *it;
    size_t i = 0;

    *out = NULL;
    *n = 0;
    if (!cJSON_IsObject(o))
        return fl_format_err(c, key,
                             "must be an object of \"key\": \"field\"");
    *out = fl_xcalloc((size_t)cJSON_GetArraySize(o) + 1, sizeof **out);
    cJSON_ArrayForEach(it, o) {
        if (!cJSON_IsString(it))
            return fl_format_err(c, key,
                                 "value of \"%s\" must be a field name",
                                 it->string);
        (*out)[i].key = fl_xstrdup(it->string);
        (*out)[i].field = fl_fields_intern(c->f, it->valuestring,
                                           strlen(it->valuestring));
        *n = ++i;
    }
    return FL_OK;
}

void fl_fields_keymap_free(struct fl_keymap *m, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(m[i].key);
    free(m);
}

/* Standard fields the parser reads itself (times, scaled durations and lock
 * times, the MySQL command, the syslog segment): never attributes. */
static bool parser_field(int id)
{
    switch (id) {
    case FL_F_TIME: case FL_F_TIME_MYSQL: case FL_F_EPOCH: case FL_F_COMMAND:
    case FL_F_DURATION_MS: case FL_F_DURATION_S: case FL_F_DURATION_US:
    case FL_F_DURATION_NS:
    case FL_F_LOCK_S: case FL_F_LOCK_MS: case FL_F_LOCK_US: case FL_F_SEG:
        return true;
    default:
        return false;
    }
}

/* A field the definition reads for its own structure (a time, the
 * key=value list, the attach selector, a record's required header) is not
 * an attribute, but it keeps
 * its event field if it has one (the attach selector "severity"). */
static void structural(struct fl_format *f, int id)
{
    if (id >= 0 && f->field_event[id] == FL_FIELD_ATTR)
        f->field_event[id] = FL_FIELD_PARSER;
}

/* Where each field of f goes in an event: an event field of the same name,
 * the parser itself (above), or an attribute. */
void fl_fields_map_events(struct fl_format *f)
{
    f->field_event = fl_xmalloc((f->nfields + 1) * sizeof *f->field_event);
    for (size_t i = 0; i < f->nfields; i++) {
        int ev = fl_event_field_find(f->fields[i]);
        f->field_event[i] = parser_field((int)i) ? FL_FIELD_PARSER
                            : ev >= 0 ? ev : FL_FIELD_ATTR;
    }
    for (size_t i = 0; i < f->ntimes; i++)
        structural(f, f->times[i].field);
    structural(f, f->kv_field);
    structural(f, f->attach_field);
    for (size_t i = 0; i < f->nrequired; i++)
        structural(f, f->required[i]);
}
