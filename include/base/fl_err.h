/* fl_err.h - the one error pattern of faultline: a status code plus an
 * optional error record carrying text and the input location.
 *
 * Every fallible library function returns an `int` from enum fl_status and,
 * where a message helps, fills a caller-provided struct fl_err.  Library code
 * never prints and never exits; the front decides how to report.
 */
#ifndef FL_ERR_H
#define FL_ERR_H

#include <stdint.h>
#include <stdarg.h>

/* Status codes returned by library functions. 0 is success. */
enum fl_status {
    FL_OK = 0,
    FL_EOF,          /* end of input (not an error) */
    FL_ERR_IO,       /* open/read failure */
    FL_ERR_CORRUPT,  /* damaged input (truncated gzip, bad bytes) */
    FL_ERR_FORMAT,   /* a format definition is invalid */
    FL_ERR_PARSE,    /* an input value could not be parsed */
    FL_ERR_USAGE,    /* bad argument or option value */
    FL_ERR_LIMIT,    /* a bound was hit (line too long, match limit) */
    FL_ERR_NOTFOUND  /* a named thing does not exist */
};

/* An error record: what went wrong and where. */
struct fl_err {
    int code;             /* enum fl_status */
    char file[512];       /* input or definition file, "" if none */
    uint64_t line;        /* 1-based line number, 0 if unknown */
    uint64_t offset;      /* byte offset, UINT64_MAX if unknown */
    char msg[1024];       /* human-readable message, no trailing newline */
};

/* Reset an error record to "no error". err may be NULL. */
void fl_err_clear(struct fl_err *err);

/* Fill err (may be NULL) and return code.  file may be NULL; line 0 and
 * offset UINT64_MAX mean unknown.  Message is printf-formatted, truncated to
 * fit. */
int fl_err_set(struct fl_err *err, int code, const char *file, uint64_t line,
               uint64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Format "file:line: msg" (or "file: byte N: msg", or "msg") into buf of size
 * n.  Returns buf. */
char *fl_err_format(const struct fl_err *err, char *buf, size_t n);

/* A short static name for a status code. */
const char *fl_status_name(int code);

#endif
