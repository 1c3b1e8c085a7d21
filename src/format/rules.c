/* rules.c - classification rules ("rules") and shared rule sets.
 *
 * A rule is an optional condition (a regex on a field, optionally with a
 * literal starts_with and a second "and" condition) plus what a match
 * means: an event kind, a role in statement pairing, continue, error.
 * The rule keys (known[] below) and roles (roles[] of rule_kind) are the
 * lists tests/e2e_man.sh holds against the man page.  Invariants: a rule
 * set (type "rules") is kept as JSON text and compiled into every format
 * that references it, because rule captures intern field names in that
 * format's own table; it is also compiled once when added, so a broken
 * rule set is reported against its own file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "event/fl_event.h"
#include "format/fl_format.h"
#include "format/fl_format_int.h"
#include "base/fl_xalloc.h"

int fl_rules_cond(struct fl_format_ctx *c, const cJSON *o, const char *key,
                  struct fl_cond *cond)
{
    const char *s, *sw;
    int rc;

    if (!cJSON_IsObject(o))
        return fl_format_err(c, key,
                             "must be an object with \"field\" and \"match\"");
    if ((rc = fl_fields_get(c, o, "field", false, &cond->field)) != FL_OK)
        return rc;
    if (cond->field < 0)
        cond->field = FL_F_MESSAGE;
    if ((rc = fl_format_get_string(c, o, "match", true, &s)) != FL_OK)
        return fl_format_err(c, key, "needs a \"match\" regex");
    if ((rc = fl_regex_compile(c, key, s, 0, &cond->pat)) != FL_OK)
        return rc;
    if ((rc = fl_format_get_string(c, o, "starts_with", false, &sw)) != FL_OK)
        return rc;
    if (sw) {
        cond->starts_with = fl_xstrdup(sw);
        cond->starts_len = strlen(sw);
    }
    return FL_OK;
}

/* "error": true marks the rule's events as failures (ev.error). */
static int rule_error(struct fl_format_ctx *c, const cJSON *o, const char *key,
                      struct fl_rule *r)
{
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "error");

    if (e && !cJSON_IsBool(e))
        return fl_format_err(c, key, "\"error\" must be true or false");
    r->error = cJSON_IsTrue(e);
    return FL_OK;
}

static int rule_kind(struct fl_format_ctx *c, const cJSON *o, const char *key,
                     struct fl_rule *r)
{
    static const char *const roles[] = { "complete", "statement", "duration",
                                         "phase" };
    const char *s;
    int rc;

    r->kind = -1;
    if ((rc = fl_format_get_string(c, o, "kind", false, &s)) != FL_OK)
        return rc;
    if (s && (r->kind = fl_event_kind_parse(s)) < 0)
        return fl_format_err(c, key, "unknown kind \"%s\"", s);
    if ((rc = fl_format_get_string(c, o, "role", false, &s)) != FL_OK)
        return rc;
    r->role = FL_ROLE_COMPLETE;
    if (s) {
        size_t i;
        for (i = 0; i < 4 && strcmp(roles[i], s) != 0; i++)
            ;
        if (i == 4)
            return fl_format_err(c, key,
                                 "unknown role \"%s\" (complete, statement, "
                                 "duration, phase)", s);
        r->role = (int)i;
    }
    r->cont = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "continue"));
    if ((rc = rule_error(c, o, key, r)) != FL_OK)
        return rc;
    if (r->kind < 0 && !r->cont)
        return fl_format_err(c, key, "needs \"kind\" or \"continue\": true");
    return FL_OK;
}

static int compile_rule(struct fl_format_ctx *c, const cJSON *o,
                        const char *key, struct fl_rule *r)
{
    static const char *const known[] = { "field", "match", "starts_with",
                                         "and", "kind", "role", "continue",
                                         "error", "comment", NULL };
    const cJSON *it, *and;
    char k[256];
    int rc;

    if (!cJSON_IsObject(o))
        return fl_format_err(c, key, "must be an object");
    cJSON_ArrayForEach(it, o) {
        size_t i;
        for (i = 0; known[i] && strcmp(known[i], it->string) != 0; i++)
            ;
        if (!known[i])
            return fl_format_err(c, key, "unknown key \"%s\"", it->string);
    }
    if (cJSON_GetObjectItemCaseSensitive(o, "match")) {
        if ((rc = fl_rules_cond(c, o, key, &r->cond)) != FL_OK)
            return rc;
        r->has_cond = true;
    }
    if ((and = cJSON_GetObjectItemCaseSensitive(o, "and"))) {
        snprintf(k, sizeof k, "%s.and", key);
        if ((rc = fl_rules_cond(c, and, k, &r->and_cond)) != FL_OK)
            return rc;
        r->has_and = true;
    }
    return rule_kind(c, o, key, r);
}

int fl_rules_compile(struct fl_format_ctx *c, const cJSON *arr,
                     const char *what)
{
    const cJSON *it;
    char key[128];
    size_t i = 0;
    int rc;

    if (!cJSON_IsArray(arr))
        return fl_format_err(c, "rules",
                             "must be an array or a rule set name");
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

static const struct fl_ruleset *find_ruleset(const struct fl_formats *set,
                                             const char *name)
{
    for (size_t i = 0; i < set->nrs; i++)
        if (strcmp(set->rs[i].name, name) == 0)
            return &set->rs[i];
    return NULL;
}

int fl_rules_load(struct fl_format_ctx *c, const cJSON *root)
{
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(root, "rules");
    const struct fl_ruleset *rs;
    cJSON *parsed;
    char what[160];
    int rc;

    if (!r)
        return FL_OK;
    if (!cJSON_IsString(r))
        return fl_rules_compile(c, r, "");
    if (!(rs = find_ruleset(c->set, r->valuestring)))
        return fl_format_err(c, "rules", "unknown rule set \"%s\"",
                             r->valuestring);
    parsed = cJSON_Parse(rs->json);
    snprintf(what, sizeof what, "%s: ", rs->name);
    rc = fl_rules_compile(c, parsed, what);
    cJSON_Delete(parsed);
    return rc;
}

int fl_rules_add_set(struct fl_format_ctx *c, const cJSON *root,
                     const char *name)
{
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(root, "rules");
    struct fl_formats *set = c->set;
    int rc;

    if (find_ruleset(set, name))
        return FL_OK;
    if (!cJSON_IsArray(r))
        return fl_format_err(c, "rules", "a rule set needs a \"rules\" array");
    /* Compile once here so a broken rule set is reported against its own
     * file, not against every format that uses it. */
    c->f = fl_format_new(name, c->source);
    rc = fl_rules_compile(c, r, "");
    fl_format_free(c->f);
    c->f = NULL;
    if (rc != FL_OK)
        return rc;
    set->rs = fl_xgrow(set->rs, &set->caprs, set->nrs + 1, sizeof *set->rs);
    set->rs[set->nrs].name = fl_xstrdup(name);
    set->rs[set->nrs].json = cJSON_PrintUnformatted(r);
    set->nrs++;
    return FL_OK;
}

void fl_rules_cleanup(struct fl_rule *r)
{
    fl_regex_cleanup(&r->cond.pat);
    free(r->cond.starts_with);
    fl_regex_cleanup(&r->and_cond.pat);
    free(r->and_cond.starts_with);
}
