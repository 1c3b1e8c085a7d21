/* fl_prefix.h - placeholder, being written. */
#ifndef FL_PREFIX_H
#define FL_PREFIX_H
#endif
