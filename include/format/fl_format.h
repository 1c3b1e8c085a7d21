/* fl_format.h - log format definitions: JSON files (parsers/NAME.json) loaded
 * with cJSON, validated, and compiled once into PCRE2 (JIT) regexes.
 *
 * A format set holds every known definition.  Sources, in precedence order:
 * directories given with --formats, the per-user directory, the installed
 * package data directory, and the definitions built into the binary; the
 * first definition of a name wins.  A compiled format is read-only after
 * loading and may be shared by any number of parsers.  Field names are
 * interned per format: a field id indexes fl_format.fields.  The schema is
 * documented in faultline-formats(5).
 */
#ifndef FL_FORMAT_H
#define FL_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "base/fl_err.h"

/* One embedded definition (generated src/builtin_formats.c). */
struct fl_format_builtin {
    const char *name;   /* file name, e.g. "postgresql-stderr.json" */
    const char *json;   /* NUL-terminated JSON text */
};
extern const struct fl_format_builtin fl_format_builtins[];

/* How entries are framed from lines. */
enum fl_format_type {
    FL_FMT_LINE,    /* an entry starts at a line matching a pattern */
    FL_FMT_RECORD,  /* header lines then body lines (MySQL slow log) */
    FL_FMT_CSV,     /* CSV records, quoted fields may span lines */
    FL_FMT_JSON,    /* one JSON object per line */
    FL_FMT_RULES    /* a shared rule set referenced by other formats */
};

/* How an entry's rule match affects statement pairing (PostgreSQL split
 * logging, see fl_parse.h). */
enum fl_rule_role {
    FL_ROLE_COMPLETE = 0, /* the entry is a whole event */
    FL_ROLE_STATEMENT,    /* statement text now, duration may follow */
    FL_ROLE_DURATION,     /* bare duration completing a pending statement */
    FL_ROLE_PHASE         /* protocol phase (parse/bind): not a query */
};

/* Special field ids known to the parser; every format interns these names
 * first, in this order, so their ids are the same in every format.  The
 * names that are also event fields (pid ... blocker, rows_*) must be
 * spelled as in fl_event.h: tests/check_format.c
 * (test_format_std_fields_agree_with_event_table) fails otherwise.  Other
 * event fields (status, url...) need no id: captures are matched to event
 * fields by name (fl_format.field_event). */
enum fl_std_field {
    FL_F_TIME = 0, FL_F_TIME_MYSQL, FL_F_EPOCH, FL_F_PID, FL_F_USER, FL_F_DB,
    FL_F_HOST, FL_F_APP, FL_F_SEVERITY, FL_F_SQLSTATE, FL_F_MESSAGE,
    FL_F_STATEMENT, FL_F_DETAIL, FL_F_HINT, FL_F_CONTEXT, FL_F_PARAMS,
    FL_F_OBJECT, FL_F_COMMAND, FL_F_DURATION_MS, FL_F_DURATION_S,
    FL_F_DURATION_US, FL_F_LOCK_S, FL_F_LOCK_MS, FL_F_LOCK_US,
    FL_F_ROWS_SENT, FL_F_ROWS_EXAMINED, FL_F_ROWS_AFFECTED, FL_F_SEG,
    FL_F_BLOCKER, FL_F_DURATION_NS, FL_F__STD_COUNT
};

/* A compiled regex with its named groups mapped to field ids. */
struct fl_pattern {
    pcre2_code *re;          /* owned; JIT-compiled when available */
    char *src;               /* owned source text (for messages) */
    uint32_t ngroups;        /* capture groups */
    int *group_field;        /* owned; [group] -> field id, -1 unnamed */
    bool jit;                /* JIT-compiled: use pcre2_jit_match */
    int first;               /* anchored regex whose first byte is fixed:
                                that byte (a cheap pre-check), else -1 */
    char lit[24];            /* anchored regex: its literal prefix */
    size_t litn;             /* length of lit, 0 if none */
};

/* A condition: a regex on one field. */
struct fl_cond {
    int field;               /* field id the regex runs on */
    struct fl_pattern pat;   /* the regex */
    char *starts_with;       /* owned literal quick check, NULL if none */
    size_t starts_len;       /* its length */
};

/* One classification rule. */
struct fl_rule {
    bool has_cond;           /* false: matches every entry */
    struct fl_cond cond;     /* main condition */
    bool has_and;            /* a second condition must also match */
    struct fl_cond and_cond; /* the second condition */
    int kind;                /* enum fl_event_kind, -1 when not set */
    int role;                /* enum fl_rule_role */
    bool cont;               /* apply captures and keep evaluating */
    bool error;              /* "error": true: its events are failures */
};

/* fl_format.field_event values other than an event field index. */
#define FL_FIELD_PARSER (-1) /* read by the parser itself (time, durations) */
#define FL_FIELD_ATTR (-2)   /* any other capture: an event attribute */
struct fl_layout;

/* Where the event time comes from: the first present field wins. */
struct fl_timespec {
    int field;               /* field id */
    int style;               /* enum fl_time_style, -1 when layout is set */
    struct fl_layout *layout;/* owned compiled layout ("layout" key), NULL
                                when a named style is used */
};

/* An entry-level map from a key value to a field (attach, kv). */
struct fl_keymap {
    char *key;               /* owned key text */
    int field;               /* target field id */
};

#define FL_FORMAT_MAX_TIMES 4

/* A compiled format.  Every pointer is owned by the format. */
struct fl_format {
    char *name;              /* unique name */
    char *description;       /* one-line description */
    char *source;            /* file it came from ("builtin:NAME.json") */
    int type;                /* enum fl_format_type */
    int priority;            /* detection tie-break, higher wins */
    char **fields;           /* interned field names, [id] -> name */
    size_t nfields;
    int *field_event;        /* [id] -> event field index (fl_event.h) of
                                the same name, FL_FIELD_PARSER or
                                FL_FIELD_ATTR */
    char *domain;            /* "domain": normaliser name, NULL if none */
    bool time_at_start;      /* "time_at": "start": the log time of a
                                request is when it started (else its
                                end: the parser subtracts the duration) */
    struct fl_pattern *patterns;     /* start / header patterns */
    size_t npatterns;
    bool has_continuation;   /* line: continuation regex present */
    struct fl_pattern continuation;  /* its "message" group is appended */
    bool multiline;          /* line: unmatched lines continue the entry */
    int append_field;        /* field continuation text is appended to */
    bool unescape_syslog;    /* turn #011 into a tab in continuations */
    int attach_field;        /* field whose value selects an attach */
    struct fl_keymap *attach;        /* value -> section field */
    size_t nattach;
    int kv_field;            /* field holding key=value pairs, -1 none */
    struct fl_keymap *kv;            /* key -> field */
    size_t nkv;
    bool has_header;         /* record: header line regex present */
    struct fl_pattern header;        /* record: what a header line is */
    struct fl_pattern *body_patterns;/* record: body lines setting fields */
    size_t nbody;
    int body_field;          /* record: field the body text goes to */
    bool has_body_alone;     /* record: keep a body line if alone */
    struct fl_pattern body_alone;
    char *body_trim;         /* record: trailing chars trimmed from body */
    int *required;           /* record: fields every record must have */
    size_t nrequired;
    struct fl_pattern *ignore;       /* lines that are understood noise */
    size_t nignore;
    int *columns;            /* csv: [column] -> field id */
    size_t ncolumns;
    size_t min_columns;      /* csv: fewer columns = not understood */
    bool has_match;          /* csv/json: entry-level sanity check */
    struct fl_cond match;
    struct fl_keymap *keys;  /* json: dotted key path -> field */
    size_t nkeys;
    char **require;          /* json: key paths that must be present */
    size_t nrequire;
    struct fl_timespec times[FL_FORMAT_MAX_TIMES];
    size_t ntimes;
    bool time_inherit;       /* entries without time take the last one */
    struct fl_rule *rules;   /* classification rules, in order */
    size_t nrules;
    char *samples_json;      /* owned JSON text of "samples" (checked by
                                fl_parse_check_samples) */
    char *prefix_pattern;    /* template with {prefix}, NULL if none */
    char *json;              /* the definition as loaded (for --prefix) */
};

/* Where to look for definitions. */
struct fl_format_opts {
    const char *const *dirs; /* --formats directories, highest precedence */
    size_t ndirs;
    const char *user_dir;    /* per-user directory, NULL to skip */
    const char *system_dir;  /* installed directory, NULL to skip */
    bool builtin;            /* include the embedded definitions */
};

struct fl_formats;           /* opaque set of formats */

/* Load every definition per opts.  On failure returns FL_ERR_FORMAT (or
 * FL_ERR_IO) with err naming the file and key; *out is NULL then. */
int fl_formats_load(struct fl_formats **out, const struct fl_format_opts *o,
                    struct fl_err *err);
/* An empty set (for tests and tools that add definitions themselves). */
struct fl_formats *fl_formats_new(void);
/* Parse, validate and compile one definition from JSON text; source names
 * it in messages.  A name already present is skipped (first wins) unless
 * replace is true.  Returns FL_OK or FL_ERR_FORMAT. */
int fl_formats_add_json(struct fl_formats *set, const char *json,
                        const char *source, bool replace, struct fl_err *err);
/* Build the format "postgresql-prefix" from the postgresql-stderr template
 * and a log_line_prefix value (see fl_prefix.h). */
int fl_formats_add_prefix(struct fl_formats *set, const char *prefix,
                          struct fl_err *err);
void fl_formats_free(struct fl_formats *set);

/* Number of formats (rule sets excluded) and the i-th one (borrowed). */
size_t fl_formats_count(const struct fl_formats *set);
const struct fl_format *fl_formats_get(const struct fl_formats *set, size_t i);
/* Find by name (formats and rule sets); NULL if absent.  Borrowed. */
const struct fl_format *fl_formats_find(const struct fl_formats *set,
                                        const char *name);

/* Field id for a name in this format, -1 if the format never uses it. */
int fl_format_field(const struct fl_format *f, const char *name);

/* Name of a format type ("line", "record", ...). */
const char *fl_format_type_name(int type);

#endif
