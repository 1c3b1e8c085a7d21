/* fl_sql.h - placeholder, being written. */
#ifndef FL_SQL_H
#define FL_SQL_H
#endif
