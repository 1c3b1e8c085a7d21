/* fl_zonehint.h - one server's zone for its zone-less logs: a MySQL slow
 * log tells its server's UTC offset ('# Time:' against 'SET timestamp='),
 * and the general log beside it (same directory, local times only) is read
 * at that offset too, when no --tz is given. */
#ifndef FL_ZONEHINT_H
#define FL_ZONEHINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "format/fl_format.h"

#define FL_ZONEHINT_MAX 8

struct fl_zonehints {
    char dir[FL_ZONEHINT_MAX][256];     /* the directory of the file */
    char from[FL_ZONEHINT_MAX][256];    /* the file that told the offset */
    int64_t off_us[FL_ZONEHINT_MAX];    /* local minus UTC */
    size_t n;
};

/* Can files of format f tell their zone (an epoch time beside a zone-less
 * MySQL-style one)?  They are read first. */
bool fl_zonehint_teaches(const struct fl_format *f);

/* Do files of format f have zone-less MySQL-style times to take a hint? */
bool fl_zonehint_takes(const struct fl_format *f);

/* Remember that path's server is at off_us (first per directory wins). */
void fl_zonehint_add(struct fl_zonehints *z, const char *path, int64_t off_us);

/* The hint for path (its directory), NULL when none; *off_us set. */
const char *fl_zonehint_find(const struct fl_zonehints *z, const char *path,
                             int64_t *off_us);

#endif
