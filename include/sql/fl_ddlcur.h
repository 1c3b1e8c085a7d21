/* fl_ddlcur.h - the token cursor of DDL classification (internal to the
 * sql stage: ddl.c and ddlalter.c parse with it).
 *
 * A cursor holds one current token of the fl_sql lexer and the struct
 * fl_ddl being filled.  Word tests are case-insensitive against lower-case
 * words; "take" functions consume what they match and leave the cursor on
 * the next token.  Copies into the fixed fields of the result are bounded
 * and set d->truncated when cut.
 */
#ifndef FL_DDLCUR_H
#define FL_DDLCUR_H

#include <stdbool.h>
#include <stddef.h>

#include "sql/fl_ddl.h"
#include "sql/fl_lexer.h"

struct fl_ddlcur {
    struct fl_sql_lexer lx;
    struct fl_sql_tok t;   /* current token */
    bool ok;               /* t is a token (false at the end) */
    struct fl_ddl *d;      /* result being filled (borrowed) */
};

/* Move to the next token (ok false at the end). */
void fl_ddlcur_adv(struct fl_ddlcur *c);

/* Is the current token the word w? */
bool fl_ddlcur_is(const struct fl_ddlcur *c, const char *w);

/* Is the current token of kind `kind` (enum fl_sql_tok_kind)? */
bool fl_ddlcur_is_kind(const struct fl_ddlcur *c, int kind);

/* Is the current token one of the n words? */
bool fl_ddlcur_is_any(const struct fl_ddlcur *c, const char *const *words,
                      size_t n);

/* If the current token is the word w, consume it and return true. */
bool fl_ddlcur_take(struct fl_ddlcur *c, const char *w);

/* Copy the NUL-terminated src into the fixed field dst (size cap) of d,
 * setting d->truncated when cut. */
void fl_ddlcur_set_str(struct fl_ddl *d, char *dst, size_t cap,
                       const char *src);

/* Consume IF EXISTS / IF NOT EXISTS, setting d->if_exists /
 * d->if_not_exists. */
void fl_ddlcur_take_if(struct fl_ddlcur *c);

/* A (qualified) name at the current token into buf (size cap), normalised
 * like fl_sql_lexer_name; false if there is none. */
bool fl_ddlcur_take_name(struct fl_ddlcur *c, char *buf, size_t cap);

/* Append the current token, normalised, to a column list dst (size cap)
 * at *len. */
void fl_ddlcur_app_token(struct fl_ddlcur *c, char *dst, size_t cap,
                         size_t *len);

/* "(elem, elem, ...)" at the current '(' into dst as "elem,elem": names
 * normalised, a space only between two word-like tokens, ASC dropped. */
void fl_ddlcur_take_columns(struct fl_ddlcur *c, char *dst, size_t cap);

/* Object kind of CREATE/DROP/ALTER/COMMENT ON/GRANT ON <kind> into dst:
 * one word, or one of the known two-word kinds ("materialized view"...). */
void fl_ddlcur_take_kind(struct fl_ddlcur *c, char *dst, size_t cap);

/* Skip a parenthesised group at the current '(' (if any). */
void fl_ddlcur_skip_group(struct fl_ddlcur *c);

#endif
