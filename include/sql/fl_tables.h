/* fl_tables.h - the tables a SQL statement reads and writes, with
 * normalised names.  A pure function of the statement text. */
#ifndef FL_TABLES_H
#define FL_TABLES_H

#include <stddef.h>

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

#endif
