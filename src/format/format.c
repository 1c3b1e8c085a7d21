/* format.c - load, validate and compile log format definitions.
 *
 * A definition is a JSON object (schema in faultline-formats(5)).  Loading
 * is strict: an unknown key, a wrong type or a regex that does not compile
 * is an error naming the file and the key (and for regexes PCRE2's message
 * and offset).  Rule sets (type "rules") are kept as JSON text and compiled
 * into every format that references them, because rule captures intern
 * field names in that format's own field table.  Once loaded, formats are
 * immutable.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "base/fl_buf.h"
#include "event/fl_event.h"
#include "format/fl_format.h"
#include "format/fl_prefix.h"
#include "time/fl_time.h"
#include "time/fl_layout.h"
#include "base/fl_xalloc.h"

/* Standard field names, in enum fl_std_field order. */
static const char *const std_fields[FL_F__STD_COUNT] = {
    "time", "time_mysql", "epoch", "pid", "user", "db", "host", "app",
    "severity", "sqlstate", "message", "statement", "detail", "hint",
    "context", "params", "object", "command", "duration_ms", "duration_s",
    "duration_us", "lock_s", "lock_ms", "lock_us", "rows_sent",
    "rows_examined", "rows_affected", "seg", "blocker"
};

/* A stored rule set: name and JSON text of its "rules" array. */
struct ruleset {
    char *name;
    char *json;
};

struct fl_formats {
    struct fl_format **v;   /* owned formats, in load order */
    size_t n, cap;
    struct ruleset *rs;     /* owned rule sets */
    size_t nrs, caprs;
};

/* Loading context: where we are, for error messages. */
struct ctx {
    struct fl_formats *set;
    struct fl_format *f;
    const char *source;
    struct fl_err *err;
};

static int ferr(struct ctx *c, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int ferr(struct ctx *c, const char *key, const char *fmt, ...)
{
    char msg[768];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return fl_err_set(c->err, FL_ERR_FORMAT, c->source, 0, UINT64_MAX,
                      "key \"%s\": %s", key, msg);
}

const char *fl_format_type_name(int type)
{
    static const char *const names[] = { "line", "record", "csv", "json",
                                         "rules" };
    if (type < 0 || type > FL_FMT_RULES)
        return "?";
    return names[type];
}

int fl_format_field(const struct fl_format *f, const char *name)
{
    for (size_t i = 0; i < f->nfields; i++)
        if (strcmp(f->fields[i], name) == 0)
            return (int)i;
    return -1;
}

/* Intern a field name, returning its id. */
static int intern(struct fl_format *f, const char *name, size_t n)
{
    size_t cap = f->nfields;
    for (size_t i = 0; i < f->nfields; i++)
        if (strlen(f->fields[i]) == n && memcmp(f->fields[i], name, n) == 0)
            return (int)i;
    f->fields = fl_xrealloc(f->fields, (cap + 1) * sizeof *f->fields);
    f->fields[f->nfields++] = fl_xstrndup(name, n);
    return (int)(f->nfields - 1);
}

/* ---- regexes ---------------------------------------------------------- */

static void pattern_cleanup(struct fl_pattern *p)
{
    pcre2_code_free(p->re);
    free(p->src);
    free(p->group_field);
    memset(p, 0, sizeof *p);
}

/* Map each named group of p->re to a field id. */
static void map_groups(struct fl_format *f, struct fl_pattern *p)
{
    uint32_t count = 0, size = 0;
    PCRE2_SPTR table;

    pcre2_pattern_info(p->re, PCRE2_INFO_CAPTURECOUNT, &p->ngroups);
    p->group_field = fl_xmalloc((p->ngroups + 1) * sizeof *p->group_field);
    for (uint32_t i = 0; i <= p->ngroups; i++)
        p->group_field[i] = -1;
    pcre2_pattern_info(p->re, PCRE2_INFO_NAMECOUNT, &count);
    pcre2_pattern_info(p->re, PCRE2_INFO_NAMEENTRYSIZE, &size);
    pcre2_pattern_info(p->re, PCRE2_INFO_NAMETABLE, &table);
    for (uint32_t i = 0; i < count; i++) {
        const unsigned char *e = table + (size_t)i * size;
        uint32_t g = ((uint32_t)e[0] << 8) | e[1];
        const char *name = (const char *)e + 2;
        if (g <= p->ngroups)
            p->group_field[g] = intern(f, name, strlen(name));
    }
}

/* Record the fixed first byte of an anchored, case-sensitive regex so the
 * matcher can reject most lines without entering PCRE2. */
static void first_byte(struct fl_pattern *p)
{
    uint32_t all = 0, type = 0, unit = 0;

    p->first = -1;
    pcre2_pattern_info(p->re, PCRE2_INFO_ALLOPTIONS, &all);
    pcre2_pattern_info(p->re, PCRE2_INFO_FIRSTCODETYPE, &type);
    pcre2_pattern_info(p->re, PCRE2_INFO_FIRSTCODEUNIT, &unit);
    if ((all & PCRE2_ANCHORED) && !(all & PCRE2_CASELESS) && type == 1)
        p->first = (int)unit;
}

/* The literal text an anchored regex must start with ("^# Time: " gives
 * "# Time: "), for a memcmp pre-check.  Conservative: stops at anything
 * that is not a plain character, and drops a character a quantifier
 * applies to. */
static void literal_prefix(struct fl_pattern *p, const char *src)
{
    size_t n = 0;
    const char *s = src;

    p->litn = 0;
    if (*s != '^' || (p->first < 0))
        return;
    for (s++; *s && n < sizeof p->lit; s++) {
        char c = *s;
        if (c == '\\' && s[1] && strchr(".[]()?*+{}|$^\\/#-:@ ", s[1]))
            c = *++s;
        else if (strchr(".[]()?*+{}|$^\\", c))
            break;
        if (s[1] && strchr("?*{", s[1]))
            break;
        if (s[1] == '+') {
            p->lit[n++] = c;
            break;
        }
        p->lit[n++] = c;
    }
    p->litn = n;
}

static int compile(struct ctx *c, const char *key, const char *src,
                   uint32_t extra, struct fl_pattern *p)
{
    int code;
    PCRE2_SIZE off;
    unsigned char msg[256];

    memset(p, 0, sizeof *p);
    p->re = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
                          PCRE2_DOTALL | PCRE2_DUPNAMES | extra, &code, &off,
                          NULL);
    if (!p->re) {
        pcre2_get_error_message(code, msg, sizeof msg);
        return ferr(c, key, "regex does not compile at offset %zu: %s",
                    (size_t)off, (const char *)msg);
    }
    /* JIT failure is not fatal: the interpreter gives the same results. */
    /* FAULTLINE_NO_JIT: for memory checkers, which cannot see into
     * JIT-generated code (results are identical, only slower). */
    if (!getenv("FAULTLINE_NO_JIT") &&
        pcre2_jit_compile(p->re, PCRE2_JIT_COMPLETE) == 0) {
        size_t jsz = 0;
        pcre2_pattern_info(p->re, PCRE2_INFO_JITSIZE, &jsz);
        p->jit = jsz > 0;
    }
    p->src = fl_xstrdup(src);
    map_groups(c->f, p);
    first_byte(p);
    literal_prefix(p, src);
    return FL_OK;
}

/* ---- JSON accessors ---------------------------------------------------- */

static int get_string(struct ctx *c, const cJSON *o, const char *key,
                      bool required, const char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    *out = NULL;
    if (!v) {
        if (required)
            return ferr(c, key, "missing (a string is required)");
        return FL_OK;
    }
    if (!cJSON_IsString(v))
        return ferr(c, key, "must be a string");
    *out = v->valuestring;
    return FL_OK;
}

static int compile_list(struct ctx *c, const cJSON *o, const char *key,
                        struct fl_pattern **out, size_t *n)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, key), *it;
    char k[96];
    size_t i = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if (!arr)
        return FL_OK;
    if (!cJSON_IsArray(arr))
        return ferr(c, key, "must be an array of regex strings");
    *out = fl_xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof **out);
    cJSON_ArrayForEach(it, arr) {
        snprintf(k, sizeof k, "%s[%zu]", key, i);
        if (!cJSON_IsString(it))
            return ferr(c, k, "must be a string");
        if ((rc = compile(c, k, it->valuestring, 0, &(*out)[i])) != FL_OK)
            return rc;
        *n = ++i;
    }
    return FL_OK;
}

static int compile_one(struct ctx *c, const cJSON *o, const char *key,
                       bool *has, struct fl_pattern *p)
{
    const char *s;
    int rc = get_string(c, o, key, false, &s);
    *has = false;
    if (rc != FL_OK || !s)
        return rc;
    if ((rc = compile(c, key, s, 0, p)) != FL_OK)
        return rc;
    *has = true;
    return FL_OK;
}

static int field_of(struct ctx *c, const cJSON *o, const char *key,
                    bool required, int *field)
{
    const char *s;
    int rc = get_string(c, o, key, required, &s);
    *field = -1;
    if (rc == FL_OK && s)
        *field = intern(c->f, s, strlen(s));
    return rc;
}

static int keymap(struct ctx *c, const cJSON *o, const char *key,
                  struct fl_keymap **out, size_t *n)
{
    const cJSON *it;
    size_t i = 0;

    *out = NULL;
    *n = 0;
    if (!cJSON_IsObject(o))
        return ferr(c, key, "must be an object of \"key\": \"field\"");
    *out = fl_xcalloc((size_t)cJSON_GetArraySize(o) + 1, sizeof **out);
    cJSON_ArrayForEach(it, o) {
        if (!cJSON_IsString(it))
            return ferr(c, key, "value of \"%s\" must be a field name",
                        it->string);
        (*out)[i].key = fl_xstrdup(it->string);
        (*out)[i].field = intern(c->f, it->valuestring,
                                 strlen(it->valuestring));
        *n = ++i;
    }
    return FL_OK;
}

/* ---- rules -------------------------------------------------------------- */

static int compile_cond(struct ctx *c, const cJSON *o, const char *key,
                        struct fl_cond *cond)
{
    const char *s, *sw;
    int rc;

    if (!cJSON_IsObject(o))
        return ferr(c, key, "must be an object with \"field\" and \"match\"");
    if ((rc = field_of(c, o, "field", false, &cond->field)) != FL_OK)
        return rc;
    if (cond->field < 0)
        cond->field = FL_F_MESSAGE;
    if ((rc = get_string(c, o, "match", true, &s)) != FL_OK)
        return ferr(c, key, "needs a \"match\" regex");
    if ((rc = compile(c, key, s, 0, &cond->pat)) != FL_OK)
        return rc;
    if ((rc = get_string(c, o, "starts_with", false, &sw)) != FL_OK)
        return rc;
    if (sw) {
        cond->starts_with = fl_xstrdup(sw);
        cond->starts_len = strlen(sw);
    }
    return FL_OK;
}

/* "error": true marks the rule's events as failures (ev.error). */
static int rule_error(struct ctx *c, const cJSON *o, const char *key,
                      struct fl_rule *r)
{
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "error");

    if (e && !cJSON_IsBool(e))
        return ferr(c, key, "\"error\" must be true or false");
    r->error = cJSON_IsTrue(e);
    return FL_OK;
}

static int rule_kind(struct ctx *c, const cJSON *o, const char *key,
                     struct fl_rule *r)
{
    static const char *const roles[] = { "complete", "statement", "duration",
                                         "phase" };
    const char *s;
    int rc;

    r->kind = -1;
    if ((rc = get_string(c, o, "kind", false, &s)) != FL_OK)
        return rc;
    if (s && (r->kind = fl_event_kind_parse(s)) < 0)
        return ferr(c, key, "unknown kind \"%s\"", s);
    if ((rc = get_string(c, o, "role", false, &s)) != FL_OK)
        return rc;
    r->role = FL_ROLE_COMPLETE;
    if (s) {
        size_t i;
        for (i = 0; i < 4 && strcmp(roles[i], s) != 0; i++)
            ;
        if (i == 4)
            return ferr(c, key, "unknown role \"%s\" (complete, statement, "
                        "duration, phase)", s);
        r->role = (int)i;
    }
    r->cont = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "continue"));
    if ((rc = rule_error(c, o, key, r)) != FL_OK)
        return rc;
    if (r->kind < 0 && !r->cont)
        return ferr(c, key, "needs \"kind\" or \"continue\": true");
    return FL_OK;
}

static int compile_rule(struct ctx *c, const cJSON *o, const char *key,
                        struct fl_rule *r)
{
    static const char *const known[] = { "field", "match", "starts_with",
                                         "and", "kind", "role", "continue",
                                         "error", "comment", NULL };
    const cJSON *it, *and;
    char k[256];
    int rc;

    if (!cJSON_IsObject(o))
        return ferr(c, key, "must be an object");
    cJSON_ArrayForEach(it, o) {
        size_t i;
        for (i = 0; known[i] && strcmp(known[i], it->string) != 0; i++)
            ;
        if (!known[i])
            return ferr(c, key, "unknown key \"%s\"", it->string);
    }
    if (cJSON_GetObjectItemCaseSensitive(o, "match")) {
        if ((rc = compile_cond(c, o, key, &r->cond)) != FL_OK)
            return rc;
        r->has_cond = true;
    }
    if ((and = cJSON_GetObjectItemCaseSensitive(o, "and"))) {
        snprintf(k, sizeof k, "%s.and", key);
        if ((rc = compile_cond(c, and, k, &r->and_cond)) != FL_OK)
            return rc;
        r->has_and = true;
    }
    return rule_kind(c, o, key, r);
}

static int compile_rules(struct ctx *c, const cJSON *arr, const char *what)
{
    const cJSON *it;
    char key[128];
    size_t i = 0;
    int rc;

    if (!cJSON_IsArray(arr))
        return ferr(c, "rules", "must be an array or a rule set name");
    c->f->rules = fl_xcalloc((size_t)cJSON_GetArraySize(arr) + 1,
                             sizeof *c->f->rules);
    cJSON_ArrayForEach(it, arr) {
        snprintf(key, sizeof key, "%srules[%zu]", what, i);
        if ((rc = compile_rule(c, it, key, &c->f->rules[i])) != FL_OK)
            return rc;
        c->f->nrules = ++i;
    }
    return FL_OK;
}

static const struct ruleset *find_ruleset(const struct fl_formats *set,
                                          const char *name)
{
    for (size_t i = 0; i < set->nrs; i++)
        if (strcmp(set->rs[i].name, name) == 0)
            return &set->rs[i];
    return NULL;
}

static int load_rules(struct ctx *c, const cJSON *root)
{
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(root, "rules");
    const struct ruleset *rs;
    cJSON *parsed;
    char what[160];
    int rc;

    if (!r)
        return FL_OK;
    if (!cJSON_IsString(r))
        return compile_rules(c, r, "");
    if (!(rs = find_ruleset(c->set, r->valuestring)))
        return ferr(c, "rules", "unknown rule set \"%s\"", r->valuestring);
    parsed = cJSON_Parse(rs->json);
    snprintf(what, sizeof what, "%s: ", rs->name);
    rc = compile_rules(c, parsed, what);
    cJSON_Delete(parsed);
    return rc;
}

/* ---- framing sections -------------------------------------------------- */

/* One element of "time": a field with a named style or a layout. */
static int load_timespec(struct ctx *c, const cJSON *it, const char *key,
                         struct fl_timespec *ts)
{
    const cJSON *fld = cJSON_GetObjectItemCaseSensitive(it, "field");
    const cJSON *sty = cJSON_GetObjectItemCaseSensitive(it, "style");
    const cJSON *lay = cJSON_GetObjectItemCaseSensitive(it, "layout");
    struct fl_err e;

    if (!cJSON_IsString(fld) || !sty == !lay ||
        (sty && !cJSON_IsString(sty)) || (lay && !cJSON_IsString(lay)))
        return ferr(c, key, "needs string \"field\" and either string "
                    "\"style\" or string \"layout\"");
    ts->field = intern(c->f, fld->valuestring, strlen(fld->valuestring));
    ts->style = -1;
    if (lay) {
        fl_err_clear(&e);
        if (fl_layout_compile(&ts->layout, lay->valuestring, &e) != FL_OK)
            return ferr(c, key, "%s", e.msg);
        return FL_OK;
    }
    ts->style = fl_time_style_parse(sty->valuestring);
    if (ts->style < 0)
        return ferr(c, key, "unknown style \"%s\" (iso, mysql, syslog, "
                    "epoch, epoch_ms; or give a \"layout\")",
                    sty->valuestring);
    return FL_OK;
}

static int load_times(struct ctx *c, const cJSON *root)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "time"), *it;
    struct fl_format *f = c->f;
    char key[64];

    if (!arr)
        return f->type == FL_FMT_RULES ? FL_OK
               : ferr(c, "time", "missing: say which field holds the time");
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > FL_FORMAT_MAX_TIMES)
        return ferr(c, "time", "must be an array of at most %d "
                    "{\"field\", \"style\" or \"layout\"} objects",
                    FL_FORMAT_MAX_TIMES);
    cJSON_ArrayForEach(it, arr) {
        int rc;
        snprintf(key, sizeof key, "time[%zu]", f->ntimes);
        rc = load_timespec(c, it, key, &f->times[f->ntimes]);
        f->ntimes++; /* counted even on failure: format_free frees it */
        if (rc != FL_OK)
            return rc;
    }
    f->time_inherit = cJSON_IsTrue(
        cJSON_GetObjectItemCaseSensitive(root, "time_inherit"));
    return FL_OK;
}

static int load_attach(struct ctx *c, const cJSON *root)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(root, "attach");
    int rc;

    c->f->attach_field = -1;
    if (!a)
        return FL_OK;
    if ((rc = field_of(c, a, "field", true, &c->f->attach_field)) != FL_OK)
        return ferr(c, "attach", "needs \"field\" and \"map\"");
    return keymap(c, cJSON_GetObjectItemCaseSensitive(a, "map"), "attach.map",
                  &c->f->attach, &c->f->nattach);
}

static int load_kv(struct ctx *c, const cJSON *root)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(root, "kv");
    int rc;

    c->f->kv_field = -1;
    if (!a)
        return FL_OK;
    if ((rc = field_of(c, a, "field", true, &c->f->kv_field)) != FL_OK)
        return ferr(c, "kv", "needs \"field\" and \"keys\"");
    return keymap(c, cJSON_GetObjectItemCaseSensitive(a, "keys"), "kv.keys",
                  &c->f->kv, &c->f->nkv);
}

static int load_line(struct ctx *c, const cJSON *root)
{
    struct fl_format *f = c->f;
    const char *s;
    int rc;

    if ((rc = compile_list(c, root, "patterns", &f->patterns,
                           &f->npatterns)) != FL_OK)
        return rc;
    if (!f->npatterns)
        return ferr(c, "patterns", "a line format needs at least one regex");
    if ((rc = compile_one(c, root, "continuation", &f->has_continuation,
                          &f->continuation)) != FL_OK)
        return rc;
    f->multiline = cJSON_IsTrue(
        cJSON_GetObjectItemCaseSensitive(root, "multiline"));
    if ((rc = field_of(c, root, "append", false, &f->append_field)) != FL_OK)
        return rc;
    if (f->append_field < 0)
        f->append_field = FL_F_MESSAGE;
    if ((rc = get_string(c, root, "unescape", false, &s)) != FL_OK)
        return rc;
    if (s && strcmp(s, "syslog") != 0)
        return ferr(c, "unescape", "only \"syslog\" is known");
    f->unescape_syslog = s != NULL;
    if ((rc = get_string(c, root, "prefix_pattern", false, &s)) != FL_OK)
        return rc;
    if (s)
        f->prefix_pattern = fl_xstrdup(s);
    if ((rc = load_attach(c, root)) != FL_OK)
        return rc;
    return load_kv(c, root);
}

/* record: "require" lists fields every record must have. */
static int load_require_fields(struct ctx *c, const cJSON *root)
{
    const cJSON *req = cJSON_GetObjectItemCaseSensitive(root, "require"), *it;
    struct fl_format *f = c->f;

    if (!req)
        return FL_OK;
    if (!cJSON_IsArray(req))
        return ferr(c, "require", "must be an array of field names");
    f->required = fl_xcalloc((size_t)cJSON_GetArraySize(req) + 1,
                             sizeof *f->required);
    cJSON_ArrayForEach(it, req) {
        if (!cJSON_IsString(it))
            return ferr(c, "require", "entries must be field names");
        f->required[f->nrequired++] = intern(f, it->valuestring,
                                             strlen(it->valuestring));
    }
    return FL_OK;
}

static int load_record(struct ctx *c, const cJSON *root)
{
    struct fl_format *f = c->f;
    const char *s;
    int rc;

    if ((rc = compile_one(c, root, "header", &f->has_header, &f->header)))
        return rc;
    if (!f->has_header)
        return ferr(c, "header", "a record format needs a header regex");
    if ((rc = compile_list(c, root, "patterns", &f->patterns,
                           &f->npatterns)) != FL_OK)
        return rc;
    if ((rc = compile_list(c, root, "body_patterns", &f->body_patterns,
                           &f->nbody)) != FL_OK)
        return rc;
    if ((rc = compile_one(c, root, "body_alone", &f->has_body_alone,
                          &f->body_alone)) != FL_OK)
        return rc;
    if ((rc = field_of(c, root, "body", true, &f->body_field)) != FL_OK)
        return rc;
    if ((rc = get_string(c, root, "body_trim", false, &s)) != FL_OK)
        return rc;
    f->body_trim = fl_xstrdup(s ? s : "");
    return load_require_fields(c, root);
}

static int load_csv(struct ctx *c, const cJSON *root)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "columns"), *it;
    const cJSON *mc = cJSON_GetObjectItemCaseSensitive(root, "min_columns");
    struct fl_format *f = c->f;

    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0)
        return ferr(c, "columns", "a csv format needs a non-empty array of "
                    "column field names");
    f->columns = fl_xcalloc((size_t)cJSON_GetArraySize(arr),
                            sizeof *f->columns);
    cJSON_ArrayForEach(it, arr) {
        if (!cJSON_IsString(it))
            return ferr(c, "columns", "entries must be field names");
        f->columns[f->ncolumns++] = intern(f, it->valuestring,
                                           strlen(it->valuestring));
    }
    f->min_columns = f->ncolumns;
    if (mc && (!cJSON_IsNumber(mc) || mc->valuedouble < 1 ||
               mc->valuedouble > (double)f->ncolumns))
        return ferr(c, "min_columns", "must be a number from 1 to %zu",
                    f->ncolumns);
    if (mc)
        f->min_columns = (size_t)mc->valuedouble;
    return FL_OK;
}

static int load_json(struct ctx *c, const cJSON *root)
{
    const cJSON *req = cJSON_GetObjectItemCaseSensitive(root, "require"), *it;
    struct fl_format *f = c->f;
    int rc;

    rc = keymap(c, cJSON_GetObjectItemCaseSensitive(root, "keys"), "keys",
                &f->keys, &f->nkeys);
    if (rc != FL_OK)
        return rc;
    if (!f->nkeys)
        return ferr(c, "keys", "a json format must map at least one key");
    if (req && !cJSON_IsArray(req))
        return ferr(c, "require", "must be an array of key paths");
    f->require = fl_xcalloc((size_t)cJSON_GetArraySize(req) + 1,
                            sizeof *f->require);
    cJSON_ArrayForEach(it, req) {
        if (!cJSON_IsString(it))
            return ferr(c, "require", "entries must be key paths");
        f->require[f->nrequire++] = fl_xstrdup(it->valuestring);
    }
    return FL_OK;
}

/* Every key a definition may use; anything else is a typo worth an error. */
static int check_keys(struct ctx *c, const cJSON *root)
{
    static const char *const known[] = {
        "name", "type", "description", "priority", "patterns",
        "prefix_pattern", "continuation", "multiline", "append", "unescape",
        "attach", "kv", "header", "body", "body_patterns", "body_alone",
        "body_trim", "ignore", "columns", "min_columns", "match", "keys",
        "require", "time", "time_inherit", "rules", "samples", "comment",
        "domain", NULL
    };
    const cJSON *it;

    cJSON_ArrayForEach(it, root) {
        size_t i;
        for (i = 0; known[i] && strcmp(known[i], it->string) != 0; i++)
            ;
        if (!known[i])
            return ferr(c, it->string, "unknown key (see faultline-formats(5))");
    }
    return FL_OK;
}

/* "domain": the name of the normaliser of the format's events ("sql").
 * Only its spelling is checked here; the driver resolves it. */
static int load_domain(struct ctx *c, const cJSON *root)
{
    const char *s;
    int rc = get_string(c, root, "domain", false, &s);

    if (rc != FL_OK || !s)
        return rc;
    if (!*s || strlen(s) > 32 || strspn(s, "abcdefghijklmnopqrstuvwxyz"
                                        "0123456789_-") != strlen(s))
        return ferr(c, "domain", "must be 1-32 characters a-z, 0-9, _ or -");
    c->f->domain = fl_xstrdup(s);
    return FL_OK;
}

/* Standard fields the parser reads itself (times, scaled durations and lock
 * times, the MySQL command, the syslog segment): never attributes. */
static bool parser_field(int id)
{
    switch (id) {
    case FL_F_TIME: case FL_F_TIME_MYSQL: case FL_F_EPOCH: case FL_F_COMMAND:
    case FL_F_DURATION_MS: case FL_F_DURATION_S: case FL_F_DURATION_US:
    case FL_F_LOCK_S: case FL_F_LOCK_MS: case FL_F_LOCK_US: case FL_F_SEG:
        return true;
    default:
        return false;
    }
}

/* A field the definition reads for its own structure (a time, the
 * key=value list, the attach selector, a record's required header) is not
 * an attribute, but it keeps
 * its event field if it has one (the attach selector "severity"). */
static void structural(struct fl_format *f, int id)
{
    if (id >= 0 && f->field_event[id] == FL_FIELD_ATTR)
        f->field_event[id] = FL_FIELD_PARSER;
}

/* Where each field of f goes in an event: an event field of the same name,
 * the parser itself (above), or an attribute. */
static void map_fields(struct fl_format *f)
{
    f->field_event = fl_xmalloc((f->nfields + 1) * sizeof *f->field_event);
    for (size_t i = 0; i < f->nfields; i++) {
        int ev = fl_event_field_find(f->fields[i]);
        f->field_event[i] = parser_field((int)i) ? FL_FIELD_PARSER
                            : ev >= 0 ? ev : FL_FIELD_ATTR;
    }
    for (size_t i = 0; i < f->ntimes; i++)
        structural(f, f->times[i].field);
    structural(f, f->kv_field);
    structural(f, f->attach_field);
    for (size_t i = 0; i < f->nrequired; i++)
        structural(f, f->required[i]);
}

static int load_common(struct ctx *c, const cJSON *root)
{
    const cJSON *pr, *m;
    int rc;

    pr = cJSON_GetObjectItemCaseSensitive(root, "priority");
    if (pr && !cJSON_IsNumber(pr))
        return ferr(c, "priority", "must be a number");
    c->f->priority = pr ? (int)pr->valuedouble : 0;
    if ((rc = compile_list(c, root, "ignore", &c->f->ignore,
                           &c->f->nignore)) != FL_OK)
        return rc;
    if ((m = cJSON_GetObjectItemCaseSensitive(root, "match"))) {
        if ((rc = compile_cond(c, m, "match", &c->f->match)) != FL_OK)
            return rc;
        c->f->has_match = true;
    }
    if ((rc = load_times(c, root)) != FL_OK)
        return rc;
    if ((rc = load_domain(c, root)) != FL_OK)
        return rc;
    return load_rules(c, root);
}

static int parse_type(struct ctx *c, const cJSON *root)
{
    const char *s;
    int rc = get_string(c, root, "type", true, &s);

    if (rc != FL_OK)
        return rc;
    for (int t = 0; t <= FL_FMT_RULES; t++)
        if (strcmp(s, fl_format_type_name(t)) == 0) {
            c->f->type = t;
            return FL_OK;
        }
    return ferr(c, "type", "unknown type \"%s\" (line, record, csv, json, "
                "rules)", s);
}

static void rule_cleanup(struct fl_rule *r)
{
    pattern_cleanup(&r->cond.pat);
    free(r->cond.starts_with);
    pattern_cleanup(&r->and_cond.pat);
    free(r->and_cond.starts_with);
}

static void patterns_free(struct fl_pattern *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pattern_cleanup(&p[i]);
    free(p);
}

static void keymap_free(struct fl_keymap *m, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(m[i].key);
    free(m);
}

static void format_free(struct fl_format *f)
{
    if (!f)
        return;
    free(f->name);
    free(f->description);
    free(f->source);
    free(f->domain);
    free(f->field_event);
    for (size_t i = 0; i < f->nfields; i++)
        free(f->fields[i]);
    free(f->fields);
    patterns_free(f->patterns, f->npatterns);
    pattern_cleanup(&f->continuation);
    keymap_free(f->attach, f->nattach);
    keymap_free(f->kv, f->nkv);
    pattern_cleanup(&f->header);
    patterns_free(f->body_patterns, f->nbody);
    pattern_cleanup(&f->body_alone);
    free(f->body_trim);
    patterns_free(f->ignore, f->nignore);
    free(f->columns);
    pattern_cleanup(&f->match.pat);
    free(f->match.starts_with);
    keymap_free(f->keys, f->nkeys);
    for (size_t i = 0; i < f->nrequire; i++)
        free(f->require[i]);
    free(f->require);
    free(f->required);
    for (size_t i = 0; i < f->nrules; i++)
        rule_cleanup(&f->rules[i]);
    free(f->rules);
    for (size_t i = 0; i < f->ntimes; i++)
        fl_layout_free(f->times[i].layout);
    free(f->samples_json);
    free(f->prefix_pattern);
    free(f->json);
    free(f);
}

static struct fl_format *format_new(const char *name, const char *source)
{
    struct fl_format *f = fl_xcalloc(1, sizeof *f);

    f->name = fl_xstrdup(name);
    f->source = fl_xstrdup(source);
    for (int i = 0; i < FL_F__STD_COUNT; i++)
        intern(f, std_fields[i], strlen(std_fields[i]));
    f->attach_field = f->kv_field = f->body_field = -1;
    f->append_field = FL_F_MESSAGE;
    return f;
}

static int load_body(struct ctx *c, const cJSON *root)
{
    const char *desc;
    const cJSON *samples;
    int rc;

    if ((rc = check_keys(c, root)) != FL_OK)
        return rc;
    if ((rc = parse_type(c, root)) != FL_OK)
        return rc;
    if ((rc = get_string(c, root, "description", false, &desc)) != FL_OK)
        return rc;
    c->f->description = fl_xstrdup(desc ? desc : "");
    switch (c->f->type) {
    case FL_FMT_LINE: rc = load_line(c, root); break;
    case FL_FMT_RECORD: rc = load_record(c, root); break;
    case FL_FMT_CSV: rc = load_csv(c, root); break;
    case FL_FMT_JSON: rc = load_json(c, root); break;
    default: rc = FL_OK; break;
    }
    if (rc != FL_OK)
        return rc;
    if ((rc = load_common(c, root)) != FL_OK)
        return rc;
    samples = cJSON_GetObjectItemCaseSensitive(root, "samples");
    if (c->f->type != FL_FMT_RULES && !cJSON_IsArray(samples))
        return ferr(c, "samples", "missing: every format carries sample "
                    "lines that are checked when it loads");
    if (samples)
        c->f->samples_json = cJSON_PrintUnformatted(samples);
    map_fields(c->f);
    c->f->json = cJSON_PrintUnformatted(root);
    return FL_OK;
}

static void set_push(struct fl_formats *set, struct fl_format *f)
{
    set->v = fl_xgrow(set->v, &set->cap, set->n + 1, sizeof *set->v);
    set->v[set->n++] = f;
}

static int set_index(const struct fl_formats *set, const char *name)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->v[i]->name, name) == 0)
            return (int)i;
    return -1;
}

static int add_ruleset(struct ctx *c, const cJSON *root, const char *name)
{
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(root, "rules");
    struct fl_formats *set = c->set;
    int rc;

    if (find_ruleset(set, name))
        return FL_OK;
    if (!cJSON_IsArray(r))
        return ferr(c, "rules", "a rule set needs a \"rules\" array");
    /* Compile once here so a broken rule set is reported against its own
     * file, not against every format that uses it. */
    c->f = format_new(name, c->source);
    rc = compile_rules(c, r, "");
    format_free(c->f);
    c->f = NULL;
    if (rc != FL_OK)
        return rc;
    set->rs = fl_xgrow(set->rs, &set->caprs, set->nrs + 1, sizeof *set->rs);
    set->rs[set->nrs].name = fl_xstrdup(name);
    set->rs[set->nrs].json = cJSON_PrintUnformatted(r);
    set->nrs++;
    return FL_OK;
}

static int add_parsed(struct fl_formats *set, const cJSON *root,
                      const char *source, bool replace, struct fl_err *err)
{
    struct ctx c = { set, NULL, source, err };
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(root, "type");
    const char *name;
    int rc, at;

    if (!cJSON_IsObject(root))
        return fl_err_set(err, FL_ERR_FORMAT, source, 0, UINT64_MAX,
                          "a format definition must be a JSON object");
    if ((rc = get_string(&c, root, "name", true, &name)) != FL_OK)
        return rc;
    if (!*name || strlen(name) > 64 || strpbrk(name, " \t\n/"))
        return ferr(&c, "name", "must be 1-64 characters without spaces "
                    "or slashes");
    if (cJSON_IsString(type) && strcmp(type->valuestring, "rules") == 0)
        return add_ruleset(&c, root, name);
    at = set_index(set, name);
    if (at >= 0 && !replace)
        return FL_OK;
    c.f = format_new(name, source);
    if ((rc = load_body(&c, root)) != FL_OK) {
        format_free(c.f);
        return rc;
    }
    if (at >= 0) {
        format_free(set->v[at]);
        set->v[at] = c.f;
    } else {
        set_push(set, c.f);
    }
    return FL_OK;
}

static int parse_json(const char *json, const char *source, cJSON **out,
                      struct fl_err *err)
{
    const char *ep;

    *out = cJSON_ParseWithOpts(json, &ep, 1);
    if (*out)
        return FL_OK;
    ep = cJSON_GetErrorPtr();
    return fl_err_set(err, FL_ERR_FORMAT, source, 0,
                      ep ? (uint64_t)(ep - json) : UINT64_MAX,
                      "invalid JSON%s%.40s%s", ep ? " near \"" : "",
                      ep ? ep : "", ep ? "\"" : "");
}

int fl_formats_add_json(struct fl_formats *set, const char *json,
                        const char *source, bool replace, struct fl_err *err)
{
    cJSON *root;
    int rc = parse_json(json, source, &root, err);

    if (rc != FL_OK)
        return rc;
    rc = add_parsed(set, root, source, replace, err);
    cJSON_Delete(root);
    return rc;
}

/* ---- loading from directories ----------------------------------------- */

/* One definition read but not yet added (rule sets go first). */
struct pending {
    cJSON *root;
    char *source;
};

static int read_file(const char *path, struct fl_buf *b, struct fl_err *err)
{
    FILE *fp = fopen(path, "rb");
    char chunk[65536];
    size_t n;

    if (!fp)
        return fl_err_set(err, FL_ERR_IO, path, 0, UINT64_MAX, "%s",
                          strerror(errno));
    fl_buf_reset(b);
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        fl_buf_add(b, chunk, n);
        if (b->len > (4u << 20)) {
            fclose(fp);
            return fl_err_set(err, FL_ERR_FORMAT, path, 0, UINT64_MAX,
                              "format file larger than 4 MiB");
        }
    }
    fclose(fp);
    fl_buf_addc(b, '\0');
    return FL_OK;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* List *.json in dir, sorted; a missing directory is not an error unless
 * required. */
static int list_dir(const char *dir, bool required, char ***names, size_t *n,
                    struct fl_err *err)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    size_t cap = 0;

    *names = NULL;
    *n = 0;
    if (!d)
        return required ? fl_err_set(err, FL_ERR_IO, dir, 0, UINT64_MAX,
                                     "cannot open format directory: %s",
                                     strerror(errno))
                        : FL_OK;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0 ||
            de->d_name[0] == '.')
            continue;
        *names = fl_xgrow(*names, &cap, *n + 1, sizeof **names);
        (*names)[(*n)++] = fl_xstrdup(de->d_name);
    }
    closedir(d);
    if (*n)
        qsort(*names, *n, sizeof **names, name_cmp);
    return FL_OK;
}

static int collect_dir(const char *dir, bool required, struct pending **pv,
                       size_t *np, size_t *cap, struct fl_err *err)
{
    char **names;
    size_t n;
    struct fl_buf b, path;
    int rc = list_dir(dir, required, &names, &n, err);

    fl_buf_init(&b);
    fl_buf_init(&path);
    for (size_t i = 0; i < n && rc == FL_OK; i++) {
        cJSON *root;
        fl_buf_reset(&path);
        fl_buf_printf(&path, "%s/%s", dir, names[i]);
        rc = read_file(path.p, &b, err);
        if (rc == FL_OK)
            rc = parse_json(b.p, path.p, &root, err);
        if (rc == FL_OK) {
            *pv = fl_xgrow(*pv, cap, *np + 1, sizeof **pv);
            (*pv)[*np].root = root;
            (*pv)[(*np)++].source = fl_xstrdup(path.p);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    fl_buf_cleanup(&b);
    fl_buf_cleanup(&path);
    return rc;
}

static int collect_builtin(struct pending **pv, size_t *np, size_t *cap,
                           struct fl_err *err)
{
    char src[128];
    int rc = FL_OK;

    for (size_t i = 0; fl_format_builtins[i].name && rc == FL_OK; i++) {
        cJSON *root;
        snprintf(src, sizeof src, "builtin:%s", fl_format_builtins[i].name);
        rc = parse_json(fl_format_builtins[i].json, src, &root, err);
        if (rc == FL_OK) {
            *pv = fl_xgrow(*pv, cap, *np + 1, sizeof **pv);
            (*pv)[*np].root = root;
            (*pv)[(*np)++].source = fl_xstrdup(src);
        }
    }
    return rc;
}

static bool is_rules(const cJSON *root)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "type");
    return cJSON_IsString(t) && strcmp(t->valuestring, "rules") == 0;
}

/* Add rule sets first (in precedence order), then formats. */
static int add_all(struct fl_formats *set, struct pending *pv, size_t np,
                   struct fl_err *err)
{
    int rc = FL_OK;

    for (int pass = 0; pass < 2 && rc == FL_OK; pass++)
        for (size_t i = 0; i < np && rc == FL_OK; i++)
            if (is_rules(pv[i].root) == (pass == 0))
                rc = add_parsed(set, pv[i].root, pv[i].source, false, err);
    return rc;
}

int fl_formats_load(struct fl_formats **out, const struct fl_format_opts *o,
                    struct fl_err *err)
{
    struct fl_formats *set = fl_formats_new();
    struct pending *pv = NULL;
    size_t np = 0, cap = 0;
    int rc = FL_OK;

    *out = NULL;
    for (size_t i = 0; i < o->ndirs && rc == FL_OK; i++)
        rc = collect_dir(o->dirs[i], true, &pv, &np, &cap, err);
    if (rc == FL_OK && o->user_dir)
        rc = collect_dir(o->user_dir, false, &pv, &np, &cap, err);
    if (rc == FL_OK && o->system_dir)
        rc = collect_dir(o->system_dir, false, &pv, &np, &cap, err);
    if (rc == FL_OK && o->builtin)
        rc = collect_builtin(&pv, &np, &cap, err);
    if (rc == FL_OK)
        rc = add_all(set, pv, np, err);
    for (size_t i = 0; i < np; i++) {
        cJSON_Delete(pv[i].root);
        free(pv[i].source);
    }
    free(pv);
    if (rc != FL_OK) {
        fl_formats_free(set);
        return rc;
    }
    *out = set;
    return FL_OK;
}

struct fl_formats *fl_formats_new(void)
{
    return fl_xcalloc(1, sizeof(struct fl_formats));
}

void fl_formats_free(struct fl_formats *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++)
        format_free(set->v[i]);
    free(set->v);
    for (size_t i = 0; i < set->nrs; i++) {
        free(set->rs[i].name);
        free(set->rs[i].json);
    }
    free(set->rs);
    free(set);
}

size_t fl_formats_count(const struct fl_formats *set)
{
    return set->n;
}

const struct fl_format *fl_formats_get(const struct fl_formats *set,
                                       size_t i)
{
    return i < set->n ? set->v[i] : NULL;
}

const struct fl_format *fl_formats_find(const struct fl_formats *set,
                                        const char *name)
{
    int i = set_index(set, name);
    return i >= 0 ? set->v[i] : NULL;
}

/* ---- --prefix ------------------------------------------------------------ */

/* Replace "{prefix}" in tmpl by the prefix regex. */
static void expand_template(const char *tmpl, const char *re,
                            struct fl_buf *out)
{
    const char *at = strstr(tmpl, "{prefix}");
    if (!at) {
        fl_buf_adds(out, tmpl);
        return;
    }
    fl_buf_add(out, tmpl, (size_t)(at - tmpl));
    fl_buf_adds(out, re);
    fl_buf_adds(out, at + 8);
}

static cJSON *prefix_definition(const struct fl_format *base,
                                const char *pattern, const char *prefix,
                                int style)
{
    cJSON *root = cJSON_Parse(base->json);

    if (!root)
        return NULL;
    cJSON_ReplaceItemInObjectCaseSensitive(root, "name",
        cJSON_CreateString("postgresql-prefix"));
    cJSON_ReplaceItemInObjectCaseSensitive(root, "priority",
        cJSON_CreateNumber(50));
    cJSON_DeleteItemFromObjectCaseSensitive(root, "prefix_pattern");
    cJSON_DeleteItemFromObjectCaseSensitive(root, "samples");
    cJSON_AddItemToObject(root, "samples", cJSON_CreateArray());
    {
        cJSON *arr = cJSON_CreateArray();
        cJSON_AddItemToArray(arr, cJSON_CreateString(pattern));
        cJSON_ReplaceItemInObjectCaseSensitive(root, "patterns", arr);
        arr = cJSON_CreateArray();
        if (style >= 0) { /* a prefix without %m/%t/%n has no time */
            cJSON *t = cJSON_CreateObject();
            cJSON_AddStringToObject(t, "field", "time");
            cJSON_AddStringToObject(t, "style", fl_time_style_name(style));
            cJSON_AddItemToArray(arr, t);
        }
        cJSON_ReplaceItemInObjectCaseSensitive(root, "time", arr);
    }
    {
        char desc[512];
        snprintf(desc, sizeof desc, "PostgreSQL stderr log with "
                 "log_line_prefix '%s' (from --prefix)", prefix);
        cJSON_ReplaceItemInObjectCaseSensitive(root, "description",
                                               cJSON_CreateString(desc));
    }
    return root;
}

int fl_formats_add_prefix(struct fl_formats *set, const char *prefix,
                          struct fl_err *err)
{
    const struct fl_format *base = fl_formats_find(set, "postgresql-stderr");
    struct fl_buf re, pat;
    int style = FL_TIME_ISO, rc;
    cJSON *root;

    if (!base || !base->prefix_pattern)
        return fl_err_set(err, FL_ERR_FORMAT, NULL, 0, UINT64_MAX,
                          "--prefix needs the postgresql-stderr format with "
                          "a prefix_pattern");
    fl_buf_init(&re);
    fl_buf_init(&pat);
    rc = fl_prefix_to_regex(prefix, &re, &style, err);
    if (rc == FL_OK) {
        expand_template(base->prefix_pattern, re.p ? re.p : "", &pat);
        root = prefix_definition(base, pat.p, prefix, style);
        rc = root ? add_parsed(set, root, "--prefix", true, err)
                  : fl_err_set(err, FL_ERR_FORMAT, "--prefix", 0, UINT64_MAX,
                               "cannot rebuild postgresql-stderr");
        cJSON_Delete(root);
    }
    fl_buf_cleanup(&re);
    fl_buf_cleanup(&pat);
    return rc;
}
