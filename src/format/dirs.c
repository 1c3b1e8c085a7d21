/* dirs.c - load every definition: directories in precedence order, then
 * the definitions built into the binary.
 *
 * Invariants: within a directory, files (*.json, not hidden) are read in
 * name order; every file is read and parsed before any is added, then rule
 * sets are added before formats so a format may use a rule set of any
 * source; the first definition of a name wins; a missing user or system
 * directory is not an error, a missing --formats directory is; a file over
 * 4 MiB is refused.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/fl_buf.h"
#include "format/fl_format.h"
#include "format/fl_format_int.h"
#include "base/fl_xalloc.h"

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
            rc = fl_format_parse_json(b.p, path.p, &root, err);
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
        rc = fl_format_parse_json(fl_format_builtins[i].json, src, &root, err);
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
                rc = fl_format_add_parsed(set, pv[i].root, pv[i].source, false,
                                          err);
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
