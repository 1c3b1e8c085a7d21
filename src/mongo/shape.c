/* shape.c - the shape of a MongoDB command: keys kept, values replaced by
 * '?' (see mongo/fl_mongo.h for the rules).
 *
 * Invariants: one loop over the text with an explicit stack of at most
 * FL_MONGO_SHAPE_DEPTH containers, no recursion; a value deeper than that
 * is skipped by a counting scan, also without recursion; the output never
 * exceeds FL_MONGO_SHAPE_MAX bytes; the only value bytes ever copied are
 * those of the top-level first key's string when that key is a command
 * that names a collection (collection_cmds: find, insert...).
 */
#include <string.h>

#include "mongo/fl_mongo.h"

struct frame {
    char close;             /* '}' or ']' */
    size_t count;           /* members / elements written */
    bool scalar_done;       /* arrays: the one '?' of the scalars written */
};

struct shaper {
    const char *s;
    size_t n, i;
    struct fl_buf *out;
    bool full;              /* a token did not fit: the shape is cut */
    struct frame st[FL_MONGO_SHAPE_DEPTH];
    int depth;
};

/* Top-level arguments drivers and the server add to any command. */
static const char *const generic_args[] = {
    "lsid", "$clusterTime", "$db", "$readPreference", "txnNumber",
    "autocommit", "startTransaction", "readConcern", "writeConcern",
    "comment", "maxTimeMS", "apiVersion", "apiStrict", "apiDeprecationErrors",
    "$client", "shardVersion", "databaseVersion", "mayBypassWriteBlocking",
    NULL
};

/* Commands whose first value, when a string, is the collection they run
 * on: the only value a shape keeps. */
static const char *const collection_cmds[] = {
    "aggregate", "collStats", "count", "create", "createIndexes", "delete",
    "distinct", "drop", "dropIndexes", "find", "findAndModify",
    "findandmodify", "insert", "listIndexes", "mapReduce", "update",
    "validate", NULL
};

static bool in_list(const char *const *list, const char *k, size_t n)
{
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == n && memcmp(list[i], k, n) == 0)
            return true;
    return false;
}

/* Append s[0..n) unless the shape would pass its bound ("..." kept free),
 * bytes below 0x20 as '?'. */
static void put(struct shaper *sh, const char *s, size_t n)
{
    if (sh->full || sh->out->len + n > FL_MONGO_SHAPE_MAX - 3) {
        sh->full = true;
        return;
    }
    for (size_t i = 0; i < n; i++)
        fl_buf_addc(sh->out, (unsigned char)s[i] < 0x20 ? '?' : s[i]);
}

static void ws(struct shaper *sh)
{
    while (sh->i < sh->n && strchr(" \t\r\n", sh->s[sh->i]) && sh->s[sh->i])
        sh->i++;
}

/* A string at sh->i (its quote): its bytes between the quotes, escapes as
 * written.  False if it does not end. */
static bool scan_string(struct shaper *sh, const char **p, size_t *len)
{
    size_t start = ++sh->i;

    while (sh->i < sh->n && sh->s[sh->i] != '"')
        sh->i += sh->s[sh->i] == '\\' ? 2 : 1;
    if (sh->i >= sh->n)
        return false;
    *p = sh->s + start;
    *len = sh->i - start;
    sh->i++;
    return true;
}

/* A number, true, false or null: skipped.  False if empty. */
static bool scan_scalar(struct shaper *sh)
{
    size_t start = sh->i;

    while (sh->i < sh->n && !strchr(",}]:\" \t\r\n", sh->s[sh->i]) &&
           sh->s[sh->i])
        sh->i++;
    return sh->i > start;
}

/* Skip one whole value (counting brackets, strings honoured). */
static bool skip_value(struct shaper *sh)
{
    const char *p;
    size_t len, level = 0;

    if (sh->i >= sh->n)
        return false;
    if (sh->s[sh->i] == '"')
        return scan_string(sh, &p, &len);
    if (sh->s[sh->i] != '{' && sh->s[sh->i] != '[')
        return scan_scalar(sh);
    while (sh->i < sh->n) {
        char c = sh->s[sh->i];
        if (c == '"') {
            if (!scan_string(sh, &p, &len))
                return false;
            continue;
        }
        sh->i++;
        if (c == '{' || c == '[')
            level++;
        else if ((c == '}' || c == ']') && --level == 0)
            return true;
    }
    return false;
}

static void open_container(struct shaper *sh, char c)
{
    if (sh->depth >= FL_MONGO_SHAPE_DEPTH) {
        put(sh, c == '{' ? "{...}" : "[...]", 5);
        skip_value(sh);
        return;
    }
    put(sh, &c, 1);
    sh->i++;
    sh->st[sh->depth++] = (struct frame){ c == '{' ? '}' : ']', 0, false };
}

/* The value of a member; keep: it is the collection name if a string. */
static bool member_value(struct shaper *sh, bool keep)
{
    const char *p;
    size_t len;
    char c = sh->s[sh->i];

    if (c == '{' || c == '[') {
        open_container(sh, c);
        return true;
    }
    if (c == '"') {
        if (!scan_string(sh, &p, &len))
            return false;
        if (keep) {
            put(sh, "\"", 1);
            put(sh, p, len);
            put(sh, "\"", 1);
            return true;
        }
    } else if (!scan_scalar(sh)) {
        return false;
    }
    put(sh, "?", 1);
    return true;
}

/* One member "key":value of the innermost object. */
static bool member(struct shaper *sh, struct frame *f)
{
    const char *k;
    size_t kn;
    bool top = sh->depth == 1;

    if (sh->s[sh->i] != '"' || !scan_string(sh, &k, &kn))
        return false;
    ws(sh);
    if (sh->i >= sh->n || sh->s[sh->i] != ':')
        return false;
    sh->i++;
    ws(sh);
    if (sh->i >= sh->n)
        return false;
    if (top && in_list(generic_args, k, kn))
        return skip_value(sh);
    if (f->count++)
        put(sh, ",", 1);
    put(sh, "\"", 1);
    put(sh, k, kn);
    put(sh, "\":", 2);
    return member_value(sh, top && f->count == 1 &&
                                in_list(collection_cmds, k, kn));
}

/* One element of the innermost array. */
static bool element(struct shaper *sh, struct frame *f)
{
    char c = sh->s[sh->i];

    if (c == '{' || c == '[') {
        if (f->count++)
            put(sh, ",", 1);
        open_container(sh, c);
        return true;
    }
    if (!f->scalar_done) {
        if (f->count++)
            put(sh, ",", 1);
        put(sh, "?", 1);
        f->scalar_done = true;
    }
    return skip_value(sh);
}

bool fl_mongo_shape(const char *s, size_t n, struct fl_buf *out)
{
    struct shaper sh = { s, n, 0, out, false, { { 0, 0, false } }, 0 };

    fl_buf_reset(out);
    ws(&sh);
    if (!s || sh.i >= n || s[sh.i] != '{')
        return false;
    open_container(&sh, '{');
    while (sh.depth > 0) {
        struct frame *f = &sh.st[sh.depth - 1];
        ws(&sh);
        if (sh.i >= n)
            break;
        if (s[sh.i] == f->close) {
            put(&sh, &f->close, 1);
            sh.i++;
            sh.depth--;
        } else if (s[sh.i] == ',') {
            sh.i++;
        } else if (!(f->close == '}' ? member(&sh, f) : element(&sh, f))) {
            break;
        }
    }
    while (sh.depth > 0)       /* cut short: close what is open */
        put(&sh, &sh.st[--sh.depth].close, 1);
    if (sh.full)
        fl_buf_add(out, "...", 3);
    return true;
}

/* ---- index names of createIndexes / dropIndexes ------------------------ */

/* Move to the value of the top-level member key (sh->i just inside the
 * command's '{').  False if there is none. */
static bool find_member(struct shaper *sh, const char *key)
{
    const char *k;
    size_t kn;

    for (;;) {
        ws(sh);
        if (sh->i >= sh->n || sh->s[sh->i] == '}')
            return false;
        if (sh->s[sh->i] == ',') {
            sh->i++;
            continue;
        }
        if (sh->s[sh->i] != '"' || !scan_string(sh, &k, &kn))
            return false;
        ws(sh);
        if (sh->i >= sh->n || sh->s[sh->i++] != ':')
            return false;
        ws(sh);
        if (kn == strlen(key) && memcmp(k, key, kn) == 0)
            return true;
        if (!skip_value(sh))
            return false;
    }
}

static void add_name(struct fl_mongo_names *o, const char *p, size_t n)
{
    if (o->count >= FL_MONGO_NAMES_MAX)
        return;
    if (n >= sizeof o->name[0])
        n = sizeof o->name[0] - 1;
    memcpy(o->name[o->count], p, n);
    o->name[o->count][n] = '\0';
    for (size_t i = 0; i < n; i++)     /* keys are comma-free, printable */
        if ((unsigned char)p[i] < 0x20 || p[i] == ',')
            o->name[o->count][i] = '?';
    o->count++;
}

/* Elements of the array at sh->i: strings are names (by_spec false), or
 * objects whose "name" member is one (by_spec true).  Bounded by the
 * text: every pass moves forward. */
static void array_names(struct shaper *sh, bool by_spec,
                        struct fl_mongo_names *o)
{
    const char *p;
    size_t len, guard = sh->n + 1;

    sh->i++;
    while (guard-- > 0) {
        ws(sh);
        if (sh->i >= sh->n || sh->s[sh->i] == ']')
            return;
        if (sh->s[sh->i] == ',') {
            sh->i++;
        } else if (!by_spec && sh->s[sh->i] == '"') {
            if (!scan_string(sh, &p, &len))
                return;
            add_name(o, p, len);
        } else if (by_spec && sh->s[sh->i] == '{') {
            size_t end;
            struct shaper el = *sh;
            if (!skip_value(sh))
                return;
            end = sh->i;
            el.n = end;
            el.i++;
            if (find_member(&el, "name") && el.i < end && el.s[el.i] == '"' &&
                scan_string(&el, &p, &len))
                add_name(o, p, len);
        } else if (!skip_value(sh)) {
            return;
        }
    }
}

bool fl_mongo_command_name(const char *s, size_t n, struct fl_str *name)
{
    struct shaper sh = { s, n, 0, NULL, false, { { 0, 0, false } }, 0 };

    name->p = NULL;
    name->n = 0;
    ws(&sh);
    if (!s || sh.i >= n || s[sh.i] != '{')
        return false;
    sh.i++;
    ws(&sh);
    if (sh.i >= n || s[sh.i] != '"' || !scan_string(&sh, &name->p, &name->n))
        return false;
    return true;
}

bool fl_mongo_index_names(const char *s, size_t n, struct fl_mongo_names *out)
{
    struct shaper sh = { s, n, 0, NULL, false, { { 0, 0, false } }, 0 };
    struct fl_str cmd;
    bool create;
    const char *p;
    size_t len;

    memset(out, 0, sizeof *out);
    if (!fl_mongo_command_name(s, n, &cmd))
        return false;
    create = cmd.n == 13 && memcmp(cmd.p, "createIndexes", 13) == 0;
    if (!create && !(cmd.n == 11 && memcmp(cmd.p, "dropIndexes", 11) == 0))
        return false;
    ws(&sh);
    sh.i++;
    if (!find_member(&sh, create ? "indexes" : "index"))
        return true;
    if (sh.s[sh.i] == '[')
        array_names(&sh, create, out);
    else if (!create && sh.s[sh.i] == '"' && scan_string(&sh, &p, &len))
        add_name(out, p, len);
    else
        out->all = true;        /* a key pattern: not by name */
    if (out->count == 1 && strcmp(out->name[0], "*") == 0) {
        out->count = 0;
        out->all = true;
    }
    return true;
}
