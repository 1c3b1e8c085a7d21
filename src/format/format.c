/* format.c - load and validate one log format definition as a whole.
 *
 * A definition is a JSON object (schema in faultline-formats(5)).  Loading
 * is strict: an unknown key, a wrong type or a regex that does not
 * compile is an error naming the file and the key (and for regexes PCRE2's
 * message and offset).  This file checks the keys (known[] below, the list
 * tests/e2e_man.sh holds against the man page), the name, type,
 * description, priority, domain and samples, and hands the rest to the
 * other modules of the stage (fl_format_int.h): framing.c for the
 * type-specific keys, regex.c, fields.c, rules.c and timespec.c.
 * Invariants: a format is added to the set only when every key loaded;
 * once added it is immutable.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "format/fl_format.h"
#include "format/fl_format_int.h"
#include "time/fl_layout.h"
#include "base/fl_xalloc.h"

int fl_format_err(struct fl_format_ctx *c, const char *key, const char *fmt,
                  ...)
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

int fl_format_get_string(struct fl_format_ctx *c, const cJSON *o,
                         const char *key, bool required, const char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    *out = NULL;
    if (!v) {
        if (required)
            return fl_format_err(c, key, "missing (a string is required)");
        return FL_OK;
    }
    if (!cJSON_IsString(v))
        return fl_format_err(c, key, "must be a string");
    *out = v->valuestring;
    return FL_OK;
}

/* Every key a definition may use; anything else is a typo worth an error. */
static int check_keys(struct fl_format_ctx *c, const cJSON *root)
{
    static const char *const known[] = {
        "name", "type", "description", "priority", "patterns",
        "prefix_pattern", "continuation", "multiline", "append", "unescape",
        "attach", "kv", "header", "body", "body_patterns", "body_alone",
        "body_trim", "ignore", "columns", "min_columns", "match", "keys",
        "require", "time", "time_inherit", "rules", "samples", "comment",
        "domain", "time_at", NULL
    };
    const cJSON *it;

    cJSON_ArrayForEach(it, root) {
        size_t i;
        for (i = 0; known[i] && strcmp(known[i], it->string) != 0; i++)
            ;
        if (!known[i])
            return fl_format_err(c, it->string,
                                 "unknown key (see faultline-formats(5))");
    }
    return FL_OK;
}

/* "domain": the name of the normaliser of the format's events ("sql").
 * Only its spelling is checked here; the driver resolves it. */
static int load_domain(struct fl_format_ctx *c, const cJSON *root)
{
    const char *s;
    int rc = fl_format_get_string(c, root, "domain", false, &s);

    if (rc != FL_OK || !s)
        return rc;
    if (!*s || strlen(s) > 32 || strspn(s, "abcdefghijklmnopqrstuvwxyz"
                                        "0123456789_-") != strlen(s))
        return fl_format_err(c, "domain",
                             "must be 1-32 characters a-z, 0-9, _ or -");
    c->f->domain = fl_xstrdup(s);
    return FL_OK;
}

/* "time_at": "start" or "end" (the default): whether a request's log time
 * is when it started or when it ended. */
static int load_time_at(struct fl_format_ctx *c, const cJSON *root)
{
    const char *s;
    int rc = fl_format_get_string(c, root, "time_at", false, &s);

    if (rc != FL_OK || !s)
        return rc;
    if (strcmp(s, "start") != 0 && strcmp(s, "end") != 0)
        return fl_format_err(c, "time_at", "must be \"start\" or \"end\"");
    c->f->time_at_start = strcmp(s, "start") == 0;
    return FL_OK;
}

static int parse_type(struct fl_format_ctx *c, const cJSON *root)
{
    const char *s;
    int rc = fl_format_get_string(c, root, "type", true, &s);

    if (rc != FL_OK)
        return rc;
    for (int t = 0; t <= FL_FMT_RULES; t++)
        if (strcmp(s, fl_format_type_name(t)) == 0) {
            c->f->type = t;
            return FL_OK;
        }
    return fl_format_err(c, "type",
                         "unknown type \"%s\" (line, record, csv, json, "
                         "rules)", s);
}

static int load_common(struct fl_format_ctx *c, const cJSON *root)
{
    const cJSON *pr, *m;
    int rc;

    pr = cJSON_GetObjectItemCaseSensitive(root, "priority");
    if (pr && !cJSON_IsNumber(pr))
        return fl_format_err(c, "priority", "must be a number");
    c->f->priority = pr ? (int)pr->valuedouble : 0;
    if ((rc = fl_regex_compile_list(c, root, "ignore", &c->f->ignore,
                                    &c->f->nignore)) != FL_OK)
        return rc;
    if ((m = cJSON_GetObjectItemCaseSensitive(root, "match"))) {
        if ((rc = fl_rules_cond(c, m, "match", &c->f->match)) != FL_OK)
            return rc;
        c->f->has_match = true;
    }
    if ((rc = fl_timespec_load(c, root)) != FL_OK)
        return rc;
    if ((rc = load_domain(c, root)) != FL_OK)
        return rc;
    if ((rc = load_time_at(c, root)) != FL_OK)
        return rc;
    return fl_rules_load(c, root);
}

struct fl_format *fl_format_new(const char *name, const char *source)
{
    struct fl_format *f = fl_xcalloc(1, sizeof *f);

    f->name = fl_xstrdup(name);
    f->source = fl_xstrdup(source);
    fl_fields_init(f);
    f->attach_field = f->kv_field = f->body_field = -1;
    f->append_field = FL_F_MESSAGE;
    return f;
}

void fl_format_free(struct fl_format *f)
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
    fl_regex_free_array(f->patterns, f->npatterns);
    fl_regex_cleanup(&f->continuation);
    fl_fields_keymap_free(f->attach, f->nattach);
    fl_fields_keymap_free(f->kv, f->nkv);
    fl_regex_cleanup(&f->header);
    fl_regex_free_array(f->body_patterns, f->nbody);
    fl_regex_cleanup(&f->body_alone);
    free(f->body_trim);
    fl_regex_free_array(f->ignore, f->nignore);
    free(f->columns);
    fl_regex_cleanup(&f->match.pat);
    free(f->match.starts_with);
    fl_fields_keymap_free(f->keys, f->nkeys);
    for (size_t i = 0; i < f->nrequire; i++)
        free(f->require[i]);
    free(f->require);
    free(f->required);
    for (size_t i = 0; i < f->nrules; i++)
        fl_rules_cleanup(&f->rules[i]);
    free(f->rules);
    for (size_t i = 0; i < f->ntimes; i++)
        fl_layout_free(f->times[i].layout);
    free(f->samples_json);
    free(f->prefix_pattern);
    free(f->json);
    free(f);
}

static int load_body(struct fl_format_ctx *c, const cJSON *root)
{
    const char *desc;
    const cJSON *samples;
    int rc;

    if ((rc = check_keys(c, root)) != FL_OK)
        return rc;
    if ((rc = parse_type(c, root)) != FL_OK)
        return rc;
    if ((rc = fl_format_get_string(c, root, "description", false,
                                   &desc)) != FL_OK)
        return rc;
    c->f->description = fl_xstrdup(desc ? desc : "");
    if ((rc = fl_framing_load(c, root)) != FL_OK)
        return rc;
    if ((rc = load_common(c, root)) != FL_OK)
        return rc;
    samples = cJSON_GetObjectItemCaseSensitive(root, "samples");
    if (c->f->type != FL_FMT_RULES && !cJSON_IsArray(samples))
        return fl_format_err(c, "samples",
                             "missing: every format carries sample "
                             "lines that are checked when it loads");
    if (samples)
        c->f->samples_json = cJSON_PrintUnformatted(samples);
    fl_fields_map_events(c->f);
    c->f->json = cJSON_PrintUnformatted(root);
    return FL_OK;
}

int fl_format_add_parsed(struct fl_formats *set, const cJSON *root,
                         const char *source, bool replace, struct fl_err *err)
{
    struct fl_format_ctx c = { set, NULL, source, err };
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(root, "type");
    const char *name;
    int rc, at;

    if (!cJSON_IsObject(root))
        return fl_err_set(err, FL_ERR_FORMAT, source, 0, UINT64_MAX,
                          "a format definition must be a JSON object");
    if ((rc = fl_format_get_string(&c, root, "name", true, &name)) != FL_OK)
        return rc;
    if (!*name || strlen(name) > 64 || strpbrk(name, " \t\n/"))
        return fl_format_err(&c, "name",
                             "must be 1-64 characters without spaces "
                             "or slashes");
    if (cJSON_IsString(type) && strcmp(type->valuestring, "rules") == 0)
        return fl_rules_add_set(&c, root, name);
    at = fl_formats_index(set, name);
    if (at >= 0 && !replace)
        return FL_OK;
    c.f = fl_format_new(name, source);
    if ((rc = load_body(&c, root)) != FL_OK) {
        fl_format_free(c.f);
        return rc;
    }
    if (at >= 0) {
        fl_format_free(set->v[at]);
        set->v[at] = c.f;
    } else {
        fl_formats_push(set, c.f);
    }
    return FL_OK;
}

int fl_format_parse_json(const char *json, const char *source, cJSON **out,
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
    int rc = fl_format_parse_json(json, source, &root, err);

    if (rc != FL_OK)
        return rc;
    rc = fl_format_add_parsed(set, root, source, replace, err);
    cJSON_Delete(root);
    return rc;
}
