/* sketch.c - placeholder, being written. */
#include "fl_sketch.h"
typedef int fl_placeholder_sketch;
