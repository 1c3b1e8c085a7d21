/* regex.c - compile the regexes of a definition with PCRE2 (and its JIT).
 *
 * Every regex is compiled once, at load, with PCRE2_DOTALL and
 * PCRE2_DUPNAMES; its named groups are mapped to field ids of the format
 * being loaded, and two cheap pre-checks are derived from it (the fixed
 * first byte and the literal prefix of an anchored regex).  Invariants: a
 * JIT failure is not an error (the interpreter gives the same results);
 * FAULTLINE_NO_JIT disables the JIT for memory checkers; a compile error
 * names the key, the offset and PCRE2's message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "format/fl_format.h"
#include "format/fl_format_int.h"
#include "base/fl_xalloc.h"

void fl_regex_cleanup(struct fl_pattern *p)
{
    pcre2_code_free(p->re);
    free(p->src);
    free(p->group_field);
    memset(p, 0, sizeof *p);
}

void fl_regex_free_array(struct fl_pattern *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fl_regex_cleanup(&p[i]);
    free(p);
}

/* Map each named group of p->re to a field id. */
static void map_groups(struct fl_format *f, struct fl_pattern *p)
{
    uint32_t count = 0, size = 0;
    PCRE2_SPTR table;

    pcre2_pattern_info(p->re, PCRE2_INFO_CAPTURECOUNT, &p->ngroups);
    p->group_field = fl_xmalloc((p->ngroups + 1) * sizeof *p->group_field);
    for (uint32_t i = 0; i <= p->ngroups; i++)
        p->group_field[i] = -1;
    pcre2_pattern_info(p->re, PCRE2_INFO_NAMECOUNT, &count);
    pcre2_pattern_info(p->re, PCRE2_INFO_NAMEENTRYSIZE, &size);
    pcre2_pattern_info(p->re, PCRE2_INFO_NAMETABLE, &table);
    for (uint32_t i = 0; i < count; i++) {
        const unsigned char *e = table + (size_t)i * size;
        uint32_t g = ((uint32_t)e[0] << 8) | e[1];
        const char *name = (const char *)e + 2;
        if (g <= p->ngroups)
            p->group_field[g] = fl_fields_intern(f, name, strlen(name));
    }
}

/* Record the fixed first byte of an anchored, case-sensitive regex so the
 * matcher can reject most lines without entering PCRE2. */
static void first_byte(struct fl_pattern *p)
{
    uint32_t all = 0, type = 0, unit = 0;

    p->first = -1;
    pcre2_pattern_info(p->re, PCRE2_INFO_ALLOPTIONS, &all);
    pcre2_pattern_info(p->re, PCRE2_INFO_FIRSTCODETYPE, &type);
    pcre2_pattern_info(p->re, PCRE2_INFO_FIRSTCODEUNIT, &unit);
    if ((all & PCRE2_ANCHORED) && !(all & PCRE2_CASELESS) && type == 1)
        p->first = (int)unit;
}

/* The literal text an anchored regex must start with ("^# Time: " gives
 * "# Time: "), for a memcmp pre-check.  Conservative: stops at anything
 * that is not a plain character, and drops a character a quantifier
 * applies to. */
static void literal_prefix(struct fl_pattern *p, const char *src)
{
    size_t n = 0;
    const char *s = src;

    p->litn = 0;
    if (*s != '^' || (p->first < 0))
        return;
    for (s++; *s && n < sizeof p->lit; s++) {
        char c = *s;
        if (c == '\\' && s[1] && strchr(".[]()?*+{}|$^\\/#-:@ ", s[1]))
            c = *++s;
        else if (strchr(".[]()?*+{}|$^\\", c))
            break;
        if (s[1] && strchr("?*{", s[1]))
            break;
        if (s[1] == '+') {
            p->lit[n++] = c;
            break;
        }
        p->lit[n++] = c;
    }
    p->litn = n;
}

int fl_regex_compile(struct fl_format_ctx *c, const char *key, const char *src,
                     uint32_t extra, struct fl_pattern *p)
{
    int code;
    PCRE2_SIZE off;
    unsigned char msg[256];

    memset(p, 0, sizeof *p);
    p->re = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
                          PCRE2_DOTALL | PCRE2_DUPNAMES | extra, &code, &off,
                          NULL);
    if (!p->re) {
        pcre2_get_error_message(code, msg, sizeof msg);
        return fl_format_err(c, key,
                             "regex does not compile at offset %zu: %s",
                             (size_t)off, (const char *)msg);
    }
    /* JIT failure is not fatal: the interpreter gives the same results. */
    /* FAULTLINE_NO_JIT: for memory checkers, which cannot see into
     * JIT-generated code (results are identical, only slower). */
    if (!getenv("FAULTLINE_NO_JIT") &&
        pcre2_jit_compile(p->re, PCRE2_JIT_COMPLETE) == 0) {
        size_t jsz = 0;
        pcre2_pattern_info(p->re, PCRE2_INFO_JITSIZE, &jsz);
        p->jit = jsz > 0;
    }
    p->src = fl_xstrdup(src);
    map_groups(c->f, p);
    first_byte(p);
    literal_prefix(p, src);
    return FL_OK;
}

int fl_regex_compile_list(struct fl_format_ctx *c, const cJSON *o,
                          const char *key, struct fl_pattern **out, size_t *n)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, key), *it;
    char k[96];
    size_t i = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if (!arr)
        return FL_OK;
    if (!cJSON_IsArray(arr))
        return fl_format_err(c, key, "must be an array of regex strings");
    *out = fl_xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof **out);
    cJSON_ArrayForEach(it, arr) {
        snprintf(k, sizeof k, "%s[%zu]", key, i);
        if (!cJSON_IsString(it))
            return fl_format_err(c, k, "must be a string");
        if ((rc = fl_regex_compile(c, k, it->valuestring, 0,
                                   &(*out)[i])) != FL_OK)
            return rc;
        *n = ++i;
    }
    return FL_OK;
}

int fl_regex_compile_one(struct fl_format_ctx *c, const cJSON *o,
                         const char *key, bool *has, struct fl_pattern *p)
{
    const char *s;
    int rc = fl_format_get_string(c, o, key, false, &s);
    *has = false;
    if (rc != FL_OK || !s)
        return rc;
    if ((rc = fl_regex_compile(c, key, s, 0, p)) != FL_OK)
        return rc;
    *has = true;
    return FL_OK;
}
