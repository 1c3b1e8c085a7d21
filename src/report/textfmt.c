/* textfmt.c - durations, times and escaping shared by the writers (see
 * fl_textfmt.h).  Pure functions of their arguments. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/fl_textfmt.h"
#include "time/fl_time.h"

void fl_textfmt_duration(double us, char *buf, size_t n)
{
    if (us < 0)
        snprintf(buf, n, "-");
    else if (us < 1000)
        snprintf(buf, n, "%.0fus", us);
    else if (us < 1e6)
        snprintf(buf, n, "%.*fms", us < 1e4 ? 2 : us < 1e5 ? 1 : 0, us / 1e3);
    else if (us < 6e7)
        snprintf(buf, n, "%.*fs", us < 1e7 ? 2 : 1, us / 1e6);
    else if (us < 3.6e9)
        snprintf(buf, n, "%.0fm%02.0fs", (double)((int64_t)us / 60000000),
                 (double)(((int64_t)us / 1000000) % 60));
    else
        snprintf(buf, n, "%.0fh%02.0fm", (double)((int64_t)us / 3600000000LL),
                 (double)(((int64_t)us / 60000000) % 60));
}

const char *fl_textfmt_when(int64_t t, const struct fl_tz *tz, char *buf,
                            size_t n)
{
    if (t == INT64_MIN || t == INT64_MAX || !fl_time_format_zone(t, tz, buf, n))
        snprintf(buf, n, "(unknown time)");
    return buf;
}

void fl_textfmt_md_escape(struct fl_buf *out, const char *s, size_t n)
{
    /* Inline text never starts a line, so only the characters that open
     * inline markup or raw HTML need neutralising. */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '<')
            fl_buf_adds(out, "&lt;");
        else if (c == '&')
            fl_buf_adds(out, "&amp;");
        else if (c == '\n' || c == '\r' || c == '\t')
            fl_buf_addc(out, ' ');
        else if (c < 0x20 || c == 0x7f)
            fl_buf_addc(out, '?');
        else {
            if (strchr("\\`*_[]|~", c))
                fl_buf_addc(out, '\\');
            fl_buf_addc(out, (char)c);
        }
    }
}

void fl_textfmt_md_code(struct fl_buf *out, const char *s)
{
    size_t run = 0, longest = 0, n = strlen(s);
    char fence[16];

    for (size_t i = 0; i < n; i++) {
        run = s[i] == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    if (longest > 10)
        longest = 10;
    memset(fence, '`', longest + 1);
    fence[longest + 1] = '\0';
    fl_buf_adds(out, fence);
    fl_buf_addc(out, ' ');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        fl_buf_addc(out, c == '\n' || c == '\r' || c == '\t' ? ' '
                         : c < 0x20 || c == 0x7f ? '?' : (char)c);
    }
    fl_buf_addc(out, ' ');
    fl_buf_adds(out, fence);
}

void fl_textfmt_plain(struct fl_buf *out, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        fl_buf_addc(out, c == '\n' || c == '\t' ? ' '
                         : c < 0x20 || c == 0x7f ? '?' : (char)c);
    }
}

void fl_textfmt_jstr(struct fl_buf *out, const char *key, const char *v)
{
    fl_buf_printf(out, "\"%s\":", key);
    if (!v) {
        fl_buf_adds(out, "null");
        return;
    }
    fl_buf_addc(out, '"');
    fl_buf_add_json_str(out, v, strlen(v));
    fl_buf_addc(out, '"');
}

void fl_textfmt_jtime(struct fl_buf *out, const char *key, int64_t t)
{
    char b[FL_TIME_BUFSZ];
    if (t == INT64_MIN || t == INT64_MAX) {
        fl_buf_printf(out, "\"%s\":null", key);
        return;
    }
    fl_time_format_rfc3339(t, b, sizeof b);
    fl_buf_printf(out, "\"%s\":\"%s\"", key, b);
}

void fl_textfmt_jnum(struct fl_buf *out, const char *key, double v)
{
    if (v < 0 || !isfinite(v))
        fl_buf_printf(out, "\"%s\":null", key);
    else
        fl_buf_printf(out, "\"%s\":%.0f", key, v);
}
