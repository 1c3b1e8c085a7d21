/* fl_evout.h - placeholder, being written. */
#ifndef FL_EVOUT_H
#define FL_EVOUT_H
#endif
