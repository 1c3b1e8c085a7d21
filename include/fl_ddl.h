/* fl_ddl.h - placeholder, being written. */
#ifndef FL_DDL_H
#define FL_DDL_H
#endif
