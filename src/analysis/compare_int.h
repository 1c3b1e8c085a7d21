/* compare_int.h - what the files of the comparison share (compare.c
 * builds it, cmpchanges.c finds the changes of each class).  Not part of
 * the library's interface. */
#ifndef FL_COMPARE_INT_H
#define FL_COMPARE_INT_H

#include "analysis/fl_compare.h"

/* Copy s's changes made between the periods or during the after one. */
void fl_cmp_take_changes(struct fl_compare *c, const struct fl_summary *s);
/* Sort c's changes by time and drop the copies both periods held. */
void fl_cmp_dedupe_changes(struct fl_compare *c);
/* Fill k->changes with the changes of c that touch k. */
void fl_cmp_link_changes(struct fl_compare *c, struct fl_cmp_class *k);

#endif
