/* fl_sketch.h - placeholder, being written. */
#ifndef FL_SKETCH_H
#define FL_SKETCH_H
#endif
