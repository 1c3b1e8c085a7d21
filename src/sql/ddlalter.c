/* ddlalter.c - ALTER TABLE classification: every sub-command (ADD/DROP
 * COLUMN, constraints, MySQL indexes, ALTER COLUMN, RENAME, SET ...), the
 * strongest lock among them and whether one rewrites the table.
 *
 * Invariants: the lock and rewrite rules of ALTER TABLE sub-commands
 * (documented at fl_ddl_classify in fl_ddl.h) are applied here and nowhere
 * else; sub-commands beyond FL_DDL_MAX_SUBS are still parsed for locks but
 * not kept (truncated is set).
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "sql/fl_ddlalter.h"
#include "sql/fl_ddlcur.h"

/* Lock levels, weakest first. */
enum { LK_NONE, LK_WRITES, LK_ALL };

/* One parsed ALTER TABLE sub-command. */
struct sub {
    int cmd;                        /* enum fl_ddl_alter_cmd, NONE = option */
    char name[FL_SQL_NAME_MAX];     /* column / constraint / index name */
    char cols[FL_DDL_COLS_MAX];     /* key list (ADD INDEX / CONSTRAINT) */
    char new_name[FL_SQL_NAME_MAX]; /* rename target */
    bool unique;
    int lock;                       /* LK_* */
    bool rewrite;
};

/* ------------------------------------------------------------------------
 * ALTER TABLE sub-commands
 * ---------------------------------------------------------------------- */

/* Hints gathered while skipping the rest of a sub-command. */
enum { H_VOLATILE = 1, H_SERIAL = 2, H_GENERATED = 4 };

/* Words that make an added column force a table rewrite. */
static unsigned rewrite_hint(const struct fl_ddlcur *c, bool after_default)
{
    static const char *const volatile_fns[] = {
        "random", "clock_timestamp", "timeofday", "gen_random_uuid",
        "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4",
        "nextval", "uuid", "rand", "uuid_short"
    };
    static const char *const serials[] = {
        "serial", "bigserial", "smallserial", "serial4", "serial8", "serial2"
    };
    if (after_default &&
        fl_ddlcur_is_any(c, volatile_fns,
                         sizeof volatile_fns / sizeof volatile_fns[0]))
        return H_VOLATILE;
    if (fl_ddlcur_is_any(c, serials, sizeof serials / sizeof serials[0]))
        return H_SERIAL;
    if (fl_ddlcur_is(c, "identity") || fl_ddlcur_is(c, "stored"))
        return H_GENERATED;
    return 0;
}

/* Skip to the ',' ending this sub-command (consumed) or to the end of the
 * statement, returning H_* hints.  Always consumes at least one token
 * unless at the end or at a ';'. */
static unsigned skip_sub(struct fl_ddlcur *c)
{
    int depth = 0;
    unsigned hints = 0;
    bool after_default = false;
    for (; c->ok; fl_ddlcur_adv(c)) {
        int k = c->t.kind;
        if (k == FL_SQL_TOK_LPAREN)
            depth++;
        else if (k == FL_SQL_TOK_RPAREN && depth > 0)
            depth--;
        else if (k == FL_SQL_TOK_SEMI && depth == 0)
            return hints;
        else if (k == FL_SQL_TOK_COMMA && depth == 0) {
            fl_ddlcur_adv(c);
            return hints;
        } else if (k == FL_SQL_TOK_WORD) {
            if (fl_ddlcur_is(c, "default"))
                after_default = true;
            hints |= rewrite_hint(c, after_default);
        }
    }
    return hints;
}

/* PRIMARY KEY (..) | UNIQUE (..) | FOREIGN KEY (..) ... | CHECK | EXCLUDE */
static void constraint_body(struct fl_ddlcur *c, struct sub *r)
{
    r->cmd = FL_DDL_AT_ADD_CONSTRAINT;
    if (fl_ddlcur_take(c, "primary")) {
        fl_ddlcur_take(c, "key");
        r->unique = true;
    } else if (fl_ddlcur_take(c, "unique")) {
        if (fl_ddlcur_take(c, "key") || fl_ddlcur_take(c, "index"))
            c->d->mysql = true;
        r->unique = true;
    } else if (fl_ddlcur_take(c, "foreign")) {
        fl_ddlcur_take(c, "key");
        r->lock = LK_WRITES; /* SHARE ROW EXCLUSIVE */
    } else {
        return; /* CHECK, EXCLUDE: ACCESS EXCLUSIVE */
    }
    if (!r->name[0] && fl_ddlcur_is_kind(c, FL_SQL_TOK_WORD) &&
        !fl_ddlcur_is(c, "using"))
        fl_ddlcur_take_name(c, r->name, sizeof r->name); /* MySQL index name */
    fl_ddlcur_take_columns(c, r->cols, sizeof r->cols);
}

/* MySQL ADD {INDEX|KEY|FULLTEXT|SPATIAL|UNIQUE INDEX} [name] (cols) */
static void add_index(struct fl_ddlcur *c, struct sub *r)
{
    c->d->mysql = true;
    r->cmd = FL_DDL_AT_ADD_INDEX;
    r->lock = LK_NONE;
    if (fl_ddlcur_take(c, "unique"))
        r->unique = true;
    if (fl_ddlcur_take(c, "fulltext") || fl_ddlcur_take(c, "spatial"))
        r->lock = LK_WRITES; /* LOCK=SHARED */
    if (!fl_ddlcur_take(c, "index"))
        fl_ddlcur_take(c, "key");
    if (fl_ddlcur_is_kind(c, FL_SQL_TOK_WORD) && !fl_ddlcur_is(c, "using"))
        fl_ddlcur_take_name(c, r->name, sizeof r->name);
    if (fl_ddlcur_take(c, "using"))
        fl_ddlcur_adv(c);
    fl_ddlcur_take_columns(c, r->cols, sizeof r->cols);
}

/* Is UNIQUE at the cursor a MySQL unique index (UNIQUE INDEX|KEY|name)? */
static bool unique_is_index(const struct fl_ddlcur *c)
{
    struct fl_ddlcur s = *c;
    fl_ddlcur_adv(&s);
    if (fl_ddlcur_is(&s, "nulls") || fl_ddlcur_is(&s, "using"))
        return false; /* PostgreSQL UNIQUE NULLS NOT DISTINCT / USING INDEX */
    return fl_ddlcur_is(&s, "index") || fl_ddlcur_is(&s, "key") ||
           (s.ok && (s.t.kind == FL_SQL_TOK_WORD ||
                     s.t.kind == FL_SQL_TOK_QIDENT));
}

static void sub_add(struct fl_ddlcur *c, struct sub *r)
{
    if (fl_ddlcur_take(c, "constraint")) {
        fl_ddlcur_take_name(c, r->name, sizeof r->name);
        constraint_body(c, r);
        return;
    }
    if (fl_ddlcur_is(c, "unique") && unique_is_index(c)) {
        add_index(c, r);
        return;
    }
    if (fl_ddlcur_is(c, "primary") || fl_ddlcur_is(c, "unique") ||
        fl_ddlcur_is(c, "foreign") || fl_ddlcur_is(c, "check") ||
        fl_ddlcur_is(c, "exclude")) {
        constraint_body(c, r);
        return;
    }
    if (fl_ddlcur_is(c, "index") || fl_ddlcur_is(c, "key") ||
        fl_ddlcur_is(c, "fulltext") || fl_ddlcur_is(c, "spatial")) {
        add_index(c, r);
        return;
    }
    fl_ddlcur_take(c, "column");
    fl_ddlcur_take_if(c);
    fl_ddlcur_take_name(c, r->name, sizeof r->name);
    memcpy(r->cols, r->name, sizeof r->name);
    r->cmd = FL_DDL_AT_ADD_COLUMN;
}

static void sub_drop(struct fl_ddlcur *c, struct sub *r)
{
    r->cmd = FL_DDL_AT_DROP_CONSTRAINT;
    if (fl_ddlcur_take(c, "constraint") || fl_ddlcur_take(c, "check")) {
        fl_ddlcur_take_if(c);
        fl_ddlcur_take_name(c, r->name, sizeof r->name);
    } else if (fl_ddlcur_take(c, "primary")) {
        fl_ddlcur_take(c, "key");
        memcpy(r->name, "primary", sizeof "primary");
        c->d->mysql = true;
    } else if (fl_ddlcur_take(c, "foreign")) {
        fl_ddlcur_take(c, "key");
        fl_ddlcur_take_name(c, r->name, sizeof r->name);
        c->d->mysql = true;
    } else if (fl_ddlcur_take(c, "index") || fl_ddlcur_take(c, "key")) {
        r->cmd = FL_DDL_AT_DROP_INDEX;
        r->lock = LK_NONE;
        fl_ddlcur_take_name(c, r->name, sizeof r->name);
        c->d->mysql = true;
    } else {
        r->cmd = FL_DDL_AT_DROP_COLUMN;
        fl_ddlcur_take(c, "column");
        fl_ddlcur_take_if(c);
        fl_ddlcur_take_name(c, r->name, sizeof r->name);
        memcpy(r->cols, r->name, sizeof r->name);
    }
}

static void sub_alter_set(struct fl_ddlcur *c, struct sub *r)
{
    if (fl_ddlcur_take(c, "data")) {
        fl_ddlcur_take(c, "type");
        r->cmd = FL_DDL_AT_ALTER_COLUMN_TYPE;
        r->rewrite = true;
    } else if (fl_ddlcur_take(c, "default")) {
        r->cmd = FL_DDL_AT_SET_DEFAULT;
    } else if (fl_ddlcur_take(c, "not")) {
        fl_ddlcur_take(c, "null");
        r->cmd = FL_DDL_AT_SET_NOT_NULL;
    } else if (fl_ddlcur_is(c, "statistics") ||
               fl_ddlcur_is_kind(c, FL_SQL_TOK_LPAREN)) {
        r->lock = LK_NONE; /* SHARE UPDATE EXCLUSIVE */
    }
}

/* ALTER [COLUMN] c {TYPE|SET ...|DROP ...} */
static void sub_alter(struct fl_ddlcur *c, struct sub *r)
{
    fl_ddlcur_take(c, "column");
    fl_ddlcur_take_name(c, r->name, sizeof r->name);
    memcpy(r->cols, r->name, sizeof r->name);
    r->cmd = FL_DDL_AT_OTHER;
    if (fl_ddlcur_take(c, "type")) {
        r->cmd = FL_DDL_AT_ALTER_COLUMN_TYPE;
        r->rewrite = true;
    } else if (fl_ddlcur_take(c, "set")) {
        sub_alter_set(c, r);
    } else if (fl_ddlcur_take(c, "drop")) {
        if (fl_ddlcur_take(c, "default"))
            r->cmd = FL_DDL_AT_DROP_DEFAULT;
        else if (fl_ddlcur_take(c, "not") && fl_ddlcur_take(c, "null"))
            r->cmd = FL_DDL_AT_DROP_NOT_NULL;
    }
}

static void sub_rename(struct fl_ddlcur *c, struct sub *r)
{
    if (fl_ddlcur_take(c, "to") || fl_ddlcur_take(c, "as")) {
        r->cmd = FL_DDL_AT_RENAME_TABLE;
        fl_ddlcur_take_name(c, r->new_name, sizeof r->new_name);
        return;
    }
    r->cmd = FL_DDL_AT_RENAME_COLUMN;
    if (fl_ddlcur_take(c, "constraint")) {
        r->cmd = FL_DDL_AT_OTHER;
    } else if (fl_ddlcur_take(c, "index") || fl_ddlcur_take(c, "key")) {
        r->cmd = FL_DDL_AT_OTHER;
        c->d->mysql = true;
    } else {
        fl_ddlcur_take(c, "column");
    }
    fl_ddlcur_take_name(c, r->name, sizeof r->name);
    fl_ddlcur_take(c, "to");
    fl_ddlcur_take_name(c, r->new_name, sizeof r->new_name);
    if (r->cmd == FL_DDL_AT_RENAME_COLUMN)
        memcpy(r->cols, r->name, sizeof r->name);
}

static void sub_set(struct fl_ddlcur *c, struct sub *r)
{
    if (fl_ddlcur_take(c, "tablespace") || fl_ddlcur_take(c, "logged") ||
        fl_ddlcur_take(c, "unlogged"))
        r->rewrite = true;
    else if (fl_ddlcur_is_kind(c, FL_SQL_TOK_LPAREN) ||
             fl_ddlcur_take(c, "without") || fl_ddlcur_take(c, "statistics"))
        r->lock = LK_NONE; /* storage parameters, WITHOUT CLUSTER */
}

/* MySQL table options and rebuild forms. */
static bool sub_mysql(struct fl_ddlcur *c, struct sub *r)
{
    if (fl_ddlcur_take(c, "modify")) {
        fl_ddlcur_take(c, "column");
        fl_ddlcur_take_name(c, r->name, sizeof r->name);
        memcpy(r->cols, r->name, sizeof r->name);
    } else if (fl_ddlcur_take(c, "change")) {
        fl_ddlcur_take(c, "column");
        fl_ddlcur_take_name(c, r->name, sizeof r->name);
        memcpy(r->cols, r->name, sizeof r->name);
        fl_ddlcur_take_name(c, r->new_name, sizeof r->new_name);
    } else if (fl_ddlcur_take(c, "engine") || fl_ddlcur_take(c, "convert") ||
               fl_ddlcur_take(c, "force")) {
        r->cmd = FL_DDL_AT_OTHER;
        r->rewrite = true;
        c->d->mysql = true;
        return true;
    } else if (fl_ddlcur_take(c, "algorithm") || fl_ddlcur_take(c, "lock")) {
        r->cmd = FL_DDL_AT_NONE; /* ALGORITHM=, LOCK=: options, not changes */
        r->lock = LK_NONE;
        c->d->mysql = true;
        return true;
    } else {
        return false;
    }
    r->cmd = FL_DDL_AT_ALTER_COLUMN_TYPE;
    r->rewrite = true;
    c->d->mysql = true;
    return true;
}

static void parse_sub(struct fl_ddlcur *c, struct sub *r)
{
    memset(r, 0, sizeof *r);
    r->cmd = FL_DDL_AT_OTHER;
    r->lock = LK_ALL;
    if (fl_ddlcur_take(c, "add"))
        sub_add(c, r);
    else if (fl_ddlcur_take(c, "drop"))
        sub_drop(c, r);
    else if (fl_ddlcur_take(c, "alter"))
        sub_alter(c, r);
    else if (fl_ddlcur_take(c, "rename"))
        sub_rename(c, r);
    else if (fl_ddlcur_take(c, "set"))
        sub_set(c, r);
    else if (fl_ddlcur_take(c, "validate") || fl_ddlcur_take(c, "cluster") ||
             fl_ddlcur_take(c, "attach"))
        r->lock = LK_NONE; /* SHARE UPDATE EXCLUSIVE */
    else
        sub_mysql(c, r);
    unsigned hints = skip_sub(c);
    if (r->cmd == FL_DDL_AT_ADD_COLUMN && hints)
        r->rewrite = true;
}

/* Record sub-command number i of an ALTER TABLE. */
static void note_sub(struct fl_ddl *d, size_t i, const struct sub *r)
{
    if (i == 0) {
        d->alter = r->cmd;
        fl_ddlcur_set_str(d, d->object, sizeof d->object, r->name);
        fl_ddlcur_set_str(d, d->columns, sizeof d->columns, r->cols);
        fl_ddlcur_set_str(d, d->new_name, sizeof d->new_name, r->new_name);
        d->unique = r->unique;
    }
    if (i < FL_DDL_MAX_SUBS) {
        d->subs[i].cmd = r->cmd;
        memcpy(d->subs[i].name, r->name, sizeof r->name);
        d->nsubs = i + 1;
    } else {
        d->truncated = true;
    }
    d->alter_mask |= 1u << r->cmd;
    if (r->cmd == FL_DDL_AT_RENAME_TABLE) {
        d->action = FL_DDL_RENAME_TABLE;
        fl_ddlcur_set_str(d, d->new_name, sizeof d->new_name, r->new_name);
    }
}

void fl_ddlalter_table(struct fl_ddlcur *c)
{
    struct fl_ddl *d = c->d;
    struct sub r;
    int lock = LK_NONE;
    size_t i = 0;
    d->action = FL_DDL_ALTER_TABLE;
    fl_ddlcur_take_if(c);
    fl_ddlcur_take(c, "only");
    fl_ddlcur_take_name(c, d->table, sizeof d->table);
    if (fl_ddlcur_is_kind(c, FL_SQL_TOK_OP) && c->lx.s[c->t.off] == '*')
        fl_ddlcur_adv(c);
    while (c->ok && c->t.kind != FL_SQL_TOK_SEMI) {
        parse_sub(c, &r);
        if (r.cmd == FL_DDL_AT_NONE)
            continue;
        note_sub(d, i++, &r);
        if (r.lock > lock)
            lock = r.lock;
        d->rewrites_table = d->rewrites_table || r.rewrite;
    }
    if (i == 0)
        lock = LK_ALL;
    d->blocks_writes = lock >= LK_WRITES;
    d->blocks_reads = lock >= LK_ALL;
}
