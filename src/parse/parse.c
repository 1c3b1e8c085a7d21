/* parse.c - the parsing engine's core: creating and freeing a parser, the
 * regex runner, the driver that hands each line to the framing of the
 * format's type, and finishing an entry (kv, time, rules, pairing).
 *
 * Invariants: the match data, match context and JIT stack are made once per
 * parser, so steady-state parsing does not allocate; every regex runs with
 * PCRE2 match and depth limits, and hitting one marks the line not
 * understood (counted in limit_hits).  The modules of the engine are listed
 * in include/parse/fl_parse_int.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fl_buf.h"
#include "event/fl_domain.h"
#include "parse/fl_parse.h"
#include "parse/fl_parse_int.h"
#include "base/fl_xalloc.h"

#define MATCH_LIMIT 1000000
#define DEPTH_LIMIT 10000

void fl_parse_bad_line(struct fl_parser *p, uint64_t line, const char *why,
                       const char *s, size_t n)
{
    p->st.unparsed++;
    if (p->bad)
        p->bad(p->bad_ctx, line, why, s, n);
}

/* Run a pattern on s[0..n).  Returns >0 on match, 0 no match, -1 when a
 * limit was hit. */
int fl_parse_run(struct fl_parser *p, const struct fl_pattern *pat,
                 const char *s, size_t n)
{
    int rc;

    if (pat->first >= 0 && (n == 0 || (unsigned char)s[0] != pat->first))
        return 0;
    if (pat->litn && (n < pat->litn || memcmp(s, pat->lit, pat->litn) != 0))
        return 0;
    if (pat->jit)
        rc = pcre2_jit_match(pat->re, (PCRE2_SPTR)s, n, 0, 0, p->md,
                             p->mctx);
    else
        rc = pcre2_match(pat->re, (PCRE2_SPTR)s, n, 0, 0, p->md, p->mctx);
    if (rc >= 0)
        return rc == 0 ? OVECTOR_PAIRS : rc;
    if (rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_PARTIAL)
        return 0;
    p->st.limit_hits++;
    return -1;
}

/* ---- creation ----------------------------------------------------------- */

struct fl_parser *fl_parser_new(const struct fl_format *f, const char *file,
                                const struct fl_parse_opts *o, fl_event_fn cb,
                                void *cb_ctx)
{
    struct fl_parser *p = fl_xcalloc(1, sizeof *p);

    p->f = f;
    p->file = file;
    p->o = o;
    p->domain = f->domain && o ? fl_domain_find(o->domains, f->domain) : NULL;
    p->cb = cb;
    p->cb_ctx = cb_ctx;
    for (size_t i = 0; i < f->nrules && !f->time_at_start; i++)
        p->ends_timed |= f->rules[i].kind == FL_EV_REQUEST;
    fl_entry_init(&p->cur, f->nfields);
    p->md = pcre2_match_data_create(OVECTOR_PAIRS, NULL);
    p->mctx = pcre2_match_context_create(NULL);
    p->jstack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    if (!p->md || !p->mctx || !p->jstack) {
        fprintf(stderr, "faultline: out of memory (PCRE2)\n");
        abort();
    }
    pcre2_jit_stack_assign(p->mctx, NULL, p->jstack);
    pcre2_set_match_limit(p->mctx, MATCH_LIMIT);
    pcre2_set_depth_limit(p->mctx, DEPTH_LIMIT);
    p->last_time = INT64_MIN;
    fl_buf_init(&p->scratch);
    return p;
}

void fl_parser_free(struct fl_parser *p)
{
    if (!p)
        return;
    fl_entry_cleanup(&p->cur);
    fl_pair_cleanup(p);
    pcre2_match_data_free(p->md);
    pcre2_match_context_free(p->mctx);
    pcre2_jit_stack_free(p->jstack);
    fl_buf_cleanup(&p->scratch);
    free(p);
}

void fl_parser_on_bad_line(struct fl_parser *p, fl_bad_line_fn fn, void *ctx)
{
    p->bad = fn;
    p->bad_ctx = ctx;
}

const struct fl_parse_stats *fl_parser_stats(const struct fl_parser *p)
{
    return &p->st;
}

void fl_parser_on_bad_time(struct fl_parser *p, fl_bad_time_fn fn, void *ctx)
{
    p->bad_time = fn;
    p->bad_time_ctx = ctx;
}

bool fl_parse_ignored(struct fl_parser *p, const char *s, size_t n)
{
    for (size_t i = 0; i < p->f->nignore; i++)
        if (fl_parse_run(p, &p->f->ignore[i], s, n) > 0)
            return true;
    return false;
}

/* An entry is complete: classify it and push its event(s). */
int fl_parse_finish_entry(struct fl_parser *p)
{
    struct fl_entry *e = &p->cur;
    int64_t t;

    if (!e->active)
        return 0;
    e->active = false;
    p->st.entries++;
    fl_classify_kv(p->f, e);
    t = fl_ptime_entry(p, e);
    fl_classify_entry(p, e);
    return fl_pair_entry(p, e, t);
}

/* ---- driver ------------------------------------------------------------- */

int fl_parser_line(struct fl_parser *p, const char *line, size_t len,
                   uint64_t line_no)
{
    p->st.lines++;
    if (len > MAX_ENTRY)
        len = MAX_ENTRY;
    switch (p->f->type) {
    case FL_FMT_LINE: return fl_lines_frame(p, line, len, line_no);
    case FL_FMT_RECORD: return fl_record_frame(p, line, len, line_no);
    case FL_FMT_CSV: return fl_csv_frame(p, line, len, line_no);
    case FL_FMT_JSON: return fl_json_frame(p, line, len, line_no);
    default:
        fl_parse_bad_line(p, line_no, "rule sets do not parse lines", line,
                          len);
        return 0;
    }
}

int fl_parser_finish(struct fl_parser *p)
{
    int rc;

    if (p->f->type == FL_FMT_CSV && p->cur.active && p->csv_in_quotes) {
        /* An unterminated quoted field at the end of input. */
        p->csv_in_quotes = false;
        p->cur.active = false;
        for (uint64_t k = 0; k < p->cur.nlines; k++)
            fl_parse_bad_line(p, p->cur.line + k, "unterminated CSV record",
                              "", 0);
    }
    rc = p->f->type == FL_FMT_RECORD ? fl_record_flush(p)
                                     : fl_parse_finish_entry(p);
    if (rc == 0)
        rc = fl_pair_flush(p);
    return rc;
}
