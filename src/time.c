/* time.c - placeholder, being written. */
#include "fl_time.h"
typedef int fl_placeholder_time;
