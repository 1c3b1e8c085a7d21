/* fl_stmt.h - SQL statement types (SELECT, INSERT, DDL, TCL...)
 * decided by the first keyword.  A pure function of the statement text. */
#ifndef FL_STMT_H
#define FL_STMT_H

#include <stddef.h>

#include "sql/fl_lexer.h"

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

/* The direction of a COPY statement whose COPY keyword was just read from
 * lx: FL_SQL_STMT_COPY_FROM or FL_SQL_STMT_COPY_TO after the first FROM /
 * TO outside parentheses, FL_SQL_STMT_OTHER if there is none.  Consumes
 * tokens from lx (pass a copy to look ahead). */
int fl_sql_copy_direction(struct fl_sql_lexer *lx);

#endif
