/* fl_ingest.h - placeholder, being written. */
#ifndef FL_INGEST_H
#define FL_INGEST_H
#endif
