/* xalloc.c - allocation wrappers; out-of-memory is fatal here and only here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/fl_xalloc.h"

static void oom(size_t n)
{
    fprintf(stderr, "faultline: out of memory (allocating %zu bytes)\n", n);
    abort();
}

void *fl_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

void *fl_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        oom(count * size);
    return p;
}

void *fl_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom(n);
    return q;
}

void *fl_xgrow(void *p, size_t *cap, size_t need, size_t size)
{
    size_t c = *cap ? *cap : 8;
    if (need <= *cap)
        return p;
    while (c < need)
        c *= 2;
    if (c > ((size_t)-1) / size)
        oom(c);
    *cap = c;
    return fl_xrealloc(p, c * size);
}

char *fl_xstrdup(const char *s)
{
    return fl_xstrndup(s, strlen(s));
}

char *fl_xstrndup(const char *s, size_t n)
{
    char *p = fl_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
