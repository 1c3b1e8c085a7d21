/* parse.c - placeholder, being written. */
#include "fl_parse.h"
typedef int fl_placeholder_parse;
