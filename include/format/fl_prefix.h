/* fl_prefix.h - turn a PostgreSQL log_line_prefix setting into a PCRE2
 * regex fragment with named groups, so a stderr/syslog log written with any
 * prefix can be parsed without a hand-written format definition.
 *
 * The fragment has no anchors and matches the prefix only; the caller puts
 * "^" before it and the message part after it.  It assumes PCRE2 default
 * options (no PCRE2_EXTENDED, no PCRE2_DOTALL) and never uses a group name
 * twice, so it compiles without PCRE2_DUPNAMES.
 */
#ifndef FL_PREFIX_H
#define FL_PREFIX_H

#include "base/fl_buf.h"
#include "base/fl_err.h"

/* Append to `out` a regex fragment matching the prefix that PostgreSQL
 * writes for log_line_prefix value `prefix` (e.g. "%m [%p] %q%u@%d ").
 *
 * Named groups (first occurrence only; repeats match without capturing):
 *   time (%m, %t or %n), pid (%p), user (%u), db (%d), app (%a),
 *   host (%h, or %r's host), port (%r's optional "(port)"), line_no (%l),
 *   session (%c), session_start (%s), vxid (%v), xid (%x), tag (%i),
 *   sqlstate (%e), query_id (%Q), backend_type (%b), leader_pid (%P).
 * %L (local address) is matched without a group; %% is a literal '%'.
 * %m/%t capture the zone written after the time ("2024-05-15 10:00:00.123
 * UTC", "... +03", "... -0330") so fl_time_parse can apply it.
 * Everything after %q is optional as a unit (it is written only by session
 * processes).  %u, %d, %a, %h, %r, %i, %v and %P may be empty, as PostgreSQL
 * leaves them in non-session processes.  %a and %i may contain spaces and
 * match lazily (so the caller's message pattern decides where they end);
 * %b tries PostgreSQL's multi-word backend types ("client backend") first,
 * then matches lazily too.  %u/%d match "[unknown]" or a run of non-blanks
 * that stops at the literal character following them in the prefix; %h and
 * %r's host match "[local]", an IPv4/IPv6 address or a host name.
 * Padding ("%-10u", "%10p") is accepted and the field may then be
 * surrounded by spaces.
 *
 * *time_style (may be NULL) receives FL_TIME_ISO for %m/%t, FL_TIME_EPOCH
 * for %n (seconds with milliseconds, "1715767200.123"), or -1 if the prefix
 * has no time.
 * Returns FL_OK, or FL_ERR_USAGE for an unknown escape or a prefix ending
 * in '%' (err names the escape and its 1-based position; out is left as it
 * was on entry).  err may be NULL. */
int fl_prefix_to_regex(const char *prefix, struct fl_buf *out,
                       int *time_style, struct fl_err *err);

#endif
