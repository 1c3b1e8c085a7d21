/* fl_http.h - the http domain (see event/fl_domain.h): access-log requests
 * classified by "METHOD ROUTE", the route as their subject.
 *
 * Route.  When the log writes the application's route template (the
 * event's route field), that is the route, cut to FL_HTTP_ROUTE_MAX bytes.
 * Otherwise the route is templated from the path of the url:
 *   - an absolute-form target ("http://host:port/path") keeps its path
 *     ("/" if it has none); "*" (OPTIONS *) stays "*";
 *   - the query string ('?...') and fragment ('#...') are dropped;
 *   - empty segments ("//") are dropped; the result starts with '/';
 *   - a segment that looks like an identifier becomes ":id": all decimal
 *     digits; a UUID (8-4-4-4-12 hex digits); 8 or more hex digits with at
 *     least one decimal digit; 16 or more of [A-Za-z0-9_-] with at least
 *     one letter and one digit (tokens, slugs with ids);
 *   - other segments are kept as logged; bytes below 0x20 and 0x7f become
 *     '?';
 *   - at most FL_HTTP_ROUTE_SEGMENTS segments and FL_HTTP_ROUTE_MAX bytes
 *     are kept; a longer path ends with "/..." (the bound includes it).
 *
 * classify: text = METHOD " " ROUTE, the method upper-cased (at most 16
 *           bytes; "-" when absent), id = FNV-1a 64 of the text, subjects
 *           = the route, type = -1.  False when the event has neither a
 *           route nor a url.
 * The domain has no refine, no state and no changes; literal_cache is
 * false (a number in a path is not a literal the SQL cache may strip).
 */
#ifndef FL_HTTP_H
#define FL_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "base/fl_buf.h"
#include "event/fl_domain.h"

#define FL_HTTP_ROUTE_MAX 512      /* bytes of a route */
#define FL_HTTP_ROUTE_SEGMENTS 32  /* path segments of a templated route */

/* Template the path of url[0..n) into out (reset first; NUL-terminated).
 * url need not be NUL-terminated. */
void fl_http_route(const char *url, size_t n, struct fl_buf *out);

/* FNV-1a 64 of s[0..n) (the class id). */
uint64_t fl_http_id(const char *s, size_t n);

/* The http domain: a static table of functions (never freed). */
extern const struct fl_domain fl_http_domain;

#endif
