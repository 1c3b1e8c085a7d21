/* stmt.c - statement types (SELECT, INSERT, DDL, TCL...) for a
 * pgBadger-like "queries by type" table.
 *
 * Invariants: decided by the first keyword after comments, white space and
 * opening parentheses, plus at most a few tokens of look-ahead (COPY
 * direction, VACUUM FULL); a pure function of the text.
 */
#include <stdbool.h>
#include <stddef.h>

#include "sql/fl_keyword.h"
#include "sql/fl_lexer.h"
#include "sql/fl_stmt.h"

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
int fl_sql_copy_direction(struct fl_sql_lexer *lx)
{
    struct fl_sql_tok t;
    int depth = 0;
    while (fl_sql_lexer_next(lx, &t)) {
        if (t.kind == FL_SQL_TOK_LPAREN)
            depth++;
        else if (t.kind == FL_SQL_TOK_RPAREN)
            depth--;
        else if (depth == 0 && fl_sql_tok_id(&t) == KW_FROM)
            return FL_SQL_STMT_COPY_FROM;
        else if (depth == 0 && fl_sql_tok_id(&t) == KW_TO)
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
        return !(fl_sql_tok_id(&v) == KW_FALSE || fl_sql_tok_is(&peek, &v, "off") ||
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
    case KW_COPY: return fl_sql_copy_direction(lx);
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
            return type_of_keyword(fl_sql_tok_id(&t), &lx);
    return FL_SQL_STMT_OTHER;
}
