/* fl_shift.h - placeholder, being written. */
#ifndef FL_SHIFT_H
#define FL_SHIFT_H
#endif
