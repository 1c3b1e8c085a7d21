/* route.c - request targets to route templates: the path of a url with
 * its query dropped and identifier-like segments replaced by ":id" (the
 * rules are in http/fl_http.h).
 *
 * Invariants: reads only url[0..n); the output never exceeds
 * FL_HTTP_ROUTE_MAX bytes nor FL_HTTP_ROUTE_SEGMENTS segments, whatever
 * the input; one pass, no allocation besides out.
 */
#include <stdbool.h>
#include <string.h>

#include "http/fl_http.h"
#include "base/fl_hash.h"

#define MORE "/..."

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static bool is_hex(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* 8-4-4-4-12 hex digits. */
static bool is_uuid(const char *s, size_t n)
{
    if (n != 36)
        return false;
    for (size_t i = 0; i < n; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !is_hex(s[i]))
            return false;
    }
    return true;
}

/* Character classes of is_id, one lookup per byte. */
enum { C_DIGIT = 1, C_HEX = 2, C_ALPHA = 4, C_TOKEN = 8 };
#define D (C_DIGIT | C_HEX | C_TOKEN)
#define H (C_HEX | C_ALPHA | C_TOKEN)
#define A (C_ALPHA | C_TOKEN)
static const unsigned char cclass[256] = {
    ['-'] = C_TOKEN, ['_'] = C_TOKEN,
    ['0'] = D, ['1'] = D, ['2'] = D, ['3'] = D, ['4'] = D,
    ['5'] = D, ['6'] = D, ['7'] = D, ['8'] = D, ['9'] = D,
    ['a'] = H, ['b'] = H, ['c'] = H, ['d'] = H, ['e'] = H, ['f'] = H,
    ['A'] = H, ['B'] = H, ['C'] = H, ['D'] = H, ['E'] = H, ['F'] = H,
    ['g'] = A, ['h'] = A, ['i'] = A, ['j'] = A, ['k'] = A, ['l'] = A,
    ['m'] = A, ['n'] = A, ['o'] = A, ['p'] = A, ['q'] = A, ['r'] = A,
    ['s'] = A, ['t'] = A, ['u'] = A, ['v'] = A, ['w'] = A, ['x'] = A,
    ['y'] = A, ['z'] = A,
    ['G'] = A, ['H'] = A, ['I'] = A, ['J'] = A, ['K'] = A, ['L'] = A,
    ['M'] = A, ['N'] = A, ['O'] = A, ['P'] = A, ['Q'] = A, ['R'] = A,
    ['S'] = A, ['T'] = A, ['U'] = A, ['V'] = A, ['W'] = A, ['X'] = A,
    ['Y'] = A, ['Z'] = A,
};
#undef D
#undef H
#undef A

/* Does segment s[0..n) look like an identifier (see the header)? */
static bool is_id(const char *s, size_t n)
{
    size_t digits = 0, hex = 0, alpha = 0, token = 0;

    if (n == 0)
        return false;
    if (is_uuid(s, n))
        return true;
    for (size_t i = 0; i < n; i++) {
        unsigned k = cclass[(unsigned char)s[i]];
        digits += k & C_DIGIT;
        hex += (k >> 1) & 1;
        alpha += (k >> 2) & 1;
        token += (k >> 3) & 1;
    }
    if (digits == n)
        return true;
    if (n >= 8 && hex == n && digits > 0)
        return true;
    return n >= 16 && token == n && alpha > 0 && digits > 0;
}

/* The path of url: after "scheme://host" for an absolute-form target, up
 * to the query or fragment. */
static void path_of(const char *url, size_t n, const char **p, size_t *pn)
{
    const char *s = url, *end = url + n;
    const char *q = memchr(url, '?', n), *h = memchr(url, '#', n);

    if (q && q < end)
        end = q;
    if (h && h < end)
        end = h;
    if (s < end && *s != '/') {
        const char *c = s;
        while (c < end && (is_alpha(*c) || is_digit(*c) || *c == '+' ||
                           *c == '-' || *c == '.'))
            c++;
        if (c > s && end - c >= 3 && memcmp(c, "://", 3) == 0) {
            const char *slash = memchr(c + 3, '/', (size_t)(end - c - 3));
            s = slash ? slash : end;
        }
    }
    *p = s;
    *pn = (size_t)(end - s);
}

/* Append one segment (":id" when id), bytes below 0x20 and 0x7f as '?'. */
static void add_segment(struct fl_buf *out, const char *s, size_t n, bool id)
{
    fl_buf_addc(out, '/');
    if (id) {
        fl_buf_adds(out, ":id");
        return;
    }
    size_t start = out->len;
    fl_buf_add(out, s, n);
    for (size_t i = start; i < out->len; i++)
        if ((unsigned char)out->p[i] < 0x20 || out->p[i] == 0x7f)
            out->p[i] = '?';
}

void fl_http_route(const char *url, size_t n, struct fl_buf *out)
{
    const char *p;
    size_t pn, nseg = 0, i = 0;
    const size_t room = FL_HTTP_ROUTE_MAX - (sizeof MORE - 1);

    fl_buf_reset(out);
    fl_buf_reserve(out, FL_HTTP_ROUTE_MAX);
    if (n == 1 && url[0] == '*') {
        fl_buf_addc(out, '*');
        return;
    }
    path_of(url, n, &p, &pn);
    while (i < pn) {
        size_t j = i;
        while (j < pn && p[j] != '/')
            j++;
        if (j > i) {
            bool id = is_id(p + i, j - i);
            bool last_fits = nseg + 1 < FL_HTTP_ROUTE_SEGMENTS &&
                             out->len + 1 + (id ? 3 : j - i) <= room;
            if (!last_fits) {
                fl_buf_adds(out, MORE);
                return;
            }
            add_segment(out, p + i, j - i, id);
            nseg++;
        }
        i = j + 1;
    }
    if (out->len == 0)
        fl_buf_addc(out, '/');
}

uint64_t fl_http_id(const char *s, size_t n)
{
    return fl_hash_fnv1a(s, n);
}
