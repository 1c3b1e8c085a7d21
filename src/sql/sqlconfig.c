/* sqlconfig.c - ALTER SYSTEM / SET GLOBAL statements split into name and
 * value (see sql/fl_sqlconfig.h).
 *
 * Invariants: a single forward scan over the statement, never past n; the
 * outputs are always NUL-terminated and bounded.
 */
#include <string.h>

#include "sql/fl_sqlconfig.h"

struct scan {
    const char *p, *end;
};

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool is_ident(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '$';
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Skip blanks and comments (-- to end of line, / * ... * /). */
static void skip(struct scan *s)
{
    for (;;) {
        while (s->p < s->end && is_space(*s->p))
            s->p++;
        if (s->end - s->p >= 2 && s->p[0] == '-' && s->p[1] == '-') {
            while (s->p < s->end && *s->p != '\n')
                s->p++;
        } else if (s->end - s->p >= 2 && s->p[0] == '/' && s->p[1] == '*') {
            s->p += 2;
            while (s->end - s->p >= 2 && !(s->p[0] == '*' && s->p[1] == '/'))
                s->p++;
            s->p = s->end - s->p >= 2 ? s->p + 2 : s->end;
        } else {
            return;
        }
    }
}

/* Consume the keyword kw (lower case) if it comes next as a whole word. */
static bool word(struct scan *s, const char *kw)
{
    size_t n = strlen(kw);

    skip(s);
    if ((size_t)(s->end - s->p) < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower(s->p[i]) != kw[i])
            return false;
    if (s->p + n < s->end && is_ident(s->p[n]) && kw[n - 1] != '.')
        return false;
    s->p += n;
    return true;
}

/* Copy the identifier that comes next, lower-cased, into out. */
static bool ident(struct scan *s, char *out)
{
    size_t k = 0;

    skip(s);
    if (s->p < s->end && (*s->p == '"' || *s->p == '`'))
        s->p++;
    while (s->p < s->end && is_ident(*s->p)) {
        if (k + 1 < FL_SQLCONFIG_MAX)
            out[k++] = lower(*s->p);
        s->p++;
    }
    if (s->p < s->end && (*s->p == '"' || *s->p == '`'))
        s->p++;
    out[k] = '\0';
    return k > 0;
}

/* The value: up to a top-level ',' or ';' or the end, trimmed, quotes
 * removed. */
static void value(struct scan *s, char *out)
{
    const char *b, *e;
    char q = 0;
    size_t k = 0;

    skip(s);
    b = e = s->p;
    for (; s->p < s->end; s->p++) {
        char c = *s->p;
        if (q) {
            q = c == q ? 0 : q;
        } else if (c == '\'' || c == '"') {
            q = c;
        } else if (c == ',' || c == ';') {
            break;
        }
        if (!is_space(c))
            e = s->p + 1;
    }
    if (e - b >= 2 && (*b == '\'' || *b == '"') && e[-1] == *b) {
        b++;
        e--;
    }
    while (b < e && k + 1 < FL_SQLCONFIG_MAX)
        out[k++] = *b++;
    out[k] = '\0';
}

static bool assign(struct scan *s)
{
    skip(s);
    if (s->p < s->end && *s->p == '=') {
        s->p++;
        return true;
    }
    if (s->end - s->p >= 2 && s->p[0] == ':' && s->p[1] == '=') {
        s->p += 2;
        return true;
    }
    return word(s, "to");
}

static bool alter_system(struct scan *s, struct fl_sqlconfig *out)
{
    if (word(s, "reset")) {
        memcpy(out->value, "default", sizeof "default");
        return ident(s, out->name);
    }
    if (!word(s, "set") || !ident(s, out->name) || !assign(s))
        return false;
    value(s, out->value);
    return true;
}

static bool set_global(struct scan *s, struct fl_sqlconfig *out)
{
    if (!(word(s, "global") || word(s, "persist_only") ||
          word(s, "persist") || word(s, "@@global.") ||
          word(s, "@@persist_only.") || word(s, "@@persist.")))
        return false;
    if (!ident(s, out->name) || !assign(s))
        return false;
    value(s, out->value);
    return true;
}

bool fl_sqlconfig_parse(const char *p, size_t n, struct fl_sqlconfig *out)
{
    struct scan s = { p, p + n };

    out->name[0] = out->value[0] = '\0';
    out->system = false;
    if (!p)
        return false;
    if (word(&s, "alter"))
        return (out->system = word(&s, "system")) && alter_system(&s, out);
    return word(&s, "set") && set_global(&s, out);
}
