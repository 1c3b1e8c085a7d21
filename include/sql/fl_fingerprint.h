/* fl_fingerprint.h - SQL fingerprints (query classes) and their stable
 * class ids.  Pure functions of the statement text (see fl_sql.h for the
 * common rules: explicit lengths, any bytes accepted). */
#ifndef FL_FINGERPRINT_H
#define FL_FINGERPRINT_H

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
 * the comment block at the top of src/sql/fingerprint.c.  In short:
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

#endif
