/* ddlreg.c - the bounded index registry (index name -> table, key list,
 * uniqueness, learnt from the logs) and the undo pairs of fl_ddl_undoes.
 *
 * Invariants: the registry is a ring of `capacity` slots, the module's only
 * allocation; lookups scan newest first, so a name noted twice resolves to
 * its latest definition.  Names compare schema-normalised (name_eq): whole
 * names when both are qualified, else their last parts.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "sql/fl_ddl.h"
#include "sql/fl_ddlreg.h"
#include "base/fl_xalloc.h"

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
             (d->action == FL_DDL_ALTER_TABLE &&
              d->alter == FL_DDL_AT_DROP_INDEX))
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
           undo_subs(a, b, FL_DDL_AT_ADD_CONSTRAINT,
                     FL_DDL_AT_DROP_CONSTRAINT) ||
           undo_rename(a, b);
}
