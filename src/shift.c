/* shift.c - placeholder, being written. */
#include "fl_shift.h"
typedef int fl_placeholder_shift;
