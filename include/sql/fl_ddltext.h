/* fl_ddltext.h - the text a schema change is shown with: as logged, since
 * the literal (a default, a type size) is what a person needs to act on,
 * except where a statement can carry a secret. */
#ifndef FL_DDLTEXT_H
#define FL_DDLTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/fl_buf.h"

/* Can sql[0..n) carry a secret: a password (ALTER ROLE ... PASSWORD,
 * CREATE USER ... IDENTIFIED BY, SET PASSWORD), a connection string or
 * server options (CREATE SUBSCRIPTION ... CONNECTION, USER MAPPING ...
 * OPTIONS)?  Words compared without case. */
bool fl_ddl_may_hold_secret(const char *sql, size_t n);

/* Replace out's contents with the change text of sql[0..n): the statement
 * with each run of white space made one space, trimmed, without its
 * trailing semicolons; or its fingerprint (literals as ?) when it may hold
 * a secret.  Returns true when the text was redacted. */
bool fl_ddl_text(const char *sql, size_t n, struct fl_buf *out);

#endif
