/* tz.c - placeholder, being written. */
#include "fl_tz.h"
typedef int fl_placeholder_tz;
