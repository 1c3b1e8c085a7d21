/* fl_keyword.h - the SQL keyword table and byte classes, as the sql stage's
 * modules (lexer, fingerprint, tables, statement types, DDL) read them.
 * Internal to the sql stage: other stages use fl_lexer.h.
 *
 * The table is generated at build time from build-aux/sql-keywords.txt by
 * build-aux/gen-sql-keywords.sh: enum kw_id (KW_NONE, then KW_<WORD> for
 * every keyword the code tests) comes from the generated header
 * sql/fl_keyword_ids.h, the arrays from the generated keyword_table.c.
 */
#ifndef FL_KEYWORD_H
#define FL_KEYWORD_H

#include <stddef.h>
#include <stdint.h>

#include "sql/fl_keyword_ids.h"
#include "sql/fl_lexer.h"

/* Byte classes: bits of fl_sql_cc[byte]. */
enum {
    CC_SPACE = 1,   /* white space and control bytes (never printed) */
    CC_IDSTART = 2, /* letter, _, any byte >= 0x80 (UTF-8 identifiers) */
    CC_IDCHAR = 4,  /* IDSTART plus digits and $ */
    CC_DIGIT = 8,
    CC_OP = 16,     /* operator characters */
    CC_HEX = 32,
    CC_CMT = 64     /* may start a comment: - / # */
};

extern const unsigned char fl_sql_cc[256];
#define CCLASS(c) (fl_sql_cc[(unsigned char)(c)])

/* Keyword flags (the FLAGS column of sql-keywords.txt). */
enum {
    KF_R = 1,   /* reserved: clause word, never a table name or an alias */
    KF_F = 2,   /* function-like: printed without a space before '(' */
    KF_V = 4,   /* ends an expression (NULL, TRUE, END, CURRENT_DATE...) */
    KF_T = 8,   /* typed-literal prefix: date '...', interval '...' */
    KF_M = 16,  /* skipped where a table name is expected (ONLY, INTO...) */
    KF_KW = 32  /* set on every keyword in the lexer's prev_flags */
};

struct fl_sql_keyword {
    const char *name;     /* lower case */
    unsigned char len;
    unsigned char id;     /* enum kw_id, KW_NONE when the code never asks */
    unsigned char flags;  /* KF_* */
};

/* The keywords, sorted in byte order (generated, static storage). */
extern const struct fl_sql_keyword fl_sql_keywords[FL_SQL_NKEYWORDS];

/* Open addressing over FNV-1a 32 of the lower-case word, linear probing;
 * entries are fl_sql_keywords[] index + 1, 0 = empty (generated). */
extern const unsigned short fl_sql_kw_hash[FL_SQL_KW_HASH_SIZE];

/* FNV-1a 32 step over a lower-cased byte, as the generator hashes. */
#define FL_SQL_KW_HASH_INIT 0x811c9dc5u
#define FL_SQL_KW_HASH_STEP(h, c) (((h) ^ (unsigned char)(c)) * 0x01000193u)

/* Index in fl_sql_keywords[] of the lower-case word low[0..n) whose hash
 * (FL_SQL_KW_HASH_STEP from FL_SQL_KW_HASH_INIT over its bytes) is h, or
 * -1.  Runs for every word of every statement, hence the hash. */
int fl_sql_kw_find(const char *low, size_t n, uint32_t h);

/* Index of word[0..n) (any case) in fl_sql_keywords[], or -1. */
int fl_sql_kw_lookup(const char *word, size_t n);

/* Keyword id of a token (enum kw_id), KW_NONE for anything that is not a
 * keyword. */
static inline int fl_sql_tok_id(const struct fl_sql_tok *t)
{
    return (t->kind == FL_SQL_TOK_WORD && t->kw >= 0)
               ? fl_sql_keywords[t->kw].id : KW_NONE;
}

/* Keyword flags (KF_*) of a token, 0 if it is not a keyword. */
static inline unsigned fl_sql_tok_flags(const struct fl_sql_tok *t)
{
    return (t->kind == FL_SQL_TOK_WORD && t->kw >= 0)
               ? fl_sql_keywords[t->kw].flags : 0;
}

#endif
