/* reader.c - placeholder, being written. */
#include "fl_reader.h"
typedef int fl_placeholder_reader;
