/* fl_clock.h - per-source clock offsets (--clock-offset FILE=SECONDS):
 * parse them, and look one up for an event's source path.  See clock.c
 * for how FILE matches a path. */
#ifndef FL_CLOCK_H
#define FL_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/fl_err.h"

#define FL_RUN_MAX_CLOCK_OFFSETS 32

struct fl_clock {
    const char *file[FL_RUN_MAX_CLOCK_OFFSETS]; /* borrowed "FILE=S" specs */
    size_t len[FL_RUN_MAX_CLOCK_OFFSETS];       /* length of FILE */
    int64_t us[FL_RUN_MAX_CLOCK_OFFSETS];       /* offset to add, us */
    size_t n;
    const char *last_file;      /* lookup cache: the last source seen */
    bool cached;
    int64_t last_us;
};

/* Parse n "FILE=SECONDS" specs (borrowed; must outlive c).  FL_OK or
 * FL_ERR_USAGE with a message. */
int fl_clock_parse(struct fl_clock *c, const char *const *specs, size_t n,
                   struct fl_err *err);

/* The offset (us) to add to the times of events from path, 0 if none. */
int64_t fl_clock_offset(struct fl_clock *c, const char *path);

/* Does FILE (want) name path (see clock.c)? */
bool fl_clock_matches(const char *want, const char *path);

#endif
