/* tables.c - the tables a SQL statement reads and writes.
 *
 * Invariants: one forward pass over the lexer's tokens; nesting state lives
 * in fixed arrays (TP_MAX_DEPTH, TP_MAX_CTE) and deeper nesting degrades
 * gracefully (tables there are still found); results are fixed-size and
 * flagged truncated when cut; a pure function of the text.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "base/fl_err.h"
#include "sql/fl_keyword.h"
#include "sql/fl_lexer.h"
#include "sql/fl_stmt.h"
#include "sql/fl_tables.h"

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
           (t->kind == FL_SQL_TOK_WORD && !(fl_sql_tok_flags(t) & KF_R));
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
    if (fl_sql_tok_flags(t) & KF_M)
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
        if (fl_sql_tok_id(t) == KW_AS) {
            p->c.state = ST_ALIAS;
            return true;
        }
        if (fl_sql_tok_id(t) == KW_WITH) { /* f(...) WITH ORDINALITY [AS] x */
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
    int id = fl_sql_tok_id(t);
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
    if (fl_sql_tok_id(&a) == KW_RECURSIVE)
        return true;
    if (!may_name(&a) || !fl_sql_lexer_next(&peek, &b))
        return false;
    return fl_sql_tok_id(&b) == KW_AS || b.kind == FL_SQL_TOK_LPAREN;
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
    int dir = fl_sql_copy_direction(&peek);
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
        p->stmt = fl_sql_tok_id(t);
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
        tp_keyword(p, fl_sql_keywords[t->kw].id);
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
        p.prev_kw = fl_sql_tok_id(&t);
        p.prev_flags = t.kw >= 0 ? (unsigned)fl_sql_keywords[t.kw].flags | KF_KW : 0;
    }
    tp_finish(&p);
    return FL_OK;
}
