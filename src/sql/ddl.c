/* ddl.c - DDL detection and classification: what a statement does (action,
 * target, object, key list), how it locks and whether it rewrites its table.
 *
 * Invariants: classification is one forward walk over fl_sql lexer tokens
 * (the cursor of fl_ddlcur.h, copied to look ahead); every result is
 * fixed-size, names and lists that do not fit are cut and flagged
 * `truncated`; nothing allocates.  Lock and rewrite rules are documented in
 * fl_ddl.h and applied in set_effects() and, for ALTER TABLE, in
 * ddlalter.c, nowhere else.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "sql/fl_ddl.h"
#include "sql/fl_ddlalter.h"
#include "sql/fl_ddlcur.h"
#include "base/fl_err.h"

/* ------------------------------------------------------------------------
 * Other statements
 * ---------------------------------------------------------------------- */

static void ddl_create_index(struct fl_ddlcur *c)
{
    struct fl_ddl *d = c->d;
    d->action = FL_DDL_CREATE_INDEX;
    if (fl_ddlcur_take(c, "concurrently"))
        d->concurrently = true;
    fl_ddlcur_take_if(c);
    if (!fl_ddlcur_is(c, "on") && !fl_ddlcur_is(c, "using"))
        fl_ddlcur_take_name(c, d->object, sizeof d->object);
    if (fl_ddlcur_take(c,
                       "using")) { /* MySQL: CREATE INDEX i USING BTREE ON t */
        d->mysql = true;
        fl_ddlcur_adv(c);
    }
    if (fl_ddlcur_take(c, "on")) {
        fl_ddlcur_take(c, "only");
        fl_ddlcur_take_name(c, d->table, sizeof d->table);
    }
    if (fl_ddlcur_take(c, "using"))
        fl_ddlcur_adv(c);
    fl_ddlcur_take_columns(c, d->columns, sizeof d->columns);
}

static void ddl_create(struct fl_ddlcur *c)
{
    struct fl_ddl *d = c->d;
    if (fl_ddlcur_take(c, "or"))
        fl_ddlcur_take(c, "replace");
    while (fl_ddlcur_take(c, "temp") || fl_ddlcur_take(c, "temporary") ||
           fl_ddlcur_take(c, "unlogged") || fl_ddlcur_take(c, "global") ||
           fl_ddlcur_take(c, "local")) {
    }
    if (fl_ddlcur_take(c, "unique"))
        d->unique = true;
    if (fl_ddlcur_is(c, "fulltext") || fl_ddlcur_is(c, "spatial")) {
        fl_ddlcur_app_token(c, d->object_kind, sizeof d->object_kind,
                            &(size_t){0});
        fl_ddlcur_adv(c);
        d->mysql = true;
    }
    if (fl_ddlcur_take(c, "index")) {
        ddl_create_index(c);
        return;
    }
    if (fl_ddlcur_take(c, "table")) {
        d->action = FL_DDL_CREATE_TABLE;
        fl_ddlcur_take_if(c);
        fl_ddlcur_take_name(c, d->table, sizeof d->table);
        return;
    }
    d->action = FL_DDL_CREATE_OTHER;
    fl_ddlcur_take_kind(c, d->object_kind, sizeof d->object_kind);
    fl_ddlcur_take_if(c);
    fl_ddlcur_take_name(c, d->object, sizeof d->object);
    if (strcmp(d->object_kind, "trigger") == 0) { /* ... ON t */
        while (c->ok && !fl_ddlcur_take(c, "on"))
            fl_ddlcur_adv(c);
        fl_ddlcur_take_name(c, d->table, sizeof d->table);
    }
}

static void ddl_drop(struct fl_ddlcur *c)
{
    struct fl_ddl *d = c->d;
    fl_ddlcur_take(c, "temporary");
    if (fl_ddlcur_take(c, "index")) {
        d->action = FL_DDL_DROP_INDEX;
        if (fl_ddlcur_take(c, "concurrently"))
            d->concurrently = true;
        fl_ddlcur_take_if(c);
        fl_ddlcur_take_name(c, d->object, sizeof d->object);
        if (fl_ddlcur_take(c, "on")) { /* MySQL DROP INDEX i ON t */
            d->mysql = true;
            fl_ddlcur_take_name(c, d->table, sizeof d->table);
        }
    } else if (fl_ddlcur_take(c, "table")) {
        d->action = FL_DDL_DROP_TABLE;
        fl_ddlcur_take_if(c);
        fl_ddlcur_take_name(c, d->table, sizeof d->table);
    } else {
        d->action = FL_DDL_DROP_OTHER;
        fl_ddlcur_take_kind(c, d->object_kind, sizeof d->object_kind);
        fl_ddlcur_take_if(c);
        fl_ddlcur_take_name(c, d->object, sizeof d->object);
        if (fl_ddlcur_take(c, "on")) /* DROP TRIGGER x ON t */
            fl_ddlcur_take_name(c, d->table, sizeof d->table);
    }
}

static void ddl_alter(struct fl_ddlcur *c)
{
    struct fl_ddl *d = c->d;
    if (fl_ddlcur_take(c, "table")) {
        fl_ddlalter_table(c);
        return;
    }
    d->action = FL_DDL_ALTER_OTHER;
    fl_ddlcur_take_kind(c, d->object_kind, sizeof d->object_kind);
    fl_ddlcur_take_if(c);
    fl_ddlcur_take_name(c, d->object, sizeof d->object);
    if (fl_ddlcur_take(c, "rename") && fl_ddlcur_take(c, "to"))
        fl_ddlcur_take_name(c, d->new_name, sizeof d->new_name);
}

/* REINDEX [(opts)] {INDEX|TABLE|SCHEMA|DATABASE|SYSTEM} [CONCURRENTLY] x */
static void ddl_reindex(struct fl_ddlcur *c)
{
    struct fl_ddl *d = c->d;
    d->action = FL_DDL_REINDEX;
    fl_ddlcur_skip_group(c);
    fl_ddlcur_take_kind(c, d->object_kind, sizeof d->object_kind);
    if (fl_ddlcur_take(c, "concurrently"))
        d->concurrently = true;
    if (strcmp(d->object_kind, "table") == 0)
        fl_ddlcur_take_name(c, d->table, sizeof d->table);
    else
        fl_ddlcur_take_name(c, d->object, sizeof d->object);
}

/* CLUSTER [VERBOSE] [t [USING idx]]; old form CLUSTER idx ON t */
static void ddl_cluster(struct fl_ddlcur *c)
{
    struct fl_ddl *d = c->d;
    d->action = FL_DDL_CLUSTER;
    fl_ddlcur_skip_group(c);
    fl_ddlcur_take(c, "verbose");
    fl_ddlcur_take_name(c, d->table, sizeof d->table);
    if (fl_ddlcur_take(c, "using")) {
        fl_ddlcur_take_name(c, d->object, sizeof d->object);
    } else if (fl_ddlcur_take(c, "on")) {
        memcpy(d->object, d->table, sizeof d->table);
        fl_ddlcur_take_name(c, d->table, sizeof d->table);
    }
}

static void ddl_vacuum(struct fl_ddlcur *c)
{
    struct fl_ddl *d = c->d;
    d->action = FL_DDL_VACUUM_FULL;
    fl_ddlcur_skip_group(c);
    while (fl_ddlcur_take(c, "full") || fl_ddlcur_take(c, "freeze") ||
           fl_ddlcur_take(c, "verbose") || fl_ddlcur_take(c, "analyze") ||
           fl_ddlcur_take(c, "analyse")) {
    }
    fl_ddlcur_take_name(c, d->table, sizeof d->table);
}

/* COMMENT ON <kind> name IS '...' */
static void ddl_comment(struct fl_ddlcur *c)
{
    struct fl_ddl *d = c->d;
    char name[FL_SQL_NAME_MAX];
    d->action = FL_DDL_COMMENT;
    fl_ddlcur_take(c, "on");
    fl_ddlcur_take_kind(c, d->object_kind, sizeof d->object_kind);
    fl_ddlcur_take_name(c, name, sizeof name);
    if (strcmp(d->object_kind, "table") == 0) {
        memcpy(d->table, name, sizeof name);
    } else if (strcmp(d->object_kind, "column") == 0 && strrchr(name, '.')) {
        char *dot = strrchr(name, '.');
        *dot = '\0';
        memcpy(d->table, name, sizeof name);
        fl_ddlcur_set_str(d, d->object, sizeof d->object, dot + 1);
    } else {
        memcpy(d->object, name, sizeof name);
    }
}

/* GRANT/REVOKE ... ON [TABLE] t | ON <kind> x ... */
static void ddl_grant(struct fl_ddlcur *c, int action)
{
    static const char *const kinds[] = {
        "all", "schema", "function", "procedure", "routine", "sequence",
        "database", "type", "domain", "language", "large", "foreign",
        "tablespace", "parameter"
    };
    struct fl_ddl *d = c->d;
    d->action = action;
    while (c->ok && !fl_ddlcur_is(c, "on"))
        fl_ddlcur_adv(c);
    if (!fl_ddlcur_take(c, "on"))
        return;
    if (fl_ddlcur_take(c, "table")) {
        fl_ddlcur_take_name(c, d->table, sizeof d->table);
    } else if (fl_ddlcur_is_any(c, kinds, sizeof kinds / sizeof kinds[0])) {
        fl_ddlcur_take_kind(c, d->object_kind, sizeof d->object_kind);
        if (fl_ddlcur_take(c, "in")) /* ALL TABLES IN SCHEMA s */
            fl_ddlcur_take(c, "schema");
        fl_ddlcur_take_name(c, d->object, sizeof d->object);
    } else {
        fl_ddlcur_take_name(c, d->table, sizeof d->table);
    }
}

/* MySQL RENAME TABLE a TO b [, ...] (first pair kept) */
static void ddl_rename(struct fl_ddlcur *c)
{
    struct fl_ddl *d = c->d;
    d->action = FL_DDL_RENAME_TABLE;
    d->mysql = true;
    fl_ddlcur_take(c, "table");
    fl_ddlcur_take_name(c, d->table, sizeof d->table);
    fl_ddlcur_take(c, "to");
    fl_ddlcur_take_name(c, d->new_name, sizeof d->new_name);
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
    struct fl_ddlcur c;
    if (!out || (!sql && n))
        return FL_ERR_USAGE;
    memset(out, 0, sizeof *out);
    if (!fl_ddl_is_ddl(sql, n))
        return FL_ERR_NOTFOUND;
    fl_sql_lexer_init(&c.lx, sql, n);
    c.d = out;
    out->mysql = memchr(sql, '`', n) != NULL;
    do
        fl_ddlcur_adv(&c);
    while (fl_ddlcur_is_kind(&c, FL_SQL_TOK_LPAREN));
    if (fl_ddlcur_take(&c, "create"))
        ddl_create(&c);
    else if (fl_ddlcur_take(&c, "alter"))
        ddl_alter(&c);
    else if (fl_ddlcur_take(&c, "drop"))
        ddl_drop(&c);
    else if (fl_ddlcur_take(&c, "truncate")) {
        out->action = FL_DDL_TRUNCATE;
        fl_ddlcur_take(&c, "table");
        fl_ddlcur_take(&c, "only");
        fl_ddlcur_take_name(&c, out->table, sizeof out->table);
    } else if (fl_ddlcur_take(&c, "rename"))
        ddl_rename(&c);
    else if (fl_ddlcur_take(&c, "reindex"))
        ddl_reindex(&c);
    else if (fl_ddlcur_take(&c, "cluster"))
        ddl_cluster(&c);
    else if (fl_ddlcur_take(&c, "vacuum"))
        ddl_vacuum(&c);
    else if (fl_ddlcur_take(&c, "comment"))
        ddl_comment(&c);
    else if (fl_ddlcur_take(&c, "grant"))
        ddl_grant(&c, FL_DDL_GRANT);
    else if (fl_ddlcur_take(&c, "revoke"))
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
