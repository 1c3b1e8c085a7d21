/* fl_format_int.h - INTERNAL to the format stage: what the modules that
 * load a definition (format.c, regex.c, fields.c, rules.c, timespec.c,
 * framing.c, set.c, dirs.c) share.  Nothing outside src/format/ includes
 * it; the public API is fl_format.h.
 *
 * Invariants: every loader function takes the loading context, fills
 * ctx->f (the format being built, owned by the caller until it is added to
 * the set) and returns FL_OK or FL_ERR_FORMAT with ctx->err naming the
 * file and the key (fl_format_err).  On failure the half-built format may
 * hold allocations; fl_format_free releases them.  Field names are interned
 * in ctx->f's own table (fl_fields_intern), so a rule set is compiled anew
 * into each format that references it.
 */
#ifndef FL_FORMAT_INT_H
#define FL_FORMAT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "base/fl_err.h"
#include "format/fl_format.h"

/* A stored rule set: name and JSON text of its "rules" array. */
struct fl_ruleset {
    char *name;              /* owned */
    char *json;              /* owned JSON text of the array */
};

/* The set behind the opaque struct fl_formats of fl_format.h. */
struct fl_formats {
    struct fl_format **v;   /* owned formats, in load order */
    size_t n, cap;
    struct fl_ruleset *rs;  /* owned rule sets */
    size_t nrs, caprs;
};

/* Loading context: where we are, for error messages. */
struct fl_format_ctx {
    struct fl_formats *set;  /* the set being added to (borrowed) */
    struct fl_format *f;     /* the format being built, NULL between */
    const char *source;      /* file name for messages (borrowed) */
    struct fl_err *err;      /* where errors go (borrowed) */
};

/* ---- format.c: the definition as a whole ----------------------------- */

/* Set ctx->err to 'key "KEY": MESSAGE' against ctx->source; returns
 * FL_ERR_FORMAT. */
int fl_format_err(struct fl_format_ctx *c, const char *key, const char *fmt,
                  ...) __attribute__((format(printf, 3, 4)));
/* *out = the string value of o[key] (borrowed from o), NULL if absent;
 * an error if required and absent, or not a string. */
int fl_format_get_string(struct fl_format_ctx *c, const cJSON *o,
                         const char *key, bool required, const char **out);
/* A new empty format with the standard fields interned (owned). */
struct fl_format *fl_format_new(const char *name, const char *source);
/* Free a format, complete or half-built; accepts NULL. */
void fl_format_free(struct fl_format *f);
/* Validate, compile and add the definition root (not taken) to set. */
int fl_format_add_parsed(struct fl_formats *set, const cJSON *root,
                         const char *source, bool replace,
                         struct fl_err *err);
/* Parse JSON text; *out is owned by the caller on FL_OK. */
int fl_format_parse_json(const char *json, const char *source, cJSON **out,
                         struct fl_err *err);

/* ---- regex.c: PCRE2 compilation -------------------------------------- */

/* Compile src into *p (named groups interned in c->f); key names it in
 * errors.  extra: additional PCRE2 options. */
int fl_regex_compile(struct fl_format_ctx *c, const char *key,
                     const char *src, uint32_t extra, struct fl_pattern *p);
/* o[key]: an optional array of regexes into *out (owned), *n of them. */
int fl_regex_compile_list(struct fl_format_ctx *c, const cJSON *o,
                          const char *key, struct fl_pattern **out,
                          size_t *n);
/* o[key]: an optional regex into *p; *has says whether it was given. */
int fl_regex_compile_one(struct fl_format_ctx *c, const cJSON *o,
                         const char *key, bool *has, struct fl_pattern *p);
/* Free what a pattern holds and zero it. */
void fl_regex_cleanup(struct fl_pattern *p);
/* Clean up n patterns and free the array. */
void fl_regex_free_array(struct fl_pattern *p, size_t n);

/* ---- fields.c: field names ------------------------------------------- */

/* Intern the standard fields (enum fl_std_field) into a new format. */
void fl_fields_init(struct fl_format *f);
/* Id of the field name[0..n), added to f's table if new. */
int fl_fields_intern(struct fl_format *f, const char *name, size_t n);
/* o[key]: an optional (or required) field name, interned into *field
 * (-1 when absent). */
int fl_fields_get(struct fl_format_ctx *c, const cJSON *o, const char *key,
                  bool required, int *field);
/* o: an object of "key": "field" into *out (owned), *n entries. */
int fl_fields_keymap(struct fl_format_ctx *c, const cJSON *o,
                     const char *key, struct fl_keymap **out, size_t *n);
void fl_fields_keymap_free(struct fl_keymap *m, size_t n);
/* Fill f->field_event once every field is interned. */
void fl_fields_map_events(struct fl_format *f);

/* ---- rules.c: classification rules and rule sets --------------------- */

/* A condition object {"field", "match", "starts_with"} into *cond. */
int fl_rules_cond(struct fl_format_ctx *c, const cJSON *o, const char *key,
                  struct fl_cond *cond);
/* An array of rules into c->f->rules; what prefixes keys in messages. */
int fl_rules_compile(struct fl_format_ctx *c, const cJSON *arr,
                     const char *what);
/* root's "rules": an array, or the name of a rule set of c->set. */
int fl_rules_load(struct fl_format_ctx *c, const cJSON *root);
/* Check and store the rule set root (type "rules") under name. */
int fl_rules_add_set(struct fl_format_ctx *c, const cJSON *root,
                     const char *name);
void fl_rules_cleanup(struct fl_rule *r);

/* ---- timespec.c: "time" and "time_inherit" --------------------------- */

int fl_timespec_load(struct fl_format_ctx *c, const cJSON *root);

/* ---- framing.c: the keys of each framing type ------------------------ */

/* The type-specific keys of root (line, record, csv, json; rules: none). */
int fl_framing_load(struct fl_format_ctx *c, const cJSON *root);

/* ---- set.c: the set of formats --------------------------------------- */

/* Append f (taken) to the set. */
void fl_formats_push(struct fl_formats *set, struct fl_format *f);
/* Index of the format called name, -1 if none. */
int fl_formats_index(const struct fl_formats *set, const char *name);

#endif
