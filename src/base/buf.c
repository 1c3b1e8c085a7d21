/* buf.c - growable NUL-terminated byte buffer and JSON string escaping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/fl_buf.h"
#include "base/fl_xalloc.h"

void fl_buf_init(struct fl_buf *b)
{
    b->p = NULL;
    b->len = 0;
    b->cap = 0;
}

void fl_buf_cleanup(struct fl_buf *b)
{
    free(b->p);
    fl_buf_init(b);
}

void fl_buf_reset(struct fl_buf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = '\0';
}

void fl_buf_reserve(struct fl_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    b->p = fl_xgrow(b->p, &b->cap, need, 1);
}

void fl_buf_add(struct fl_buf *b, const void *p, size_t n)
{
    fl_buf_reserve(b, n);
    if (n)
        memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void fl_buf_addc(struct fl_buf *b, char c)
{
    fl_buf_reserve(b, 1);
    b->p[b->len++] = c;
    b->p[b->len] = '\0';
}

void fl_buf_adds(struct fl_buf *b, const char *s)
{
    fl_buf_add(b, s, strlen(s));
}

void fl_buf_printf(struct fl_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    fl_buf_reserve(b, 64);
    va_start(ap, fmt);
    n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= b->cap - b->len) {
        fl_buf_reserve(b, (size_t)n);
        va_start(ap, fmt);
        vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
}

/* Length of a valid UTF-8 sequence starting at s (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t k, i;
    unsigned c = s[0];

    if (c < 0xC2)
        return 0;
    k = c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
    if (!k || k > n)
        return 0;
    for (i = 1; i < k; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if (c == 0xE0 && s[1] < 0xA0)
        return 0; /* overlong */
    if (c == 0xED && s[1] >= 0xA0)
        return 0; /* surrogate */
    if (c == 0xF0 && s[1] < 0x90)
        return 0; /* overlong */
    if (c == 0xF4 && s[1] >= 0x90)
        return 0; /* > U+10FFFF */
    return k;
}

void fl_buf_add_json_str(struct fl_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, run = 0;

    fl_buf_reserve(b, n + 8);
    while (i < n) {
        unsigned c = u[i];
        size_t k;
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        fl_buf_add(b, s + run, i - run);
        if (c >= 0x80) {
            k = utf8_len(u + i, n - i);
            if (k)
                fl_buf_add(b, s + i, k);
            else
                fl_buf_adds(b, "\\ufffd");
            i += k ? k : 1;
        } else if (c == '"' || c == '\\') {
            char e[2] = { '\\', (char)c };
            fl_buf_add(b, e, 2);
            i++;
        } else {
            char e[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
            if (c == '\n')
                fl_buf_add(b, "\\n", 2);
            else if (c == '\t')
                fl_buf_add(b, "\\t", 2);
            else if (c == '\r')
                fl_buf_add(b, "\\r", 2);
            else
                fl_buf_add(b, e, 6);
            i++;
        }
        run = i;
    }
    fl_buf_add(b, s + run, i - run);
}
