/* err.c - the error record shared by every module (see fl_err.h). */
#include <stdio.h>
#include <string.h>
#include "base/fl_err.h"

void fl_err_clear(struct fl_err *err)
{
    if (!err)
        return;
    err->code = FL_OK;
    err->file[0] = '\0';
    err->line = 0;
    err->offset = UINT64_MAX;
    err->msg[0] = '\0';
}

int fl_err_set(struct fl_err *err, int code, const char *file, uint64_t line,
               uint64_t offset, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return code;
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->offset = offset;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

char *fl_err_format(const struct fl_err *err, char *buf, size_t n)
{
    if (!err->file[0])
        snprintf(buf, n, "%s", err->msg);
    else if (err->line)
        snprintf(buf, n, "%s:%llu: %s", err->file,
                 (unsigned long long)err->line, err->msg);
    else if (err->offset != UINT64_MAX)
        snprintf(buf, n, "%s: byte %llu: %s", err->file,
                 (unsigned long long)err->offset, err->msg);
    else
        snprintf(buf, n, "%s: %s", err->file, err->msg);
    return buf;
}

const char *fl_status_name(int code)
{
    static const char *const names[] = {
        "ok", "eof", "io", "corrupt", "format", "parse", "usage", "limit",
        "notfound"
    };
    if (code < 0 || code >= (int)(sizeof names / sizeof names[0]))
        return "unknown";
    return names[code];
}
