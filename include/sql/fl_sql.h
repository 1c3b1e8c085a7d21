/* fl_sql.h - SQL statement analysis: fingerprints (query classes), stable
 * class ids, the tables a statement reads and writes, and statement types.
 *
 * Everything here is a pure function of the statement text: no log parsing,
 * no allocation except growing the caller's struct fl_buf, no global state.
 * All functions work on one hand-written single-pass lexer (fl_lexer.h),
 * the same for PostgreSQL, MySQL/MariaDB and generic SQL; nothing needs a
 * terminating NUL (lengths are explicit) and any byte sequence is accepted
 * (garbage in gives some output, never a crash or a read past `n`).
 *
 * This header gathers the modules of the sql stage's text analysis, each
 * with its own header: fl_fingerprint.h (fingerprints, class ids),
 * fl_tables.h (tables read and written), fl_stmt.h (statement types) and
 * fl_lexer.h (the lexer and keyword lookups).  Include it, or only the one
 * you need.
 */
#ifndef FL_SQL_H
#define FL_SQL_H

#include "sql/fl_fingerprint.h"
#include "sql/fl_lexer.h"
#include "sql/fl_stmt.h"
#include "sql/fl_tables.h"

#endif
