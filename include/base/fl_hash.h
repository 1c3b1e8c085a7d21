/* fl_hash.h - FNV-1a 64 of a byte string: the one hash behind class ids
 * (sql fingerprints, http routes), group keys and the pid table.  Stable:
 * class ids are printed, so it never changes. */
#ifndef FL_HASH_H
#define FL_HASH_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t fl_hash_fnv1a(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 0xcbf29ce484222325ULL;    /* offset basis */

    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 0x100000001b3ULL; /* prime */
    return h;
}

#endif
