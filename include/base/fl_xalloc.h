/* fl_xalloc.h - allocation wrappers: the one place where out-of-memory is
 * fatal.  Everything else in faultline recovers from errors; running out of
 * memory prints one message and aborts the process.
 * All returned pointers are owned by the caller (free with free()). */
#ifndef FL_XALLOC_H
#define FL_XALLOC_H

#include <stddef.h>

void *fl_xmalloc(size_t n);
void *fl_xcalloc(size_t count, size_t size);
void *fl_xrealloc(void *p, size_t n);
/* Grow an array: returns a buffer of at least `need` elements of `size`,
 * updating *cap (geometric growth). */
void *fl_xgrow(void *p, size_t *cap, size_t need, size_t size);
char *fl_xstrdup(const char *s);
char *fl_xstrndup(const char *s, size_t n);

#endif
