/* fl_sql.h - SQL statement analysis: fingerprints (query classes), stable
 * class ids, the tables a statement reads and writes, and statement types.
 *
 * Everything here is a pure function of the statement text: no log parsing,
 * no allocation except growing the caller's struct fl_buf, no global state.
 * All functions work on one hand-written single-pass lexer (below), the same
 * for PostgreSQL, MySQL/MariaDB and generic SQL; nothing needs a terminating
 * NUL (lengths are explicit) and any byte sequence is accepted (garbage in
 * gives some output, never a crash or a read past `n`).
 */
#ifndef FL_SQL_H
#define FL_SQL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/fl_buf.h"

/* ------------------------------------------------------------------------
 * Fingerprints
 *
 * A fingerprint is the statement with every literal replaced by `?`, lists
 * collapsed, comments removed and spacing/keyword case canonicalised, so that
 * executions of "the same query" with different values share one class.
 * The exact rules, and where they differ from pt-query-digest, are listed in
 * the comment block at the top of src/sql.c.  In short:
 *   - literals -> ?: '...' (with '' and backslash escapes), E'..', N'..',
 *     X'..', B'..', U&'..', _charset'..', numbers (incl. sign after an
 *     operator, decimals, exponents, 0x.., 0b..), TRUE/FALSE, NULL (except
 *     in IS [NOT] NULL / NOT NULL), $$..$$ and $tag$..$tag$, typed literals
 *     (date '..', timestamp '..', interval '..', '..'::type);
 *   - bind parameters $1, ?, :name -> ?;
 *   - IN (?, ?, ...) -> in(?+); VALUES (..),(..) -> values(?+) (first row
 *     kept when it holds more than literals); ARRAY[?, ?] -> array[?+];
 *     LIMIT ?, ? and LIMIT ? OFFSET ? -> limit ?;
 *   - "..." is an identifier (PostgreSQL rule) unless its content cannot be
 *     an identifier (spaces, punctuation, leading digit, > 63 bytes) or it
 *     stands where only a value can (after a comparison operator, LIKE, in
 *     an IN/VALUES list): then it is a MySQL string.  A MySQL "abc" string
 *     elsewhere (SELECT "abc") is kept as an identifier;
 *   - comments (-- .., # .. at line start or after white space, / * .. * /
 *     including MySQL / *! .. * / hints) removed;
 *   - keywords and built-in function names lower-cased; identifiers kept as
 *     written; "foo" and `foo` -> foo, "Foo" stays "Foo";
 *   - one canonical spacing (a = ?, f(?), a.b, (x, y)) whatever the input;
 *   - ORDER BY ... ASC -> ORDER BY ...; savepoint and cursor names -> ?;
 *   - "use db" alone -> "use ?", a leading "use db;" dropped, "call p(..)"
 *     -> "call p", "administrator command: X" kept as written;
 *   - trailing semicolons removed.
 * ---------------------------------------------------------------------- */

/* Replace out's contents with the fingerprint of sql[0..n).  out must be
 * initialised (fl_buf_init); it is reset first and left NUL-terminated.
 * sql is borrowed.  Returns FL_OK, or FL_ERR_USAGE if sql (with n > 0) or
 * out is NULL.  Output length is at most 2 * n + 16 bytes. */
int fl_sql_fingerprint(const char *sql, size_t n, struct fl_buf *out);

/* The class id of a fingerprint: FNV-1a 64-bit over the fingerprint bytes
 * fp[0..n) (offset basis 0xcbf29ce484222325, prime 0x100000001b3), no
 * terminator included.  This rule is part of the report format (weekly
 * reports compare ids across versions): it must never change. */
uint64_t fl_sql_fingerprint_id(const char *fp, size_t n);

/* Write id as exactly 16 lower-case hex digits plus a NUL into buf. */
void fl_sql_id_hex(uint64_t id, char buf[17]);

/* ------------------------------------------------------------------------
 * Tables
 * ---------------------------------------------------------------------- */

#define FL_SQL_MAX_TABLES 32
#define FL_SQL_NAME_MAX 128

/* Tables a statement reads and writes, in order of first appearance,
 * deduplicated.  Names are normalised: schema kept when given
 * ("public.orders"), unquoted parts lower-cased, quoted parts ("Foo",
 * `Foo`) kept as written without the quotes, parts joined with '.'. */
struct fl_sql_tables {
    char names[FL_SQL_MAX_TABLES][FL_SQL_NAME_MAX]; /* NUL-terminated names */
    unsigned char read[FL_SQL_MAX_TABLES];  /* 1 if read (FROM, JOIN, USING,
                                              subqueries, CTE bodies, COPY TO) */
    unsigned char write[FL_SQL_MAX_TABLES]; /* 1 if written (UPDATE, INSERT
                                              INTO, DELETE FROM, MERGE INTO,
                                              COPY FROM, REPLACE, TRUNCATE,
                                              SELECT INTO, DDL targets) */
    size_t count;              /* entries used, <= FL_SQL_MAX_TABLES */
    unsigned char truncated;   /* 1 if tables were dropped (more than
                                  FL_SQL_MAX_TABLES) or a name was cut to
                                  FL_SQL_NAME_MAX - 1 bytes */
};

/* Fill out with the tables of sql[0..n).  CTE names (WITH x AS (...)) and
 * aliases are not reported, nor set-returning functions in FROM
 * (generate_series(...)); comma joins report every table.  DDL statements
 * report their target as written (ALTER/CREATE/DROP TABLE, CREATE/DROP
 * INDEX ... ON t, TRUNCATE, RENAME TABLE a TO b); LOCK TABLE(S) reports
 * its tables as read.  Statements that name no table, or only in utility
 * form (SET, SHOW, BEGIN/COMMIT, GRANT/REVOKE, COMMENT, FETCH/MOVE/CLOSE,
 * CALL, DO, VACUUM, ANALYZE, REINDEX, CLUSTER, ...), give count 0.  Several
 * statements in one text are all scanned.  Entries past count are
 * unspecified.  Returns FL_OK (also when truncated), FL_ERR_USAGE on NULL
 * arguments. */
int fl_sql_tables(const char *sql, size_t n, struct fl_sql_tables *out);

/* ------------------------------------------------------------------------
 * Statement types (for a pgBadger-like "queries by type" table)
 * ---------------------------------------------------------------------- */

enum fl_sql_stmt {
    FL_SQL_STMT_OTHER = 0,  /* anything else: CALL, DO, EXPLAIN, VACUUM,
                               ANALYZE, LOCK, USE, empty text, ... */
    FL_SQL_STMT_SELECT,     /* SELECT, VALUES, TABLE, (SELECT ...) */
    FL_SQL_STMT_INSERT,     /* INSERT, REPLACE (MySQL) */
    FL_SQL_STMT_UPDATE,
    FL_SQL_STMT_DELETE,
    FL_SQL_STMT_COPY_FROM,  /* COPY ... FROM (load into a table) */
    FL_SQL_STMT_COPY_TO,    /* COPY ... TO */
    FL_SQL_STMT_CTE,        /* any statement starting with WITH (pgBadger
                               counts WITH ... DELETE as CTE too) */
    FL_SQL_STMT_DDL,        /* CREATE, ALTER, DROP, TRUNCATE, RENAME,
                               REINDEX, CLUSTER, VACUUM FULL, COMMENT ON,
                               GRANT, REVOKE */
    FL_SQL_STMT_TCL,        /* BEGIN, START TRANSACTION, COMMIT, END,
                               ROLLBACK, ABORT, SAVEPOINT, RELEASE,
                               PREPARE TRANSACTION, COMMIT/ROLLBACK PREPARED */
    FL_SQL_STMT_CURSOR,     /* DECLARE, FETCH, CLOSE, MOVE */
    FL_SQL_STMT_SET,        /* SET, RESET */
    FL_SQL_STMT_SHOW,       /* SHOW */
    FL_SQL_STMT_MERGE,      /* MERGE INTO */
    FL_SQL_STMT_COUNT_      /* number of types, not a type */
};

/* The type of sql[0..n), decided by its first keyword after comments,
 * white space and opening parentheses.  Returns an enum fl_sql_stmt. */
int fl_sql_statement_type(const char *sql, size_t n);

/* Static upper-case name of a type ("SELECT", "COPY FROM", "CTE", ...);
 * "OTHER" for out-of-range values.  Never NULL, never to be freed. */
const char *fl_sql_statement_type_name(int type);

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
