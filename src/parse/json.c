/* json.c - json framing (PostgreSQL jsonlog and the like): one JSON object
 * per line, scanned without building a tree; mapped keys become fields.
 *
 * Invariants: only the values of keys in the format's key map are copied
 * (unescaped) into the arena, everything else is skipped; nested objects
 * give dotted key paths ("a.b"), arrays are skipped; nesting is capped at
 * 32 levels.  A mapped key whose value is an object or an array gets that
 * value's JSON text as written (MongoDB's attr.command); the keys inside
 * an object are still mapped by their own paths.  The path is built in
 * p->scratch, reused from line to line.
 */
#include <string.h>

#include "base/fl_buf.h"
#include "parse/fl_parse_int.h"

struct jscan {
    const char *s;
    size_t n, i;
    int depth;
};

static void js_ws(struct jscan *j)
{
    while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' ||
                           j->s[j->i] == '\r' || j->s[j->i] == '\n'))
        j->i++;
}

static void put_utf8(struct fl_buf *b, unsigned long c)
{
    char u[4];
    if (c < 0x80) {
        fl_buf_addc(b, (char)c);
    } else if (c < 0x800) {
        u[0] = (char)(0xC0 | (c >> 6));
        u[1] = (char)(0x80 | (c & 0x3F));
        fl_buf_add(b, u, 2);
    } else if (c < 0x10000) {
        u[0] = (char)(0xE0 | (c >> 12));
        u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (char)(0x80 | (c & 0x3F));
        fl_buf_add(b, u, 3);
    } else {
        u[0] = (char)(0xF0 | (c >> 18));
        u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[3] = (char)(0x80 | (c & 0x3F));
        fl_buf_add(b, u, 4);
    }
}

static bool hex4(const char *s, unsigned long *v)
{
    *v = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        int d = c >= '0' && c <= '9' ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return false;
        *v = *v * 16 + (unsigned long)d;
    }
    return true;
}

static bool js_escape(struct jscan *j, struct fl_buf *out)
{
    char c = j->s[j->i++];
    unsigned long u, lo;
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *k = strchr(from, c);

    if (c && k) {
        if (out)
            fl_buf_addc(out, to[k - from]);
        return true;
    }
    if (c != 'u' || j->i + 4 > j->n || !hex4(j->s + j->i, &u))
        return false;
    j->i += 4;
    if (u >= 0xD800 && u < 0xDC00 && j->i + 6 <= j->n &&
        j->s[j->i] == '\\' && j->s[j->i + 1] == 'u' &&
        hex4(j->s + j->i + 2, &lo) && lo >= 0xDC00 && lo < 0xE000) {
        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        j->i += 6;
    } else if (u >= 0xD800 && u < 0xE000) {
        u = 0xFFFD;
    }
    if (out)
        put_utf8(out, u);
    return true;
}

/* Read a JSON string at j->i (after the quote is checked); unescaped text
 * goes to out (NULL: skip). */
static bool js_string(struct jscan *j, struct fl_buf *out)
{
    j->i++;
    while (j->i < j->n) {
        size_t run0 = j->i;
        while (j->i < j->n && j->s[j->i] != '"' && j->s[j->i] != '\\')
            j->i++;
        if (out)
            fl_buf_add(out, j->s + run0, j->i - run0);
        if (j->i >= j->n)
            return false;
        if (j->s[j->i] == '"') {
            j->i++;
            return true;
        }
        j->i++;
        if (j->i >= j->n || !js_escape(j, out))
            return false;
    }
    return false;
}

static bool js_value(struct fl_parser *p, struct jscan *j, struct fl_buf *path,
                     int *seen);

static bool js_object(struct fl_parser *p, struct jscan *j,
                      struct fl_buf *path, int *seen)
{
    size_t plen = path->len;

    if (++j->depth > 32)
        return false;
    j->i++;
    js_ws(j);
    if (j->i < j->n && j->s[j->i] == '}') {
        j->i++;
        j->depth--;
        return true;
    }
    while (j->i < j->n) {
        if (j->s[j->i] != '"')
            return false;
        if (plen)
            fl_buf_addc(path, '.');
        if (!js_string(j, path))
            return false;
        js_ws(j);
        if (j->i >= j->n || j->s[j->i++] != ':')
            return false;
        js_ws(j);
        if (!js_value(p, j, path, seen))
            return false;
        path->len = plen;
        path->p[plen] = '\0';
        js_ws(j);
        if (j->i < j->n && j->s[j->i] == ',') {
            j->i++;
            js_ws(j);
            continue;
        }
        if (j->i < j->n && j->s[j->i] == '}') {
            j->i++;
            j->depth--;
            return true;
        }
        return false;
    }
    return false;
}

static bool js_skip_array(struct fl_parser *p, struct jscan *j, int *seen)
{
    struct fl_buf none;
    bool ok = true;

    fl_buf_init(&none);
    fl_buf_adds(&none, "\x01");     /* never matches a key path */
    j->i++;
    js_ws(j);
    if (j->i < j->n && j->s[j->i] == ']') {
        j->i++;
        fl_buf_cleanup(&none);
        return true;
    }
    while (ok && j->i < j->n) {
        ok = js_value(p, j, &none, seen);
        js_ws(j);
        if (ok && j->i < j->n && j->s[j->i] == ',') {
            j->i++;
            js_ws(j);
        } else {
            ok = ok && j->i < j->n && j->s[j->i++] == ']';
            break;
        }
    }
    fl_buf_cleanup(&none);
    return ok;
}

/* The key map entry for path, or -1. */
static int key_index(const struct fl_format *f, const struct fl_buf *path)
{
    for (size_t i = 0; i < f->nkeys; i++)
        if (strcmp(f->keys[i].key, path->p) == 0)
            return (int)i;
    return -1;
}

/* Map key k to the raw text s[0..n) (an object or array as written). */
static void js_keep_raw(struct fl_parser *p, int k, const char *s, size_t n,
                        int *seen)
{
    struct fl_entry *e = &p->cur;

    e->slots[p->f->keys[k].field].off = fl_entry_add(e, s, n);
    e->slots[p->f->keys[k].field].len = (uint32_t)n;
    (*seen)++;
}

static bool js_value(struct fl_parser *p, struct jscan *j, struct fl_buf *path,
                     int *seen)
{
    struct fl_entry *e = &p->cur;
    int k;
    size_t start;

    if (j->i >= j->n)
        return false;
    k = path->p ? key_index(p->f, path) : -1;
    if (j->s[j->i] == '{' || j->s[j->i] == '[') {
        start = j->i;
        if (!(j->s[j->i] == '{' ? js_object(p, j, path, seen)
                                : js_skip_array(p, j, seen)))
            return false;
        if (k >= 0)
            js_keep_raw(p, k, j->s + start, j->i - start, seen);
        return true;
    }
    if (j->s[j->i] == '"') {
        uint32_t off = (uint32_t)e->arena.len;
        if (!js_string(j, k >= 0 ? &e->arena : NULL))
            return false;
        if (k >= 0) {
            e->slots[p->f->keys[k].field].off = off;
            e->slots[p->f->keys[k].field].len = (uint32_t)e->arena.len - off;
            (*seen)++;
        }
        return true;
    }
    start = j->i;
    while (j->i < j->n && !strchr(",}] \t\r\n", j->s[j->i]))
        j->i++;
    if (j->i == start)
        return false;
    if (k >= 0 &&
        !(j->i - start == 4 && memcmp(j->s + start, "null", 4) == 0)) {
        e->slots[p->f->keys[k].field].off = fl_entry_add(e, j->s + start,
                                                         j->i - start);
        e->slots[p->f->keys[k].field].len = (uint32_t)(j->i - start);
        (*seen)++;
    }
    return true;
}

static bool json_required(const struct fl_format *f, const struct fl_entry *e)
{
    for (size_t i = 0; i < f->nrequire; i++)
        for (size_t k = 0; k < f->nkeys; k++)
            if (strcmp(f->keys[k].key, f->require[i]) == 0 &&
                !fl_entry_has(e, f->keys[k].field))
                return false;
    return true;
}

int fl_json_frame(struct fl_parser *p, const char *s, size_t n,
                  uint64_t line_no)
{
    struct jscan j = { s, n, 0, 0 };
    int seen = 0, rc;

    if ((rc = fl_parse_finish_entry(p)) != 0)
        return rc;
    if (n == 0 || fl_parse_ignored(p, s, n))
        return 0;
    fl_entry_reset(p, &p->cur, line_no);
    fl_buf_reset(&p->scratch);
    fl_buf_addc(&p->scratch, '\0');
    p->scratch.len = 0;
    js_ws(&j);
    if (j.i >= n || s[j.i] != '{' || !js_object(p, &j, &p->scratch, &seen) ||
        !json_required(p->f, &p->cur)) {
        bool invalid = j.i < n && s[j.i] == '{' && !seen;
        p->cur.active = false;
        fl_parse_bad_line(p, line_no, invalid ? "invalid JSON"
                          : "not a JSON object of this format", s, n);
        return 0;
    }
    if (p->f->has_match && !fl_classify_cond(p, &p->cur, &p->f->match)) {
        p->cur.active = false;
        fl_parse_bad_line(p, line_no, "not a JSON object of this format", s,
                          n);
        return 0;
    }
    return fl_parse_finish_entry(p);
}
