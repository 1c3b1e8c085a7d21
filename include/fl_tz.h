/* fl_tz.h - placeholder, being written. */
#ifndef FL_TZ_H
#define FL_TZ_H
#endif
