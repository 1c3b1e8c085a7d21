/* keyword.c - the SQL keyword table's lookups and the byte classes of the
 * lexer.
 *
 * Invariants: the keyword table itself (fl_sql_keywords[], sorted in byte
 * order, and its hash index fl_sql_kw_hash[]) is generated at build time
 * from build-aux/sql-keywords.txt into keyword_table.c; this file only reads
 * it.  Lookups are case-insensitive over ASCII, never allocate, and reject
 * words of 32 bytes or more (no keyword is that long).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sql/fl_keyword.h"

/* Byte classes (CC_* bits), indexed by the unsigned byte. */
const unsigned char fl_sql_cc[256] = {
     1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,
     1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,
     1, 16,  0, 80,  4, 16, 16,  0,  0,  0, 16, 16,  0, 80,  0, 80,
    44, 44, 44, 44, 44, 44, 44, 44, 44, 44,  0,  0, 16, 16, 16,  0,
    16, 38, 38, 38, 38, 38, 38,  6,  6,  6,  6,  6,  6,  6,  6,  6,
     6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  0,  0,  0, 16,  6,
     0, 38, 38, 38, 38, 38, 38,  6,  6,  6,  6,  6,  6,  6,  6,  6,
     6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  0, 16,  0, 16,  1,
     6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,
     6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,
     6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,
     6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,
     6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,
     6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,
     6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,
     6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,  6,
};

size_t fl_sql_keyword_count(void)
{
    return FL_SQL_NKEYWORDS;
}

const char *fl_sql_keyword_name(size_t i)
{
    return i < FL_SQL_NKEYWORDS ? fl_sql_keywords[i].name : NULL;
}

/* Index in fl_sql_keywords[] of the lower-case word low[0..n) with hash h, or
 * -1.  Runs for every word of every statement, hence the hash. */
int fl_sql_kw_find(const char *low, size_t n, uint32_t h)
{
    for (uint32_t k = h & (FL_SQL_KW_HASH_SIZE - 1);; k = (k + 1) & (FL_SQL_KW_HASH_SIZE - 1)) {
        unsigned slot = fl_sql_kw_hash[k];
        if (slot == 0)
            return -1;
        const struct fl_sql_keyword *kwd = &fl_sql_keywords[slot - 1];
        if (kwd->len == n && memcmp(kwd->name, low, n) == 0)
            return (int)slot - 1;
    }
}

/* Index of word[0..n) (any case) in fl_sql_keywords[], or -1. */
int fl_sql_kw_lookup(const char *word, size_t n)
{
    char low[32];
    uint32_t h = FL_SQL_KW_HASH_INIT;
    if (n == 0 || n >= sizeof low)
        return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)word[i];
        if (c >= 0x80)
            return -1;
        c = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        low[i] = (char)c;
        h = FL_SQL_KW_HASH_STEP(h, c);
    }
    return fl_sql_kw_find(low, n, h);
}

bool fl_sql_is_keyword(const char *word, size_t n)
{
    return word && fl_sql_kw_lookup(word, n) >= 0;
}
