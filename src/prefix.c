/* prefix.c - placeholder, being written. */
#include "fl_prefix.h"
typedef int fl_placeholder_prefix;
