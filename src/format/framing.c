/* framing.c - the keys of each framing type (line, record, csv, json).
 *
 * How a file's lines become entries depends on the definition's "type";
 * each loader here reads the keys of one type and checks what that type
 * requires (a line format needs patterns, a record format a header, a csv
 * format columns, a json format keys).  Invariants: the keys were already
 * checked against the known list (format.c), so an absent key takes its
 * default; field names are interned in the format being loaded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "format/fl_format.h"
#include "format/fl_format_int.h"
#include "base/fl_xalloc.h"

static int load_attach(struct fl_format_ctx *c, const cJSON *root)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(root, "attach");
    int rc;

    c->f->attach_field = -1;
    if (!a)
        return FL_OK;
    if ((rc = fl_fields_get(c, a, "field", true,
                            &c->f->attach_field)) != FL_OK)
        return fl_format_err(c, "attach", "needs \"field\" and \"map\"");
    return fl_fields_keymap(c, cJSON_GetObjectItemCaseSensitive(a, "map"),
                            "attach.map", &c->f->attach, &c->f->nattach);
}

static int load_kv(struct fl_format_ctx *c, const cJSON *root)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(root, "kv");
    int rc;

    c->f->kv_field = -1;
    if (!a)
        return FL_OK;
    if ((rc = fl_fields_get(c, a, "field", true, &c->f->kv_field)) != FL_OK)
        return fl_format_err(c, "kv", "needs \"field\" and \"keys\"");
    return fl_fields_keymap(c, cJSON_GetObjectItemCaseSensitive(a, "keys"),
                            "kv.keys", &c->f->kv, &c->f->nkv);
}

static int load_line(struct fl_format_ctx *c, const cJSON *root)
{
    struct fl_format *f = c->f;
    const char *s;
    int rc;

    if ((rc = fl_regex_compile_list(c, root, "patterns", &f->patterns,
                                    &f->npatterns)) != FL_OK)
        return rc;
    if (!f->npatterns)
        return fl_format_err(c, "patterns",
                             "a line format needs at least one regex");
    if ((rc = fl_regex_compile_one(c, root, "continuation",
                                   &f->has_continuation,
                                   &f->continuation)) != FL_OK)
        return rc;
    f->multiline = cJSON_IsTrue(
        cJSON_GetObjectItemCaseSensitive(root, "multiline"));
    if ((rc = fl_fields_get(c, root, "append", false,
                            &f->append_field)) != FL_OK)
        return rc;
    if (f->append_field < 0)
        f->append_field = FL_F_MESSAGE;
    if ((rc = fl_format_get_string(c, root, "unescape", false, &s)) != FL_OK)
        return rc;
    if (s && strcmp(s, "syslog") != 0)
        return fl_format_err(c, "unescape", "only \"syslog\" is known");
    f->unescape_syslog = s != NULL;
    if ((rc = fl_format_get_string(c, root, "prefix_pattern", false,
                                   &s)) != FL_OK)
        return rc;
    if (s)
        f->prefix_pattern = fl_xstrdup(s);
    if ((rc = load_attach(c, root)) != FL_OK)
        return rc;
    return load_kv(c, root);
}

/* record: "require" lists fields every record must have. */
static int load_require_fields(struct fl_format_ctx *c, const cJSON *root)
{
    const cJSON *req = cJSON_GetObjectItemCaseSensitive(root, "require"), *it;
    struct fl_format *f = c->f;

    if (!req)
        return FL_OK;
    if (!cJSON_IsArray(req))
        return fl_format_err(c, "require", "must be an array of field names");
    f->required = fl_xcalloc((size_t)cJSON_GetArraySize(req) + 1,
                             sizeof *f->required);
    cJSON_ArrayForEach(it, req) {
        if (!cJSON_IsString(it))
            return fl_format_err(c, "require", "entries must be field names");
        f->required[f->nrequired++] =
            fl_fields_intern(f, it->valuestring, strlen(it->valuestring));
    }
    return FL_OK;
}

static int load_record(struct fl_format_ctx *c, const cJSON *root)
{
    struct fl_format *f = c->f;
    const char *s;
    int rc;

    if ((rc = fl_regex_compile_one(c, root, "header", &f->has_header,
                                   &f->header)))
        return rc;
    if (!f->has_header)
        return fl_format_err(c, "header",
                             "a record format needs a header regex");
    if ((rc = fl_regex_compile_list(c, root, "patterns", &f->patterns,
                                    &f->npatterns)) != FL_OK)
        return rc;
    if ((rc = fl_regex_compile_list(c, root, "body_patterns",
                                    &f->body_patterns, &f->nbody)) != FL_OK)
        return rc;
    if ((rc = fl_regex_compile_one(c, root, "body_alone", &f->has_body_alone,
                                   &f->body_alone)) != FL_OK)
        return rc;
    if ((rc = fl_fields_get(c, root, "body", true, &f->body_field)) != FL_OK)
        return rc;
    if ((rc = fl_format_get_string(c, root, "body_trim", false, &s)) != FL_OK)
        return rc;
    f->body_trim = fl_xstrdup(s ? s : "");
    return load_require_fields(c, root);
}

static int load_csv(struct fl_format_ctx *c, const cJSON *root)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "columns"), *it;
    const cJSON *mc = cJSON_GetObjectItemCaseSensitive(root, "min_columns");
    struct fl_format *f = c->f;

    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0)
        return fl_format_err(c, "columns",
                             "a csv format needs a non-empty array of "
                             "column field names");
    f->columns = fl_xcalloc((size_t)cJSON_GetArraySize(arr),
                            sizeof *f->columns);
    cJSON_ArrayForEach(it, arr) {
        if (!cJSON_IsString(it))
            return fl_format_err(c, "columns", "entries must be field names");
        f->columns[f->ncolumns++] = fl_fields_intern(f, it->valuestring,
                                                     strlen(it->valuestring));
    }
    f->min_columns = f->ncolumns;
    if (mc && (!cJSON_IsNumber(mc) || mc->valuedouble < 1 ||
               mc->valuedouble > (double)f->ncolumns))
        return fl_format_err(c, "min_columns",
                             "must be a number from 1 to %zu", f->ncolumns);
    if (mc)
        f->min_columns = (size_t)mc->valuedouble;
    return FL_OK;
}

static int load_json(struct fl_format_ctx *c, const cJSON *root)
{
    const cJSON *req = cJSON_GetObjectItemCaseSensitive(root, "require"), *it;
    struct fl_format *f = c->f;
    int rc;

    rc = fl_fields_keymap(c, cJSON_GetObjectItemCaseSensitive(root, "keys"),
                          "keys", &f->keys, &f->nkeys);
    if (rc != FL_OK)
        return rc;
    if (!f->nkeys)
        return fl_format_err(c, "keys",
                             "a json format must map at least one key");
    if (req && !cJSON_IsArray(req))
        return fl_format_err(c, "require", "must be an array of key paths");
    f->require = fl_xcalloc((size_t)cJSON_GetArraySize(req) + 1,
                            sizeof *f->require);
    cJSON_ArrayForEach(it, req) {
        if (!cJSON_IsString(it))
            return fl_format_err(c, "require", "entries must be key paths");
        f->require[f->nrequire++] = fl_xstrdup(it->valuestring);
    }
    return FL_OK;
}

int fl_framing_load(struct fl_format_ctx *c, const cJSON *root)
{
    switch (c->f->type) {
    case FL_FMT_LINE: return load_line(c, root);
    case FL_FMT_RECORD: return load_record(c, root);
    case FL_FMT_CSV: return load_csv(c, root);
    case FL_FMT_JSON: return load_json(c, root);
    default: return FL_OK;
    }
}
