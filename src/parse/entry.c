/* entry.c - the entry buffer of the parser: resetting, copying (parking),
 * captures of a regex match into field slots, appending continuation text.
 *
 * Invariants: fields are (offset, length) slots into the entry's arena, so
 * growing the arena never invalidates a field; a field that is appended to
 * is moved to the arena's end first, so its text stays contiguous.  The
 * arena and slots are reused from entry to entry (no per-line malloc).
 */
#include <stdlib.h>
#include <string.h>

#include "base/fl_buf.h"
#include "parse/fl_parse_int.h"
#include "base/fl_xalloc.h"

void fl_entry_init(struct fl_entry *e, size_t nfields)
{
    memset(e, 0, sizeof *e);
    fl_buf_init(&e->arena);
    e->slots = fl_xmalloc(nfields * sizeof *e->slots);
}

void fl_entry_cleanup(struct fl_entry *e)
{
    fl_buf_cleanup(&e->arena);
    free(e->slots);
}

void fl_entry_reset(struct fl_parser *p, struct fl_entry *e, uint64_t line)
{
    fl_buf_reset(&e->arena);
    for (size_t i = 0; i < p->f->nfields; i++)
        e->slots[i].off = NO_OFF;
    e->line = line;
    e->cur = p->f->append_field;
    e->active = true;
    e->has_body = false;
    e->past_header = false;
    e->alone.off = NO_OFF;
    e->nlines = 0;
    e->kind = FL_EV_LOG;
    e->role = FL_ROLE_COMPLETE;
    e->error = false;
}

void fl_entry_copy(struct fl_parser *p, struct fl_entry *dst,
                   const struct fl_entry *src)
{
    fl_buf_reset(&dst->arena);
    fl_buf_add(&dst->arena, src->arena.p, src->arena.len);
    memcpy(dst->slots, src->slots, p->f->nfields * sizeof *dst->slots);
    dst->line = src->line;
    dst->kind = src->kind;
    dst->role = src->role;
    dst->error = src->error;
    dst->active = true;
}

/* Store the named captures of a match with ovector ov; `base` is the arena
 * offset where the matched subject (or its copy) starts. */
void fl_entry_take_ov(struct fl_entry *e, const struct fl_pattern *pat,
                      const PCRE2_SIZE *ov, int rc, uint32_t base)
{
    uint32_t top = (uint32_t)rc < pat->ngroups + 1 ? (uint32_t)rc
                                                   : pat->ngroups + 1;

    for (uint32_t g = 1; g < top; g++) {
        int fid = pat->group_field[g];
        if (fid < 0 || ov[2 * g] == PCRE2_UNSET)
            continue;
        e->slots[fid].off = base + (uint32_t)ov[2 * g];
        e->slots[fid].len = (uint32_t)(ov[2 * g + 1] - ov[2 * g]);
    }
}

/* fl_entry_take_ov with the parser's last match. */
void fl_entry_take_match(struct fl_parser *p, struct fl_entry *e,
                         const struct fl_pattern *pat, int rc, uint32_t base)
{
    fl_entry_take_ov(e, pat, pcre2_get_ovector_pointer(p->md), rc, base);
}

/* Append text to field `fid`, separated by a newline when the field already
 * has text.  Relocates the field to the arena's end if needed. */
void fl_entry_append(struct fl_entry *e, int fid, const char *s, size_t n)
{
    struct fl_slot *sl = &e->slots[fid];

    if (sl->off == NO_OFF) {
        sl->off = fl_entry_add(e, s, n);
        sl->len = (uint32_t)n;
        return;
    }
    if ((size_t)sl->off + sl->len != e->arena.len) {
        uint32_t off = (uint32_t)e->arena.len;
        fl_buf_reserve(&e->arena, sl->len);
        fl_buf_add(&e->arena, e->arena.p + sl->off, sl->len);
        sl->off = off;
    }
    fl_buf_addc(&e->arena, '\n');
    fl_buf_add(&e->arena, s, n);
    sl->len += (uint32_t)n + 1;
}
