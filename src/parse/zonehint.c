/* zonehint.c - share a server's UTC offset learned from one of its logs
 * with its other zone-less logs in the same directory (see fl_zonehint.h). */
#include <stdio.h>
#include <string.h>

#include "parse/fl_zonehint.h"
#include "time/fl_time.h"

static bool has_style(const struct fl_format *f, int style)
{
    for (size_t i = 0; f && i < f->ntimes; i++)
        if (!f->times[i].layout && f->times[i].style == style)
            return true;
    return false;
}

bool fl_zonehint_teaches(const struct fl_format *f)
{
    return has_style(f, FL_TIME_MYSQL) && has_style(f, FL_TIME_EPOCH);
}

bool fl_zonehint_takes(const struct fl_format *f)
{
    return has_style(f, FL_TIME_MYSQL) && !has_style(f, FL_TIME_EPOCH);
}

/* The directory part of path ("." when none), cut to fit. */
static void dir_of(const char *path, char *out, size_t cap)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 1;

    snprintf(out, cap, "%.*s", (int)n, slash ? path : ".");
}

void fl_zonehint_add(struct fl_zonehints *z, const char *path, int64_t off_us)
{
    char d[256];
    int64_t seen;

    if (z->n >= FL_ZONEHINT_MAX || fl_zonehint_find(z, path, &seen))
        return;
    dir_of(path, d, sizeof d);
    snprintf(z->dir[z->n], sizeof z->dir[z->n], "%s", d);
    snprintf(z->from[z->n], sizeof z->from[z->n], "%s", path);
    z->off_us[z->n++] = off_us;
}

const char *fl_zonehint_find(const struct fl_zonehints *z, const char *path,
                             int64_t *off_us)
{
    char d[256];

    dir_of(path, d, sizeof d);
    for (size_t i = 0; i < z->n; i++)
        if (strcmp(z->dir[i], d) == 0) {
            *off_us = z->off_us[i];
            return z->from[i];
        }
    return NULL;
}
