/* fingerprint.c - SQL fingerprints (statements normalised into query
 * classes) and their stable class ids.
 *
 * Invariants: a pure function of the input text; the only allocation is
 * growing the caller's fl_buf (never per token); bracket nesting lives in
 * a fixed array (FP_MAX_DEPTH) and deeper nesting degrades gracefully
 * (lists there are not collapsed) instead of failing.  Output is
 * deterministic: same text, same bytes.  The fingerprint text and its id
 * are a stable interface (reports compare ids across versions).
 *
 * Fingerprint rules (what fl_sql_fingerprint does, in lexer order):
 *   - White space and comments separate tokens and are dropped: -- to end of
 *     line; / * .. * / (not nested; MySQL / *! .. * / hints dropped with their
 *     text); # to end of line when # starts the text or follows white space
 *     and is not followed by > or - (PostgreSQL's #> #>> #- operators).
 *     PostgreSQL's XOR operator written "a # b" is therefore lost.
 *   - Literals become ?: '..' with '' and backslash escapes, E'..', N'..',
 *     X'..', B'..', U&'..', _charset'..', $$..$$, $tag$..$tag$; numbers
 *     (123, 1.5, .5, 1e-9, 0x1F, 0b101, 1_000) including a sign written
 *     directly before the digits when the previous token cannot end an
 *     expression (an operator, '(', ',', a reserved keyword, start);
 *     TRUE, FALSE; NULL except after IS / NOT; typed literals
 *     date|time|timestamp|timestamptz|interval '..' ; and a cast following
 *     any literal or parameter ('..'::date, $1::int[]) is absorbed.
 *     Backslash escapes: on unless the text contains a backslash and only
 *     lexes cleanly without them (PostgreSQL standard_conforming_strings).
 *   - Bind parameters ?, $1, :name become ?.
 *   - "..." is an identifier (PostgreSQL) unless it cannot be one (empty,
 *     > 63 bytes, starts with a digit, characters other than letters,
 *     digits, _ and $, unterminated) or it stands where only a value can (after a comparison
 *     operator or LIKE/ILIKE/RLIKE/REGEXP/BETWEEN, as an IN or VALUES list
 *     item) and is not followed by '.': then it is a MySQL string -> ?.
 *     A MySQL "string" that looks like an identifier in any other position
 *     (SELECT "abc") is kept: that is the one way a literal can survive.
 *   - Identifiers are kept as written; "foo" and `foo` print as foo when the
 *     content is a plain identifier (lower-case only for "..."), otherwise
 *     with their quotes ("Foo", `my table`).  Keywords and the built-in
 *     function and type names of the keyword table print in lower case.
 *   - Names that applications generate per call become ?: the name after
 *     SAVEPOINT, RELEASE, ROLLBACK TO, DEALLOCATE, DECLARE, CLOSE, and after
 *     FROM/IN in FETCH/MOVE (cursor and savepoint names).
 *   - IN (..) whose items are only literals/parameters (tuples allowed) ->
 *     in(?+); VALUES (..) likewise -> values(?+), and every row after the
 *     first is dropped (a first row holding expressions is kept as is);
 *     ARRAY[..] of literals -> array[?+]; LIMIT ?, ? and LIMIT ? OFFSET ?
 *     -> limit ?; ASC after ORDER BY is dropped (it is the default).
 *   - Spacing is canonical: one space between tokens except none before
 *     , ) ] ; . :: and after ( [ . ::, and none between a function name
 *     or identifier and its '(' ("count(*)", "t(a, b)") nor between a
 *     keyword-function and '(' ("coalesce(", "any(").
 *   - A trailing ';' is dropped (inner ones are kept).
 *   - Whole-statement special cases: "use db" alone -> "use ?", and
 *     "use db; stmt" -> fingerprint of stmt; "call p(...)" -> "call p";
 *     "administrator command: X" is returned as written (white space
 *     collapsed, trailing ';' dropped).
 *
 * Deliberate differences from pt-query-digest (for the man page):
 *   1. Identifier case is kept: "SELECT * FROM Orders" and "select * from
 *      orders" are different classes (pt lower-cases the whole query).
 *      Keywords and built-in function names are still folded, so only
 *      user-chosen names keep their case.
 *   2. Numbers inside identifiers are kept: tbl1/tbl2 and a_123/a_124 are
 *      different classes (pt's default replaces them, "db.tbl1" ->
 *      "db.tbl?"; we behave like pt --preserve-embedded-numbers and like
 *      percona/go-mysql).  Sharded names therefore stay apart.
 *   3. Spacing is canonical, so "id=1" and "id = 2" group together (pt
 *      only collapses runs of white space and keeps "id=?" apart from
 *      "id = ?"); fingerprints print "id = ?".
 *   4. IS NULL / IS NOT NULL / NOT NULL keep "null" (pt turns every NULL
 *      into ?, "is ?"), like go-mysql.
 *   5. MySQL / *! .. * / version comments are dropped with their content (pt
 *      keeps them); pt's special classes "mysqldump" and "percona-toolkit"
 *      and its UNION folding ("/ *repeat union* /") are not reproduced.
 *   6. "..." follows the rule above (PostgreSQL identifier unless it looks
 *      like a value); pt always treats "..." as a string.
 *   7. Typed literals and casts of literals are absorbed ("date '2024-01-01'"
 *      and "'x'::text" -> ?), ARRAY[...] collapses, and generated savepoint
 *      and cursor names become ?: pt has no such rules.
 *   8. VALUES keeps its first row when that row holds expressions
 *      ("values (now(), ?)") like pt, but rows are canonically spaced.
 *   9. pt cuts a multi-row INSERT/REPLACE after its first row before
 *      anything else, losing a trailing ON DUPLICATE KEY UPDATE: it merges
 *      "INSERT .. VALUES (..),(..) ON DUPLICATE KEY UPDATE .." with the plain
 *      INSERT (pt's slow024 sample).  We keep the clause, as go-mysql does
 *      and as pt does for one-row INSERTs, so the upsert is its own class.
 *   (Log parsing, not fingerprinting: an entry holding only "use db;" is
 *   "use ?" for go-mysql but an empty query for pt-query-digest.)
 *   Same as pt: literal and list replacement, in(?+) / values(?+), LIMIT
 *   folding, ORDER BY ... ASC, comments, "use ?", "call p", administrator
 *   commands as their own class.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/fl_err.h"
#include "sql/fl_fingerprint.h"
#include "base/fl_hash.h"
#include "sql/fl_keyword.h"
#include "sql/fl_lexer.h"

/* ------------------------------------------------------------------------
 * Fingerprints
 * ---------------------------------------------------------------------- */

#define FP_MAX_DEPTH 64

/* Spacing classes of emitted tokens (see need_space). */
enum {
    C_NONE, C_KW, C_FUNC, C_IDENT, C_LIT, C_OP, C_LP, C_RP, C_COMMA, C_DOT,
    C_SEMI, C_LB, C_RB, C_CAST
};

/* What an open bracket may collapse into. */
enum { FR_PLAIN, FR_IN, FR_VALUES, FR_ARRAY };

struct fp_frame {
    unsigned char kind; /* FR_* */
    bool ok;            /* only literals, parameters, commas, brackets so far */
    size_t mark;        /* output length just before the opening bracket */
};

struct fp {
    struct fl_sql_lexer lx;
    struct fl_buf *out;
    int last_cls;       /* spacing class of the last emitted token */
    int last_kw;        /* KW id of the last emitted token if a keyword */
    bool last_cmp;      /* the last emitted token is a comparison operator */
    bool at_start;      /* no token of the current statement seen yet */
    int stmt_kw;        /* first keyword of the current statement */
    bool order_by;      /* ORDER BY seen: ASC is dropped */
    int limit_state;    /* 1 after "limit ?", 2 after "limit ? ," */
    size_t limit_mark;  /* output length after "limit ?" */
    bool name_lit;      /* the next name is application-generated -> ? */
    bool pending_semi;  /* a ';' waits for a following token */
    int depth;          /* bracket depth, may exceed FP_MAX_DEPTH */
    struct fp_frame fr[FP_MAX_DEPTH];
};

static void put(struct fp *f, const char *p, size_t n)
{
    struct fl_buf *b = f->out;
    if (b->len + n + 1 > b->cap)
        fl_buf_reserve(b, n);
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

static bool need_space(int prev, int cur)
{
    if (prev == C_NONE)
        return false;
    switch (cur) {
    case C_RP: case C_RB: case C_COMMA: case C_SEMI: case C_DOT: case C_CAST:
        return false;
    default:
        break;
    }
    switch (prev) {
    case C_LP: case C_LB: case C_DOT: case C_CAST:
        return false;
    default:
        break;
    }
    if (cur == C_LP)
        return prev != C_FUNC && prev != C_IDENT;
    if (cur == C_LB)
        return prev == C_OP || prev == C_COMMA || prev == C_KW;
    return true;
}

/* Start a token of class cls: flush a pending ';', add the separator. */
static void emit_begin(struct fp *f, int cls)
{
    if (f->pending_semi) {
        f->pending_semi = false;
        put(f, ";", 1);
        f->last_cls = C_SEMI;
    }
    if (need_space(f->last_cls, cls))
        put(f, " ", 1);
    f->last_cls = cls;
    f->last_kw = KW_NONE;
    f->last_cmp = false;
}

static void emit(struct fp *f, int cls, const char *p, size_t n)
{
    emit_begin(f, cls);
    put(f, p, n);
}

/* Emit text as written (lower-cased if lower) with control bytes, which
 * only quoted names can hold, shown as '?'. */
static void emit_clean(struct fp *f, int cls, const char *p, size_t n,
                       bool lower)
{
    emit_begin(f, cls);
    fl_buf_reserve(f->out, n);
    char *o = f->out->p + f->out->len;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if ((CCLASS(c) & CC_SPACE) && c != ' ')
            c = '?';
        else if (lower && c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        o[i] = c;
    }
    f->out->len += n;
}

/* A token that is not a literal, parameter, comma or bracket: no enclosing
 * list can collapse any more.  Bad frames form a prefix from the bottom, so
 * this stops at the first already-bad frame (amortised O(1)). */
static void frames_bad(struct fp *f)
{
    int i = (f->depth < FP_MAX_DEPTH ? f->depth : FP_MAX_DEPTH) - 1;
    for (; i >= 0 && f->fr[i].ok; i--)
        f->fr[i].ok = false;
}

/* Read the next token into *t only if it has the given kind. */
static bool accept(struct fp *f, struct fl_sql_tok *t, int kind)
{
    struct fl_sql_lexer save = f->lx;
    if (fl_sql_lexer_next(&f->lx, t) && t->kind == kind)
        return true;
    f->lx = save;
    return false;
}

/* Consume tokens up to the bracket closing one already read. */
static void skip_balanced(struct fp *f)
{
    struct fl_sql_tok t;
    int depth = 1;
    while (depth > 0 && fl_sql_lexer_next(&f->lx, &t)) {
        if (t.kind == FL_SQL_TOK_LPAREN || t.kind == FL_SQL_TOK_LBRACKET)
            depth++;
        else if (t.kind == FL_SQL_TOK_RPAREN || t.kind == FL_SQL_TOK_RBRACKET)
            depth--;
    }
}

/* Words that continue a type name: double precision, character varying,
 * timestamp with(out) time zone. */
static bool type_word(const struct fp *f, const struct fl_sql_tok *t)
{
    static const char *const words[] = {
        "precision", "varying", "with", "without", "time", "zone"
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (fl_sql_tok_is(&f->lx, t, words[i]))
            return true;
    return false;
}

/* Consume a type name after "::": name[.name] [words] [(n, m)] [[]...]. */
static void skip_type(struct fp *f)
{
    struct fl_sql_tok t;
    if (!accept(f, &t, FL_SQL_TOK_WORD) && !accept(f, &t, FL_SQL_TOK_QIDENT))
        return;
    for (;;) {
        struct fl_sql_lexer save = f->lx;
        if (accept(f, &t, FL_SQL_TOK_DOT) &&
            (accept(f, &t, FL_SQL_TOK_WORD) || accept(f, &t, FL_SQL_TOK_QIDENT)))
            continue;
        f->lx = save;
        if (accept(f, &t, FL_SQL_TOK_WORD)) {
            if (type_word(f, &t))
                continue;
            f->lx = save;
        }
        break;
    }
    if (accept(f, &t, FL_SQL_TOK_LPAREN))
        skip_balanced(f);
    while (accept(f, &t, FL_SQL_TOK_LBRACKET))
        skip_balanced(f);
}

/* Absorb casts following a literal: '..'::date, $1::int[]::text. */
static void skip_casts(struct fp *f)
{
    struct fl_sql_tok t;
    for (;;) {
        struct fl_sql_lexer save = f->lx;
        if (!accept(f, &t, FL_SQL_TOK_OP) || t.len != 2 ||
            memcmp(f->lx.s + t.off, "::", 2) != 0) {
            f->lx = save;
            return;
        }
        skip_type(f);
    }
}

/* Emit ? for a literal or parameter (casts absorbed, LIMIT folded). */
static void fp_literal(struct fp *f)
{
    skip_casts(f);
    if (f->limit_state == 2) { /* "limit ?, ?" / "limit ? offset ?" */
        f->out->len = f->limit_mark;
        f->limit_state = 0;
        f->last_cls = C_LIT;
        f->last_kw = KW_NONE;
        return;
    }
    bool after_limit = (f->last_kw == KW_LIMIT);
    emit(f, C_LIT, "?", 1);
    if (after_limit) {
        f->limit_state = 1;
        f->limit_mark = f->out->len;
    }
}

/* After which keywords the next name is application-generated. */
static bool names_follow(const struct fp *f, int id)
{
    switch (id) {
    case KW_SAVEPOINT: case KW_DEALLOCATE:
        return true;
    case KW_RELEASE: case KW_DECLARE: case KW_CLOSE:
        return f->stmt_kw == id;
    case KW_TO:
        return f->stmt_kw == KW_ROLLBACK;
    case KW_PREPARE:
        return f->stmt_kw == KW_DEALLOCATE;
    case KW_FROM: case KW_IN:
        return f->stmt_kw == KW_FETCH || f->stmt_kw == KW_MOVE;
    default:
        return false;
    }
}

/* date '...', interval '...': consume the string if one follows. */
static bool typed_literal(struct fp *f)
{
    struct fl_sql_tok t;
    return accept(f, &t, FL_SQL_TOK_STRING);
}

static void fp_keyword(struct fp *f, const struct fl_sql_tok *t)
{
    const struct fl_sql_keyword *k = &fl_sql_keywords[t->kw];
    int id = k->id, prev = f->last_kw;
    if (id == KW_TRUE || id == KW_FALSE ||
        (id == KW_NULL && prev != KW_IS && prev != KW_NOT)) {
        fp_literal(f);
        return;
    }
    if (id == KW_ASC && f->order_by)
        return;
    if ((k->flags & KF_T) && typed_literal(f)) {
        fp_literal(f);
        return;
    }
    frames_bad(f);
    emit(f, (k->flags & KF_F) ? C_FUNC : C_KW, k->name, k->len);
    f->last_kw = id;
    if (id == KW_BY && prev == KW_ORDER)
        f->order_by = true;
    f->name_lit = names_follow(f, id);
}

/* Is p[0..n) a plain identifier (letters, digits, _, $; not starting with
 * a digit; only lower case when lower_only)? */
static bool plain_ident(const char *p, size_t n, bool lower_only)
{
    if (n == 0 || (CCLASS(p[0]) & CC_DIGIT) || p[0] == '$')
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        bool ok = (c >= 'a' && c <= 'z') || c == '_' || c == '$' ||
                  (c >= '0' && c <= '9') ||
                  (!lower_only && c >= 'A' && c <= 'Z');
        if (!ok)
            return false;
    }
    return true;
}

/* Could "content" name something: 1..63 identifier bytes, not starting
 * with a digit? */
static bool ident_bytes(const char *p, size_t n)
{
    if (n == 0 || n > 63 || (CCLASS(p[0]) & CC_DIGIT))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(CCLASS(p[i]) & CC_IDCHAR))
            return false;
    return true;
}

/* Is this "..." token a MySQL string rather than an identifier? */
static bool dq_literal(const struct fp *f, const struct fl_sql_tok *t)
{
    const char *p = f->lx.s + t->off;
    if (p[0] != '"')
        return false;
    if (!t->closed)
        return true;
    struct fl_sql_lexer peek = f->lx;
    struct fl_sql_tok nx;
    if (fl_sql_lexer_next(&peek, &nx) && nx.kind == FL_SQL_TOK_DOT)
        return false;
    if (!ident_bytes(p + 1, t->len - 2) || f->last_cmp)
        return true;
    switch (f->last_kw) {
    case KW_LIKE: case KW_ILIKE: case KW_RLIKE: case KW_REGEXP:
    case KW_BETWEEN:
        return true;
    default:
        break;
    }
    int top = f->depth - 1;
    return top >= 0 && top < FP_MAX_DEPTH &&
           (f->fr[top].kind == FR_IN || f->fr[top].kind == FR_VALUES) &&
           (f->last_cls == C_LP || f->last_cls == C_COMMA);
}

static void fp_qident(struct fp *f, const struct fl_sql_tok *t)
{
    const char *p = f->lx.s + t->off;
    size_t n = t->len;
    if (dq_literal(f, t)) {
        fp_literal(f);
        return;
    }
    frames_bad(f);
    if (t->closed && n > 2 && plain_ident(p + 1, n - 2, p[0] == '"')) {
        emit(f, C_IDENT, p + 1, n - 2);
        return;
    }
    emit_clean(f, C_IDENT, p, n, false);
}

static bool is_cmp(const char *p, size_t n)
{
    static const char *const ops[] = {
        "=", "==", "<>", "!=", "<", ">", "<=", ">=", "<=>"
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (strlen(ops[i]) == n && memcmp(ops[i], p, n) == 0)
            return true;
    return false;
}

static void fp_op(struct fp *f, const struct fl_sql_tok *t)
{
    const char *p = f->lx.s + t->off;
    frames_bad(f);
    if (t->len == 2 && p[0] == ':' && p[1] == ':') {
        emit(f, C_CAST, p, 2);
        return;
    }
    emit(f, C_OP, p, t->len);
    f->last_cmp = is_cmp(p, t->len);
}

static void fp_open(struct fp *f, const struct fl_sql_tok *t)
{
    bool paren = (t->kind == FL_SQL_TOK_LPAREN);
    int kind = FR_PLAIN;
    if (paren && f->last_kw == KW_IN)
        kind = FR_IN;
    else if (paren && (f->last_kw == KW_VALUES || f->last_kw == KW_VALUE))
        kind = FR_VALUES;
    else if (!paren && f->last_kw == KW_ARRAY)
        kind = FR_ARRAY;
    size_t mark = f->out->len;
    emit(f, paren ? C_LP : C_LB, paren ? "(" : "[", 1);
    if (f->depth < FP_MAX_DEPTH) {
        f->fr[f->depth].kind = (unsigned char)kind;
        f->fr[f->depth].ok = true;
        f->fr[f->depth].mark = mark;
    } else {
        frames_bad(f);
    }
    f->depth++;
}

/* After the first VALUES row: drop ", (...)" rows. */
static void skip_rows(struct fp *f)
{
    struct fl_sql_tok t;
    for (;;) {
        struct fl_sql_lexer save = f->lx;
        if (!accept(f, &t, FL_SQL_TOK_COMMA) ||
            !accept(f, &t, FL_SQL_TOK_LPAREN)) {
            f->lx = save;
            return;
        }
        skip_balanced(f);
    }
}

static void fp_close(struct fp *f, const struct fl_sql_tok *t)
{
    bool paren = (t->kind == FL_SQL_TOK_RPAREN);
    int cls = paren ? C_RP : C_RB;
    if (f->depth == 0 || f->depth > FP_MAX_DEPTH) {
        if (f->depth > 0)
            f->depth--;
        emit(f, cls, paren ? ")" : "]", 1);
        return;
    }
    struct fp_frame fr = f->fr[--f->depth];
    if (fr.kind != FR_PLAIN && fr.ok) {
        f->out->len = fr.mark;
        put(f, paren ? "(?+)" : "[?+]", 4);
        f->last_cls = cls;
        f->last_kw = KW_NONE;
        f->last_cmp = false;
    } else {
        emit(f, cls, paren ? ")" : "]", 1);
    }
    if (fr.kind == FR_VALUES)
        skip_rows(f);
}

static void fp_semi(struct fp *f)
{
    f->pending_semi = true;
    f->at_start = true;
    f->stmt_kw = KW_NONE;
    f->order_by = false;
    f->limit_state = 0;
}

static void fp_token(struct fp *f, const struct fl_sql_tok *t)
{
    bool name_lit = f->name_lit;
    f->name_lit = false;
    if (f->at_start && t->kind != FL_SQL_TOK_LPAREN) {
        f->stmt_kw = fl_sql_tok_id(t);
        f->at_start = false;
    }
    if (f->limit_state == 1 &&
        (t->kind == FL_SQL_TOK_COMMA || fl_sql_tok_id(t) == KW_OFFSET))
        f->limit_state = 2;
    else if (!(f->limit_state == 2 && (t->kind == FL_SQL_TOK_NUMBER ||
                                       t->kind == FL_SQL_TOK_PARAM)))
        f->limit_state = 0;
    if (name_lit && (t->kind == FL_SQL_TOK_QIDENT ||
                     (t->kind == FL_SQL_TOK_WORD && !names_follow(f, fl_sql_tok_id(t))))) {
        fp_literal(f);
        return;
    }
    switch (t->kind) {
    case FL_SQL_TOK_STRING: case FL_SQL_TOK_NUMBER: case FL_SQL_TOK_PARAM:
        fp_literal(f);
        break;
    case FL_SQL_TOK_WORD:
        if (t->kw >= 0) {
            fp_keyword(f, t);
        } else {
            frames_bad(f);
            emit(f, C_IDENT, f->lx.s + t->off, t->len);
        }
        break;
    case FL_SQL_TOK_QIDENT: fp_qident(f, t); break;
    case FL_SQL_TOK_VAR:
        frames_bad(f);
        emit_clean(f, C_IDENT, f->lx.s + t->off, t->len, true);
        break;
    case FL_SQL_TOK_OP: fp_op(f, t); break;
    case FL_SQL_TOK_LPAREN: case FL_SQL_TOK_LBRACKET: fp_open(f, t); break;
    case FL_SQL_TOK_RPAREN: case FL_SQL_TOK_RBRACKET: fp_close(f, t); break;
    case FL_SQL_TOK_COMMA: emit(f, C_COMMA, ",", 1); break;
    case FL_SQL_TOK_DOT: frames_bad(f); emit(f, C_DOT, ".", 1); break;
    case FL_SQL_TOK_SEMI: fp_semi(f); break;
    default:
        frames_bad(f);
        emit(f, C_OP, f->lx.s + t->off, t->len);
        break;
    }
}

/* "administrator command: Quit" is its own class, kept as written; the
 * MySQL slow log writes it as a comment line ("# administrator command:
 * Quit;"), whose "#" is not part of the class (pt-query-digest names it
 * the same way). */
static bool fp_admin(const char *s, size_t n, struct fl_buf *out)
{
    static const char pfx[] = "administrator command:";
    size_t i = 0, end = n;
    while (i < n && (CCLASS(s[i]) & CC_SPACE))
        i++;
    if (i < n && s[i] == '#')
        for (i++; i < n && (CCLASS(s[i]) & CC_SPACE); i++)
            ;
    if (n - i < sizeof pfx - 1 || memcmp(s + i, pfx, sizeof pfx - 1) != 0)
        return false;
    while (end > i && ((CCLASS(s[end - 1]) & CC_SPACE) || s[end - 1] == ';'))
        end--;
    bool sp = false;
    for (; i < end; i++) {
        if (CCLASS(s[i]) & CC_SPACE) {
            sp = true;
            continue;
        }
        if (sp)
            fl_buf_addc(out, ' ');
        sp = false;
        fl_buf_addc(out, s[i]);
    }
    return true;
}

/* "call p(...)" -> "call p" (like pt-query-digest). */
static void fp_call(struct fp *f)
{
    struct fl_sql_tok t;
    emit(f, C_KW, "call", 4);
    for (;;) {
        if (accept(f, &t, FL_SQL_TOK_WORD))
            emit(f, C_IDENT, f->lx.s + t.off, t.len);
        else if (accept(f, &t, FL_SQL_TOK_QIDENT))
            fp_qident(f, &t);
        else
            return;
        if (!accept(f, &t, FL_SQL_TOK_DOT))
            return;
        emit(f, C_DOT, ".", 1);
    }
}

/* Leading "use db;" statements are dropped; "use db" alone is "use ?";
 * "call p(...)" is "call p".  Returns true when the whole text is done. */
static bool fp_prologue(struct fp *f)
{
    struct fl_sql_tok t, nm, end;
    for (;;) {
        struct fl_sql_lexer save = f->lx;
        if (!fl_sql_lexer_next(&f->lx, &t))
            return true;
        if (fl_sql_tok_id(&t) == KW_CALL) {
            fp_call(f);
            return true;
        }
        if (fl_sql_tok_id(&t) != KW_USE || !fl_sql_lexer_next(&f->lx, &nm) ||
            (nm.kind != FL_SQL_TOK_WORD && nm.kind != FL_SQL_TOK_QIDENT)) {
            f->lx = save;
            return false;
        }
        bool more = fl_sql_lexer_next(&f->lx, &end);
        if (more && end.kind != FL_SQL_TOK_SEMI) {
            f->lx = save;
            return false;
        }
        while (more && end.kind == FL_SQL_TOK_SEMI)
            more = fl_sql_lexer_next(&f->lx, &end);
        if (!more) {
            emit(f, C_KW, "use ?", 5);
            return true;
        }
        f->lx.pos = end.off; /* re-read the statement after the USE */
        f->lx.prev_kind = FL_SQL_TOK_SEMI;
        f->lx.prev_flags = 0;
    }
}

int fl_sql_fingerprint(const char *sql, size_t n, struct fl_buf *out)
{
    if (!out || (!sql && n))
        return FL_ERR_USAGE;
    fl_buf_reset(out);
    fl_buf_reserve(out, n + 16);
    if (fp_admin(sql ? sql : "", n, out))
        return FL_OK;
    struct fp f;
    fl_sql_lexer_init(&f.lx, sql, n);
    f.out = out;
    f.last_cls = C_NONE;
    f.last_kw = KW_NONE;
    f.last_cmp = false;
    f.at_start = true;
    f.stmt_kw = KW_NONE;
    f.order_by = false;
    f.limit_state = 0;
    f.limit_mark = 0;
    f.name_lit = false;
    f.pending_semi = false;
    f.depth = 0;
    if (!fp_prologue(&f)) {
        struct fl_sql_tok t;
        while (fl_sql_lexer_next(&f.lx, &t))
            fp_token(&f, &t);
    }
    out->p[out->len] = '\0';
    return FL_OK;
}

uint64_t fl_sql_fingerprint_id(const char *fp, size_t n)
{
    return fl_hash_fnv1a(fp, n);
}

void fl_sql_id_hex(uint64_t id, char buf[17])
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--) {
        buf[i] = hex[id & 0xf];
        id >>= 4;
    }
    buf[16] = '\0';
}
