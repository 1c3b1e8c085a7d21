/* fl_zones.h - files of one run whose time spans disagree by whole hours:
 * one of them is probably written in local time with no zone. */
#ifndef FL_ZONES_H
#define FL_ZONES_H

#include <stddef.h>
#include <stdint.h>

#include "parse/fl_ingest.h"

#define FL_ZONES_MAX_FILES 64

/* The spans seen so far (copies of the paths; the first
 * FL_ZONES_MAX_FILES files with timed events). */
struct fl_zones {
    char *path[FL_ZONES_MAX_FILES];
    int64_t first[FL_ZONES_MAX_FILES], last[FL_ZONES_MAX_FILES];
    bool learned[FL_ZONES_MAX_FILES]; /* its zone came from its own epochs */
    size_t n;
};

/* Note f's span, moved by shift_us (its --clock-offset); nothing when it
 * has no timed event. */
void fl_zones_note(struct fl_zones *z, const struct fl_ingest_file *f,
                   int64_t shift_us);

/* Report through diag (FL_ERR_PARSE, naming both files) each pair of
 * files whose spans do not overlap, but would overlap for most of the
 * shorter one if one were moved by a whole number of hours (1 to 14) -
 * and are not one file following the other (a rotated set). */
void fl_zones_check(const struct fl_zones *z, fl_diag_fn diag, void *ctx);

void fl_zones_cleanup(struct fl_zones *z);

#endif
