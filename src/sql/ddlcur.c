/* ddlcur.c - the token cursor of DDL classification: one current token of
 * the fl_sql lexer, keyword tests, names and key lists copied into the
 * fixed fields of a struct fl_ddl.
 *
 * Invariants: the cursor only moves forward (copy it to look ahead); every
 * copy into a fixed field is bounded and flags the result truncated when
 * cut; nothing allocates.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "sql/fl_ddlcur.h"

void fl_ddlcur_adv(struct fl_ddlcur *c)
{
    c->ok = fl_sql_lexer_next(&c->lx, &c->t);
}

bool fl_ddlcur_is(const struct fl_ddlcur *c, const char *w)
{
    return c->ok && fl_sql_tok_is(&c->lx, &c->t, w);
}

bool fl_ddlcur_is_kind(const struct fl_ddlcur *c, int kind)
{
    return c->ok && c->t.kind == kind;
}

bool fl_ddlcur_is_any(const struct fl_ddlcur *c, const char *const *words,
                      size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (fl_ddlcur_is(c, words[i]))
            return true;
    return false;
}

bool fl_ddlcur_take(struct fl_ddlcur *c, const char *w)
{
    if (!fl_ddlcur_is(c, w))
        return false;
    fl_ddlcur_adv(c);
    return true;
}

/* Copy a NUL-terminated string into a fixed field, flagging a cut. */
void fl_ddlcur_set_str(struct fl_ddl *d, char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) {
        n = cap - 1;
        d->truncated = true;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* IF EXISTS / IF NOT EXISTS */
void fl_ddlcur_take_if(struct fl_ddlcur *c)
{
    if (!fl_ddlcur_is(c, "if"))
        return;
    struct fl_ddlcur s = *c;
    fl_ddlcur_adv(&s);
    if (fl_ddlcur_take(&s, "exists")) {
        c->d->if_exists = true;
        *c = s;
    } else if (fl_ddlcur_take(&s, "not") && fl_ddlcur_take(&s, "exists")) {
        c->d->if_not_exists = true;
        *c = s;
    }
}

/* A (qualified) name at the current token into buf; false if none. */
bool fl_ddlcur_take_name(struct fl_ddlcur *c, char *buf, size_t cap)
{
    bool cut = false;
    buf[0] = '\0';
    if (!c->ok || (c->t.kind != FL_SQL_TOK_WORD &&
                   c->t.kind != FL_SQL_TOK_QIDENT))
        return false;
    fl_sql_lexer_name(&c->lx, &c->t, buf, cap, &cut);
    if (cut)
        c->d->truncated = true;
    fl_ddlcur_adv(c);
    return true;
}

/* Append p[0..n) to dst (size cap) at *len, flagging a cut. */
static void fl_ddlcur_app(struct fl_ddlcur *c, char *dst, size_t cap,
                          size_t *len, const char *p, size_t n)
{
    if (*len + n >= cap) {
        n = *len + 1 < cap ? cap - 1 - *len : 0;
        c->d->truncated = true;
    }
    memcpy(dst + *len, p, n);
    *len += n;
    dst[*len] = '\0';
}

static bool fl_ddlcur_wordish(int kind)
{
    return kind == FL_SQL_TOK_WORD || kind == FL_SQL_TOK_QIDENT ||
           kind == FL_SQL_TOK_NUMBER || kind == FL_SQL_TOK_STRING ||
           kind == FL_SQL_TOK_PARAM;
}

/* Cut a trailing " asc" (the default order) off the element that starts
 * at dst[start]. */
static void fl_ddlcur_drop_asc(char *dst, size_t *len, size_t start)
{
    if (*len >= start + 4 && memcmp(dst + *len - 4, " asc", 4) == 0) {
        *len -= 4;
        dst[*len] = '\0';
    }
}

/* Append the current token, normalised, to a column list. */
void fl_ddlcur_app_token(struct fl_ddlcur *c, char *dst, size_t cap,
                         size_t *len)
{
    if (c->t.kind == FL_SQL_TOK_WORD || c->t.kind == FL_SQL_TOK_QIDENT) {
        char name[FL_SQL_NAME_MAX];
        size_t n = 0;
        name[0] = '\0';
        if (!fl_sql_tok_name(&c->lx, &c->t, name, sizeof name, &n))
            c->d->truncated = true;
        fl_ddlcur_app(c, dst, cap, len, name, n);
    } else {
        fl_ddlcur_app(c, dst, cap, len, c->lx.s + c->t.off, c->t.len);
    }
}

/* "(elem, elem, ...)" at the current '(' into dst as "elem,elem": names
 * normalised, a space only between two word-like tokens, ASC dropped. */
void fl_ddlcur_take_columns(struct fl_ddlcur *c, char *dst, size_t cap)
{
    size_t len = 0, start = 0;
    int depth = 1, prev = FL_SQL_TOK_COMMA;
    dst[0] = '\0';
    if (!fl_ddlcur_is_kind(c, FL_SQL_TOK_LPAREN))
        return;
    for (fl_ddlcur_adv(c); c->ok; fl_ddlcur_adv(c)) {
        int k = c->t.kind;
        if (k == FL_SQL_TOK_RPAREN && --depth == 0) {
            fl_ddlcur_drop_asc(dst, &len, start);
            fl_ddlcur_adv(c);
            return;
        }
        if (k == FL_SQL_TOK_COMMA && depth == 1) {
            fl_ddlcur_drop_asc(dst, &len, start);
            fl_ddlcur_app(c, dst, cap, &len, ",", 1);
            start = len;
            prev = k;
            continue;
        }
        if (k == FL_SQL_TOK_LPAREN)
            depth++;
        if (fl_ddlcur_wordish(prev) && fl_ddlcur_wordish(k))
            fl_ddlcur_app(c, dst, cap, &len, " ", 1);
        fl_ddlcur_app_token(c, dst, cap, &len);
        prev = k;
    }
}

/* Object kinds of CREATE/DROP/ALTER/COMMENT ON/GRANT ON <kind>: one word,
 * or one of the two-word kinds below. */
void fl_ddlcur_take_kind(struct fl_ddlcur *c, char *dst, size_t cap)
{
    static const char *const pairs[][2] = {
        {"materialized", "view"}, {"foreign", "table"}, {"event", "trigger"},
        {"constraint", "trigger"}, {"access", "method"}, {"user", "mapping"},
        {"text", "search"}, {"large", "object"}, {"foreign", "data"},
        {"all", "tables"}, {"all", "sequences"}, {"all", "functions"},
        {"all", "procedures"}, {"all", "routines"}
    };
    size_t len = 0;
    dst[0] = '\0';
    if (!fl_ddlcur_is_kind(c, FL_SQL_TOK_WORD))
        return;
    fl_ddlcur_app_token(c, dst, cap, &len);
    fl_ddlcur_adv(c);
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        if (strcmp(dst, pairs[i][0]) == 0 && fl_ddlcur_is(c, pairs[i][1])) {
            fl_ddlcur_app(c, dst, cap, &len, " ", 1);
            fl_ddlcur_app_token(c, dst, cap, &len);
            fl_ddlcur_adv(c);
            return;
        }
    }
}

/* Skip a parenthesised group at the current '(' (if any). */
void fl_ddlcur_skip_group(struct fl_ddlcur *c)
{
    int depth = 0;
    if (!fl_ddlcur_is_kind(c, FL_SQL_TOK_LPAREN))
        return;
    for (; c->ok; fl_ddlcur_adv(c)) {
        if (c->t.kind == FL_SQL_TOK_LPAREN)
            depth++;
        else if (c->t.kind == FL_SQL_TOK_RPAREN && --depth == 0) {
            fl_ddlcur_adv(c);
            return;
        }
    }
}
