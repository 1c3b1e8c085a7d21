/* fl_cli.h - placeholder, being written. */
#ifndef FL_CLI_H
#define FL_CLI_H
#endif
