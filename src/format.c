/* format.c - placeholder, being written. */
#include "fl_format.h"
typedef int fl_placeholder_format;
