/* ingest.c - placeholder, being written. */
#include "fl_ingest.h"
typedef int fl_placeholder_ingest;
