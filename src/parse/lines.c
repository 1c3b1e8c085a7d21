/* lines.c - line framing: each line matching one of the format's patterns
 * starts an entry; attachments, continuation and multiline text extend it.
 *
 * Invariants: the pattern that matched last is tried first (lines of a
 * file nearly always share it); a start line's match offsets are copied
 * before the previous entry is finished (that runs other regexes) and are
 * applied to the line's copy in the arena.  Continuation and multiline
 * text that would take an entry beyond MAX_ENTRY is dropped (continuation
 * lines are counted as truncated).
 */
#include <string.h>

#include "base/fl_buf.h"
#include "parse/fl_parse_int.h"

/* Text of group `fid` in the last match of subject s, or all of s. */
static void group_text(struct fl_parser *p, const struct fl_pattern *pat,
                       int rc, int fid, const char *s, size_t n,
                       const char **out, size_t *outn)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
    for (uint32_t g = 1; g < (uint32_t)rc && g <= pat->ngroups; g++)
        if (pat->group_field[g] == fid && ov[2 * g] != PCRE2_UNSET) {
            *out = s + ov[2 * g];
            *outn = ov[2 * g + 1] - ov[2 * g];
            return;
        }
    *out = s;
    *outn = n;
}

static void append_text(struct fl_parser *p, const char *s, size_t n)
{
    struct fl_entry *e = &p->cur;

    if (p->f->unescape_syslog && memmem(s, n, "#011", 4)) {
        fl_buf_reset(&p->scratch);
        for (size_t i = 0; i < n; i++) {
            if (i + 4 <= n && memcmp(s + i, "#011", 4) == 0) {
                fl_buf_addc(&p->scratch, '\t');
                i += 3;
            } else {
                fl_buf_addc(&p->scratch, s[i]);
            }
        }
        s = p->scratch.p;
        n = p->scratch.len;
    }
    fl_entry_append(e, e->cur, s, n);
}

/* Is the start line matched by pattern `pat` an attachment (DETAIL...) to
 * the open entry?  Appends it and returns true if so. */
static bool try_attach(struct fl_parser *p, const struct fl_pattern *pat,
                       int rc, const char *s, size_t n)
{
    const struct fl_format *f = p->f;
    const char *v, *msg;
    size_t vn, mn;

    if (f->attach_field < 0 || !p->cur.active)
        return false;
    group_text(p, pat, rc, f->attach_field, s, n, &v, &vn);
    if (v == s && vn == n)
        return false;
    for (size_t i = 0; i < f->nattach; i++)
        if (strlen(f->attach[i].key) == vn &&
            memcmp(f->attach[i].key, v, vn) == 0) {
            group_text(p, pat, rc, FL_F_MESSAGE, s, n, &msg, &mn);
            p->cur.cur = f->attach[i].field;
            fl_entry_append(&p->cur, p->cur.cur, msg, mn);
            return true;
        }
    return false;
}

/* Start a new entry from line s, matched by pat with result m.  The match
 * offsets are kept across finishing the previous entry (which runs other
 * regexes) and applied to the line's copy in the arena. */
static int start_entry(struct fl_parser *p, const struct fl_pattern *pat,
                       int m, const char *s, size_t n, uint64_t line_no)
{
    PCRE2_SIZE ov[2 * OVECTOR_PAIRS];
    size_t pairs = (size_t)m < OVECTOR_PAIRS ? (size_t)m : OVECTOR_PAIRS;
    int rc;

    memcpy(ov, pcre2_get_ovector_pointer(p->md), 2 * pairs * sizeof *ov);
    if ((rc = fl_parse_finish_entry(p)) != 0)
        return rc;
    fl_entry_reset(p, &p->cur, line_no);
    fl_entry_take_ov(&p->cur, pat, ov, (int)pairs,
                     fl_entry_add(&p->cur, s, n));
    return 0;
}

int fl_lines_frame(struct fl_parser *p, const char *s, size_t n,
                   uint64_t line_no)
{
    const struct fl_format *f = p->f;
    bool limited = false;

    if (n == 0)
        return 0; /* blank lines carry nothing */
    for (size_t k = 0; k < f->npatterns; k++) {
        size_t i = (p->last_pattern + k) % f->npatterns;
        int rc = fl_parse_run(p, &f->patterns[i], s, n);
        if (rc < 0)
            limited = true;
        if (rc <= 0)
            continue;
        p->last_pattern = i;
        if (try_attach(p, &f->patterns[i], rc, s, n))
            return 0;
        return start_entry(p, &f->patterns[i], rc, s, n, line_no);
    }
    if (f->has_continuation && p->cur.active) {
        int rc = fl_parse_run(p, &f->continuation, s, n);
        if (rc > 0) {
            const char *t;
            size_t tn;
            group_text(p, &f->continuation, rc, FL_F_MESSAGE, s, n, &t, &tn);
            if (!fl_entry_full(&p->cur, tn))
                append_text(p, t, tn);
            else
                p->st.truncated++;
            return 0;
        }
    }
    if (fl_parse_ignored(p, s, n))
        return 0;
    if (f->multiline && p->cur.active && !limited) {
        if (!fl_entry_full(&p->cur, n))
            append_text(p, s, n);
        return 0;
    }
    fl_parse_bad_line(p, line_no, limited ? "regex match limit exceeded"
                                          : "does not match the format", s, n);
    return 0;
}
