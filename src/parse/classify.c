/* classify.c - classification of an entry: "k=v" pairs split into fields, rule
 * conditions, and the first matching rule's kind, role and error flag.
 *
 * Invariants: rules are tried in the format's order; a "continue" rule only
 * adds its error flag; captures of a matching condition are stored in the
 * entry like any field (their text stays in the arena).  A kv pair never
 * overwrites a field that is already present.
 */
#include <string.h>

#include "parse/fl_parse_int.h"

int fl_classify_cond(struct fl_parser *p, struct fl_entry *e,
                     const struct fl_cond *c)
{
    int rc;
    if (!fl_entry_has(e, c->field))
        return 0;
    if (c->starts_with && (e->slots[c->field].len < c->starts_len ||
                           memcmp(fl_entry_ptr(e, c->field), c->starts_with,
                                  c->starts_len) != 0))
        return 0;
    rc = fl_parse_run(p, &c->pat, fl_entry_ptr(e, c->field),
                      e->slots[c->field].len);
    if (rc > 0)
        fl_entry_take_match(p, e, &c->pat, rc, e->slots[c->field].off);
    return rc > 0;
}

void fl_classify_entry(struct fl_parser *p, struct fl_entry *e)
{
    const struct fl_format *f = p->f;

    e->kind = FL_EV_LOG;
    e->role = FL_ROLE_COMPLETE;
    e->error = false;
    for (size_t i = 0; i < f->nrules; i++) {
        const struct fl_rule *r = &f->rules[i];
        if (r->has_cond && !fl_classify_cond(p, e, &r->cond))
            continue;
        if (r->has_and && !fl_classify_cond(p, e, &r->and_cond))
            continue;
        e->error |= r->error;
        if (r->cont)
            continue;
        e->kind = r->kind;
        e->role = r->role;
        return;
    }
}

/* Split "k=v,k=v k=v" pairs of the kv field into their fields. */
void fl_classify_kv(const struct fl_format *f, struct fl_entry *e)
{
    uint32_t off, end;

    if (!fl_entry_has(e, f->kv_field))
        return;
    off = e->slots[f->kv_field].off;
    end = off + e->slots[f->kv_field].len;
    while (off < end) {
        uint32_t k = off, eq, v;
        while (off < end && e->arena.p[off] != ',' && e->arena.p[off] != ' ')
            off++;
        for (eq = k; eq < off && e->arena.p[eq] != '='; eq++)
            ;
        v = eq + 1;
        for (size_t i = 0; eq < off && i < f->nkv; i++)
            if (strlen(f->kv[i].key) == eq - k &&
                memcmp(f->kv[i].key, e->arena.p + k, eq - k) == 0 &&
                !fl_entry_has(e, f->kv[i].field)) {
                e->slots[f->kv[i].field].off = v;
                e->slots[f->kv[i].field].len = off - v;
            }
        off++;
    }
}
