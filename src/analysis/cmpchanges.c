/* cmpchanges.c - the changes of a comparison (see fl_compare.h): those
 * made between the periods or during the after one, and which of them
 * touch a class (its tables, its route; a schema change naming no table by
 * the object it is named after, as the culprit ranking reads it; a change
 * of another domain naming nothing touches everything). */
#include <stdlib.h>
#include <string.h>

#include "compare_int.h"
#include "base/fl_xalloc.h"

/* ---- changes ---------------------------------------------------------------------- */

static bool relevant_time(const struct fl_compare *c, int64_t t)
{
    int64_t from = c->before.end_us != INT64_MAX ? c->before.end_us
                                                 : c->before.last_us;
    return t != INT64_MIN && t >= from && t < c->after.end_us;
}

void fl_cmp_take_changes(struct fl_compare *c, const struct fl_summary *s)
{
    for (size_t i = 0; i < s->nchanges; i++) {
        if (!relevant_time(c, s->changes[i].time_us))
            continue;
        c->changes = fl_xrealloc(c->changes,
                                 (c->nchanges + 1) * sizeof *c->changes);
        c->changes[c->nchanges] = s->changes[i];
        c->changes[c->nchanges++].file = NULL;
    }
}

static int change_by_time(const void *a, const void *b)
{
    const struct fl_change *x = a, *y = b;
    int d;

    if (x->time_us != y->time_us)
        return x->time_us < y->time_us ? -1 : 1;
    if ((d = strcmp(x->kind, y->kind)))
        return d;
    return strcmp(x->text, y->text);
}

/* Drop the copies both summaries held (a change in both periods' inputs). */
void fl_cmp_dedupe_changes(struct fl_compare *c)
{
    size_t out = 0;

    if (c->nchanges > 1)
        qsort(c->changes, c->nchanges, sizeof *c->changes, change_by_time);
    for (size_t i = 0; i < c->nchanges; i++)
        if (!out || change_by_time(&c->changes[out - 1], &c->changes[i]) ||
            strcmp(c->changes[out - 1].subjects, c->changes[i].subjects))
            c->changes[out++] = c->changes[i];
    c->nchanges = out;
}

/* Is table t (unqualified) what an effect key's object is named after
 * ("index:Uorders_customer_id_idx" and "orders")? */
static bool named_after(const struct fl_change *ch, const char *t, size_t tn)
{
    for (size_t e = 0; e < ch->neffects; e++) {
        const char *colon = strchr(ch->effects[e] + 1, ':'), *name, *dot;
        if (!colon || !colon[1])    /* "kind:<tag><name>" (sql domain) */
            continue;
        name = colon + 2;
        dot = strrchr(name, '.');
        name = dot ? dot + 1 : name;
        if (strncmp(name, t, tn) == 0 && name[tn] == '_')
            return true;
    }
    return false;
}

/* Does change ch touch class k: one of its tables, its route; a schema
 * change that names no table (a DROP INDEX whose definition was never
 * seen) when its object is named after one of the class's tables (as the
 * culprit ranking reads it); a change of another domain that names
 * nothing (a deploy or config change of the whole service) always. */
static bool touches(const struct fl_change *ch, const struct fl_cmp_class *k)
{
    const char *t = k->tables;

    if (!ch->subjects[0] && strcmp(ch->domain, "sql") != 0)
        return true;
    if (ch->subjects[0] && fl_change_touches(ch, k->text))
        return true;
    while (t && *t) {
        const char *e = strchr(t, ','), *dot;
        size_t n = e ? (size_t)(e - t) : strlen(t);
        char name[FL_CHANGE_SUBJECTS_MAX];
        if (n < sizeof name) {
            memcpy(name, t, n);
            name[n] = '\0';
            dot = strrchr(name, '.');
            if (ch->subjects[0] ? fl_change_touches(ch, name)
                                : named_after(ch, dot ? dot + 1 : name,
                                              strlen(dot ? dot + 1 : name)))
                return true;
        }
        t = e ? e + 1 : NULL;
    }
    return false;
}

void fl_cmp_link_changes(struct fl_compare *c, struct fl_cmp_class *k)
{
    for (size_t i = 0; i < c->nchanges; i++)
        if (touches(&c->changes[i], k)) {
            k->changes = fl_xrealloc(k->changes,
                                     (k->nchanges + 1) * sizeof *k->changes);
            k->changes[k->nchanges++] = i;
        }
}

