/* lexer.c - the single-pass SQL lexer shared by fingerprints, table lists,
 * statement types and DDL classification (PostgreSQL, MySQL/MariaDB and
 * generic SQL in one set of rules).
 *
 * Invariants: scanning is bounded by the explicit length (input need not be
 * NUL-terminated and may hold any bytes); a token is a byte range of the
 * input, never a copy; the lexer is a plain value (copy it to look ahead)
 * and allocates nothing.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sql/fl_keyword.h"
#include "sql/fl_lexer.h"

/* ------------------------------------------------------------------------
 * Lexer
 * ---------------------------------------------------------------------- */

/* Offset just past the end of the line holding s[i] (or n). */
static size_t skip_line(const char *s, size_t n, size_t i)
{
    const char *p = memchr(s + i, '\n', n - i);
    return p ? (size_t)(p - s) + 1 : n;
}

/* Offset just past the "* /" closing a block comment whose body starts at
 * s[i] (or n when unterminated). */
static size_t skip_block_comment(const char *s, size_t n, size_t i)
{
    while (i < n) {
        const char *p = memchr(s + i, '*', n - i);
        if (!p)
            return n;
        i = (size_t)(p - s) + 1;
        if (i < n && s[i] == '/')
            return i + 1;
    }
    return n;
}

/* Is the '#' at s[i] a MySQL comment?  Only at the start or after white
 * space, and not PostgreSQL's #> #>> #- operators. */
static bool hash_comment(const char *s, size_t n, size_t i)
{
    if (i > 0 && !(CCLASS(s[i - 1]) & CC_SPACE))
        return false;
    return !(i + 1 < n && (s[i + 1] == '>' || s[i + 1] == '-'));
}

static size_t skip_space(const char *s, size_t n, size_t i, bool *ws)
{
    while (i < n) {
        char c = s[i];
        unsigned cls = CCLASS(c);
        if (cls & CC_SPACE) {
            i++;
        } else if (!(cls & CC_CMT)) {
            break;
        } else if (c == '-' && i + 1 < n && s[i + 1] == '-') {
            i = skip_line(s, n, i);
        } else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
            i = skip_block_comment(s, n, i + 2);
        } else if (c == '#' && hash_comment(s, n, i)) {
            i = skip_line(s, n, i);
        } else {
            break;
        }
        *ws = true;
    }
    return i;
}

/* Scan a quoted run whose body starts at s[i] and ends with q.  A doubled q
 * stands for itself; with bs a backslash escapes the next byte.  Returns the
 * offset after the closing quote, or n (and *closed = false). */
static size_t scan_quote(const char *s, size_t n, size_t i, char q, bool bs,
                         bool *closed)
{
    while (i < n) {
        const char *p = memchr(s + i, q, n - i);
        if (!p)
            break;
        size_t k = (size_t)(p - s);
        if (bs) {
            size_t b = k;
            while (b > i && s[b - 1] == '\\')
                b--;
            if ((k - b) & 1) { /* odd number of backslashes: escaped */
                i = k + 1;
                continue;
            }
        }
        if (k + 1 < n && s[k + 1] == q) {
            i = k + 2;
            continue;
        }
        *closed = true;
        return k + 1;
    }
    *closed = false;
    return n;
}

/* Can a unary sign, a ':name' parameter or a '.5' number start here?  Yes
 * after nothing, an operator, an opening bracket, a comma, ';' or a
 * reserved keyword that does not end an expression. */
static bool value_context(const struct fl_sql_lexer *lx)
{
    switch (lx->prev_kind) {
    case FL_SQL_TOK_EOF: case FL_SQL_TOK_OP: case FL_SQL_TOK_LPAREN:
    case FL_SQL_TOK_COMMA: case FL_SQL_TOK_LBRACKET: case FL_SQL_TOK_SEMI:
        return true;
    case FL_SQL_TOK_WORD:
        return (lx->prev_flags & KF_R) && !(lx->prev_flags & KF_V);
    default:
        return false;
    }
}

/* A number at s[i] (sign already checked by the caller).  Sets *kind to
 * NUMBER, or WORD when digits run into letters (MySQL allows identifiers
 * such as 12_13_foo or 1abc), or OP for a lone sign. */
static size_t lex_number(const char *s, size_t n, size_t i, int *kind)
{
    size_t j = i;
    bool sign = (s[j] == '+' || s[j] == '-');
    if (sign)
        j++;
    if (j + 2 < n && s[j] == '0' && (s[j + 1] | 0x20) == 'x' &&
        (CCLASS(s[j + 2]) & CC_HEX)) {
        for (j += 2; j < n && (CCLASS(s[j]) & CC_HEX); j++) {}
    } else if (j + 2 < n && s[j] == '0' && (s[j + 1] | 0x20) == 'b' &&
               (s[j + 2] == '0' || s[j + 2] == '1')) {
        for (j += 2; j < n && (s[j] == '0' || s[j] == '1'); j++) {}
    } else {
        while (j < n && ((CCLASS(s[j]) & CC_DIGIT) ||
                         (s[j] == '_' && j + 1 < n && (CCLASS(s[j + 1]) & CC_DIGIT))))
            j++;
        if (j < n && s[j] == '.' && !(j + 1 < n && s[j + 1] == '.'))
            for (j++; j < n && (CCLASS(s[j]) & CC_DIGIT); j++) {}
        if (j < n && (s[j] | 0x20) == 'e') {
            size_t k = j + 1;
            if (k < n && (s[k] == '+' || s[k] == '-'))
                k++;
            if (k < n && (CCLASS(s[k]) & CC_DIGIT))
                for (j = k; j < n && (CCLASS(s[j]) & CC_DIGIT); j++) {}
        }
    }
    *kind = FL_SQL_TOK_NUMBER;
    if (j < n && (CCLASS(s[j]) & CC_IDCHAR)) {
        if (sign) {
            *kind = FL_SQL_TOK_OP;
            return i + 1;
        }
        *kind = FL_SQL_TOK_WORD;
        while (j < n && (CCLASS(s[j]) & CC_IDCHAR))
            j++;
    }
    return j;
}

/* A string literal whose opening quote is s[q]. */
static size_t lex_string(struct fl_sql_tok *t, const char *s, size_t n,
                         size_t q, bool bs)
{
    t->kind = FL_SQL_TOK_STRING;
    return scan_quote(s, n, q + 1, '\'', bs, &t->closed);
}

/* A word at s[i]; also string literals with a prefix (E'', N'', X'', B'',
 * U&'', MySQL _charset''). */
static size_t lex_word(const struct fl_sql_lexer *lx, struct fl_sql_tok *t,
                       size_t i)
{
    const char *s = lx->s;
    size_t n = lx->n, j = i;
    char low[32];
    uint32_t h = FL_SQL_KW_HASH_INIT;
    bool ascii = true;
    /* scan, lower-casing and hashing the first 32 bytes on the way */
    for (; j < n && (CCLASS(s[j]) & CC_IDCHAR); j++) {
        unsigned char c = (unsigned char)s[j];
        if (j - i < sizeof low) {
            c = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            low[j - i] = (char)c;
            h = FL_SQL_KW_HASH_STEP(h, c);
        }
        ascii = ascii && c < 0x80;
    }
    if (j < n && s[j] == '\'') {
        char c = low[0];
        if (j == i + 1 && c == 'e')
            return lex_string(t, s, n, j, true);
        if (j == i + 1 && (c == 'n' || c == 'x' || c == 'b'))
            return lex_string(t, s, n, j, lx->backslash && c == 'n');
        if (s[i] == '_')
            return lex_string(t, s, n, j, lx->backslash);
    }
    if (j == i + 1 && low[0] == 'u' && j + 1 < n && s[j] == '&' &&
        s[j + 1] == '\'')
        return lex_string(t, s, n, j + 1, false);
    t->kind = FL_SQL_TOK_WORD;
    t->kw = (ascii && j - i < sizeof low) ? fl_sql_kw_find(low, j - i, h) : -1;
    return j;
}

/* '$': $1 parameter, $tag$...$tag$ / $$...$$ string, or a lone '$'. */
static size_t lex_dollar(const char *s, size_t n, size_t i,
                         struct fl_sql_tok *t)
{
    size_t j = i + 1;
    if (j < n && (CCLASS(s[j]) & CC_DIGIT)) {
        while (j < n && (CCLASS(s[j]) & CC_DIGIT))
            j++;
        t->kind = FL_SQL_TOK_PARAM;
        return j;
    }
    if (j < n && (CCLASS(s[j]) & CC_IDSTART) && (unsigned char)s[j] < 0x80)
        while (j < n && (CCLASS(s[j]) & (CC_IDSTART | CC_DIGIT)) &&
               (unsigned char)s[j] < 0x80)
            j++;
    if (j >= n || s[j] != '$') {
        t->kind = FL_SQL_TOK_OTHER;
        return i + 1;
    }
    size_t dlen = j - i + 1;
    t->kind = FL_SQL_TOK_STRING;
    const char *end = memmem(s + j + 1, n - j - 1, s + i, dlen);
    if (!end) {
        t->closed = false;
        return n;
    }
    return (size_t)(end - s) + dlen;
}

/* '@': MySQL @var / @@scope.var (also @`x`, @'x'), else an operator. */
static size_t lex_at(const struct fl_sql_lexer *lx, struct fl_sql_tok *t,
                     size_t i)
{
    const char *s = lx->s;
    size_t n = lx->n, j = i + 1;
    if (j < n && s[j] == '@')
        j++;
    if (j < n && (s[j] == '`' || s[j] == '\'' || s[j] == '"')) {
        bool closed;
        t->kind = FL_SQL_TOK_VAR;
        return scan_quote(s, n, j + 1, s[j], lx->backslash, &closed);
    }
    if (j >= n || !(CCLASS(s[j]) & CC_IDSTART))
        return 0;
    for (;;) {
        while (j < n && (CCLASS(s[j]) & CC_IDCHAR))
            j++;
        if (j + 1 < n && s[j] == '.' && (CCLASS(s[j + 1]) & CC_IDSTART))
            j++;
        else
            break;
    }
    t->kind = FL_SQL_TOK_VAR;
    return j;
}

/* An operator run starting at s[i]: stops before a comment start and before
 * a + or - that is not part of an arrow (so "=-1" is "=" then "-1"). */
static size_t lex_op(const char *s, size_t n, size_t i)
{
    size_t j = i + 1;
    while (j < n && (CCLASS(s[j]) & CC_OP)) {
        char c = s[j];
        bool next_same = j + 1 < n && s[j + 1] == c;
        if ((c == '-' && next_same) ||
            (c == '/' && j + 1 < n && s[j + 1] == '*'))
            break;
        if ((c == '+' || c == '-') && !(j + 1 < n && s[j + 1] == '>'))
            break;
        j++;
    }
    return j;
}

static size_t lex_punct(struct fl_sql_tok *t, size_t i, int kind)
{
    t->kind = kind;
    return i + 1;
}

/* ':' : "::" cast, ":=", a :name / :1 parameter in value position, or ':'. */
static size_t lex_colon(const struct fl_sql_lexer *lx, struct fl_sql_tok *t,
                        size_t i)
{
    const char *s = lx->s;
    size_t n = lx->n, j = i + 1;
    t->kind = FL_SQL_TOK_OP;
    if (j < n && (s[j] == ':' || s[j] == '='))
        return j + 1;
    if (j < n && (CCLASS(s[j]) & (CC_IDSTART | CC_DIGIT)) && value_context(lx)) {
        while (j < n && (CCLASS(s[j]) & CC_IDCHAR))
            j++;
        t->kind = FL_SQL_TOK_PARAM;
        return j;
    }
    return j;
}

/* Dispatch on the first byte of a token at s[i]; returns its end. */
static size_t lex_token(const struct fl_sql_lexer *lx, struct fl_sql_tok *t,
                        size_t i)
{
    const char *s = lx->s;
    size_t n = lx->n, j;
    char c = s[i], d = i + 1 < n ? s[i + 1] : '\0';
    unsigned cls = CCLASS(c);
    if (cls & CC_IDSTART)
        return lex_word(lx, t, i);
    if ((cls & CC_DIGIT) ||
        ((c == '-' || c == '+') && value_context(lx) &&
         ((CCLASS(d) & CC_DIGIT) ||
          (d == '.' && i + 2 < n && (CCLASS(s[i + 2]) & CC_DIGIT)))) ||
        (c == '.' && (CCLASS(d) & CC_DIGIT) && value_context(lx))) {
        j = lex_number(s, n, i, &t->kind);
        if (t->kind == FL_SQL_TOK_WORD)
            t->kw = -1;
        return j;
    }
    switch (c) {
    case '\'': return lex_string(t, s, n, i, lx->backslash);
    case '"':
        t->kind = FL_SQL_TOK_QIDENT;
        return scan_quote(s, n, i + 1, '"', lx->backslash, &t->closed);
    case '`':
        t->kind = FL_SQL_TOK_QIDENT;
        return scan_quote(s, n, i + 1, '`', false, &t->closed);
    case '$': return lex_dollar(s, n, i, t);
    case '?': return lex_punct(t, i, FL_SQL_TOK_PARAM);
    case ':': return lex_colon(lx, t, i);
    case '(': return lex_punct(t, i, FL_SQL_TOK_LPAREN);
    case ')': return lex_punct(t, i, FL_SQL_TOK_RPAREN);
    case ',': return lex_punct(t, i, FL_SQL_TOK_COMMA);
    case '.': return lex_punct(t, i, FL_SQL_TOK_DOT);
    case ';': return lex_punct(t, i, FL_SQL_TOK_SEMI);
    case '[': return lex_punct(t, i, FL_SQL_TOK_LBRACKET);
    case ']': return lex_punct(t, i, FL_SQL_TOK_RBRACKET);
    case '@':
        if ((j = lex_at(lx, t, i)) != 0)
            return j;
        break;
    default:
        break;
    }
    if (cls & CC_OP) {
        t->kind = FL_SQL_TOK_OP;
        return lex_op(s, n, i);
    }
    return lex_punct(t, i, FL_SQL_TOK_OTHER);
}

bool fl_sql_lexer_next(struct fl_sql_lexer *lx, struct fl_sql_tok *t)
{
    bool ws = false;
    size_t i = skip_space(lx->s, lx->n, lx->pos, &ws);
    t->space_before = ws;
    t->kw = -1;
    t->closed = true;
    t->off = i;
    if (i >= lx->n) {
        t->kind = FL_SQL_TOK_EOF;
        t->len = 0;
        lx->pos = lx->n;
        return false;
    }
    size_t end = lex_token(lx, t, i);
    t->len = end - i;
    lx->pos = end;
    lx->prev_kind = t->kind;
    lx->prev_flags = t->kw >= 0 ? (unsigned)fl_sql_keywords[t->kw].flags | KF_KW : 0;
    return true;
}

/* Does lexing with lx's quoting rule leave a quote open?  With `strict`,
 * also fail when a string ending in a backslash is directly followed by an
 * identifier character ('it\'s read as 'it\' then s: not PostgreSQL). */
static bool lexes_badly(struct fl_sql_lexer probe, bool strict)
{
    struct fl_sql_tok t;
    while (fl_sql_lexer_next(&probe, &t)) {
        if (!t.closed && (t.kind == FL_SQL_TOK_STRING ||
                          t.kind == FL_SQL_TOK_QIDENT))
            return true;
        size_t end = t.off + t.len;
        if (strict && t.kind == FL_SQL_TOK_STRING && t.len >= 2 &&
            probe.s[end - 2] == '\\' && end < probe.n &&
            (CCLASS(probe.s[end]) & CC_IDCHAR))
            return true;
    }
    return false;
}

void fl_sql_lexer_init(struct fl_sql_lexer *lx, const char *sql, size_t n)
{
    lx->s = sql ? sql : "";
    lx->n = sql ? n : 0;
    lx->pos = 0;
    lx->prev_kind = FL_SQL_TOK_EOF;
    lx->prev_flags = 0;
    lx->backslash = true;
    if (lx->n == 0 || !memchr(lx->s, '\\', lx->n))
        return;
    /* A backslash is present: MySQL escapes, or a PostgreSQL standard
     * string ending in a backslash ('C:\')?  Keep escapes unless they leave
     * a quote open and the text lexes cleanly without them. */
    if (!lexes_badly(*lx, false))
        return;
    lx->backslash = false;
    if (lexes_badly(*lx, true))
        lx->backslash = true;
}

bool fl_sql_tok_is(const struct fl_sql_lexer *lx, const struct fl_sql_tok *t,
                   const char *word)
{
    if (t->kind != FL_SQL_TOK_WORD)
        return false;
    size_t i;
    for (i = 0; i < t->len; i++) {
        char c = lx->s[t->off + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (word[i] != c)
            return false;
    }
    return word[i] == '\0';
}

static bool buf_put(char *buf, size_t cap, size_t *len, char c)
{
    if (*len + 1 >= cap)
        return false;
    buf[(*len)++] = c;
    buf[*len] = '\0';
    return true;
}

bool fl_sql_tok_name(const struct fl_sql_lexer *lx, const struct fl_sql_tok *t,
                     char *buf, size_t cap, size_t *len)
{
    const char *p = lx->s + t->off;
    size_t n = t->len;
    bool ok = true;
    if (cap == 0)
        return false;
    buf[*len < cap ? *len : cap - 1] = '\0';
    if (t->kind == FL_SQL_TOK_QIDENT) {
        char q = p[0];
        size_t end = (t->closed && n >= 2) ? n - 1 : n;
        for (size_t i = 1; i < end && ok; i++) {
            if (p[i] == q && i + 1 < end && p[i + 1] == q)
                i++;
            ok = buf_put(buf, cap, len, p[i]);
        }
        return ok;
    }
    for (size_t i = 0; i < n && ok; i++) {
        char c = p[i];
        ok = buf_put(buf, cap, len, (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c);
    }
    return ok;
}

/* ------------------------------------------------------------------------
 * Qualified names
 * ---------------------------------------------------------------------- */

bool fl_sql_lexer_name(struct fl_sql_lexer *lx, const struct fl_sql_tok *first,
                       char *buf, size_t cap, bool *cut)
{
    size_t len = 0;
    buf[0] = '\0';
    *cut = !fl_sql_tok_name(lx, first, buf, cap, &len);
    for (;;) {
        struct fl_sql_lexer save = *lx;
        struct fl_sql_tok d, nm;
        if (!fl_sql_lexer_next(lx, &d) || d.kind != FL_SQL_TOK_DOT ||
            !fl_sql_lexer_next(lx, &nm)) {
            *lx = save;
            return true;
        }
        if (nm.kind == FL_SQL_TOK_OP && lx->s[nm.off] == '*')
            return false;
        if (nm.kind != FL_SQL_TOK_WORD && nm.kind != FL_SQL_TOK_QIDENT) {
            *lx = save;
            return true;
        }
        if (!buf_put(buf, cap, &len, '.') ||
            !fl_sql_tok_name(lx, &nm, buf, cap, &len))
            *cut = true;
    }
}
