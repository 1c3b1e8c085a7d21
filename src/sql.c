/* sql.c - placeholder, being written. */
#include "fl_sql.h"
typedef int fl_placeholder_sql;
