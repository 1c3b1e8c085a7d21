/* cli.c - placeholder, being written. */
#include "fl_cli.h"
typedef int fl_placeholder_cli;
