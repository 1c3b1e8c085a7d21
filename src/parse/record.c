/* record.c - record framing (MySQL slow log and the like): header lines
 * matched by the format's header pattern, then statement body lines.
 *
 * Invariants: a record ends when a header line follows a body line, or at
 * the end of input; a record without its required header fields is not one
 * (its lines are counted not understood); a header without a body only
 * updates the time that later records may inherit.
 */
#include <string.h>

#include "parse/fl_parse_int.h"

static void header_line(struct fl_parser *p, const char *s, size_t n)
{
    const struct fl_format *f = p->f;
    uint32_t base = fl_entry_add(&p->cur, s, n);

    for (size_t i = 0; i < f->npatterns; i++) {
        int rc = fl_parse_run(p, &f->patterns[i], p->cur.arena.p + base, n);
        if (rc > 0)
            fl_entry_take_match(p, &p->cur, &f->patterns[i], rc, base);
    }
}

static void body_line(struct fl_parser *p, const char *s, size_t n)
{
    const struct fl_format *f = p->f;
    struct fl_entry *e = &p->cur;

    for (size_t i = 0; i < f->nbody; i++) {
        int rc = fl_parse_run(p, &f->body_patterns[i], s, n);
        if (rc > 0) {
            uint32_t base = fl_entry_add(e, s, n);
            rc = fl_parse_run(p, &f->body_patterns[i], e->arena.p + base, n);
            if (rc > 0)
                fl_entry_take_match(p, e, &f->body_patterns[i], rc, base);
            if (f->has_body_alone && !e->has_body &&
                fl_parse_run(p, &f->body_alone, s, n) > 0) {
                e->alone.off = base;
                e->alone.len = (uint32_t)n;
            }
            return;
        }
    }
    if (fl_entry_full(e, n)) {
        p->st.truncated++;
        return;
    }
    fl_entry_append(e, f->body_field, s, n);
    e->has_body = true;
}

/* Trim trailing blanks and body_trim characters from the body. */
static void trim_body(const struct fl_format *f, struct fl_entry *e)
{
    struct fl_slot *sl;

    if (!e->has_body && e->alone.off != NO_OFF)
        e->slots[f->body_field] = e->alone;
    if (!fl_entry_has(e, f->body_field))
        return;
    sl = &e->slots[f->body_field];
    while (sl->len) {
        char c = e->arena.p[sl->off + sl->len - 1];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
            (c && strchr(f->body_trim, c)))
            sl->len--;
        else
            break;
    }
}

static bool has_required(const struct fl_format *f, const struct fl_entry *e)
{
    for (size_t i = 0; i < f->nrequired; i++)
        if (!fl_entry_has(e, f->required[i]))
            return false;
    return true;
}

int fl_record_flush(struct fl_parser *p)
{
    if (!p->cur.active)
        return 0;
    if (!has_required(p->f, &p->cur)) {
        /* Not a record of this format (e.g. '#' comments of a script). */
        p->cur.active = false;
        for (uint64_t k = 0; k < p->cur.nlines; k++)
            fl_parse_bad_line(p, p->cur.line + k,
                              "record without its required header fields",
                              "", 0);
        return 0;
    }
    trim_body(p->f, &p->cur);
    if (!fl_entry_has(&p->cur, p->f->body_field)) {
        /* A header without a statement (e.g. the last "# Time:"): keep the
         * time for inheritance, produce nothing. */
        (void)fl_ptime_entry(p, &p->cur);
        p->cur.active = false;
        return 0;
    }
    return fl_parse_finish_entry(p);
}

int fl_record_frame(struct fl_parser *p, const char *s, size_t n,
                    uint64_t line_no)
{
    const struct fl_format *f = p->f;
    int rc;

    if (fl_parse_run(p, &f->header, s, n) > 0) {
        if (p->cur.active && p->cur.past_header &&
            (rc = fl_record_flush(p)) != 0)
            return rc;
        if (!p->cur.active)
            fl_entry_reset(p, &p->cur, line_no);
        p->cur.nlines++;
        header_line(p, s, n);
        return 0;
    }
    if (fl_parse_ignored(p, s, n))
        return 0;
    if (!p->cur.active) {
        fl_parse_bad_line(p, line_no, "statement text outside a record", s, n);
        return 0;
    }
    p->cur.past_header = true;
    p->cur.nlines++;
    body_line(p, s, n);
    return 0;
}
