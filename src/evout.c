/* evout.c - placeholder, being written. */
#include "fl_evout.h"
typedef int fl_placeholder_evout;
