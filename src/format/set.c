/* set.c - the set of loaded formats, and the format made by --prefix.
 *
 * A set owns its formats (in load order) and its rule sets.  Invariants:
 * names are unique within the set; formats are never changed once added,
 * only replaced whole (replace = true, as --prefix does); lookups return
 * borrowed pointers valid until the set is freed.  --prefix derives
 * "postgresql-prefix" from the JSON of postgresql-stderr and its
 * prefix_pattern template, then loads it like any definition.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/fl_buf.h"
#include "format/fl_format.h"
#include "format/fl_format_int.h"
#include "format/fl_prefix.h"
#include "time/fl_time.h"
#include "base/fl_xalloc.h"

struct fl_formats *fl_formats_new(void)
{
    return fl_xcalloc(1, sizeof(struct fl_formats));
}

void fl_formats_free(struct fl_formats *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++)
        fl_format_free(set->v[i]);
    free(set->v);
    for (size_t i = 0; i < set->nrs; i++) {
        free(set->rs[i].name);
        free(set->rs[i].json);
    }
    free(set->rs);
    free(set);
}

void fl_formats_push(struct fl_formats *set, struct fl_format *f)
{
    set->v = fl_xgrow(set->v, &set->cap, set->n + 1, sizeof *set->v);
    set->v[set->n++] = f;
}

int fl_formats_index(const struct fl_formats *set, const char *name)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->v[i]->name, name) == 0)
            return (int)i;
    return -1;
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
    int i = fl_formats_index(set, name);
    return i >= 0 ? set->v[i] : NULL;
}

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
        rc = root ? fl_format_add_parsed(set, root, "--prefix", true, err)
                  : fl_err_set(err, FL_ERR_FORMAT, "--prefix", 0, UINT64_MAX,
                               "cannot rebuild postgresql-stderr");
        cJSON_Delete(root);
    }
    fl_buf_cleanup(&re);
    fl_buf_cleanup(&pat);
    return rc;
}
