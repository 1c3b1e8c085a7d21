/* ddl.c - placeholder, being written. */
#include "fl_ddl.h"
typedef int fl_placeholder_ddl;
