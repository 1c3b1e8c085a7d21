/* fl_reader.h - placeholder, being written. */
#ifndef FL_READER_H
#define FL_READER_H
#endif
