/* ddl.c - DDL detection and classification (action, target, lock and
 * rewrite flags), undo pairs, and the bounded index registry.
 *
 * Invariants: classification is one forward walk over fl_sql lexer tokens
 * (a cursor with one current token, copied to look ahead); every result is
 * fixed-size, names and lists that do not fit are cut and flagged
 * `truncated`; the registry is the module's only allocation and never holds
 * more than its capacity.  Lock and rewrite rules are documented in
 * fl_ddl.h and applied in set_effects() and the ALTER TABLE sub-command
 * parsers, nowhere else.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sql/fl_ddl.h"
#include "base/fl_err.h"
#include "base/fl_xalloc.h"

/* Lock levels, weakest first. */
enum { LK_NONE, LK_WRITES, LK_ALL };

/* A cursor over the statement's tokens. */
struct cur {
    struct fl_sql_lexer lx;
    struct fl_sql_tok t;   /* current token */
    bool ok;               /* t is a token (false at the end) */
    struct fl_ddl *d;      /* result being filled */
};

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

static void adv(struct cur *c)
{
    c->ok = fl_sql_lexer_next(&c->lx, &c->t);
}

static bool is(const struct cur *c, const char *w)
{
    return c->ok && fl_sql_tok_is(&c->lx, &c->t, w);
}

static bool is_kind(const struct cur *c, int kind)
{
    return c->ok && c->t.kind == kind;
}

static bool take(struct cur *c, const char *w)
{
    if (!is(c, w))
        return false;
    adv(c);
    return true;
}

/* Copy a NUL-terminated string into a fixed field, flagging a cut. */
static void set_str(struct fl_ddl *d, char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) {
        n = cap - 1;
        d->truncated = true;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* IF EXISTS / IF NOT EXISTS */
static void take_if(struct cur *c)
{
    if (!is(c, "if"))
        return;
    struct cur s = *c;
    adv(&s);
    if (take(&s, "exists")) {
        c->d->if_exists = true;
        *c = s;
    } else if (take(&s, "not") && take(&s, "exists")) {
        c->d->if_not_exists = true;
        *c = s;
    }
}

/* A (qualified) name at the current token into buf; false if none. */
static bool take_name(struct cur *c, char *buf, size_t cap)
{
    bool cut = false;
    buf[0] = '\0';
    if (!c->ok || (c->t.kind != FL_SQL_TOK_WORD &&
                   c->t.kind != FL_SQL_TOK_QIDENT))
        return false;
    fl_sql_lexer_name(&c->lx, &c->t, buf, cap, &cut);
    if (cut)
        c->d->truncated = true;
    adv(c);
    return true;
}

/* Append p[0..n) to dst (size cap) at *len, flagging a cut. */
static void app(struct cur *c, char *dst, size_t cap, size_t *len,
                const char *p, size_t n)
{
    if (*len + n >= cap) {
        n = *len + 1 < cap ? cap - 1 - *len : 0;
        c->d->truncated = true;
    }
    memcpy(dst + *len, p, n);
    *len += n;
    dst[*len] = '\0';
}

static bool wordish(int kind)
{
    return kind == FL_SQL_TOK_WORD || kind == FL_SQL_TOK_QIDENT ||
           kind == FL_SQL_TOK_NUMBER || kind == FL_SQL_TOK_STRING ||
           kind == FL_SQL_TOK_PARAM;
}

/* Cut a trailing " asc" (the default order) off the element that starts
 * at dst[start]. */
static void drop_asc(char *dst, size_t *len, size_t start)
{
    if (*len >= start + 4 && memcmp(dst + *len - 4, " asc", 4) == 0) {
        *len -= 4;
        dst[*len] = '\0';
    }
}

/* Append the current token, normalised, to a column list. */
static void app_token(struct cur *c, char *dst, size_t cap, size_t *len)
{
    if (c->t.kind == FL_SQL_TOK_WORD || c->t.kind == FL_SQL_TOK_QIDENT) {
        char name[FL_SQL_NAME_MAX];
        size_t n = 0;
        name[0] = '\0';
        if (!fl_sql_tok_name(&c->lx, &c->t, name, sizeof name, &n))
            c->d->truncated = true;
        app(c, dst, cap, len, name, n);
    } else {
        app(c, dst, cap, len, c->lx.s + c->t.off, c->t.len);
    }
}

/* "(elem, elem, ...)" at the current '(' into dst as "elem,elem": names
 * normalised, a space only between two word-like tokens, ASC dropped. */
static void take_columns(struct cur *c, char *dst, size_t cap)
{
    size_t len = 0, start = 0;
    int depth = 1, prev = FL_SQL_TOK_COMMA;
    dst[0] = '\0';
    if (!is_kind(c, FL_SQL_TOK_LPAREN))
        return;
    for (adv(c); c->ok; adv(c)) {
        int k = c->t.kind;
        if (k == FL_SQL_TOK_RPAREN && --depth == 0) {
            drop_asc(dst, &len, start);
            adv(c);
            return;
        }
        if (k == FL_SQL_TOK_COMMA && depth == 1) {
            drop_asc(dst, &len, start);
            app(c, dst, cap, &len, ",", 1);
            start = len;
            prev = k;
            continue;
        }
        if (k == FL_SQL_TOK_LPAREN)
            depth++;
        if (wordish(prev) && wordish(k))
            app(c, dst, cap, &len, " ", 1);
        app_token(c, dst, cap, &len);
        prev = k;
    }
}

/* Object kinds of CREATE/DROP/ALTER/COMMENT ON/GRANT ON <kind>: one word,
 * or one of the two-word kinds below. */
static void take_kind(struct cur *c, char *dst, size_t cap)
{
    static const char *const pairs[][2] = {
        {"materialized", "view"}, {"foreign", "table"}, {"event", "trigger"},
        {"constraint", "trigger"}, {"access", "method"}, {"user", "mapping"},
        {"text", "search"}, {"large", "object"}, {"foreign", "data"},
        {"all", "tables"}, {"all", "sequences"}, {"all", "functions"},
        {"all", "procedures"}, {"all", "routines"}
    };
    size_t len = 0;
    dst[0] = '\0';
    if (!is_kind(c, FL_SQL_TOK_WORD))
        return;
    app_token(c, dst, cap, &len);
    adv(c);
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        if (strcmp(dst, pairs[i][0]) == 0 && is(c, pairs[i][1])) {
            app(c, dst, cap, &len, " ", 1);
            app_token(c, dst, cap, &len);
            adv(c);
            return;
        }
    }
}

/* Skip a parenthesised group at the current '(' (if any). */
static void skip_group(struct cur *c)
{
    int depth = 0;
    if (!is_kind(c, FL_SQL_TOK_LPAREN))
        return;
    for (; c->ok; adv(c)) {
        if (c->t.kind == FL_SQL_TOK_LPAREN)
            depth++;
        else if (c->t.kind == FL_SQL_TOK_RPAREN && --depth == 0) {
            adv(c);
            return;
        }
    }
}

/* ------------------------------------------------------------------------
 * ALTER TABLE sub-commands
 * ---------------------------------------------------------------------- */

/* Hints gathered while skipping the rest of a sub-command. */
enum { H_VOLATILE = 1, H_SERIAL = 2, H_GENERATED = 4 };

static bool is_any(const struct cur *c, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is(c, words[i]))
            return true;
    return false;
}

/* Words that make an added column force a table rewrite. */
static unsigned rewrite_hint(const struct cur *c, bool after_default)
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
        is_any(c, volatile_fns, sizeof volatile_fns / sizeof volatile_fns[0]))
        return H_VOLATILE;
    if (is_any(c, serials, sizeof serials / sizeof serials[0]))
        return H_SERIAL;
    if (is(c, "identity") || is(c, "stored"))
        return H_GENERATED;
    return 0;
}

/* Skip to the ',' ending this sub-command (consumed) or to the end of the
 * statement, returning H_* hints.  Always consumes at least one token
 * unless at the end or at a ';'. */
static unsigned skip_sub(struct cur *c)
{
    int depth = 0;
    unsigned hints = 0;
    bool after_default = false;
    for (; c->ok; adv(c)) {
        int k = c->t.kind;
        if (k == FL_SQL_TOK_LPAREN)
            depth++;
        else if (k == FL_SQL_TOK_RPAREN && depth > 0)
            depth--;
        else if (k == FL_SQL_TOK_SEMI && depth == 0)
            return hints;
        else if (k == FL_SQL_TOK_COMMA && depth == 0) {
            adv(c);
            return hints;
        } else if (k == FL_SQL_TOK_WORD) {
            if (is(c, "default"))
                after_default = true;
            hints |= rewrite_hint(c, after_default);
        }
    }
    return hints;
}

/* PRIMARY KEY (..) | UNIQUE (..) | FOREIGN KEY (..) ... | CHECK | EXCLUDE */
static void constraint_body(struct cur *c, struct sub *r)
{
    r->cmd = FL_DDL_AT_ADD_CONSTRAINT;
    if (take(c, "primary")) {
        take(c, "key");
        r->unique = true;
    } else if (take(c, "unique")) {
        if (take(c, "key") || take(c, "index"))
            c->d->mysql = true;
        r->unique = true;
    } else if (take(c, "foreign")) {
        take(c, "key");
        r->lock = LK_WRITES; /* SHARE ROW EXCLUSIVE */
    } else {
        return; /* CHECK, EXCLUDE: ACCESS EXCLUSIVE */
    }
    if (!r->name[0] && is_kind(c, FL_SQL_TOK_WORD) && !is(c, "using"))
        take_name(c, r->name, sizeof r->name); /* MySQL index name */
    take_columns(c, r->cols, sizeof r->cols);
}

/* MySQL ADD {INDEX|KEY|FULLTEXT|SPATIAL|UNIQUE INDEX} [name] (cols) */
static void add_index(struct cur *c, struct sub *r)
{
    c->d->mysql = true;
    r->cmd = FL_DDL_AT_ADD_INDEX;
    r->lock = LK_NONE;
    if (take(c, "unique"))
        r->unique = true;
    if (take(c, "fulltext") || take(c, "spatial"))
        r->lock = LK_WRITES; /* LOCK=SHARED */
    if (!take(c, "index"))
        take(c, "key");
    if (is_kind(c, FL_SQL_TOK_WORD) && !is(c, "using"))
        take_name(c, r->name, sizeof r->name);
    if (take(c, "using"))
        adv(c);
    take_columns(c, r->cols, sizeof r->cols);
}

/* Is UNIQUE at the cursor a MySQL unique index (UNIQUE INDEX|KEY|name)? */
static bool unique_is_index(const struct cur *c)
{
    struct cur s = *c;
    adv(&s);
    if (is(&s, "nulls") || is(&s, "using"))
        return false; /* PostgreSQL UNIQUE NULLS NOT DISTINCT / USING INDEX */
    return is(&s, "index") || is(&s, "key") ||
           (s.ok && (s.t.kind == FL_SQL_TOK_WORD ||
                     s.t.kind == FL_SQL_TOK_QIDENT));
}

static void sub_add(struct cur *c, struct sub *r)
{
    if (take(c, "constraint")) {
        take_name(c, r->name, sizeof r->name);
        constraint_body(c, r);
        return;
    }
    if (is(c, "unique") && unique_is_index(c)) {
        add_index(c, r);
        return;
    }
    if (is(c, "primary") || is(c, "unique") || is(c, "foreign") ||
        is(c, "check") || is(c, "exclude")) {
        constraint_body(c, r);
        return;
    }
    if (is(c, "index") || is(c, "key") || is(c, "fulltext") ||
        is(c, "spatial")) {
        add_index(c, r);
        return;
    }
    take(c, "column");
    take_if(c);
    take_name(c, r->name, sizeof r->name);
    memcpy(r->cols, r->name, sizeof r->name);
    r->cmd = FL_DDL_AT_ADD_COLUMN;
}

static void sub_drop(struct cur *c, struct sub *r)
{
    r->cmd = FL_DDL_AT_DROP_CONSTRAINT;
    if (take(c, "constraint") || take(c, "check")) {
        take_if(c);
        take_name(c, r->name, sizeof r->name);
    } else if (take(c, "primary")) {
        take(c, "key");
        memcpy(r->name, "primary", sizeof "primary");
        c->d->mysql = true;
    } else if (take(c, "foreign")) {
        take(c, "key");
        take_name(c, r->name, sizeof r->name);
        c->d->mysql = true;
    } else if (take(c, "index") || take(c, "key")) {
        r->cmd = FL_DDL_AT_DROP_INDEX;
        r->lock = LK_NONE;
        take_name(c, r->name, sizeof r->name);
        c->d->mysql = true;
    } else {
        r->cmd = FL_DDL_AT_DROP_COLUMN;
        take(c, "column");
        take_if(c);
        take_name(c, r->name, sizeof r->name);
        memcpy(r->cols, r->name, sizeof r->name);
    }
}

static void sub_alter_set(struct cur *c, struct sub *r)
{
    if (take(c, "data")) {
        take(c, "type");
        r->cmd = FL_DDL_AT_ALTER_COLUMN_TYPE;
        r->rewrite = true;
    } else if (take(c, "default")) {
        r->cmd = FL_DDL_AT_SET_DEFAULT;
    } else if (take(c, "not")) {
        take(c, "null");
        r->cmd = FL_DDL_AT_SET_NOT_NULL;
    } else if (is(c, "statistics") || is_kind(c, FL_SQL_TOK_LPAREN)) {
        r->lock = LK_NONE; /* SHARE UPDATE EXCLUSIVE */
    }
}

/* ALTER [COLUMN] c {TYPE|SET ...|DROP ...} */
static void sub_alter(struct cur *c, struct sub *r)
{
    take(c, "column");
    take_name(c, r->name, sizeof r->name);
    memcpy(r->cols, r->name, sizeof r->name);
    r->cmd = FL_DDL_AT_OTHER;
    if (take(c, "type")) {
        r->cmd = FL_DDL_AT_ALTER_COLUMN_TYPE;
        r->rewrite = true;
    } else if (take(c, "set")) {
        sub_alter_set(c, r);
    } else if (take(c, "drop")) {
        if (take(c, "default"))
            r->cmd = FL_DDL_AT_DROP_DEFAULT;
        else if (take(c, "not") && take(c, "null"))
            r->cmd = FL_DDL_AT_DROP_NOT_NULL;
    }
}

static void sub_rename(struct cur *c, struct sub *r)
{
    if (take(c, "to") || take(c, "as")) {
        r->cmd = FL_DDL_AT_RENAME_TABLE;
        take_name(c, r->new_name, sizeof r->new_name);
        return;
    }
    r->cmd = FL_DDL_AT_RENAME_COLUMN;
    if (take(c, "constraint")) {
        r->cmd = FL_DDL_AT_OTHER;
    } else if (take(c, "index") || take(c, "key")) {
        r->cmd = FL_DDL_AT_OTHER;
        c->d->mysql = true;
    } else {
        take(c, "column");
    }
    take_name(c, r->name, sizeof r->name);
    take(c, "to");
    take_name(c, r->new_name, sizeof r->new_name);
    if (r->cmd == FL_DDL_AT_RENAME_COLUMN)
        memcpy(r->cols, r->name, sizeof r->name);
}

static void sub_set(struct cur *c, struct sub *r)
{
    if (take(c, "tablespace") || take(c, "logged") || take(c, "unlogged"))
        r->rewrite = true;
    else if (is_kind(c, FL_SQL_TOK_LPAREN) || take(c, "without") ||
             take(c, "statistics"))
        r->lock = LK_NONE; /* storage parameters, WITHOUT CLUSTER */
}

/* MySQL table options and rebuild forms. */
static bool sub_mysql(struct cur *c, struct sub *r)
{
    if (take(c, "modify")) {
        take(c, "column");
        take_name(c, r->name, sizeof r->name);
        memcpy(r->cols, r->name, sizeof r->name);
    } else if (take(c, "change")) {
        take(c, "column");
        take_name(c, r->name, sizeof r->name);
        memcpy(r->cols, r->name, sizeof r->name);
        take_name(c, r->new_name, sizeof r->new_name);
    } else if (take(c, "engine") || take(c, "convert") || take(c, "force")) {
        r->cmd = FL_DDL_AT_OTHER;
        r->rewrite = true;
        c->d->mysql = true;
        return true;
    } else if (take(c, "algorithm") || take(c, "lock")) {
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

static void parse_sub(struct cur *c, struct sub *r)
{
    memset(r, 0, sizeof *r);
    r->cmd = FL_DDL_AT_OTHER;
    r->lock = LK_ALL;
    if (take(c, "add"))
        sub_add(c, r);
    else if (take(c, "drop"))
        sub_drop(c, r);
    else if (take(c, "alter"))
        sub_alter(c, r);
    else if (take(c, "rename"))
        sub_rename(c, r);
    else if (take(c, "set"))
        sub_set(c, r);
    else if (take(c, "validate") || take(c, "cluster") || take(c, "attach"))
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
        set_str(d, d->object, sizeof d->object, r->name);
        set_str(d, d->columns, sizeof d->columns, r->cols);
        set_str(d, d->new_name, sizeof d->new_name, r->new_name);
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
        set_str(d, d->new_name, sizeof d->new_name, r->new_name);
    }
}

static void ddl_alter_table(struct cur *c)
{
    struct fl_ddl *d = c->d;
    struct sub r;
    int lock = LK_NONE;
    size_t i = 0;
    d->action = FL_DDL_ALTER_TABLE;
    take_if(c);
    take(c, "only");
    take_name(c, d->table, sizeof d->table);
    if (is_kind(c, FL_SQL_TOK_OP) && c->lx.s[c->t.off] == '*')
        adv(c);
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

/* ------------------------------------------------------------------------
 * Other statements
 * ---------------------------------------------------------------------- */

static void ddl_create_index(struct cur *c)
{
    struct fl_ddl *d = c->d;
    d->action = FL_DDL_CREATE_INDEX;
    if (take(c, "concurrently"))
        d->concurrently = true;
    take_if(c);
    if (!is(c, "on") && !is(c, "using"))
        take_name(c, d->object, sizeof d->object);
    if (take(c, "using")) { /* MySQL: CREATE INDEX i USING BTREE ON t */
        d->mysql = true;
        adv(c);
    }
    if (take(c, "on")) {
        take(c, "only");
        take_name(c, d->table, sizeof d->table);
    }
    if (take(c, "using"))
        adv(c);
    take_columns(c, d->columns, sizeof d->columns);
}

static void ddl_create(struct cur *c)
{
    struct fl_ddl *d = c->d;
    if (take(c, "or"))
        take(c, "replace");
    while (take(c, "temp") || take(c, "temporary") || take(c, "unlogged") ||
           take(c, "global") || take(c, "local")) {}
    if (take(c, "unique"))
        d->unique = true;
    if (is(c, "fulltext") || is(c, "spatial")) {
        app_token(c, d->object_kind, sizeof d->object_kind, &(size_t){0});
        adv(c);
        d->mysql = true;
    }
    if (take(c, "index")) {
        ddl_create_index(c);
        return;
    }
    if (take(c, "table")) {
        d->action = FL_DDL_CREATE_TABLE;
        take_if(c);
        take_name(c, d->table, sizeof d->table);
        return;
    }
    d->action = FL_DDL_CREATE_OTHER;
    take_kind(c, d->object_kind, sizeof d->object_kind);
    take_if(c);
    take_name(c, d->object, sizeof d->object);
    if (strcmp(d->object_kind, "trigger") == 0) { /* ... ON t */
        while (c->ok && !take(c, "on"))
            adv(c);
        take_name(c, d->table, sizeof d->table);
    }
}

static void ddl_drop(struct cur *c)
{
    struct fl_ddl *d = c->d;
    take(c, "temporary");
    if (take(c, "index")) {
        d->action = FL_DDL_DROP_INDEX;
        if (take(c, "concurrently"))
            d->concurrently = true;
        take_if(c);
        take_name(c, d->object, sizeof d->object);
        if (take(c, "on")) { /* MySQL DROP INDEX i ON t */
            d->mysql = true;
            take_name(c, d->table, sizeof d->table);
        }
    } else if (take(c, "table")) {
        d->action = FL_DDL_DROP_TABLE;
        take_if(c);
        take_name(c, d->table, sizeof d->table);
    } else {
        d->action = FL_DDL_DROP_OTHER;
        take_kind(c, d->object_kind, sizeof d->object_kind);
        take_if(c);
        take_name(c, d->object, sizeof d->object);
        if (take(c, "on")) /* DROP TRIGGER x ON t */
            take_name(c, d->table, sizeof d->table);
    }
}

static void ddl_alter(struct cur *c)
{
    struct fl_ddl *d = c->d;
    if (take(c, "table")) {
        ddl_alter_table(c);
        return;
    }
    d->action = FL_DDL_ALTER_OTHER;
    take_kind(c, d->object_kind, sizeof d->object_kind);
    take_if(c);
    take_name(c, d->object, sizeof d->object);
    if (take(c, "rename") && take(c, "to"))
        take_name(c, d->new_name, sizeof d->new_name);
}

/* REINDEX [(opts)] {INDEX|TABLE|SCHEMA|DATABASE|SYSTEM} [CONCURRENTLY] x */
static void ddl_reindex(struct cur *c)
{
    struct fl_ddl *d = c->d;
    d->action = FL_DDL_REINDEX;
    skip_group(c);
    take_kind(c, d->object_kind, sizeof d->object_kind);
    if (take(c, "concurrently"))
        d->concurrently = true;
    if (strcmp(d->object_kind, "table") == 0)
        take_name(c, d->table, sizeof d->table);
    else
        take_name(c, d->object, sizeof d->object);
}

/* CLUSTER [VERBOSE] [t [USING idx]]; old form CLUSTER idx ON t */
static void ddl_cluster(struct cur *c)
{
    struct fl_ddl *d = c->d;
    d->action = FL_DDL_CLUSTER;
    skip_group(c);
    take(c, "verbose");
    take_name(c, d->table, sizeof d->table);
    if (take(c, "using")) {
        take_name(c, d->object, sizeof d->object);
    } else if (take(c, "on")) {
        memcpy(d->object, d->table, sizeof d->table);
        take_name(c, d->table, sizeof d->table);
    }
}

static void ddl_vacuum(struct cur *c)
{
    struct fl_ddl *d = c->d;
    d->action = FL_DDL_VACUUM_FULL;
    skip_group(c);
    while (take(c, "full") || take(c, "freeze") || take(c, "verbose") ||
           take(c, "analyze") || take(c, "analyse")) {}
    take_name(c, d->table, sizeof d->table);
}

/* COMMENT ON <kind> name IS '...' */
static void ddl_comment(struct cur *c)
{
    struct fl_ddl *d = c->d;
    char name[FL_SQL_NAME_MAX];
    d->action = FL_DDL_COMMENT;
    take(c, "on");
    take_kind(c, d->object_kind, sizeof d->object_kind);
    take_name(c, name, sizeof name);
    if (strcmp(d->object_kind, "table") == 0) {
        memcpy(d->table, name, sizeof name);
    } else if (strcmp(d->object_kind, "column") == 0 && strrchr(name, '.')) {
        char *dot = strrchr(name, '.');
        *dot = '\0';
        memcpy(d->table, name, sizeof name);
        set_str(d, d->object, sizeof d->object, dot + 1);
    } else {
        memcpy(d->object, name, sizeof name);
    }
}

/* GRANT/REVOKE ... ON [TABLE] t | ON <kind> x ... */
static void ddl_grant(struct cur *c, int action)
{
    static const char *const kinds[] = {
        "all", "schema", "function", "procedure", "routine", "sequence",
        "database", "type", "domain", "language", "large", "foreign",
        "tablespace", "parameter"
    };
    struct fl_ddl *d = c->d;
    d->action = action;
    while (c->ok && !is(c, "on"))
        adv(c);
    if (!take(c, "on"))
        return;
    if (take(c, "table")) {
        take_name(c, d->table, sizeof d->table);
    } else if (is_any(c, kinds, sizeof kinds / sizeof kinds[0])) {
        take_kind(c, d->object_kind, sizeof d->object_kind);
        if (take(c, "in")) /* ALL TABLES IN SCHEMA s */
            take(c, "schema");
        take_name(c, d->object, sizeof d->object);
    } else {
        take_name(c, d->table, sizeof d->table);
    }
}

/* MySQL RENAME TABLE a TO b [, ...] (first pair kept) */
static void ddl_rename(struct cur *c)
{
    struct fl_ddl *d = c->d;
    d->action = FL_DDL_RENAME_TABLE;
    d->mysql = true;
    take(c, "table");
    take_name(c, d->table, sizeof d->table);
    take(c, "to");
    take_name(c, d->new_name, sizeof d->new_name);
}

/* Lock and rewrite flags of everything but ALTER TABLE (set while
 * parsing its sub-commands). */
static void set_effects(struct fl_ddl *d)
{
    bool all = false, writes = false;
    const char *k = d->object_kind;
    switch (d->action) {
    case FL_DDL_DROP_TABLE: case FL_DDL_TRUNCATE: case FL_DDL_VACUUM_FULL:
    case FL_DDL_CLUSTER:
        all = true;
        break;
    case FL_DDL_RENAME_TABLE:
        all = true;
        break;
    case FL_DDL_REINDEX:
        all = !d->concurrently;
        break;
    case FL_DDL_DROP_INDEX: /* MySQL: online (in-place, concurrent DML) */
        all = !d->concurrently && !d->mysql;
        break;
    case FL_DDL_CREATE_INDEX: /* MySQL: online except FULLTEXT/SPATIAL */
        writes = !d->concurrently && (!d->mysql || d->object_kind[0]);
        break;
    case FL_DDL_DROP_OTHER:
        all = !strcmp(k, "view") || !strcmp(k, "materialized view") ||
              !strcmp(k, "sequence") || !strcmp(k, "trigger") ||
              !strcmp(k, "foreign table");
        break;
    case FL_DDL_CREATE_OTHER:
        writes = !strcmp(k, "trigger"); /* SHARE ROW EXCLUSIVE */
        break;
    default:
        return; /* ALTER TABLE: already set; others lock nothing */
    }
    d->blocks_reads = all;
    d->blocks_writes = all || writes;
    if (d->action == FL_DDL_VACUUM_FULL || d->action == FL_DDL_CLUSTER)
        d->rewrites_table = true;
}

bool fl_ddl_is_ddl(const char *sql, size_t n)
{
    return fl_sql_statement_type(sql, n) == FL_SQL_STMT_DDL;
}

int fl_ddl_classify(const char *sql, size_t n, struct fl_ddl *out)
{
    struct cur c;
    if (!out || (!sql && n))
        return FL_ERR_USAGE;
    memset(out, 0, sizeof *out);
    if (!fl_ddl_is_ddl(sql, n))
        return FL_ERR_NOTFOUND;
    fl_sql_lexer_init(&c.lx, sql, n);
    c.d = out;
    out->mysql = memchr(sql, '`', n) != NULL;
    do
        adv(&c);
    while (is_kind(&c, FL_SQL_TOK_LPAREN));
    if (take(&c, "create"))
        ddl_create(&c);
    else if (take(&c, "alter"))
        ddl_alter(&c);
    else if (take(&c, "drop"))
        ddl_drop(&c);
    else if (take(&c, "truncate")) {
        out->action = FL_DDL_TRUNCATE;
        take(&c, "table");
        take(&c, "only");
        take_name(&c, out->table, sizeof out->table);
    } else if (take(&c, "rename"))
        ddl_rename(&c);
    else if (take(&c, "reindex"))
        ddl_reindex(&c);
    else if (take(&c, "cluster"))
        ddl_cluster(&c);
    else if (take(&c, "vacuum"))
        ddl_vacuum(&c);
    else if (take(&c, "comment"))
        ddl_comment(&c);
    else if (take(&c, "grant"))
        ddl_grant(&c, FL_DDL_GRANT);
    else if (take(&c, "revoke"))
        ddl_grant(&c, FL_DDL_REVOKE);
    set_effects(out);
    return FL_OK;
}

static const char *const action_names[FL_DDL_ACTION_COUNT_] = {
    "none", "create_table", "drop_table", "alter_table", "rename_table",
    "truncate", "create_index", "drop_index", "reindex", "vacuum_full",
    "cluster", "comment", "grant", "revoke", "create_other", "drop_other",
    "alter_other"
};

static const char *const alter_names[FL_DDL_AT_COUNT_] = {
    "none", "add_column", "drop_column", "alter_column_type",
    "add_constraint", "drop_constraint", "set_default", "drop_default",
    "set_not_null", "drop_not_null", "rename_column", "rename_table",
    "add_index", "drop_index", "other"
};

const char *fl_ddl_action_name(int action)
{
    if (action < 0 || action >= FL_DDL_ACTION_COUNT_)
        return "unknown";
    return action_names[action];
}

const char *fl_ddl_alter_name(int cmd)
{
    if (cmd < 0 || cmd >= FL_DDL_AT_COUNT_)
        return "unknown";
    return alter_names[cmd];
}

/* ------------------------------------------------------------------------
 * Index registry and undo pairs
 * ---------------------------------------------------------------------- */

struct reg_entry {
    char name[FL_SQL_NAME_MAX];   /* index name as written (normalised) */
    char table[FL_SQL_NAME_MAX];  /* its table */
    char cols[FL_DDL_COLS_MAX];   /* its key list */
    bool unique;
    bool used;                    /* slot holds an entry */
};

struct fl_ddl_registry {
    size_t cap;              /* slots */
    size_t next;             /* ring position of the next new entry */
    struct reg_entry *e;     /* cap slots, owned */
};

/* Schema-normalised equality: compare whole names when both are
 * qualified, else the last parts. */
static bool name_eq(const char *a, const char *b)
{
    if (!a[0] || !b[0])
        return false;
    const char *da = strrchr(a, '.'), *db = strrchr(b, '.');
    if (da && db)
        return strcmp(a, b) == 0;
    return strcmp(da ? da + 1 : a, db ? db + 1 : b) == 0;
}

/* Index facts of a statement. */
enum { IX_NONE, IX_CREATE, IX_DROP };
struct ix {
    int op;             /* IX_* */
    const char *name;   /* index name, schema-qualified when known ("") */
    const char *table;  /* "" if unknown */
    const char *cols;   /* "" if unknown */
    bool unique;
    char qname[FL_SQL_NAME_MAX]; /* storage for a qualified name */
};

/* PostgreSQL puts an index in its table's schema: CREATE INDEX ix ON s.t
 * creates s.ix. */
static void qualify(struct ix *x)
{
    const char *dot = strrchr(x->table, '.');
    size_t sl = dot ? (size_t)(dot - x->table) : 0, nl = strlen(x->name);
    if (!dot || strchr(x->name, '.') || !x->name[0] ||
        sl + 1 + nl >= sizeof x->qname)
        return;
    memcpy(x->qname, x->table, sl + 1);
    memcpy(x->qname + sl + 1, x->name, nl + 1);
    x->name = x->qname;
}

static void index_of(const struct fl_ddl *d, struct ix *x)
{
    x->op = IX_NONE;
    x->name = d->object;
    x->table = d->table;
    x->cols = d->columns;
    x->unique = d->unique;
    if (d->action == FL_DDL_CREATE_INDEX ||
        (d->action == FL_DDL_ALTER_TABLE && d->alter == FL_DDL_AT_ADD_INDEX))
        x->op = IX_CREATE;
    else if (d->action == FL_DDL_DROP_INDEX ||
             (d->action == FL_DDL_ALTER_TABLE && d->alter == FL_DDL_AT_DROP_INDEX))
        x->op = IX_DROP;
    qualify(x);
}

/* Slot of the most recently noted entry for an index name (and table if
 * known), or -1. */
static long reg_slot(const struct fl_ddl_registry *reg, const char *name,
                     const char *table)
{
    if (!reg || !name[0])
        return -1;
    for (size_t k = 0; k < reg->cap; k++) {
        size_t i = (reg->next + reg->cap - 1 - k) % reg->cap;
        const struct reg_entry *e = &reg->e[i];
        if (e->used && name_eq(e->name, name) &&
            (!table[0] || name_eq(e->table, table)))
            return (long)i;
    }
    return -1;
}

static const struct reg_entry *reg_find(const struct fl_ddl_registry *reg,
                                        const char *name, const char *table)
{
    long i = reg_slot(reg, name, table);
    return i < 0 ? NULL : &reg->e[i];
}

struct fl_ddl_registry *fl_ddl_registry_new(size_t capacity)
{
    struct fl_ddl_registry *reg = fl_xcalloc(1, sizeof *reg);
    reg->cap = capacity ? capacity : 1024;
    reg->e = fl_xcalloc(reg->cap, sizeof *reg->e);
    return reg;
}

void fl_ddl_registry_free(struct fl_ddl_registry *reg)
{
    if (!reg)
        return;
    free(reg->e);
    free(reg);
}

static void reg_fill(struct reg_entry *e, const struct ix *x)
{
    size_t n;
    memset(e, 0, sizeof *e);
    n = strlen(x->name);
    memcpy(e->name, x->name, n < sizeof e->name ? n : sizeof e->name - 1);
    n = strlen(x->table);
    memcpy(e->table, x->table, n < sizeof e->table ? n : sizeof e->table - 1);
    n = strlen(x->cols);
    memcpy(e->cols, x->cols, n < sizeof e->cols ? n : sizeof e->cols - 1);
    e->unique = x->unique;
    e->used = true;
}

void fl_ddl_registry_note(struct fl_ddl_registry *reg, const struct fl_ddl *d)
{
    if (!reg || !d)
        return;
    if (d->action == FL_DDL_ALTER_OTHER && !strcmp(d->object_kind, "index") &&
        d->new_name[0]) { /* ALTER INDEX a RENAME TO b */
        long i = reg_slot(reg, d->object, "");
        if (i >= 0)
            memcpy(reg->e[i].name, d->new_name, sizeof reg->e[i].name);
        return;
    }
    struct ix x;
    index_of(d, &x);
    if (x.op != IX_CREATE || !x.name[0])
        return;
    long i = reg_slot(reg, x.name, x.table);
    if (i < 0) {
        i = (long)reg->next;
        reg->next = (reg->next + 1) % reg->cap;
    }
    reg_fill(&reg->e[i], &x);
}

bool fl_ddl_registry_resolve(const struct fl_ddl_registry *reg,
                             struct fl_ddl *d)
{
    if (!reg || !d)
        return false;
    struct ix x;
    index_of(d, &x);
    if (x.op != IX_DROP || (d->table[0] && d->columns[0]))
        return false;
    const struct reg_entry *e = reg_find(reg, x.name, x.table);
    if (!e)
        return false;
    memcpy(d->table, e->table, sizeof e->table);
    memcpy(d->columns, e->cols, sizeof e->cols);
    d->unique = e->unique;
    return true;
}

/* Fill a DROP's unknown table/columns from the registry. */
static void resolved(struct ix *x, const struct fl_ddl_registry *reg)
{
    if (x->op == IX_DROP && (!x->table[0] || !x->cols[0])) {
        const struct reg_entry *e = reg_find(reg, x->name, x->table);
        if (e) {
            x->table = e->table;
            x->cols = e->cols;
            x->unique = e->unique;
        }
    }
}

static bool undo_index(const struct fl_ddl *a, const struct fl_ddl *b,
                       const struct fl_ddl_registry *reg)
{
    struct ix x, y;
    index_of(a, &x);
    index_of(b, &y);
    if (x.op == IX_NONE || y.op == IX_NONE || x.op == y.op)
        return false;
    resolved(&x, reg);
    resolved(&y, reg);
    if (name_eq(x.name, y.name) &&
        (!x.table[0] || !y.table[0] || name_eq(x.table, y.table)))
        return true;
    return x.table[0] && x.cols[0] && name_eq(x.table, y.table) &&
           strcmp(x.cols, y.cols) == 0 && x.unique == y.unique;
}

/* An ALTER TABLE sub-command pair on the same table: cmd_a in a and cmd_b
 * in b (or the reverse) on equal names. */
static bool undo_subs(const struct fl_ddl *a, const struct fl_ddl *b,
                      int add, int drop)
{
    if (a->action != FL_DDL_ALTER_TABLE || b->action != FL_DDL_ALTER_TABLE ||
        !name_eq(a->table, b->table))
        return false;
    for (size_t i = 0; i < a->nsubs; i++)
        for (size_t j = 0; j < b->nsubs; j++) {
            int ca = a->subs[i].cmd, cb = b->subs[j].cmd;
            if (((ca == add && cb == drop) || (ca == drop && cb == add)) &&
                a->subs[i].name[0] && !strcmp(a->subs[i].name, b->subs[j].name))
                return true;
        }
    return false;
}

static bool undo_rename(const struct fl_ddl *a, const struct fl_ddl *b)
{
    if (a->action == FL_DDL_RENAME_TABLE && b->action == FL_DDL_RENAME_TABLE)
        return name_eq(a->table, b->new_name) && name_eq(a->new_name, b->table);
    return a->action == FL_DDL_ALTER_TABLE && b->action == FL_DDL_ALTER_TABLE &&
           a->alter == FL_DDL_AT_RENAME_COLUMN &&
           b->alter == FL_DDL_AT_RENAME_COLUMN && name_eq(a->table, b->table) &&
           a->object[0] && !strcmp(a->object, b->new_name) &&
           !strcmp(a->new_name, b->object);
}

bool fl_ddl_undoes(const struct fl_ddl *earlier, const struct fl_ddl *later,
                   const struct fl_ddl_registry *reg)
{
    const struct fl_ddl *a = earlier, *b = later;
    if (!a || !b)
        return false;
    if (undo_index(a, b, reg))
        return true;
    if ((a->action == FL_DDL_CREATE_TABLE && b->action == FL_DDL_DROP_TABLE) ||
        (a->action == FL_DDL_DROP_TABLE && b->action == FL_DDL_CREATE_TABLE))
        return name_eq(a->table, b->table);
    return undo_subs(a, b, FL_DDL_AT_ADD_COLUMN, FL_DDL_AT_DROP_COLUMN) ||
           undo_subs(a, b, FL_DDL_AT_ADD_CONSTRAINT, FL_DDL_AT_DROP_CONSTRAINT) ||
           undo_rename(a, b);
}
