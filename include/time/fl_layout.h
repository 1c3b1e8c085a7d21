/* fl_layout.h - time layouts: strptime-like descriptions of how a log
 * writes its timestamps ("%d/%b/%Y:%H:%M:%S %z" for Common Log Format),
 * compiled once, then used to parse with no allocation.
 *
 * This is how a format definition names a time form that no built-in
 * style (fl_time.h) covers, without a C change.  Parsing is locale-free
 * (English month and weekday names), never reads the TZ variable, and
 * resolves zones exactly as the styles do, through fl_time_resolve: a
 * numeric offset wins, an abbreviation is looked up in ctx->tz then a
 * built-in table, and a time without a zone is local time in ctx->tz (UTC
 * without one).
 *
 * Directives (each reads the input at the current position):
 *   %Y  year, 4 digits            %y  year, 2 digits: 69-99 = 1969-1999,
 *                                     00-68 = 2000-2068 (POSIX)
 *   %m  month, 1-2 digits         %b %h  month name, English, abbreviated
 *   %B  month name, full or abbreviated (also what %b accepts)
 *   %d  day of month, 1-2 digits  %e  the same, space-padded (" 5")
 *   %j  day of the year, 1-3 digits (with a year; instead of month + day)
 *   %H  hour 0-23, 1-2 digits     %I  hour 1-12, needs %p
 *   %p  AM or PM (any case)       %M  minute, 1-2 digits
 *   %S  second 0-60, 1-2 digits   %f  fraction of a second, 1-9 digits
 *                                     (cut to microseconds; the '.' or ','
 *                                     before it is literal layout text)
 *   %z  zone offset: +hh, +hhmm, +hh:mm (or -), or Z
 *   %Z  zone abbreviation (letters: "UTC", "CEST", "EDT")
 *   %s  seconds since the epoch, optional '-' and .fraction; no other
 *       date, time or zone directive may be used with it
 *   %a %A  weekday name (English, abbreviated or full): read and ignored
 *   %T  = %H:%M:%S               %F  = %Y-%m-%d
 *   %n %t  one or more blanks     %%  a literal '%'
 * A run of blanks in the layout matches one or more blanks (space or tab)
 * in the input; any other character matches itself exactly.  Blanks before
 * and after the whole time are ignored.  A layout without a year takes the
 * caller's year_hint (like the syslog style).
 */
#ifndef FL_LAYOUT_H
#define FL_LAYOUT_H

#include <stddef.h>
#include <stdint.h>
#include "base/fl_err.h"
#include "time/fl_time.h"

struct fl_layout; /* opaque, immutable once compiled */

/* Longest layout text accepted, in bytes. */
#define FL_LAYOUT_MAX 128

/* Compile the NUL-terminated layout `spec` into *out (owned; release with
 * fl_layout_free).  A layout must name a complete date: %s, or a day of
 * the month (%d/%e) with a month (%m/%b/%B), or a day of the year (%j);
 * the time of day defaults to midnight.  Rejected, with a message in err
 * (may be NULL; err->file is left empty for the caller to fill) and
 * FL_ERR_FORMAT: an unknown directive, a '%' at the end, a field given
 * twice, %I without %p (or %p without %I), %s mixed with date fields, no
 * complete date, or a layout longer than FL_LAYOUT_MAX.  *out is NULL on
 * failure. */
int fl_layout_compile(struct fl_layout **out, const char *spec,
                      struct fl_err *err);

/* Release a layout.  NULL is accepted. */
void fl_layout_free(struct fl_layout *l);

/* The layout text as given to fl_layout_compile.  Borrowed from l. */
const char *fl_layout_source(const struct fl_layout *l);

/* Parse s[0..n) (need not be NUL-terminated) with layout l into UTC
 * microseconds *us.  ctx gives the zone of zone-less times and of
 * abbreviations (NULL or ctx->tz NULL = UTC) and the year of layouts
 * without one.  Returns FL_OK; FL_ERR_PARSE when s does not match the
 * layout or a field is out of range (*us untouched); FL_ERR_USAGE for a
 * layout without a year when ctx->year_hint is 0.  Never allocates. */
int fl_layout_parse(const struct fl_layout *l, const char *s, size_t n,
                    const struct fl_time_ctx *ctx, int64_t *us);

#endif
