/* fl_sqlconfig.h - server configuration statements: PostgreSQL ALTER SYSTEM
 * and MySQL / MariaDB SET GLOBAL / SET PERSIST, recognised and split into
 * the setting's name and value (the sql domain makes config changes of
 * them, see sql/fl_sqldomain.h).
 *
 * Recognised (keywords case-insensitive, leading blanks and comments
 * skipped):
 *   ALTER SYSTEM SET name { = | TO } value
 *   ALTER SYSTEM RESET name            (value "default", as PostgreSQL logs it)
 *   SET GLOBAL name = value, SET PERSIST name = value,
 *   SET PERSIST_ONLY name = value, SET @@GLOBAL.name = value,
 *   SET @@PERSIST.name = value         (':=' too)
 * Only the first assignment of a SET list is taken.  Names are lower-cased;
 * the value has its quotes and a trailing ';' removed.  Both are cut to
 * FL_SQLCONFIG_MAX - 1 bytes.
 */
#ifndef FL_SQLCONFIG_H
#define FL_SQLCONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define FL_SQLCONFIG_MAX 64

struct fl_sqlconfig {
    char name[FL_SQLCONFIG_MAX];    /* "work_mem", "max_connections" */
    char value[FL_SQLCONFIG_MAX];   /* "64MB", "500", "default" */
    bool system;                    /* ALTER SYSTEM (PostgreSQL), not SET */
};

/* Is s[0..n) a configuration statement?  Fills *out when it is. */
bool fl_sqlconfig_parse(const char *s, size_t n, struct fl_sqlconfig *out);

#endif
