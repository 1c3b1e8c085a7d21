/* fl_time.h - placeholder, being written. */
#ifndef FL_TIME_H
#define FL_TIME_H
#endif
