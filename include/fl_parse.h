/* fl_parse.h - placeholder, being written. */
#ifndef FL_PARSE_H
#define FL_PARSE_H
#endif
