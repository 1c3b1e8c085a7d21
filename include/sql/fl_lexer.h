/* fl_lexer.h - the single-pass SQL lexer (PostgreSQL, MySQL/MariaDB,
 * generic SQL) and the keyword table's public lookups.  No allocation; the
 * lexer is a plain value on the caller's stack. */
#ifndef FL_LEXER_H
#define FL_LEXER_H

#include <stdbool.h>
#include <stddef.h>

/* ------------------------------------------------------------------------
 * The lexer (shared with fl_ddl; usable by any caller)
 * ---------------------------------------------------------------------- */

enum fl_sql_tok_kind {
    FL_SQL_TOK_EOF = 0,
    FL_SQL_TOK_WORD,      /* keyword or unquoted identifier */
    FL_SQL_TOK_QIDENT,    /* "quoted" or `quoted` identifier (may be a MySQL
                             "string": see fl_sql_fingerprint) */
    FL_SQL_TOK_STRING,    /* string literal of any form, dollar quotes */
    FL_SQL_TOK_NUMBER,    /* numeric literal, sign included when unary */
    FL_SQL_TOK_PARAM,     /* ?, $1, :name */
    FL_SQL_TOK_VAR,       /* MySQL @var, @@scope.var */
    FL_SQL_TOK_OP,        /* operator: =, <>, ::, ||, ->>, *, ... */
    FL_SQL_TOK_LPAREN,
    FL_SQL_TOK_RPAREN,
    FL_SQL_TOK_COMMA,
    FL_SQL_TOK_DOT,
    FL_SQL_TOK_SEMI,
    FL_SQL_TOK_LBRACKET,
    FL_SQL_TOK_RBRACKET,
    FL_SQL_TOK_OTHER      /* any other single byte ({, }, \, ...) */
};

/* One token: a byte range of the lexer's input. */
struct fl_sql_tok {
    int kind;            /* enum fl_sql_tok_kind */
    size_t off;          /* first byte in the input */
    size_t len;          /* length in bytes */
    int kw;              /* internal keyword index for WORD tokens that are
                            keywords (see fl_sql_keyword_name), else -1 */
    bool space_before;   /* white space or a comment precedes the token */
    bool closed;         /* STRING/QIDENT: false if the input ended inside
                            the quote (the token runs to the end) */
};

/* Lexer state.  A plain value on the caller's stack (copy it to look
 * ahead); treat the fields as private.  No cleanup needed. */
struct fl_sql_lexer {
    const char *s;       /* input, borrowed */
    size_t n;            /* input length */
    size_t pos;          /* next byte to read */
    int prev_kind;       /* kind of the previous token (sign/param context) */
    unsigned prev_flags; /* keyword flags of the previous token */
    bool backslash;      /* backslash escapes in '...' (MySQL; PostgreSQL
                            E'...'); switched off when the input only lexes
                            cleanly without them (standard_conforming_strings) */
};

/* Start lexing sql[0..n) (borrowed; must outlive the lexer).  When the text
 * contains a backslash, this pre-scans it once to pick the quoting rule. */
void fl_sql_lexer_init(struct fl_sql_lexer *lx, const char *sql, size_t n);

/* Read the next token into *t.  Returns false (and kind FL_SQL_TOK_EOF) at
 * the end of input.  Comments and white space are skipped. */
bool fl_sql_lexer_next(struct fl_sql_lexer *lx, struct fl_sql_tok *t);

/* True if t is a WORD equal to word (ASCII lower-case, compared
 * case-insensitively). */
bool fl_sql_tok_is(const struct fl_sql_lexer *lx, const struct fl_sql_tok *t,
                   const char *word);

/* Append the normalised identifier of a WORD or QIDENT token to buf (size
 * cap, NUL-terminated, starting at buf[*len]): unquoted -> lower-case,
 * quoted -> content as written with doubled quotes undone.  Returns false
 * (appending what fits) if it does not fit. */
bool fl_sql_tok_name(const struct fl_sql_lexer *lx, const struct fl_sql_tok *t,
                     char *buf, size_t cap, size_t *len);

/* Read a possibly qualified name whose first part is the WORD/QIDENT token
 * `first` (already read from lx): consumes following ". part" tokens and
 * writes the normalised parts joined by '.' into buf (size cap >= 1).
 * Sets *cut if the name did not fit.  Returns false when the name ends in
 * ".*" (a column wildcard such as t.*, consumed). */
bool fl_sql_lexer_name(struct fl_sql_lexer *lx, const struct fl_sql_tok *first,
                       char *buf, size_t cap, bool *cut);

/* Keyword table access (for tests and documentation): the number of
 * keywords and the i-th one (lower-case, sorted in byte order), or NULL
 * when i is out of range.  The returned string is static. */
size_t fl_sql_keyword_count(void);
const char *fl_sql_keyword_name(size_t i);

/* True if word[0..n) is in the keyword table (case-insensitive). */
bool fl_sql_is_keyword(const char *word, size_t n);

#endif
