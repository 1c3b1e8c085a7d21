/* sqldomain.c - the sql domain: refine (query -> ddl), classify
 * (fingerprint, tables, statement type) and DDL changes with signed effects
 * (see sql/fl_sqldomain.h for the key scheme and its limits).
 *
 * Invariants: no global state besides the constant domain table; the
 * change state is the index registry and nothing else; every key a change
 * carries is built by the spelling rules below, so that a '+' key equals a
 * '-' key exactly when fl_ddl_undoes would call the names equal.
 */
#include <stdio.h>
#include <string.h>

#include "sql/fl_sqldomain.h"
#include "sql/fl_ddl.h"
#include "sql/fl_ddltext.h"
#include "sql/fl_sql.h"
#include "sql/fl_sqlconfig.h"
#include "base/fl_err.h"

/* ---- refine and classify ------------------------------------------------ */

static void sql_refine(struct fl_event *ev)
{
    struct fl_sqlconfig cfg;

    if (ev->kind != FL_EV_QUERY || !ev->statement.n)
        return;
    /* ALTER SYSTEM is not DDL (though an ALTER): a config event.  SET
     * GLOBAL stays a query, as the slow-log digests (pt-query-digest,
     * go-mysql) count it; sql_change makes its config change all the
     * same. */
    if (fl_sqlconfig_parse(ev->statement.p, ev->statement.n, &cfg)) {
        if (cfg.system)
            ev->kind = FL_EV_CONFIG;
    } else if (fl_ddl_is_ddl(ev->statement.p, ev->statement.n)) {
        ev->kind = FL_EV_DDL;
    }
}

static bool sql_classify(const struct fl_event *ev, struct fl_class *cls)
{
    struct fl_sql_tables t;

    if (!ev->statement.n || !ev->statement.p)
        return false;
    fl_sql_fingerprint(ev->statement.p, ev->statement.n, &cls->text);
    cls->id = fl_sql_fingerprint_id(cls->text.p, cls->text.len);
    fl_buf_reset(&cls->subjects);
    if (fl_sql_tables(cls->text.p, cls->text.len, &t) == FL_OK)
        for (size_t i = 0; i < t.count; i++)
            fl_buf_printf(&cls->subjects, "%s%s", i ? "," : "", t.names[i]);
    cls->type = fl_sql_statement_type(ev->statement.p, ev->statement.n);
    return true;
}

/* ---- spellings of names ------------------------------------------------- */

/* One tagged spelling of a name for one side of a pair (see the header). */
struct spell {
    char tag;
    const char *s;
};

/* The spellings of name on side sign ('+' or '-'); 0 for an empty name
 * (fl_ddl never calls an empty name equal to another). */
static size_t spellings(const char *name, char sign, struct spell out[2])
{
    const char *dot = strrchr(name, '.');
    const char *last = dot ? dot + 1 : name;

    if (!name[0])
        return 0;
    if (sign == '+') {
        out[0] = (struct spell){ dot ? 'Q' : 'U', name };
        out[1] = (struct spell){ dot ? 'U' : 'X', dot ? last : name };
        return 2;
    }
    out[0] = (struct spell){ dot ? 'Q' : 'U', name };
    out[1] = (struct spell){ 'X', last };
    return dot ? 2 : 1;
}

static void effect(struct fl_change *c, char sign, const char *key)
{
    if (!fl_change_add_effect(c, sign, key))
        c->truncated = true;
}

/* Keys "<kind>:<tag><name><tail>" for every spelling of name. */
static void key1(struct fl_change *c, char sign, const char *kind,
                 const char *name, const char *tail)
{
    struct spell s[2];
    size_t n = spellings(name, sign, s);
    char key[2 * FL_CHANGE_KEY_MAX];

    for (size_t i = 0; i < n; i++) {
        snprintf(key, sizeof key, "%s:%c%s%s", kind, s[i].tag, s[i].s, tail);
        effect(c, sign, key);
    }
}

/* Keys "<kind>:<tag>a<sep><tag>b" for the spellings of a (on side sa) and
 * b (on side sb); with same_tag, only equal tags are combined. */
static void key2(struct fl_change *c, char sign, const char *kind,
                 const char *a, char sa, const char *sep, const char *b,
                 char sb, bool same_tag)
{
    struct spell x[2], y[2];
    size_t nx = spellings(a, sa, x), ny = spellings(b, sb, y);
    char key[2 * FL_CHANGE_KEY_MAX];

    for (size_t i = 0; i < nx; i++)
        for (size_t j = 0; j < ny; j++) {
            if (same_tag && x[i].tag != y[j].tag)
                continue;
            snprintf(key, sizeof key, "%s:%c%s%s%c%s", kind, x[i].tag,
                     x[i].s, sep, y[j].tag, y[j].s);
            effect(c, sign, key);
        }
}

/* ---- effects ------------------------------------------------------------ */

/* '+' for an index created, '-' for one dropped, 0 otherwise (only the
 * first ALTER TABLE sub-command carries an index, as in fl_ddl_undoes). */
static char index_sign(const struct fl_ddl *d)
{
    if (d->action == FL_DDL_CREATE_INDEX ||
        (d->action == FL_DDL_ALTER_TABLE && d->alter == FL_DDL_AT_ADD_INDEX))
        return '+';
    if (d->action == FL_DDL_DROP_INDEX ||
        (d->action == FL_DDL_ALTER_TABLE && d->alter == FL_DDL_AT_DROP_INDEX))
        return '-';
    return 0;
}

/* PostgreSQL puts an index in its table's schema (fl_ddl does the same
 * before comparing): CREATE INDEX ix ON s.t names s.ix. */
static void index_name(const struct fl_ddl *d, char *buf, size_t cap)
{
    const char *dot = strrchr(d->table, '.');
    size_t sl = dot ? (size_t)(dot - d->table) + 1 : 0, nl = strlen(d->object);

    if (!dot || !nl || strchr(d->object, '.') || sl + nl >= cap)
        sl = 0;     /* as written (fl_ddl's rule when it does not fit) */
    if (sl + nl >= cap)
        nl = cap - 1 - sl;
    memcpy(buf, d->table, sl);
    memcpy(buf + sl, d->object, nl);
    buf[sl + nl] = '\0';
}

static void index_effects(struct fl_change *c, const struct fl_ddl *d)
{
    char sign = index_sign(d), name[FL_SQL_NAME_MAX], tail[FL_DDL_COLS_MAX + 4];
    bool qt, qn;

    if (!sign)
        return;
    index_name(d, name, sizeof name);
    qt = strchr(d->table, '.') != NULL;
    qn = strchr(name, '.') != NULL;
    if (d->table[0])
        key2(c, sign, "ix", d->table, sign, "/", name, sign, qt == qn);
    if (sign == '+' || !d->table[0])
        key1(c, sign, "ix*", name, "");
    if (sign == '-' ? d->table[0] != 0 : !d->table[0])
        key1(c, sign, "ix?", name, "");
    if (d->table[0] && d->columns[0]) {
        snprintf(tail, sizeof tail, "/%s/%c", d->columns, d->unique ? 'u' : 'n');
        key1(c, sign, "ixdef", d->table, tail);
    }
}

/* ADD/DROP COLUMN and ADD/DROP CONSTRAINT, every sub-command. */
static void sub_effects(struct fl_change *c, const struct fl_ddl *d)
{
    char tail[FL_SQL_NAME_MAX + 2];

    if (d->action != FL_DDL_ALTER_TABLE)
        return;
    for (size_t i = 0; i < d->nsubs; i++) {
        const struct fl_ddl_sub *s = &d->subs[i];
        bool col = s->cmd == FL_DDL_AT_ADD_COLUMN ||
                   s->cmd == FL_DDL_AT_DROP_COLUMN;
        bool con = s->cmd == FL_DDL_AT_ADD_CONSTRAINT ||
                   s->cmd == FL_DDL_AT_DROP_CONSTRAINT;
        char sign = (s->cmd == FL_DDL_AT_ADD_COLUMN ||
                     s->cmd == FL_DDL_AT_ADD_CONSTRAINT) ? '+' : '-';
        if ((!col && !con) || !s->name[0])
            continue;
        snprintf(tail, sizeof tail, "/%s", s->name);
        key1(c, sign, col ? "col" : "con", d->table, tail);
    }
}

static void rename_effects(struct fl_change *c, const struct fl_ddl *d)
{
    char from[FL_SQL_NAME_MAX * 2 + 4], to[FL_SQL_NAME_MAX * 2 + 4];

    if (d->action == FL_DDL_RENAME_TABLE) {
        key2(c, '+', "rt", d->table, '+', ">", d->new_name, '+', false);
        key2(c, '-', "rt", d->new_name, '-', ">", d->table, '-', false);
        return;
    }
    if (d->action != FL_DDL_ALTER_TABLE || d->alter != FL_DDL_AT_RENAME_COLUMN ||
        !d->object[0] || !d->new_name[0])
        return;
    snprintf(from, sizeof from, "/%s>%s", d->object, d->new_name);
    snprintf(to, sizeof to, "/%s>%s", d->new_name, d->object);
    key1(c, '+', "rc", d->table, from);
    key1(c, '-', "rc", d->table, to);
}

static void effects_of(struct fl_change *c, const struct fl_ddl *d)
{
    index_effects(c, d);
    if (d->action == FL_DDL_CREATE_TABLE || d->action == FL_DDL_DROP_TABLE)
        key1(c, d->action == FL_DDL_CREATE_TABLE ? '+' : '-', "table",
             d->table, "");
    rename_effects(c, d);
    sub_effects(c, d);
}

/* ---- state and change --------------------------------------------------- */

static void *sql_state_new(void)
{
    return fl_ddl_registry_new(0);
}

static void sql_state_free(void *state)
{
    fl_ddl_registry_free(state);
}

/* The attribute called name of ev, or an empty slice. */
static struct fl_str attr(const struct fl_event *ev, const char *name)
{
    for (size_t i = 0; i < ev->nattrs; i++)
        if (strcmp(ev->attrs[i].name, name) == 0)
            return ev->attrs[i].value;
    return (struct fl_str){ NULL, 0 };
}

/* The setting of a config event: from its statement (ALTER SYSTEM, SET
 * GLOBAL) or from the attributes "setting" and "value" a format captured
 * (PostgreSQL's 'parameter "work_mem" changed to "64MB"'). */
static bool config_of(const struct fl_event *ev, struct fl_sqlconfig *cfg)
{
    struct fl_str name = attr(ev, "setting"), val = attr(ev, "value");
    struct fl_change scratch;

    if (ev->statement.n &&
        fl_sqlconfig_parse(ev->statement.p, ev->statement.n, cfg))
        return true;
    if (!name.n || ev->kind != FL_EV_CONFIG)
        return false;
    fl_change_set(&scratch, cfg->name, sizeof cfg->name, name.p, name.n);
    cfg->value[0] = '\0';
    if (val.n)
        fl_change_set(&scratch, cfg->value, sizeof cfg->value, val.p, val.n);
    return true;
}

/* A config change: kind "config", subject and effect the setting. */
static bool config_change(const struct fl_event *ev, struct fl_change *out)
{
    struct fl_sqlconfig cfg;
    char key[FL_CHANGE_KEY_MAX];

    if (!config_of(ev, &cfg))
        return false;
    fl_change_clear(out);
    out->time_us = ev->time_us;
    out->duration_us = ev->duration_us;
    fl_change_set(out, out->kind, sizeof out->kind, "config", 6);
    fl_change_set(out, out->domain, sizeof out->domain, "sql", 3);
    fl_change_set(out, out->subjects, sizeof out->subjects, cfg.name,
                  strlen(cfg.name));
    snprintf(key, sizeof key, "%s = %s", cfg.name, cfg.value);
    fl_change_set(out, out->text, sizeof out->text, key, strlen(key));
    if (ev->pid.n)
        fl_change_set(out, out->pid, sizeof out->pid, ev->pid.p, ev->pid.n);
    out->file = ev->file;
    out->line = ev->line;
    snprintf(key, sizeof key, "config:%s=%s", cfg.name, cfg.value);
    effect(out, '+', key);
    return true;
}

static bool sql_change(void *state, const struct fl_event *ev,
                       struct fl_change *out)
{
    struct fl_ddl d;
    struct fl_buf fp;

    if (ev->kind == FL_EV_CONFIG || ev->kind == FL_EV_QUERY)
        return config_change(ev, out);
    if (ev->kind != FL_EV_DDL || !ev->statement.n || !ev->statement.p ||
        fl_ddl_classify(ev->statement.p, ev->statement.n, &d) != FL_OK)
        return false;
    fl_ddl_registry_note(state, &d);
    fl_ddl_registry_resolve(state, &d);
    fl_change_clear(out);
    out->time_us = ev->time_us;
    out->duration_us = ev->duration_us;
    fl_change_set(out, out->kind, sizeof out->kind,
                  fl_ddl_action_name(d.action),
                  strlen(fl_ddl_action_name(d.action)));
    fl_change_set(out, out->domain, sizeof out->domain, "sql", 3);
    fl_change_set(out, out->subjects, sizeof out->subjects, d.table,
                  strlen(d.table));
    fl_buf_init(&fp);
    fl_ddl_text(ev->statement.p, ev->statement.n, &fp);
    fl_change_set(out, out->text, sizeof out->text, fp.p ? fp.p : "", fp.len);
    fl_buf_cleanup(&fp);
    if (ev->pid.n)
        fl_change_set(out, out->pid, sizeof out->pid, ev->pid.p, ev->pid.n);
    out->blocks_reads = d.blocks_reads;
    out->blocks_writes = d.blocks_writes;
    out->rewrites = d.rewrites_table;
    out->file = ev->file;
    out->line = ev->line;
    effects_of(out, &d);
    if (d.truncated)
        out->truncated = true;
    return true;
}

const struct fl_domain fl_sql_domain = {
    "sql", true, sql_refine, sql_classify, sql_state_new, sql_state_free,
    sql_change, NULL,
};
