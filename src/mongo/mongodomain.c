/* mongodomain.c - the mongo domain: slow operations classed by command
 * shape and namespace, createIndexes / dropIndexes as ddl, index builds
 * and drops as changes (see mongo/fl_mongo.h).
 *
 * Invariants: no global state besides the constant domain table; the
 * change state is a fixed table of FL_MONGO_STATE_MAX index keys with
 * their last known state (oldest replaced first), so memory does not grow
 * with the input; keys are "NS/NAME" exactly as logged on both sides.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fl_hash.h"
#include "base/fl_xalloc.h"
#include "mongo/fl_mongo.h"

/* ---- helpers ------------------------------------------------------------ */

static bool str_is(const struct fl_str *s, const char *lit)
{
    size_t n = strlen(lit);
    return s->p && s->n == n && memcmp(s->p, lit, n) == 0;
}

/* The attribute name of ev (absent: n == 0). */
static struct fl_str attr(const struct fl_event *ev, const char *name)
{
    for (size_t i = 0; i < ev->nattrs; i++)
        if (strcmp(ev->attrs[i].name, name) == 0)
            return ev->attrs[i].value;
    return (struct fl_str){ NULL, 0 };
}

/* ---- refine and classify ------------------------------------------------- */

static void mongo_refine(struct fl_event *ev)
{
    struct fl_str cmd;

    if (ev->kind != FL_EV_QUERY || !ev->statement.n ||
        !fl_mongo_command_name(ev->statement.p, ev->statement.n, &cmd))
        return;
    if (str_is(&cmd, "createIndexes") || str_is(&cmd, "dropIndexes"))
        ev->kind = FL_EV_DDL;
}

static void add_ns(struct fl_buf *out, const struct fl_str *ns)
{
    size_t n = ns->n < FL_MONGO_NS_MAX ? ns->n : FL_MONGO_NS_MAX;

    fl_buf_reset(out);
    for (size_t i = 0; i < n; i++) {
        char c = ns->p[i];
        fl_buf_addc(out, (unsigned char)c < 0x20 || c == ',' ? '?' : c);
    }
}

static bool mongo_classify(const struct fl_event *ev, struct fl_class *cls)
{
    if (!ev->statement.n || !ev->statement.p ||
        !fl_mongo_shape(ev->statement.p, ev->statement.n, &cls->text))
        return false;
    cls->id = fl_hash_fnv1a(cls->text.p, cls->text.len);
    add_ns(&cls->subjects, &ev->object);
    cls->type = -1;
    return true;
}

/* ---- changes -------------------------------------------------------------- */

#define KEY_MAX (FL_MONGO_NS_MAX + 130)

struct ixstate {
    char key[KEY_MAX];      /* "NS/NAME" */
    bool present;
};

struct mstate {
    struct ixstate ix[FL_MONGO_STATE_MAX];
    size_t n, next;         /* used slots; the slot replaced next */
};

static void *mongo_state_new(void)
{
    return fl_xcalloc(1, sizeof(struct mstate));
}

static void mongo_state_free(void *st)
{
    free(st);
}

/* Record that key is now present (or not); false if it already was. */
static bool ix_set(struct mstate *m, const char *key, bool present)
{
    struct ixstate *e;

    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->ix[i].key, key) == 0) {
            if (m->ix[i].present == present)
                return false;
            m->ix[i].present = present;
            return true;
        }
    if (m->n < FL_MONGO_STATE_MAX)
        e = &m->ix[m->n++];
    else {
        e = &m->ix[m->next];
        m->next = (m->next + 1) % FL_MONGO_STATE_MAX;
    }
    snprintf(e->key, sizeof e->key, "%s", key);
    e->present = present;
    return true;
}

/* admin, config and local, and system.* collections: the server's own. */
static bool internal_ns(const char *ns)
{
    const char *dot = strchr(ns, '.');
    size_t dl = dot ? (size_t)(dot - ns) : strlen(ns);

    return (dl == 5 && !memcmp(ns, "admin", 5)) ||
           (dl == 6 && !memcmp(ns, "config", 6)) ||
           (dl == 5 && !memcmp(ns, "local", 5)) ||
           (dot && !strncmp(dot + 1, "system.", 7));
}

/* The names of an index build / drop line (attr.index, attr.indexes). */
static bool line_names(const struct fl_event *ev, bool *create,
                       struct fl_mongo_names *o)
{
    struct fl_str msg = ev->message, v;
    size_t start = 0;

    memset(o, 0, sizeof *o);
    if (str_is(&msg, "Index build: done building")) {
        *create = true;
        v = attr(ev, "index");
    } else if (str_is(&msg, "CMD: dropIndexes")) {
        *create = false;
        v = attr(ev, "indexes");
    } else {
        return false;
    }
    for (size_t i = 0; v.p && i <= v.n && o->count < FL_MONGO_NAMES_MAX; i++)
        if (i == v.n || v.p[i] == ',') {
            size_t len = i - start;
            if (len && len < sizeof o->name[0]) {
                char *d = o->name[o->count++];
                for (size_t k = 0; k < len; k++)   /* as in fl_mongo_names */
                    d[k] = (unsigned char)v.p[start + k] < 0x20
                               ? '?' : v.p[start + k];
                d[len] = '\0';
            }
            start = i + 1;
        }
    if (o->count == 1 && strcmp(o->name[0], "*") == 0)
        o->count = 0;
    o->all = o->count == 0 || (o->name[0][0] == '{');
    if (o->name[0][0] == '{')
        o->count = 0;
    return true;
}

/* Fill c from the names; false when nothing changed. */
static bool make_change(struct mstate *m, const struct fl_event *ev,
                        bool create, const struct fl_mongo_names *o,
                        const char *ns, struct fl_change *c)
{
    char key[KEY_MAX], ekey[KEY_MAX + 4], text[FL_CHANGE_TEXT_MAX];
    int len;

    fl_change_clear(c);
    len = snprintf(text, sizeof text, "%s %s ",
                   create ? "createIndexes" : "dropIndexes", ns);
    for (size_t i = 0; i < o->count; i++) {
        if (strcmp(o->name[i], "_id_") == 0)
            continue;           /* made with its collection, never dropped */
        snprintf(key, sizeof key, "%s/%s", ns, o->name[i]);
        if (!ix_set(m, key, create))
            continue;
        snprintf(ekey, sizeof ekey, "ix:%s", key);
        fl_change_add_effect(c, create ? '+' : '-', ekey);
        if (len > 0 && (size_t)len < sizeof text)
            len += snprintf(text + len, sizeof text - (size_t)len, "%s%s",
                            c->neffects > 1 ? "," : "", o->name[i]);
    }
    if (!c->neffects && !o->all)
        return false;
    if (o->all && len > 0 && (size_t)len < sizeof text)
        snprintf(text + len, sizeof text - (size_t)len, "%s",
                 c->neffects ? ",*" : "*");
    snprintf(c->kind, sizeof c->kind, "%s", create ? "create_index"
                                                   : "drop_index");
    snprintf(c->domain, sizeof c->domain, "mongo");
    fl_change_set(c, c->subjects, sizeof c->subjects, ns, strlen(ns));
    fl_change_set(c, c->text, sizeof c->text, text, strlen(text));
    fl_change_set(c, c->pid, sizeof c->pid, ev->pid.p ? ev->pid.p : "",
                  ev->pid.n);
    c->time_us = ev->time_us;
    c->duration_us = ev->duration_us;
    c->file = ev->file;
    c->line = ev->line;
    return true;
}

static bool mongo_change(void *st, const struct fl_event *ev,
                         struct fl_change *out)
{
    struct fl_mongo_names o;
    struct fl_buf nsb;
    bool create = false, ok;

    if (ev->kind != FL_EV_DDL || !ev->object.n)
        return false;
    if (ev->statement.n &&
        fl_mongo_index_names(ev->statement.p, ev->statement.n, &o)) {
        struct fl_str cmd;
        fl_mongo_command_name(ev->statement.p, ev->statement.n, &cmd);
        create = str_is(&cmd, "createIndexes");
    } else if (!line_names(ev, &create, &o)) {
        return false;
    }
    fl_buf_init(&nsb);
    add_ns(&nsb, &ev->object);
    ok = !internal_ns(nsb.p) && make_change(st, ev, create, &o, nsb.p, out);
    fl_buf_cleanup(&nsb);
    return ok;
}

const struct fl_domain fl_mongo_domain = {
    "mongo", false, mongo_refine, mongo_classify, mongo_state_new,
    mongo_state_free, mongo_change, NULL,
};
