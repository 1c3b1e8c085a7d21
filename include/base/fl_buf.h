/* fl_buf.h - a growable byte buffer, always NUL-terminated.
 * Used for assembling entries and output; reused across lines so the hot
 * path does not allocate once it has grown to the working size. */
#ifndef FL_BUF_H
#define FL_BUF_H

#include <stddef.h>
#include <stdarg.h>

struct fl_buf {
    char *p;      /* owned storage, NUL-terminated when cap > 0 */
    size_t len;   /* bytes used, excluding the NUL */
    size_t cap;   /* bytes allocated */
};

void fl_buf_init(struct fl_buf *b);
void fl_buf_cleanup(struct fl_buf *b);
/* Empty the buffer, keeping its storage. */
void fl_buf_reset(struct fl_buf *b);
/* Ensure room for `extra` more bytes plus the NUL. */
void fl_buf_reserve(struct fl_buf *b, size_t extra);
void fl_buf_add(struct fl_buf *b, const void *p, size_t n);
void fl_buf_addc(struct fl_buf *b, char c);
void fl_buf_adds(struct fl_buf *b, const char *s);
void fl_buf_printf(struct fl_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Append s[0..n) as the body of a JSON string (no quotes), escaping
 * control characters, quotes, backslashes and invalid UTF-8 (as U+FFFD). */
void fl_buf_add_json_str(struct fl_buf *b, const char *s, size_t n);

#endif
