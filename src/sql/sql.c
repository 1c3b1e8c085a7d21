/* sql.c - SQL fingerprints, class ids, table lists and statement types,
 * all over one hand-written single-pass lexer.
 *
 * Invariants: every public function is a pure function of its input text;
 * the only allocation is growing the caller's fl_buf (never per token); all
 * scanning is bounded by the explicit length (input need not be
 * NUL-terminated, may hold any bytes); nesting state lives in fixed arrays
 * (FP_MAX_DEPTH, TP_MAX_DEPTH) and deeper nesting degrades gracefully (lists
 * there are not collapsed, tables there are still found) instead of failing.
 * Output is deterministic: same text, same bytes.
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
#include "sql/fl_sql.h"

/* ------------------------------------------------------------------------
 * Character classes and the keyword table
 * ---------------------------------------------------------------------- */

enum {
    CC_SPACE = 1,   /* white space and control bytes (never printed) */
    CC_IDSTART = 2, /* letter, _, any byte >= 0x80 (UTF-8 identifiers) */
    CC_IDCHAR = 4,  /* IDSTART plus digits and $ */
    CC_DIGIT = 8,
    CC_OP = 16,     /* operator characters */
    CC_HEX = 32,
    CC_CMT = 64     /* may start a comment: - / # */
};

static const unsigned char cc[256] = {
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

#define CCLASS(c) (cc[(unsigned char)(c)])

/* Keyword flags. */
enum {
    KF_R = 1,   /* reserved: clause word, never a table name or an alias */
    KF_F = 2,   /* function-like: printed without a space before '(' */
    KF_V = 4,   /* ends an expression (NULL, TRUE, END, CURRENT_DATE...) */
    KF_T = 8,   /* typed-literal prefix: date '...', interval '...' */
    KF_M = 16,  /* skipped where a table name is expected (ONLY, INTO...) */
    KF_KW = 32  /* set on every keyword in the lexer's prev_flags */
};

struct keyword {
    const char *name;     /* lower case */
    unsigned char len;
    unsigned char id;     /* enum kw_id, KW_NONE when the code never asks */
    unsigned char flags;  /* KF_* */
};

/* Generated by tests/data/sql/gen_keywords.py (edit the list there):
 * keywords[] sorted in byte order, kw_hash[] indexing it. */
/* BEGIN GENERATED KEYWORDS (tests/data/sql/gen_keywords.py) */
/* Keyword ids used by the code (0 = none). */
enum kw_id {
    KW_NONE = 0,
    KW_ABORT,
    KW_ADD,
    KW_ADMINISTRATOR,
    KW_ALL,
    KW_ALTER,
    KW_ANALYSE,
    KW_ANALYZE,
    KW_AND,
    KW_ARRAY,
    KW_AS,
    KW_ASC,
    KW_BEGIN,
    KW_BETWEEN,
    KW_BY,
    KW_CALL,
    KW_CASCADE,
    KW_CASE,
    KW_CHECKPOINT,
    KW_CLOSE,
    KW_CLUSTER,
    KW_COLUMN,
    KW_COMMENT,
    KW_COMMIT,
    KW_CONCURRENTLY,
    KW_CONSTRAINT,
    KW_COPY,
    KW_CREATE,
    KW_CROSS,
    KW_CURSOR,
    KW_DATE,
    KW_DEALLOCATE,
    KW_DECLARE,
    KW_DEFAULT,
    KW_DELAYED,
    KW_DELETE,
    KW_DESC,
    KW_DISCARD,
    KW_DISTINCT,
    KW_DO,
    KW_DROP,
    KW_DUMPFILE,
    KW_ELSE,
    KW_END,
    KW_EXCEPT,
    KW_EXECUTE,
    KW_EXISTS,
    KW_EXPLAIN,
    KW_FALSE,
    KW_FETCH,
    KW_FOR,
    KW_FORCE,
    KW_FROM,
    KW_FULL,
    KW_GRANT,
    KW_GROUP,
    KW_HAVING,
    KW_HIGH_PRIORITY,
    KW_IF,
    KW_IGNORE,
    KW_ILIKE,
    KW_IN,
    KW_INDEX,
    KW_INNER,
    KW_INSERT,
    KW_INTERSECT,
    KW_INTERVAL,
    KW_INTO,
    KW_IS,
    KW_JOIN,
    KW_KEY,
    KW_LATERAL,
    KW_LEFT,
    KW_LIKE,
    KW_LIMIT,
    KW_LISTEN,
    KW_LOAD,
    KW_LOCK,
    KW_LOW_PRIORITY,
    KW_MATERIALIZED,
    KW_MERGE,
    KW_MINUS,
    KW_MOVE,
    KW_NATURAL,
    KW_NOT,
    KW_NOTIFY,
    KW_NULL,
    KW_OF,
    KW_OFFSET,
    KW_ON,
    KW_ONLY,
    KW_OR,
    KW_ORDER,
    KW_OUTER,
    KW_OUTFILE,
    KW_PREPARE,
    KW_PREPARED,
    KW_PRIMARY,
    KW_PROGRAM,
    KW_QUICK,
    KW_RECURSIVE,
    KW_REGEXP,
    KW_REINDEX,
    KW_RELEASE,
    KW_RENAME,
    KW_REPLACE,
    KW_RESET,
    KW_RETURNING,
    KW_REVOKE,
    KW_RIGHT,
    KW_RLIKE,
    KW_ROLLBACK,
    KW_SAVEPOINT,
    KW_SELECT,
    KW_SET,
    KW_SHOW,
    KW_START,
    KW_STDIN,
    KW_STDOUT,
    KW_STRAIGHT_JOIN,
    KW_TABLE,
    KW_TABLES,
    KW_THEN,
    KW_TIME,
    KW_TIMESTAMP,
    KW_TIMESTAMPTZ,
    KW_TO,
    KW_TRANSACTION,
    KW_TRUE,
    KW_TRUNCATE,
    KW_UNION,
    KW_UNIQUE,
    KW_UNLISTEN,
    KW_UPDATE,
    KW_USE,
    KW_USING,
    KW_VACUUM,
    KW_VALUE,
    KW_VALUES,
    KW_VERBOSE,
    KW_WHEN,
    KW_WHERE,
    KW_WITH,
    KW_WORK,
};

static const struct keyword keywords[] = {
    {"abort", 5, KW_ABORT, 0},
    {"abs", 3, KW_NONE, KF_F},
    {"absolute", 8, KW_NONE, 0},
    {"add", 3, KW_ADD, KF_R},
    {"administrator", 13, KW_ADMINISTRATOR, 0},
    {"after", 5, KW_NONE, 0},
    {"against", 7, KW_NONE, KF_F},
    {"age", 3, KW_NONE, KF_F},
    {"aggregate", 9, KW_NONE, 0},
    {"algorithm", 9, KW_NONE, 0},
    {"all", 3, KW_ALL, KF_R},
    {"also", 4, KW_NONE, 0},
    {"alter", 5, KW_ALTER, KF_R},
    {"always", 6, KW_NONE, 0},
    {"analyse", 7, KW_ANALYSE, 0},
    {"analyze", 7, KW_ANALYZE, 0},
    {"and", 3, KW_AND, KF_R},
    {"any", 3, KW_NONE, KF_F},
    {"application_name", 16, KW_NONE, 0},
    {"array", 5, KW_ARRAY, KF_F},
    {"array_agg", 9, KW_NONE, KF_F},
    {"array_length", 12, KW_NONE, KF_F},
    {"array_to_string", 15, KW_NONE, KF_F},
    {"as", 2, KW_AS, KF_R},
    {"asc", 3, KW_ASC, KF_R},
    {"ascii", 5, KW_NONE, KF_F},
    {"at", 2, KW_NONE, 0},
    {"attach", 6, KW_NONE, 0},
    {"authorization", 13, KW_NONE, 0},
    {"auto_increment", 14, KW_NONE, 0},
    {"autocommit", 10, KW_NONE, 0},
    {"avg", 3, KW_NONE, KF_F},
    {"backward", 8, KW_NONE, 0},
    {"before", 6, KW_NONE, 0},
    {"begin", 5, KW_BEGIN, 0},
    {"bernoulli", 9, KW_NONE, 0},
    {"between", 7, KW_BETWEEN, KF_R},
    {"bigint", 6, KW_NONE, KF_F},
    {"bigserial", 9, KW_NONE, KF_F},
    {"binary", 6, KW_NONE, KF_F},
    {"bit", 3, KW_NONE, KF_F},
    {"bit_and", 7, KW_NONE, KF_F},
    {"bit_or", 6, KW_NONE, KF_F},
    {"blob", 4, KW_NONE, KF_F},
    {"bool", 4, KW_NONE, KF_F},
    {"bool_and", 8, KW_NONE, KF_F},
    {"bool_or", 7, KW_NONE, KF_F},
    {"boolean", 7, KW_NONE, KF_F},
    {"breadth", 7, KW_NONE, 0},
    {"buffers", 7, KW_NONE, 0},
    {"by", 2, KW_BY, KF_R},
    {"bypassrls", 9, KW_NONE, 0},
    {"bytea", 5, KW_NONE, KF_F},
    {"cache", 5, KW_NONE, 0},
    {"call", 4, KW_CALL, 0},
    {"cardinality", 11, KW_NONE, KF_F},
    {"cascade", 7, KW_CASCADE, KF_R},
    {"case", 4, KW_CASE, KF_R},
    {"cast", 4, KW_NONE, KF_F},
    {"ceil", 4, KW_NONE, KF_F},
    {"ceiling", 7, KW_NONE, KF_F},
    {"chain", 5, KW_NONE, 0},
    {"change", 6, KW_NONE, 0},
    {"char", 4, KW_NONE, KF_F},
    {"char_length", 11, KW_NONE, KF_F},
    {"character", 9, KW_NONE, KF_F},
    {"character_set_client", 20, KW_NONE, 0},
    {"character_set_connection", 24, KW_NONE, 0},
    {"character_set_results", 21, KW_NONE, 0},
    {"charset", 7, KW_NONE, 0},
    {"check", 5, KW_NONE, KF_R},
    {"checkpoint", 10, KW_CHECKPOINT, 0},
    {"client_encoding", 15, KW_NONE, 0},
    {"clock_timestamp", 15, KW_NONE, KF_F},
    {"close", 5, KW_CLOSE, 0},
    {"cluster", 7, KW_CLUSTER, 0},
    {"coalesce", 8, KW_NONE, KF_F},
    {"collate", 7, KW_NONE, KF_R},
    {"collation", 9, KW_NONE, 0},
    {"collation_connection", 20, KW_NONE, 0},
    {"column", 6, KW_COLUMN, 0},
    {"columns", 7, KW_NONE, 0},
    {"comment", 7, KW_COMMENT, 0},
    {"commit", 6, KW_COMMIT, 0},
    {"committed", 9, KW_NONE, 0},
    {"concat", 6, KW_NONE, KF_F},
    {"concat_ws", 9, KW_NONE, KF_F},
    {"concurrent", 10, KW_NONE, 0},
    {"concurrently", 12, KW_CONCURRENTLY, 0},
    {"conflict", 8, KW_NONE, 0},
    {"connect", 7, KW_NONE, 0},
    {"connection", 10, KW_NONE, 0},
    {"constraint", 10, KW_CONSTRAINT, KF_R},
    {"constraints", 11, KW_NONE, 0},
    {"conversion", 10, KW_NONE, 0},
    {"convert", 7, KW_NONE, KF_F},
    {"copy", 4, KW_COPY, 0},
    {"cost", 4, KW_NONE, 0},
    {"costs", 5, KW_NONE, 0},
    {"count", 5, KW_NONE, KF_F},
    {"crc32", 5, KW_NONE, KF_F},
    {"create", 6, KW_CREATE, KF_R},
    {"createdb", 8, KW_NONE, 0},
    {"createrole", 10, KW_NONE, 0},
    {"cross", 5, KW_CROSS, KF_R},
    {"curdate", 7, KW_NONE, KF_F},
    {"current_catalog", 15, KW_NONE, 0},
    {"current_date", 12, KW_NONE, KF_V},
    {"current_role", 12, KW_NONE, 0},
    {"current_schema", 14, KW_NONE, 0},
    {"current_setting", 15, KW_NONE, KF_F},
    {"current_time", 12, KW_NONE, KF_V},
    {"current_timestamp", 17, KW_NONE, KF_V},
    {"current_user", 12, KW_NONE, KF_V},
    {"currval", 7, KW_NONE, KF_F},
    {"cursor", 6, KW_CURSOR, 0},
    {"curtime", 7, KW_NONE, KF_F},
    {"cycle", 5, KW_NONE, 0},
    {"data", 4, KW_NONE, 0},
    {"database", 8, KW_NONE, KF_F},
    {"databases", 9, KW_NONE, 0},
    {"date", 4, KW_DATE, KF_F|KF_T},
    {"date_add", 8, KW_NONE, KF_F},
    {"date_format", 11, KW_NONE, KF_F},
    {"date_part", 9, KW_NONE, KF_F},
    {"date_sub", 8, KW_NONE, KF_F},
    {"date_trunc", 10, KW_NONE, KF_F},
    {"datediff", 8, KW_NONE, KF_F},
    {"datestyle", 9, KW_NONE, 0},
    {"datetime", 8, KW_NONE, KF_F},
    {"day", 3, KW_NONE, KF_F},
    {"dayofmonth", 10, KW_NONE, KF_F},
    {"dayofweek", 9, KW_NONE, KF_F},
    {"dayofyear", 9, KW_NONE, KF_F},
    {"deallocate", 10, KW_DEALLOCATE, 0},
    {"decimal", 7, KW_NONE, KF_F},
    {"declare", 7, KW_DECLARE, 0},
    {"default", 7, KW_DEFAULT, KF_R},
    {"defaults", 8, KW_NONE, 0},
    {"deferrable", 10, KW_NONE, 0},
    {"deferred", 8, KW_NONE, 0},
    {"definer", 7, KW_NONE, 0},
    {"delayed", 7, KW_DELAYED, KF_R|KF_M},
    {"delete", 6, KW_DELETE, KF_R},
    {"dense_rank", 10, KW_NONE, KF_F},
    {"depth", 5, KW_NONE, 0},
    {"desc", 4, KW_DESC, KF_R},
    {"describe", 8, KW_NONE, 0},
    {"detach", 6, KW_NONE, 0},
    {"disable", 7, KW_NONE, 0},
    {"discard", 7, KW_DISCARD, 0},
    {"distinct", 8, KW_DISTINCT, KF_R},
    {"div", 3, KW_NONE, 0},
    {"do", 2, KW_DO, KF_R},
    {"domain", 6, KW_NONE, 0},
    {"double", 6, KW_NONE, KF_F},
    {"drop", 4, KW_DROP, KF_R},
    {"dumpfile", 8, KW_DUMPFILE, KF_R},
    {"duplicate", 9, KW_NONE, 0},
    {"each", 4, KW_NONE, 0},
    {"else", 4, KW_ELSE, KF_R},
    {"enable", 6, KW_NONE, 0},
    {"enclosed", 8, KW_NONE, 0},
    {"encrypted", 9, KW_NONE, 0},
    {"end", 3, KW_END, KF_R|KF_V},
    {"engine", 6, KW_NONE, 0},
    {"engines", 7, KW_NONE, 0},
    {"enum", 4, KW_NONE, KF_F},
    {"errors", 6, KW_NONE, 0},
    {"escape", 6, KW_NONE, KF_R},
    {"escaped", 7, KW_NONE, 0},
    {"events", 6, KW_NONE, 0},
    {"every", 5, KW_NONE, KF_F},
    {"except", 6, KW_EXCEPT, KF_R},
    {"exclude", 7, KW_NONE, 0},
    {"excluded", 8, KW_NONE, 0},
    {"excluding", 9, KW_NONE, 0},
    {"execute", 7, KW_EXECUTE, 0},
    {"exists", 6, KW_EXISTS, KF_R|KF_M},
    {"exp", 3, KW_NONE, KF_F},
    {"explain", 7, KW_EXPLAIN, 0},
    {"extended", 8, KW_NONE, 0},
    {"extension", 9, KW_NONE, 0},
    {"extra_float_digits", 18, KW_NONE, 0},
    {"extract", 7, KW_NONE, KF_F},
    {"false", 5, KW_FALSE, KF_R|KF_V},
    {"fetch", 5, KW_FETCH, KF_R},
    {"field", 5, KW_NONE, KF_F},
    {"fields", 6, KW_NONE, 0},
    {"find_in_set", 11, KW_NONE, KF_F},
    {"first", 5, KW_NONE, 0},
    {"first_value", 11, KW_NONE, KF_F},
    {"float", 5, KW_NONE, KF_F},
    {"floor", 5, KW_NONE, KF_F},
    {"flush", 5, KW_NONE, 0},
    {"for", 3, KW_FOR, KF_R},
    {"force", 5, KW_FORCE, KF_R},
    {"foreign", 7, KW_NONE, 0},
    {"foreign_key_checks", 18, KW_NONE, 0},
    {"format", 6, KW_NONE, KF_F},
    {"forward", 7, KW_NONE, 0},
    {"found_rows", 10, KW_NONE, KF_F},
    {"freeze", 6, KW_NONE, 0},
    {"from", 4, KW_FROM, KF_R},
    {"from_unixtime", 13, KW_NONE, KF_F},
    {"full", 4, KW_FULL, KF_R},
    {"function", 8, KW_NONE, 0},
    {"gen_random_uuid", 15, KW_NONE, KF_F},
    {"generate_series", 15, KW_NONE, KF_F},
    {"generated", 9, KW_NONE, 0},
    {"global", 6, KW_NONE, 0},
    {"grant", 5, KW_GRANT, 0},
    {"grants", 6, KW_NONE, 0},
    {"greatest", 8, KW_NONE, KF_F},
    {"group", 5, KW_GROUP, KF_R},
    {"group_concat", 12, KW_NONE, KF_F},
    {"handler", 7, KW_NONE, 0},
    {"having", 6, KW_HAVING, KF_R},
    {"hex", 3, KW_NONE, KF_F},
    {"high_priority", 13, KW_HIGH_PRIORITY, KF_R|KF_M},
    {"hold", 4, KW_NONE, 0},
    {"hour", 4, KW_NONE, KF_F},
    {"identity", 8, KW_NONE, 0},
    {"if", 2, KW_IF, KF_R|KF_F|KF_M},
    {"ifnull", 6, KW_NONE, KF_F},
    {"ignore", 6, KW_IGNORE, KF_R|KF_M},
    {"ilike", 5, KW_ILIKE, KF_R},
    {"immediate", 9, KW_NONE, 0},
    {"immutable", 9, KW_NONE, 0},
    {"in", 2, KW_IN, KF_R},
    {"include", 7, KW_NONE, 0},
    {"including", 9, KW_NONE, 0},
    {"increment", 9, KW_NONE, 0},
    {"index", 5, KW_INDEX, KF_R},
    {"indexes", 7, KW_NONE, 0},
    {"inet6_aton", 10, KW_NONE, KF_F},
    {"inet6_ntoa", 10, KW_NONE, KF_F},
    {"inet_aton", 9, KW_NONE, KF_F},
    {"inet_ntoa", 9, KW_NONE, KF_F},
    {"infile", 6, KW_NONE, 0},
    {"inherit", 7, KW_NONE, 0},
    {"initcap", 7, KW_NONE, KF_F},
    {"inner", 5, KW_INNER, KF_R},
    {"inout", 5, KW_NONE, 0},
    {"inplace", 7, KW_NONE, 0},
    {"insert", 6, KW_INSERT, KF_R},
    {"instant", 7, KW_NONE, 0},
    {"instead", 7, KW_NONE, 0},
    {"instr", 5, KW_NONE, KF_F},
    {"int", 3, KW_NONE, KF_F},
    {"integer", 7, KW_NONE, KF_F},
    {"interactive_timeout", 19, KW_NONE, 0},
    {"intersect", 9, KW_INTERSECT, KF_R},
    {"interval", 8, KW_INTERVAL, KF_T},
    {"into", 4, KW_INTO, KF_R|KF_M},
    {"invoker", 7, KW_NONE, 0},
    {"is", 2, KW_IS, KF_R},
    {"isnull", 6, KW_NONE, KF_F},
    {"isolation", 9, KW_NONE, 0},
    {"join", 4, KW_JOIN, KF_R},
    {"json", 4, KW_NONE, KF_F},
    {"json_agg", 8, KW_NONE, KF_F},
    {"json_array", 10, KW_NONE, KF_F},
    {"json_array_elements", 19, KW_NONE, KF_F},
    {"json_build_object", 17, KW_NONE, KF_F},
    {"json_contains", 13, KW_NONE, KF_F},
    {"json_each", 9, KW_NONE, KF_F},
    {"json_extract", 12, KW_NONE, KF_F},
    {"json_keys", 9, KW_NONE, KF_F},
    {"json_length", 11, KW_NONE, KF_F},
    {"json_object", 11, KW_NONE, KF_F},
    {"json_unquote", 12, KW_NONE, KF_F},
    {"jsonb", 5, KW_NONE, KF_F},
    {"jsonb_agg", 9, KW_NONE, KF_F},
    {"jsonb_array_elements", 20, KW_NONE, KF_F},
    {"jsonb_build_object", 18, KW_NONE, KF_F},
    {"jsonb_each", 10, KW_NONE, KF_F},
    {"jsonb_object_keys", 17, KW_NONE, KF_F},
    {"jsonb_set", 9, KW_NONE, KF_F},
    {"key", 3, KW_KEY, KF_R},
    {"keys", 4, KW_NONE, 0},
    {"kill", 4, KW_NONE, 0},
    {"lag", 3, KW_NONE, KF_F},
    {"language", 8, KW_NONE, 0},
    {"last", 4, KW_NONE, 0},
    {"last_day", 8, KW_NONE, KF_F},
    {"last_insert_id", 14, KW_NONE, KF_F},
    {"last_value", 10, KW_NONE, KF_F},
    {"lateral", 7, KW_LATERAL, KF_R|KF_M},
    {"lead", 4, KW_NONE, KF_F},
    {"leakproof", 9, KW_NONE, 0},
    {"least", 5, KW_NONE, KF_F},
    {"left", 4, KW_LEFT, KF_R|KF_F},
    {"length", 6, KW_NONE, KF_F},
    {"level", 5, KW_NONE, 0},
    {"like", 4, KW_LIKE, KF_R},
    {"limit", 5, KW_LIMIT, KF_R},
    {"lines", 5, KW_NONE, 0},
    {"listen", 6, KW_LISTEN, 0},
    {"ln", 2, KW_NONE, KF_F},
    {"load", 4, KW_LOAD, 0},
    {"local", 5, KW_NONE, 0},
    {"localtime", 9, KW_NONE, KF_V},
    {"localtimestamp", 14, KW_NONE, KF_V},
    {"locate", 6, KW_NONE, KF_F},
    {"lock", 4, KW_LOCK, KF_R},
    {"lock_timeout", 12, KW_NONE, 0},
    {"locked", 6, KW_NONE, 0},
    {"log", 3, KW_NONE, KF_F},
    {"login", 5, KW_NONE, 0},
    {"logs", 4, KW_NONE, 0},
    {"longtext", 8, KW_NONE, KF_F},
    {"low_priority", 12, KW_LOW_PRIORITY, KF_R|KF_M},
    {"lower", 5, KW_NONE, KF_F},
    {"lpad", 4, KW_NONE, KF_F},
    {"ltrim", 5, KW_NONE, KF_F},
    {"maintenance_work_mem", 20, KW_NONE, 0},
    {"makedate", 8, KW_NONE, KF_F},
    {"maketime", 8, KW_NONE, KF_F},
    {"mapping", 7, KW_NONE, 0},
    {"master", 6, KW_NONE, 0},
    {"match", 5, KW_NONE, KF_F},
    {"matched", 7, KW_NONE, KF_R},
    {"materialized", 12, KW_MATERIALIZED, 0},
    {"max", 3, KW_NONE, KF_F},
    {"max_execution_time", 18, KW_NONE, 0},
    {"maxvalue", 8, KW_NONE, 0},
    {"md5", 3, KW_NONE, KF_F},
    {"mediumint", 9, KW_NONE, KF_F},
    {"mediumtext", 10, KW_NONE, KF_F},
    {"merge", 5, KW_MERGE, KF_R},
    {"min", 3, KW_NONE, KF_F},
    {"minus", 5, KW_MINUS, KF_R},
    {"minute", 6, KW_NONE, KF_F},
    {"minvalue", 8, KW_NONE, 0},
    {"mod", 3, KW_NONE, KF_F},
    {"mode", 4, KW_NONE, 0},
    {"modify", 6, KW_NONE, 0},
    {"month", 5, KW_NONE, KF_F},
    {"move", 4, KW_MOVE, 0},
    {"names", 5, KW_NONE, 0},
    {"national", 8, KW_NONE, 0},
    {"natural", 7, KW_NATURAL, KF_R},
    {"nchar", 5, KW_NONE, 0},
    {"net_write_timeout", 17, KW_NONE, 0},
    {"next", 4, KW_NONE, 0},
    {"nextval", 7, KW_NONE, KF_F},
    {"nocreatedb", 10, KW_NONE, 0},
    {"nocreaterole", 12, KW_NONE, 0},
    {"none", 4, KW_NONE, 0},
    {"nosuperuser", 11, KW_NONE, 0},
    {"not", 3, KW_NOT, KF_R|KF_M},
    {"nothing", 7, KW_NONE, 0},
    {"notify", 6, KW_NOTIFY, 0},
    {"notnull", 7, KW_NONE, 0},
    {"now", 3, KW_NONE, KF_F},
    {"nowait", 6, KW_NONE, KF_R},
    {"ntile", 5, KW_NONE, KF_F},
    {"null", 4, KW_NULL, KF_R|KF_V},
    {"nullif", 6, KW_NONE, KF_F},
    {"nullifzero", 10, KW_NONE, KF_F},
    {"nulls", 5, KW_NONE, KF_R},
    {"numeric", 7, KW_NONE, KF_F},
    {"nvl", 3, KW_NONE, KF_F},
    {"octet_length", 12, KW_NONE, KF_F},
    {"of", 2, KW_OF, KF_R},
    {"offset", 6, KW_OFFSET, KF_R},
    {"on", 2, KW_ON, KF_R},
    {"only", 4, KW_ONLY, KF_R|KF_M},
    {"open", 4, KW_NONE, 0},
    {"operator", 8, KW_NONE, 0},
    {"optimize", 8, KW_NONE, 0},
    {"option", 6, KW_NONE, 0},
    {"optionally", 10, KW_NONE, 0},
    {"options", 7, KW_NONE, 0},
    {"or", 2, KW_OR, KF_R},
    {"order", 5, KW_ORDER, KF_R},
    {"ordinality", 10, KW_NONE, 0},
    {"out", 3, KW_NONE, 0},
    {"outer", 5, KW_OUTER, KF_R},
    {"outfile", 7, KW_OUTFILE, KF_R},
    {"over", 4, KW_NONE, KF_R},
    {"overlaps", 8, KW_NONE, 0},
    {"owned", 5, KW_NONE, 0},
    {"owner", 5, KW_NONE, 0},
    {"parallel", 8, KW_NONE, 0},
    {"partition", 9, KW_NONE, KF_R},
    {"partitions", 10, KW_NONE, 0},
    {"password", 8, KW_NONE, 0},
    {"payload", 7, KW_NONE, 0},
    {"percentile_cont", 15, KW_NONE, KF_F},
    {"percentile_disc", 15, KW_NONE, KF_F},
    {"pg_advisory_lock", 16, KW_NONE, KF_F},
    {"pg_advisory_unlock", 18, KW_NONE, KF_F},
    {"pg_advisory_xact_lock", 21, KW_NONE, KF_F},
    {"pg_backend_pid", 14, KW_NONE, KF_F},
    {"pg_cancel_backend", 17, KW_NONE, KF_F},
    {"pg_relation_size", 16, KW_NONE, KF_F},
    {"pg_size_pretty", 14, KW_NONE, KF_F},
    {"pg_sleep", 8, KW_NONE, KF_F},
    {"pg_terminate_backend", 20, KW_NONE, KF_F},
    {"pg_total_relation_size", 22, KW_NONE, KF_F},
    {"pg_try_advisory_lock", 20, KW_NONE, KF_F},
    {"pg_typeof", 9, KW_NONE, KF_F},
    {"pi", 2, KW_NONE, KF_F},
    {"plainto_tsquery", 15, KW_NONE, KF_F},
    {"plugins", 7, KW_NONE, 0},
    {"policy", 6, KW_NONE, 0},
    {"position", 8, KW_NONE, KF_F},
    {"power", 5, KW_NONE, KF_F},
    {"precision", 9, KW_NONE, 0},
    {"prepare", 7, KW_PREPARE, 0},
    {"prepared", 8, KW_PREPARED, 0},
    {"primary", 7, KW_PRIMARY, KF_R},
    {"prior", 5, KW_NONE, 0},
    {"privileges", 10, KW_NONE, 0},
    {"procedure", 9, KW_NONE, 0},
    {"processlist", 11, KW_NONE, 0},
    {"profile", 7, KW_NONE, 0},
    {"profiles", 8, KW_NONE, 0},
    {"program", 7, KW_PROGRAM, KF_R},
    {"publication", 11, KW_NONE, 0},
    {"purge", 5, KW_NONE, 0},
    {"quarter", 7, KW_NONE, KF_F},
    {"quick", 5, KW_QUICK, KF_R|KF_M},
    {"quote_ident", 11, KW_NONE, KF_F},
    {"quote_literal", 13, KW_NONE, KF_F},
    {"rand", 4, KW_NONE, KF_F},
    {"random", 6, KW_NONE, KF_F},
    {"rank", 4, KW_NONE, KF_F},
    {"read", 4, KW_NONE, 0},
    {"real", 4, KW_NONE, KF_F},
    {"recursive", 9, KW_RECURSIVE, 0},
    {"references", 10, KW_NONE, KF_R},
    {"refresh", 7, KW_NONE, 0},
    {"regexp", 6, KW_REGEXP, 0},
    {"regexp_like", 11, KW_NONE, KF_F},
    {"regexp_matches", 14, KW_NONE, KF_F},
    {"regexp_replace", 14, KW_NONE, KF_F},
    {"reindex", 7, KW_REINDEX, 0},
    {"relative", 8, KW_NONE, 0},
    {"release", 7, KW_RELEASE, 0},
    {"rename", 6, KW_RENAME, KF_R},
    {"repair", 6, KW_NONE, 0},
    {"repeat", 6, KW_NONE, KF_F},
    {"repeatable", 10, KW_NONE, 0},
    {"replace", 7, KW_REPLACE, KF_R|KF_F},
    {"replica", 7, KW_NONE, 0},
    {"replication", 11, KW_NONE, 0},
    {"reset", 5, KW_RESET, 0},
    {"restart", 7, KW_NONE, 0},
    {"restrict", 8, KW_NONE, KF_R},
    {"restricted", 10, KW_NONE, 0},
    {"returning", 9, KW_RETURNING, KF_R},
    {"returns", 7, KW_NONE, 0},
    {"reverse", 7, KW_NONE, KF_F},
    {"revoke", 6, KW_REVOKE, 0},
    {"right", 5, KW_RIGHT, KF_R|KF_F},
    {"rlike", 5, KW_RLIKE, 0},
    {"role", 4, KW_NONE, 0},
    {"rollback", 8, KW_ROLLBACK, 0},
    {"rollup", 6, KW_NONE, KF_R},
    {"round", 5, KW_NONE, KF_F},
    {"row", 3, KW_NONE, KF_F},
    {"row_number", 10, KW_NONE, KF_F},
    {"row_to_json", 11, KW_NONE, KF_F},
    {"rows", 4, KW_NONE, 0},
    {"rpad", 4, KW_NONE, KF_F},
    {"rtrim", 5, KW_NONE, KF_F},
    {"safe", 4, KW_NONE, 0},
    {"savepoint", 9, KW_SAVEPOINT, 0},
    {"schema", 6, KW_NONE, 0},
    {"schemas", 7, KW_NONE, 0},
    {"scroll", 6, KW_NONE, 0},
    {"search", 6, KW_NONE, 0},
    {"search_path", 11, KW_NONE, 0},
    {"second", 6, KW_NONE, KF_F},
    {"security", 8, KW_NONE, 0},
    {"select", 6, KW_SELECT, KF_R},
    {"sequence", 8, KW_NONE, 0},
    {"serial", 6, KW_NONE, KF_F},
    {"serializable", 12, KW_NONE, 0},
    {"server", 6, KW_NONE, 0},
    {"session", 7, KW_NONE, 0},
    {"session_user", 12, KW_NONE, KF_V},
    {"set", 3, KW_SET, KF_R},
    {"set_config", 10, KW_NONE, KF_F},
    {"setof", 5, KW_NONE, 0},
    {"settings", 8, KW_NONE, 0},
    {"setval", 6, KW_NONE, KF_F},
    {"sha1", 4, KW_NONE, KF_F},
    {"sha2", 4, KW_NONE, KF_F},
    {"share", 5, KW_NONE, KF_R},
    {"show", 4, KW_SHOW, 0},
    {"sign", 4, KW_NONE, KF_F},
    {"similar", 7, KW_NONE, KF_R},
    {"skip", 4, KW_NONE, KF_R},
    {"slave", 5, KW_NONE, 0},
    {"sleep", 5, KW_NONE, KF_F},
    {"smallint", 8, KW_NONE, KF_F},
    {"smallserial", 11, KW_NONE, KF_F},
    {"snapshot", 8, KW_NONE, 0},
    {"some", 4, KW_NONE, KF_F},
    {"split_part", 10, KW_NONE, KF_F},
    {"sql_big_result", 14, KW_NONE, KF_R},
    {"sql_buffer_result", 17, KW_NONE, KF_R},
    {"sql_cache", 9, KW_NONE, KF_R},
    {"sql_calc_found_rows", 19, KW_NONE, KF_R},
    {"sql_log_bin", 11, KW_NONE, 0},
    {"sql_mode", 8, KW_NONE, 0},
    {"sql_no_cache", 12, KW_NONE, KF_R},
    {"sql_small_result", 16, KW_NONE, KF_R},
    {"sqrt", 4, KW_NONE, KF_F},
    {"stable", 6, KW_NONE, 0},
    {"standard_conforming_strings", 27, KW_NONE, 0},
    {"start", 5, KW_START, 0},
    {"starting", 8, KW_NONE, 0},
    {"statement", 9, KW_NONE, 0},
    {"statement_timeout", 17, KW_NONE, 0},
    {"statement_timestamp", 19, KW_NONE, KF_F},
    {"statistics", 10, KW_NONE, 0},
    {"status", 6, KW_NONE, 0},
    {"stddev", 6, KW_NONE, KF_F},
    {"stdin", 5, KW_STDIN, KF_R},
    {"stdout", 6, KW_STDOUT, KF_R},
    {"storage", 7, KW_NONE, 0},
    {"stored", 6, KW_NONE, 0},
    {"str_to_date", 11, KW_NONE, KF_F},
    {"straight_join", 13, KW_STRAIGHT_JOIN, KF_R},
    {"strict", 6, KW_NONE, 0},
    {"string_agg", 10, KW_NONE, KF_F},
    {"string_to_array", 15, KW_NONE, KF_F},
    {"strpos", 6, KW_NONE, KF_F},
    {"subscription", 12, KW_NONE, 0},
    {"substr", 6, KW_NONE, KF_F},
    {"substring", 9, KW_NONE, KF_F},
    {"sum", 3, KW_NONE, KF_F},
    {"summary", 7, KW_NONE, 0},
    {"superuser", 9, KW_NONE, 0},
    {"sysdate", 7, KW_NONE, KF_F},
    {"system", 6, KW_NONE, 0},
    {"system_user", 11, KW_NONE, 0},
    {"table", 5, KW_TABLE, KF_R|KF_M},
    {"tables", 6, KW_TABLES, 0},
    {"tablesample", 11, KW_NONE, KF_R},
    {"tablespace", 10, KW_NONE, 0},
    {"temp", 4, KW_NONE, 0},
    {"template", 8, KW_NONE, 0},
    {"temporary", 9, KW_NONE, 0},
    {"terminated", 10, KW_NONE, 0},
    {"text", 4, KW_NONE, KF_F},
    {"then", 4, KW_THEN, KF_R},
    {"ties", 4, KW_NONE, 0},
    {"time", 4, KW_TIME, KF_F|KF_T},
    {"time_zone", 9, KW_NONE, 0},
    {"timestamp", 9, KW_TIMESTAMP, KF_F|KF_T},
    {"timestampadd", 12, KW_NONE, KF_F},
    {"timestampdiff", 13, KW_NONE, KF_F},
    {"timestamptz", 11, KW_TIMESTAMPTZ, KF_T},
    {"timezone", 8, KW_NONE, 0},
    {"timing", 6, KW_NONE, 0},
    {"tinyint", 7, KW_NONE, KF_F},
    {"tinytext", 8, KW_NONE, KF_F},
    {"to", 2, KW_TO, KF_R},
    {"to_char", 7, KW_NONE, KF_F},
    {"to_date", 7, KW_NONE, KF_F},
    {"to_json", 7, KW_NONE, KF_F},
    {"to_jsonb", 8, KW_NONE, KF_F},
    {"to_number", 9, KW_NONE, KF_F},
    {"to_regclass", 11, KW_NONE, KF_F},
    {"to_timestamp", 12, KW_NONE, KF_F},
    {"to_tsquery", 10, KW_NONE, KF_F},
    {"to_tsvector", 11, KW_NONE, KF_F},
    {"transaction", 11, KW_TRANSACTION, 0},
    {"transaction_isolation", 21, KW_NONE, 0},
    {"transaction_timestamp", 21, KW_NONE, KF_F},
    {"translate", 9, KW_NONE, KF_F},
    {"tree", 4, KW_NONE, 0},
    {"trigger", 7, KW_NONE, 0},
    {"triggers", 8, KW_NONE, 0},
    {"trim", 4, KW_NONE, KF_F},
    {"true", 4, KW_TRUE, KF_R|KF_V},
    {"trunc", 5, KW_NONE, KF_F},
    {"truncate", 8, KW_TRUNCATE, KF_R},
    {"tx_isolation", 12, KW_NONE, 0},
    {"txid_current", 12, KW_NONE, KF_F},
    {"type", 4, KW_NONE, 0},
    {"uncommitted", 11, KW_NONE, 0},
    {"unhex", 5, KW_NONE, KF_F},
    {"union", 5, KW_UNION, KF_R},
    {"unique", 6, KW_UNIQUE, KF_R},
    {"unique_checks", 13, KW_NONE, 0},
    {"unix_timestamp", 14, KW_NONE, KF_F},
    {"unknown", 7, KW_NONE, KF_V},
    {"unlisten", 8, KW_UNLISTEN, 0},
    {"unlock", 6, KW_NONE, 0},
    {"unlogged", 8, KW_NONE, 0},
    {"unnest", 6, KW_NONE, KF_F},
    {"unsafe", 6, KW_NONE, 0},
    {"until", 5, KW_NONE, 0},
    {"update", 6, KW_UPDATE, KF_R},
    {"upper", 5, KW_NONE, KF_F},
    {"usage", 5, KW_NONE, 0},
    {"use", 3, KW_USE, KF_R},
    {"user", 4, KW_NONE, KF_V},
    {"using", 5, KW_USING, KF_R},
    {"utc_timestamp", 13, KW_NONE, KF_F},
    {"uuid", 4, KW_NONE, KF_F},
    {"uuid_generate_v4", 16, KW_NONE, KF_F},
    {"uuid_short", 10, KW_NONE, KF_F},
    {"vacuum", 6, KW_VACUUM, 0},
    {"valid", 5, KW_NONE, 0},
    {"validate", 8, KW_NONE, 0},
    {"value", 5, KW_VALUE, 0},
    {"values", 6, KW_VALUES, KF_R},
    {"varbinary", 9, KW_NONE, KF_F},
    {"varchar", 7, KW_NONE, KF_F},
    {"variables", 9, KW_NONE, 0},
    {"variadic", 8, KW_NONE, 0},
    {"variance", 8, KW_NONE, KF_F},
    {"varying", 7, KW_NONE, KF_F},
    {"verbose", 7, KW_VERBOSE, 0},
    {"version", 7, KW_NONE, KF_F},
    {"view", 4, KW_NONE, 0},
    {"virtual", 7, KW_NONE, 0},
    {"volatile", 8, KW_NONE, 0},
    {"wait_timeout", 12, KW_NONE, 0},
    {"wal", 3, KW_NONE, 0},
    {"warnings", 8, KW_NONE, 0},
    {"week", 4, KW_NONE, KF_F},
    {"weekday", 7, KW_NONE, KF_F},
    {"when", 4, KW_WHEN, KF_R},
    {"where", 5, KW_WHERE, KF_R},
    {"width_bucket", 12, KW_NONE, KF_F},
    {"window", 6, KW_NONE, KF_R},
    {"with", 4, KW_WITH, KF_R},
    {"without", 7, KW_NONE, 0},
    {"work", 4, KW_WORK, 0},
    {"work_mem", 8, KW_NONE, 0},
    {"wrapper", 7, KW_NONE, 0},
    {"write", 5, KW_NONE, 0},
    {"xor", 3, KW_NONE, 0},
    {"year", 4, KW_NONE, KF_F},
    {"yearweek", 8, KW_NONE, KF_F},
    {"zerofill", 8, KW_NONE, 0},
    {"zone", 4, KW_NONE, 0},
};

/* Open addressing over FNV-1a 32 of the lower-case word, linear
 * probing; entries are keywords[] index + 1, 0 = empty. */
#define KW_HASH_SIZE 2048
static const unsigned short kw_hash[KW_HASH_SIZE] = {
    168, 0, 0, 0, 0, 277, 0, 0, 400, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 337, 0, 154, 258, 268, 340,
    0, 285, 201, 511, 0, 0, 0, 0, 147, 535, 69, 73,
    564, 0, 0, 0, 0, 0, 445, 0, 0, 0, 0, 0,
    0, 0, 617, 0, 0, 0, 0, 0, 0, 0, 0, 166,
    0, 0, 0, 0, 0, 191, 306, 31, 226, 80, 598, 0,
    0, 0, 0, 0, 0, 18, 59, 0, 0, 0, 490, 0,
    0, 57, 0, 0, 0, 517, 0, 0, 0, 432, 0, 0,
    550, 0, 0, 0, 0, 0, 0, 0, 0, 344, 220, 0,
    280, 0, 0, 0, 0, 0, 0, 0, 0, 204, 0, 0,
    0, 0, 468, 284, 0, 461, 384, 527, 61, 0, 0, 0,
    197, 0, 311, 0, 0, 0, 0, 0, 0, 24, 0, 0,
    588, 0, 0, 308, 0, 0, 514, 377, 50, 0, 0, 105,
    0, 566, 0, 0, 0, 0, 531, 0, 0, 0, 0, 0,
    0, 475, 44, 0, 0, 0, 0, 0, 0, 58, 0, 0,
    0, 0, 0, 176, 0, 158, 0, 0, 3, 274, 620, 0,
    0, 0, 324, 0, 0, 0, 0, 616, 0, 0, 0, 0,
    0, 281, 162, 492, 0, 0, 487, 16, 611, 0, 0, 342,
    0, 0, 0, 0, 412, 597, 0, 0, 0, 0, 107, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 43, 0, 0, 0,
    0, 0, 0, 0, 0, 631, 0, 0, 0, 0, 0, 47,
    84, 199, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 343, 0, 0, 0, 0, 288, 0, 441, 42, 622,
    0, 0, 0, 0, 0, 0, 0, 0, 160, 0, 0, 407,
    0, 0, 0, 0, 619, 249, 0, 0, 297, 111, 0, 561,
    0, 0, 0, 0, 0, 0, 0, 0, 52, 0, 210, 374,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 587, 0, 600,
    501, 309, 0, 0, 348, 0, 0, 139, 167, 143, 186, 225,
    291, 102, 0, 0, 142, 0, 0, 570, 0, 0, 0, 0,
    0, 449, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 78, 214, 552, 0, 0, 0, 0, 0, 0, 0, 609,
    0, 151, 0, 0, 376, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 15, 341, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 103, 8, 0, 0, 0, 0, 383, 406, 0,
    0, 0, 0, 0, 413, 106, 0, 234, 0, 0, 0, 0,
    0, 0, 247, 164, 402, 0, 0, 0, 221, 0, 239, 478,
    0, 63, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 79, 569, 417, 0, 0, 124, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 582, 583, 0, 148, 301, 0, 0,
    451, 0, 0, 0, 0, 0, 65, 273, 0, 0, 0, 369,
    0, 0, 0, 0, 0, 131, 0, 300, 0, 0, 0, 360,
    579, 0, 0, 184, 60, 0, 0, 401, 548, 0, 372, 116,
    382, 0, 0, 0, 0, 500, 0, 329, 0, 460, 0, 0,
    0, 0, 403, 0, 0, 0, 0, 0, 236, 0, 496, 81,
    243, 506, 0, 0, 474, 0, 0, 290, 41, 104, 0, 457,
    0, 0, 0, 0, 270, 0, 0, 2, 82, 463, 494, 0,
    0, 0, 0, 261, 97, 0, 0, 602, 0, 207, 0, 0,
    0, 0, 0, 0, 0, 0, 482, 0, 0, 0, 0, 0,
    0, 0, 93, 0, 289, 0, 0, 145, 182, 638, 0, 0,
    0, 0, 526, 188, 231, 123, 391, 0, 0, 0, 586, 0,
    0, 612, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 35, 408, 0, 0, 0, 336, 0, 0, 169, 0,
    0, 0, 0, 70, 0, 422, 0, 0, 0, 0, 0, 0,
    0, 0, 639, 0, 0, 85, 77, 183, 469, 358, 230, 524,
    541, 512, 0, 0, 0, 119, 17, 0, 537, 175, 0, 0,
    0, 0, 0, 0, 0, 0, 149, 0, 0, 0, 292, 515,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 618, 398,
    0, 0, 0, 0, 0, 0, 532, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 89, 0, 452, 253, 424,
    0, 0, 0, 0, 393, 0, 419, 0, 0, 248, 0, 0,
    0, 0, 0, 356, 0, 1, 0, 0, 0, 0, 0, 357,
    0, 0, 540, 0, 640, 0, 0, 0, 489, 499, 0, 364,
    0, 0, 209, 0, 0, 0, 378, 0, 0, 0, 0, 0,
    0, 325, 0, 0, 0, 64, 0, 0, 0, 0, 0, 75,
    0, 0, 591, 448, 0, 0, 0, 0, 0, 39, 0, 0,
    87, 0, 0, 0, 0, 0, 418, 472, 98, 529, 599, 0,
    206, 0, 0, 0, 269, 286, 0, 0, 0, 0, 410, 0,
    153, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 181, 0, 0, 0,
    238, 0, 0, 0, 0, 0, 557, 0, 0, 0, 0, 0,
    0, 626, 112, 446, 0, 0, 0, 0, 0, 362, 553, 0,
    0, 0, 0, 621, 0, 0, 642, 56, 110, 245, 0, 192,
    172, 0, 0, 0, 0, 0, 0, 0, 440, 502, 0, 0,
    196, 0, 0, 0, 373, 629, 159, 0, 467, 0, 507, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 359, 495, 542, 0,
    0, 0, 505, 0, 279, 0, 0, 0, 0, 0, 645, 0,
    444, 0, 0, 140, 0, 399, 0, 0, 425, 0, 0, 0,
    450, 0, 497, 0, 11, 33, 431, 0, 0, 581, 367, 614,
    0, 0, 0, 513, 0, 0, 0, 36, 576, 202, 62, 593,
    0, 0, 0, 0, 0, 0, 138, 543, 0, 0, 0, 0,
    101, 554, 0, 0, 0, 0, 533, 0, 453, 0, 607, 0,
    161, 118, 174, 405, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 571, 0, 0, 0, 0, 0, 456, 170, 606,
    0, 387, 521, 0, 0, 0, 388, 222, 0, 0, 0, 0,
    345, 491, 0, 0, 0, 0, 0, 0, 0, 194, 0, 0,
    558, 0, 508, 0, 0, 595, 0, 0, 0, 0, 0, 264,
    0, 262, 317, 0, 0, 0, 386, 608, 117, 0, 0, 0,
    493, 0, 213, 615, 0, 208, 0, 0, 0, 0, 0, 0,
    28, 251, 0, 71, 646, 0, 144, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 633, 122, 53, 0,
    0, 0, 83, 610, 0, 0, 429, 150, 0, 0, 0, 0,
    363, 366, 0, 32, 0, 0, 0, 0, 293, 503, 572, 0,
    601, 0, 0, 433, 0, 260, 0, 355, 115, 86, 185, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 520, 352, 0,
    0, 152, 0, 0, 644, 0, 0, 0, 51, 361, 534, 0,
    240, 436, 0, 223, 563, 0, 0, 0, 0, 0, 0, 0,
    0, 375, 525, 227, 0, 55, 0, 0, 0, 0, 74, 0,
    0, 287, 0, 0, 0, 0, 585, 0, 0, 0, 314, 0,
    0, 365, 396, 0, 0, 0, 0, 447, 0, 0, 0, 0,
    0, 370, 0, 0, 0, 113, 0, 395, 0, 0, 0, 0,
    385, 578, 428, 0, 0, 0, 0, 0, 0, 477, 0, 516,
    0, 0, 0, 0, 0, 0, 0, 190, 0, 0, 0, 318,
    0, 0, 0, 0, 0, 0, 0, 0, 604, 0, 0, 484,
    624, 91, 0, 0, 40, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 30, 0, 0, 0, 0, 266, 438, 0,
    0, 0, 0, 0, 0, 0, 518, 411, 0, 632, 592, 0,
    643, 0, 0, 0, 0, 476, 0, 556, 21, 0, 20, 420,
    536, 0, 0, 546, 0, 545, 0, 0, 0, 0, 0, 573,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 45, 0, 305,
    498, 0, 0, 0, 562, 0, 0, 0, 0, 0, 219, 613,
    136, 335, 0, 0, 0, 0, 200, 0, 0, 0, 0, 332,
    0, 0, 0, 0, 218, 0, 0, 0, 0, 0, 0, 271,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 380, 530, 0, 0, 254, 481, 307, 108,
    189, 205, 464, 72, 634, 0, 0, 338, 0, 95, 193, 320,
    27, 242, 5, 0, 157, 0, 0, 0, 127, 130, 0, 0,
    0, 0, 0, 0, 178, 135, 177, 282, 0, 0, 0, 473,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 165, 0,
    0, 0, 0, 333, 0, 0, 0, 125, 88, 0, 0, 415,
    120, 454, 0, 0, 133, 179, 326, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 6, 38, 555, 0, 0, 0, 90,
    0, 0, 483, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 637, 0, 458, 0, 0,
    346, 0, 0, 0, 0, 416, 0, 0, 278, 0, 0, 198,
    100, 0, 0, 0, 0, 0, 0, 485, 0, 0, 0, 567,
    0, 0, 0, 0, 423, 137, 224, 339, 509, 0, 409, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 294, 0, 323,
    0, 134, 0, 0, 0, 559, 0, 0, 0, 0, 0, 0,
    455, 0, 327, 331, 246, 430, 523, 568, 0, 479, 0, 0,
    0, 0, 0, 0, 435, 0, 0, 0, 0, 0, 0, 283,
    298, 354, 132, 551, 0, 0, 0, 0, 0, 0, 171, 0,
    0, 0, 0, 0, 0, 19, 0, 0, 126, 232, 580, 0,
    0, 267, 0, 0, 304, 470, 0, 0, 0, 630, 250, 379,
    471, 0, 0, 0, 0, 0, 0, 0, 0, 636, 0, 0,
    0, 0, 0, 46, 0, 0, 0, 217, 0, 0, 0, 259,
    96, 0, 228, 0, 0, 0, 442, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 216, 353, 94, 215, 394, 276, 0,
    0, 121, 0, 462, 0, 0, 351, 427, 623, 0, 0, 0,
    0, 195, 0, 0, 0, 0, 0, 0, 0, 0, 299, 0,
    603, 263, 25, 141, 315, 0, 211, 0, 26, 49, 0, 0,
    397, 0, 437, 252, 466, 565, 0, 235, 625, 465, 0, 48,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 421,
    114, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 92, 0, 275, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 146, 0, 0, 0, 0, 0,
    0, 0, 605, 328, 590, 0, 0, 0, 0, 0, 0, 0,
    549, 371, 0, 0, 7, 0, 392, 486, 173, 0, 0, 0,
    156, 302, 0, 0, 0, 0, 313, 0, 66, 99, 504, 538,
    0, 257, 0, 0, 389, 0, 0, 67, 0, 0, 0, 0,
    0, 0, 560, 255, 574, 0, 0, 0, 180, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 310, 321, 0, 0, 296, 0,
    0, 0, 0, 0, 0, 0, 34, 229, 233, 0, 0, 439,
    0, 0, 459, 488, 0, 0, 129, 0, 0, 76, 0, 0,
    0, 0, 12, 0, 0, 596, 0, 347, 0, 0, 0, 0,
    641, 0, 0, 0, 0, 0, 0, 0, 0, 528, 128, 0,
    480, 334, 0, 13, 0, 212, 0, 37, 0, 0, 0, 510,
    0, 0, 163, 0, 0, 0, 0, 0, 0, 0, 265, 0,
    0, 0, 0, 589, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 22, 312, 0, 322, 349,
    0, 0, 426, 0, 0, 0, 0, 0, 404, 0, 203, 0,
    575, 330, 390, 0, 9, 0, 0, 0, 68, 0, 237, 0,
    627, 0, 0, 0, 0, 0, 519, 584, 0, 594, 0, 0,
    0, 0, 29, 0, 0, 303, 0, 0, 544, 0, 0, 547,
    0, 0, 0, 109, 434, 0, 23, 0, 368, 272, 0, 316,
    443, 577, 0, 0, 0, 414, 0, 350, 628, 295, 319, 635,
    241, 0, 244, 187, 14, 54, 0, 0, 0, 0, 0, 0,
    0, 256, 0, 522, 0, 155, 381, 0, 0, 0, 0, 539,
    0, 0, 0, 0, 0, 0, 0, 0,
};
/* END GENERATED KEYWORDS */

#define NKEYWORDS (sizeof keywords / sizeof keywords[0])

size_t fl_sql_keyword_count(void)
{
    return NKEYWORDS;
}

const char *fl_sql_keyword_name(size_t i)
{
    return i < NKEYWORDS ? keywords[i].name : NULL;
}

/* FNV-1a 32 step over a lower-cased byte, as gen_keywords.py hashes. */
#define KW_HASH_INIT 0x811c9dc5u
#define KW_HASH_STEP(h, c) (((h) ^ (unsigned char)(c)) * 0x01000193u)

/* Index in keywords[] of the lower-case word low[0..n) with hash h, or
 * -1.  Runs for every word of every statement, hence the hash. */
static int kw_find(const char *low, size_t n, uint32_t h)
{
    for (uint32_t k = h & (KW_HASH_SIZE - 1);; k = (k + 1) & (KW_HASH_SIZE - 1)) {
        unsigned slot = kw_hash[k];
        if (slot == 0)
            return -1;
        const struct keyword *kwd = &keywords[slot - 1];
        if (kwd->len == n && memcmp(kwd->name, low, n) == 0)
            return (int)slot - 1;
    }
}

/* Index of word[0..n) (any case) in keywords[], or -1. */
static int kw_lookup(const char *word, size_t n)
{
    char low[32];
    uint32_t h = KW_HASH_INIT;
    if (n == 0 || n >= sizeof low)
        return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)word[i];
        if (c >= 0x80)
            return -1;
        c = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        low[i] = (char)c;
        h = KW_HASH_STEP(h, c);
    }
    return kw_find(low, n, h);
}

bool fl_sql_is_keyword(const char *word, size_t n)
{
    return word && kw_lookup(word, n) >= 0;
}

/* Keyword id of a token, KW_NONE for anything that is not a keyword. */
static int tok_id(const struct fl_sql_tok *t)
{
    return (t->kind == FL_SQL_TOK_WORD && t->kw >= 0) ? keywords[t->kw].id
                                                      : KW_NONE;
}

static unsigned tok_flags(const struct fl_sql_tok *t)
{
    return (t->kind == FL_SQL_TOK_WORD && t->kw >= 0) ? keywords[t->kw].flags
                                                      : 0;
}

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
    uint32_t h = KW_HASH_INIT;
    bool ascii = true;
    /* scan, lower-casing and hashing the first 32 bytes on the way */
    for (; j < n && (CCLASS(s[j]) & CC_IDCHAR); j++) {
        unsigned char c = (unsigned char)s[j];
        if (j - i < sizeof low) {
            c = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            low[j - i] = (char)c;
            h = KW_HASH_STEP(h, c);
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
    t->kw = (ascii && j - i < sizeof low) ? kw_find(low, j - i, h) : -1;
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
    lx->prev_flags = t->kw >= 0 ? (unsigned)keywords[t->kw].flags | KF_KW : 0;
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
    const struct keyword *k = &keywords[t->kw];
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
        f->stmt_kw = tok_id(t);
        f->at_start = false;
    }
    if (f->limit_state == 1 &&
        (t->kind == FL_SQL_TOK_COMMA || tok_id(t) == KW_OFFSET))
        f->limit_state = 2;
    else if (!(f->limit_state == 2 && (t->kind == FL_SQL_TOK_NUMBER ||
                                       t->kind == FL_SQL_TOK_PARAM)))
        f->limit_state = 0;
    if (name_lit && (t->kind == FL_SQL_TOK_QIDENT ||
                     (t->kind == FL_SQL_TOK_WORD && !names_follow(f, tok_id(t))))) {
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

/* "administrator command: Quit" is its own class, kept as written. */
static bool fp_admin(const char *s, size_t n, struct fl_buf *out)
{
    static const char pfx[] = "administrator command:";
    size_t i = 0, end = n;
    while (i < n && (CCLASS(s[i]) & CC_SPACE))
        i++;
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
        if (tok_id(&t) == KW_CALL) {
            fp_call(f);
            return true;
        }
        if (tok_id(&t) != KW_USE || !fl_sql_lexer_next(&f->lx, &nm) ||
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
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)fp[i];
        h *= 0x100000001b3ULL;
    }
    return h;
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

/* ------------------------------------------------------------------------
 * Statement types
 * ---------------------------------------------------------------------- */

static const char *const stmt_names[FL_SQL_STMT_COUNT_] = {
    "OTHER", "SELECT", "INSERT", "UPDATE", "DELETE", "COPY FROM", "COPY TO",
    "CTE", "DDL", "TCL", "CURSOR", "SET", "SHOW", "MERGE"
};

const char *fl_sql_statement_type_name(int type)
{
    if (type < 0 || type >= FL_SQL_STMT_COUNT_)
        return "OTHER";
    return stmt_names[type];
}

/* COPY: the FROM or TO at nesting depth 0 decides the direction. */
static int copy_direction(struct fl_sql_lexer *lx)
{
    struct fl_sql_tok t;
    int depth = 0;
    while (fl_sql_lexer_next(lx, &t)) {
        if (t.kind == FL_SQL_TOK_LPAREN)
            depth++;
        else if (t.kind == FL_SQL_TOK_RPAREN)
            depth--;
        else if (depth == 0 && tok_id(&t) == KW_FROM)
            return FL_SQL_STMT_COPY_FROM;
        else if (depth == 0 && tok_id(&t) == KW_TO)
            return FL_SQL_STMT_COPY_TO;
    }
    return FL_SQL_STMT_OTHER;
}

static bool next_is(struct fl_sql_lexer *lx, const char *word)
{
    struct fl_sql_tok t;
    return fl_sql_lexer_next(lx, &t) && fl_sql_tok_is(lx, &t, word);
}

/* VACUUM FULL ..., VACUUM (FULL[ true|on|1], ...) ... */
static bool vacuum_full(struct fl_sql_lexer *lx)
{
    struct fl_sql_tok t, v;
    if (!fl_sql_lexer_next(lx, &t))
        return false;
    if (fl_sql_tok_is(lx, &t, "full"))
        return true;
    if (t.kind != FL_SQL_TOK_LPAREN)
        return false;
    while (fl_sql_lexer_next(lx, &t) && t.kind != FL_SQL_TOK_RPAREN) {
        if (!fl_sql_tok_is(lx, &t, "full"))
            continue;
        struct fl_sql_lexer peek = *lx;
        if (!fl_sql_lexer_next(&peek, &v))
            return true;
        return !(tok_id(&v) == KW_FALSE || fl_sql_tok_is(&peek, &v, "off") ||
                 (v.kind == FL_SQL_TOK_NUMBER && v.len == 1 &&
                  peek.s[v.off] == '0'));
    }
    return false;
}

static int type_of_keyword(int id, struct fl_sql_lexer *lx)
{
    switch (id) {
    case KW_SELECT: case KW_VALUES: case KW_TABLE: return FL_SQL_STMT_SELECT;
    case KW_WITH: return FL_SQL_STMT_CTE;
    case KW_INSERT: case KW_REPLACE: return FL_SQL_STMT_INSERT;
    case KW_UPDATE: return FL_SQL_STMT_UPDATE;
    case KW_DELETE: return FL_SQL_STMT_DELETE;
    case KW_MERGE: return FL_SQL_STMT_MERGE;
    case KW_COPY: return copy_direction(lx);
    case KW_CREATE: case KW_ALTER: case KW_DROP: case KW_TRUNCATE:
    case KW_RENAME: case KW_REINDEX: case KW_CLUSTER: case KW_GRANT:
    case KW_REVOKE:
        return FL_SQL_STMT_DDL;
    case KW_COMMENT: return next_is(lx, "on") ? FL_SQL_STMT_DDL : FL_SQL_STMT_OTHER;
    case KW_VACUUM: return vacuum_full(lx) ? FL_SQL_STMT_DDL : FL_SQL_STMT_OTHER;
    case KW_BEGIN: case KW_COMMIT: case KW_END: case KW_ROLLBACK:
    case KW_ABORT: case KW_SAVEPOINT: case KW_RELEASE:
        return FL_SQL_STMT_TCL;
    case KW_START: case KW_PREPARE:
        return next_is(lx, "transaction") ? FL_SQL_STMT_TCL : FL_SQL_STMT_OTHER;
    case KW_DECLARE: case KW_FETCH: case KW_CLOSE: case KW_MOVE:
        return FL_SQL_STMT_CURSOR;
    case KW_SET: case KW_RESET: return FL_SQL_STMT_SET;
    case KW_SHOW: return FL_SQL_STMT_SHOW;
    default: return FL_SQL_STMT_OTHER;
    }
}

int fl_sql_statement_type(const char *sql, size_t n)
{
    struct fl_sql_lexer lx;
    struct fl_sql_tok t;
    fl_sql_lexer_init(&lx, sql, n);
    while (fl_sql_lexer_next(&lx, &t))
        if (t.kind != FL_SQL_TOK_LPAREN)
            return type_of_keyword(tok_id(&t), &lx);
    return FL_SQL_STMT_OTHER;
}

/* ------------------------------------------------------------------------
 * Tables
 *
 * A state machine over tokens.  Keywords that introduce table references
 * (FROM, JOIN, UPDATE, INTO, ...) switch to ST_TABLE; a name there is
 * recorded, then an optional alias and a ',' continuing the list are
 * consumed.  Parentheses push a frame that remembers which state to resume
 * after the matching ')' (derived tables and function calls in FROM are
 * followed by aliases and commas too).
 * ---------------------------------------------------------------------- */

#define TP_MAX_DEPTH 64
#define TP_MAX_CTE 16

enum {
    ST_SCAN, ST_TABLE, ST_AFTER_TABLE, ST_ALIAS, ST_AFTER_ALIAS,
    ST_AFTER_COLS, ST_CTE_NAME, ST_CTE_AFTER_NAME, ST_CTE_AS,
    ST_CTE_AFTER_BODY
};
enum { TM_READ = 1, TM_WRITE = 2 };

/* Where we are with respect to a table reference. */
struct tp_ctx {
    unsigned char state; /* ST_* */
    unsigned char mode;  /* TM_READ or TM_WRITE for names recorded now */
    bool list;           /* ',' continues with another table */
    bool cols;           /* '(' after a name is a column list, not a call */
    bool noalias;        /* DDL target: no alias follows the name */
};

struct tp_frame {
    struct tp_ctx restore; /* context resumed after the matching ')' */
    bool func;             /* '(' of a function call */
    bool sel;              /* a SELECT seen directly inside */
};

struct tp {
    struct fl_sql_lexer lx;
    struct fl_sql_tables *out;
    struct tp_ctx c;          /* current context */
    struct tp_ctx next_paren; /* restore context for the next '(' */
    int depth;                /* parenthesis depth, may exceed TP_MAX_DEPTH */
    struct tp_frame fr[TP_MAX_DEPTH];
    int stmt;                 /* KW id of the statement's first token */
    bool stmt_seen;           /* that first token has been read */
    bool skip;                /* the statement names no tables */
    bool index_stmt;          /* CREATE/DROP INDEX: ON names the table */
    int dml;                  /* KW id of the DML verb (DELETE, MERGE...) */
    bool del_pending;         /* DELETE seen: its FROM list is written */
    int del_depth;            /* depth of that DELETE */
    int prev_kind;            /* previous token's kind */
    int prev_kw;              /* previous token's KW id */
    unsigned prev_flags;      /* previous token's keyword flags */
    size_t ncte;              /* CTE names collected */
    char cte[TP_MAX_CTE][FL_SQL_NAME_MAX];
    char cte_cand[FL_SQL_NAME_MAX]; /* name of a WITH item being parsed */
};

static void tp_record(struct tp *p, const char *name, int mode, bool cut)
{
    struct fl_sql_tables *o = p->out;
    size_t i;
    if (cut)
        o->truncated = 1;
    if (!name[0])
        return;
    for (i = 0; i < o->count && strcmp(o->names[i], name) != 0; i++) {}
    if (i == o->count) {
        if (o->count == FL_SQL_MAX_TABLES) {
            o->truncated = 1;
            return;
        }
        memcpy(o->names[i], name, strlen(name) + 1);
        o->count++;
    }
    if (mode == TM_WRITE)
        o->write[i] = 1;
    else
        o->read[i] = 1;
}

static void tp_enter(struct tp *p, int mode, bool list, bool cols,
                     bool noalias)
{
    p->c.state = ST_TABLE;
    p->c.mode = (unsigned char)mode;
    p->c.list = list;
    p->c.cols = cols;
    p->c.noalias = noalias;
}

static bool may_name(const struct fl_sql_tok *t)
{
    return t->kind == FL_SQL_TOK_QIDENT ||
           (t->kind == FL_SQL_TOK_WORD && !(tok_flags(t) & KF_R));
}

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

/* A name where a table is expected. */
static void tp_table_name(struct tp *p, const struct fl_sql_tok *t)
{
    char name[FL_SQL_NAME_MAX];
    bool cut;
    if (!fl_sql_lexer_name(&p->lx, t, name, sizeof name, &cut)) {
        p->c.state = ST_SCAN;
        return;
    }
    struct fl_sql_lexer peek = p->lx;
    struct fl_sql_tok nx;
    bool paren = fl_sql_lexer_next(&peek, &nx) && nx.kind == FL_SQL_TOK_LPAREN;
    if (paren && !p->c.cols) { /* FROM f(...) [AS] x: a function */
        p->next_paren = p->c;
        p->next_paren.state = ST_AFTER_TABLE;
        p->c.state = ST_SCAN;
        return;
    }
    tp_record(p, name, p->c.mode, cut);
    if (paren)
        p->c.state = ST_SCAN; /* INSERT INTO t (cols) */
    else
        p->c.state = p->c.noalias ? ST_AFTER_ALIAS : ST_AFTER_TABLE;
}

/* ST_TABLE.  Returns true when the token is consumed. */
static bool st_table(struct tp *p, const struct fl_sql_tok *t)
{
    if (tok_flags(t) & KF_M)
        return true; /* ONLY, LATERAL, INTO, TABLE, IF NOT EXISTS, IGNORE */
    if (t->kind == FL_SQL_TOK_LPAREN) { /* derived table */
        p->next_paren = p->c;
        p->next_paren.state = ST_AFTER_TABLE;
        p->c.state = ST_SCAN;
        return false;
    }
    if (may_name(t)) {
        tp_table_name(p, t);
        return true;
    }
    p->c.state = ST_SCAN;
    return false;
}

/* ST_AFTER_TABLE, ST_ALIAS, ST_AFTER_ALIAS, ST_AFTER_COLS. */
static bool st_after(struct tp *p, const struct fl_sql_tok *t)
{
    if (p->c.state == ST_AFTER_TABLE) {
        if (t->kind == FL_SQL_TOK_OP && t->len == 1 && p->lx.s[t->off] == '*')
            return true; /* ONLY t * */
        if (tok_id(t) == KW_AS) {
            p->c.state = ST_ALIAS;
            return true;
        }
        if (tok_id(t) == KW_WITH) { /* f(...) WITH ORDINALITY [AS] x */
            struct fl_sql_lexer save = p->lx;
            struct fl_sql_tok o;
            if (fl_sql_lexer_next(&p->lx, &o) &&
                fl_sql_tok_is(&p->lx, &o, "ordinality"))
                return true;
            p->lx = save;
        }
        if (may_name(t)) {
            p->c.state = ST_AFTER_ALIAS;
            return true;
        }
    } else if (p->c.state == ST_ALIAS) {
        if (t->kind == FL_SQL_TOK_WORD || t->kind == FL_SQL_TOK_QIDENT) {
            p->c.state = ST_AFTER_ALIAS;
            return true;
        }
        p->c.state = ST_SCAN;
        return false;
    }
    if (t->kind == FL_SQL_TOK_COMMA && p->c.list) {
        p->c.state = ST_TABLE;
        return true;
    }
    if (t->kind == FL_SQL_TOK_LPAREN && p->c.state == ST_AFTER_ALIAS) {
        p->next_paren = p->c; /* alias column list: t AS x(a, b) */
        p->next_paren.state = ST_AFTER_COLS;
    }
    p->c.state = ST_SCAN;
    return false;
}

static void tp_add_cte(struct tp *p)
{
    if (p->ncte < TP_MAX_CTE && p->cte_cand[0])
        memcpy(p->cte[p->ncte++], p->cte_cand, FL_SQL_NAME_MAX);
}

/* WITH [RECURSIVE] name [(cols)] AS [[NOT] MATERIALIZED] (body) [, ...] */
static bool st_cte(struct tp *p, const struct fl_sql_tok *t)
{
    int id = tok_id(t);
    size_t len = 0;
    switch (p->c.state) {
    case ST_CTE_NAME:
        if (id == KW_RECURSIVE)
            return true;
        if (t->kind == FL_SQL_TOK_WORD || t->kind == FL_SQL_TOK_QIDENT) {
            fl_sql_tok_name(&p->lx, t, p->cte_cand, FL_SQL_NAME_MAX, &len);
            p->c.state = ST_CTE_AFTER_NAME;
            return true;
        }
        break;
    case ST_CTE_AFTER_NAME:
        if (t->kind == FL_SQL_TOK_LPAREN) {
            p->next_paren.state = ST_CTE_AFTER_NAME;
            return false;
        }
        if (id == KW_AS) {
            p->c.state = ST_CTE_AS;
            return true;
        }
        break;
    case ST_CTE_AS:
        if (id == KW_NOT || id == KW_MATERIALIZED)
            return true;
        if (t->kind == FL_SQL_TOK_LPAREN) {
            tp_add_cte(p);
            p->next_paren.state = ST_CTE_AFTER_BODY;
            return false;
        }
        break;
    default: /* ST_CTE_AFTER_BODY */
        if (t->kind == FL_SQL_TOK_COMMA) {
            p->c.state = ST_CTE_NAME;
            return true;
        }
        break;
    }
    p->c.state = ST_SCAN;
    return false;
}

/* Is the WITH just read the start of a CTE list (not WITH TIME ZONE,
 * WITH (options), WITH ORDINALITY, ...)? */
static bool tp_is_cte(const struct tp *p)
{
    struct fl_sql_lexer peek = p->lx;
    struct fl_sql_tok a, b;
    if (!fl_sql_lexer_next(&peek, &a))
        return false;
    if (tok_id(&a) == KW_RECURSIVE)
        return true;
    if (!may_name(&a) || !fl_sql_lexer_next(&peek, &b))
        return false;
    return tok_id(&b) == KW_AS || b.kind == FL_SQL_TOK_LPAREN;
}

/* Can a statement keyword (UPDATE, DELETE, INSERT...) start here? */
static bool tp_stmt_start(const struct tp *p)
{
    switch (p->prev_kind) {
    case FL_SQL_TOK_EOF: case FL_SQL_TOK_SEMI: case FL_SQL_TOK_LPAREN:
    case FL_SQL_TOK_RPAREN:
        return true;
    default:
        break;
    }
    switch (p->prev_kw) {
    case KW_EXPLAIN: case KW_ANALYZE: case KW_ANALYSE: case KW_VERBOSE:
    case KW_AS:
        return true;
    default:
        return false;
    }
}

static bool tp_next_is_paren(const struct tp *p)
{
    struct fl_sql_lexer peek = p->lx;
    struct fl_sql_tok t;
    return fl_sql_lexer_next(&peek, &t) && t.kind == FL_SQL_TOK_LPAREN;
}

static void tp_open(struct tp *p)
{
    if (p->depth < TP_MAX_DEPTH) {
        struct tp_frame *fr = &p->fr[p->depth];
        fr->restore = p->next_paren;
        fr->func = p->prev_kind == FL_SQL_TOK_QIDENT ||
                   (p->prev_kind == FL_SQL_TOK_WORD &&
                    (!(p->prev_flags & KF_KW) || (p->prev_flags & KF_F)));
        fr->sel = false;
    }
    p->depth++;
    memset(&p->next_paren, 0, sizeof p->next_paren);
    p->c.state = ST_SCAN;
}

static void tp_close(struct tp *p)
{
    if (p->depth == 0)
        return;
    p->depth--;
    if (p->depth < TP_MAX_DEPTH)
        p->c = p->fr[p->depth].restore;
    else
        p->c.state = ST_SCAN;
    if (p->del_pending && p->depth < p->del_depth)
        p->del_pending = false;
}

static void tp_from(struct tp *p)
{
    int mode = TM_READ;
    if (p->prev_kw == KW_DISTINCT) /* IS [NOT] DISTINCT FROM */
        return;
    if (p->depth > 0 && p->depth <= TP_MAX_DEPTH &&
        p->fr[p->depth - 1].func && !p->fr[p->depth - 1].sel)
        return; /* extract(year FROM ts), substring(x FROM 2) */
    if (p->del_pending && p->del_depth == p->depth) {
        mode = TM_WRITE;
        p->del_pending = false;
    }
    tp_enter(p, mode, true, false, false);
}

static void tp_copy(struct tp *p)
{
    struct fl_sql_lexer peek = p->lx;
    int dir = copy_direction(&peek);
    if (tp_next_is_paren(p))
        return; /* COPY (SELECT ...) TO: the subquery's tables are read */
    tp_enter(p, dir == FL_SQL_STMT_COPY_FROM ? TM_WRITE : TM_READ, false,
             true, true);
}

/* TABLE / TABLES keyword. */
static void tp_table_kw(struct tp *p)
{
    if (p->stmt == KW_TABLE && tp_stmt_start(p)) {
        tp_enter(p, TM_READ, false, false, false); /* TABLE t */
        return;
    }
    switch (p->stmt) {
    case KW_ALTER: case KW_CREATE: case KW_DROP: case KW_RENAME:
        if (p->prev_kw == KW_AS)
            tp_enter(p, TM_READ, false, false, false); /* AS TABLE t */
        else
            tp_enter(p, TM_WRITE, p->stmt == KW_DROP || p->stmt == KW_RENAME,
                     true, true);
        break;
    case KW_LOCK:
        tp_enter(p, TM_READ, true, false, false);
        break;
    default:
        break;
    }
}

/* DML statement keywords. */
static void tp_dml(struct tp *p, int id)
{
    if (!tp_stmt_start(p))
        return;
    p->dml = id;
    switch (id) {
    case KW_UPDATE:
        tp_enter(p, TM_WRITE, true, false, false);
        break;
    case KW_DELETE:
        p->del_pending = true;
        p->del_depth = p->depth;
        break;
    case KW_INSERT: case KW_REPLACE: case KW_MERGE:
        if (!tp_next_is_paren(p)) /* not the REPLACE()/INSERT() functions */
            tp_enter(p, TM_WRITE, false, id != KW_MERGE, false);
        break;
    case KW_COPY:
        tp_copy(p);
        break;
    case KW_TRUNCATE:
        tp_enter(p, TM_WRITE, true, true, true);
        break;
    default:
        break;
    }
}

static void tp_keyword(struct tp *p, int id)
{
    switch (id) {
    case KW_SELECT:
        if (p->depth > 0 && p->depth <= TP_MAX_DEPTH)
            p->fr[p->depth - 1].sel = true;
        break;
    case KW_FROM: tp_from(p); break;
    case KW_JOIN: case KW_STRAIGHT_JOIN:
        tp_enter(p, TM_READ, false, false, false);
        break;
    case KW_UPDATE: case KW_DELETE: case KW_INSERT: case KW_REPLACE:
    case KW_MERGE: case KW_COPY: case KW_TRUNCATE:
        tp_dml(p, id);
        break;
    case KW_INTO: /* SELECT ... INTO t, LOAD DATA ... INTO TABLE t */
        tp_enter(p, TM_WRITE, false, true, false);
        break;
    case KW_USING: /* DELETE ... USING a, b / MERGE ... USING s */
        if (p->dml == KW_DELETE || p->dml == KW_MERGE)
            tp_enter(p, TM_READ, true, false, false);
        break;
    case KW_TABLE: case KW_TABLES: tp_table_kw(p); break;
    case KW_INDEX:
        p->index_stmt = (p->stmt == KW_CREATE || p->stmt == KW_DROP);
        break;
    case KW_ON:
        if (p->index_stmt)
            tp_enter(p, TM_WRITE, false, true, true);
        p->index_stmt = false;
        break;
    case KW_TO:
        if (p->stmt == KW_RENAME || (p->stmt == KW_ALTER && p->prev_kw == KW_RENAME))
            tp_enter(p, TM_WRITE, p->stmt == KW_RENAME, false, true);
        break;
    case KW_WITH:
        if (tp_is_cte(p))
            p->c.state = ST_CTE_NAME;
        break;
    default:
        break;
    }
}

static bool names_no_tables(int id)
{
    switch (id) {
    case KW_SET: case KW_RESET: case KW_SHOW: case KW_BEGIN: case KW_START:
    case KW_COMMIT: case KW_END: case KW_ROLLBACK: case KW_ABORT:
    case KW_SAVEPOINT: case KW_RELEASE: case KW_GRANT: case KW_REVOKE:
    case KW_COMMENT: case KW_FETCH: case KW_MOVE: case KW_CLOSE:
    case KW_USE: case KW_CALL: case KW_DO: case KW_DEALLOCATE:
    case KW_LISTEN: case KW_NOTIFY: case KW_UNLISTEN: case KW_DISCARD:
    case KW_CHECKPOINT: case KW_VACUUM: case KW_ANALYZE: case KW_ANALYSE:
    case KW_REINDEX: case KW_CLUSTER: case KW_ADMINISTRATOR: case KW_EXECUTE:
        return true;
    default:
        return false;
    }
}

static void tp_stmt_end(struct tp *p)
{
    memset(&p->c, 0, sizeof p->c);
    memset(&p->next_paren, 0, sizeof p->next_paren);
    p->depth = 0;
    p->stmt = KW_NONE;
    p->stmt_seen = false;
    p->skip = false;
    p->index_stmt = false;
    p->dml = KW_NONE;
    p->del_pending = false;
}

static void tp_token(struct tp *p, const struct fl_sql_tok *t)
{
    bool used = false;
    if (!p->stmt_seen && t->kind != FL_SQL_TOK_LPAREN) {
        p->stmt_seen = true;
        p->stmt = tok_id(t);
        p->skip = names_no_tables(p->stmt);
    }
    if (t->kind == FL_SQL_TOK_SEMI && (p->skip || p->depth == 0)) {
        tp_stmt_end(p);
        return;
    }
    if (p->skip)
        return;
    if (p->c.state == ST_TABLE)
        used = st_table(p, t);
    else if (p->c.state >= ST_CTE_NAME)
        used = st_cte(p, t);
    else if (p->c.state != ST_SCAN)
        used = st_after(p, t);
    if (used)
        return;
    if (t->kind == FL_SQL_TOK_LPAREN)
        tp_open(p);
    else if (t->kind == FL_SQL_TOK_RPAREN)
        tp_close(p);
    else if (t->kind == FL_SQL_TOK_WORD && t->kw >= 0)
        tp_keyword(p, keywords[t->kw].id);
}

static bool tp_is_cte_name(const struct tp *p, const char *name)
{
    if (strchr(name, '.'))
        return false;
    for (size_t i = 0; i < p->ncte; i++)
        if (strcmp(p->cte[i], name) == 0)
            return true;
    return false;
}

/* Drop CTE names from the list, keeping the order of the rest. */
static void tp_finish(struct tp *p)
{
    struct fl_sql_tables *o = p->out;
    size_t w = 0;
    for (size_t i = 0; i < o->count; i++) {
        if (tp_is_cte_name(p, o->names[i]))
            continue;
        if (w != i) {
            memcpy(o->names[w], o->names[i], FL_SQL_NAME_MAX);
            o->read[w] = o->read[i];
            o->write[w] = o->write[i];
        }
        w++;
    }
    for (size_t i = w; i < o->count; i++) {
        o->names[i][0] = '\0';
        o->read[i] = o->write[i] = 0;
    }
    o->count = w;
}

int fl_sql_tables(const char *sql, size_t n, struct fl_sql_tables *out)
{
    if (!out || (!sql && n))
        return FL_ERR_USAGE;
    out->count = 0;
    out->truncated = 0;
    memset(out->read, 0, sizeof out->read);
    memset(out->write, 0, sizeof out->write);
    struct tp p;
    fl_sql_lexer_init(&p.lx, sql, n);
    p.out = out;
    tp_stmt_end(&p);
    p.prev_kind = FL_SQL_TOK_EOF;
    p.prev_kw = KW_NONE;
    p.prev_flags = 0;
    p.ncte = 0;
    p.cte_cand[0] = '\0';
    struct fl_sql_tok t;
    while (fl_sql_lexer_next(&p.lx, &t)) {
        tp_token(&p, &t);
        p.prev_kind = t.kind;
        p.prev_kw = tok_id(&t);
        p.prev_flags = t.kw >= 0 ? (unsigned)keywords[t.kw].flags | KF_KW : 0;
    }
    tp_finish(&p);
    return FL_OK;
}
