/* cursor.c - file cursors for incremental reading (see fl_cursor.h).
 *
 * Invariants: every comparison of content is over uncompressed bytes and
 * over exactly the lengths that were hashed when the mark was made; at most
 * FL_CURSOR_HEAD + FL_CURSOR_TAIL bytes are held; a plain file is read with
 * pread at the two places only, a compressed one is decoded from its start
 * up to (and one block past) the offset.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input/fl_cursor.h"
#include "input/fl_decoder.h"
#include "base/fl_hash.h"
#include "base/fl_xalloc.h"

/* A file open for a span read. */
struct src {
    int fd;
    struct stat st;
    bool compressed;
};

static int src_open(struct src *s, const char *path, struct fl_err *err)
{
    unsigned char magic[8];
    size_t n;

    s->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (s->fd < 0 || fstat(s->fd, &s->st) != 0 ||
        fl_decoder_read_head(s->fd, magic, sizeof magic, &n) != FL_OK) {
        int e = errno;
        if (s->fd >= 0)
            close(s->fd);
        return fl_err_set(err, FL_ERR_IO, path, 0, UINT64_MAX,
                          "cannot read: %s", strerror(e));
    }
    s->compressed = fl_decoder_detect(magic, n) != FL_COMP_NONE;
    return FL_OK;
}

/* Plain regular file: pread [from, from + len). */
static int span_plain(const struct src *s, uint64_t from, size_t len,
                      unsigned char *buf, size_t *got, bool *more)
{
    *got = 0;
    while (*got < len) {
        ssize_t k = pread(s->fd, buf + *got, len - *got,
                          (off_t)(from + *got));
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return FL_ERR_IO;
        if (k == 0)
            break;
        *got += (size_t)k;
    }
    *more = (uint64_t)s->st.st_size > from + len;
    return FL_OK;
}

/* Compressed (or not seekable): decode from the start up to from + len and
 * one byte past it.  Damage ends the stream there. */
static int span_decode(const struct src *s, const char *path, uint64_t from,
                       size_t len, unsigned char *buf, size_t *got,
                       bool *more, struct fl_err *err)
{
    struct fl_decoder *d;
    struct fl_block b;
    uint64_t pos = 0, to = from + len;

    *got = 0;
    *more = false;
    if (lseek(s->fd, 0, SEEK_SET) < 0 ||
        fl_decoder_new(&d, s->fd, S_ISREG(s->st.st_mode), path, err) != FL_OK)
        return FL_ERR_IO;
    do {
        fl_decoder_take(d, &b);
        uint64_t end = pos + b.len;
        if (end > from && pos < to) {
            uint64_t a = pos > from ? pos : from, z = end < to ? end : to;
            memcpy(buf + (a - from), b.data + (a - pos), (size_t)(z - a));
            *got = (size_t)(z - from);
        }
        if (end > to) {
            *more = true;
            break;
        }
        pos = end;
    } while (b.status == FL_OK);
    fl_decoder_free(d);
    return FL_OK;
}

/* The uncompressed bytes [from, from + len) of s into buf (*got of them)
 * and whether any byte follows them (*more). */
static int span(const struct src *s, const char *path, uint64_t from,
                size_t len, unsigned char *buf, size_t *got, bool *more,
                struct fl_err *err)
{
    if (!s->compressed && S_ISREG(s->st.st_mode)) {
        if (span_plain(s, from, len, buf, got, more) != FL_OK)
            return fl_err_set(err, FL_ERR_IO, path, 0, from, "read error: %s",
                              strerror(errno));
        return FL_OK;
    }
    return span_decode(s, path, from, len, buf, got, more, err);
}

static void identity(const struct src *s, uint64_t *dev, uint64_t *ino,
                     uint64_t *size, int64_t *mtime_ns)
{
    *dev = (uint64_t)s->st.st_dev;
    *ino = (uint64_t)s->st.st_ino;
    *size = (uint64_t)s->st.st_size;
    *mtime_ns = (int64_t)s->st.st_mtim.tv_sec * 1000000000 +
                s->st.st_mtim.tv_nsec;
}

int fl_cursor_look(const char *path, struct fl_cursor_file *f,
                   struct fl_err *err)
{
    struct src s;
    bool more;
    int rc;

    memset(f, 0, sizeof *f);
    if (src_open(&s, path, err) != FL_OK)
        return FL_ERR_IO;
    identity(&s, &f->dev, &f->ino, &f->size, &f->mtime_ns);
    f->compressed = s.compressed;
    rc = span(&s, path, 0, FL_CURSOR_HEAD, f->head, &f->head_len, &more, err);
    close(s.fd);
    return rc;
}

/* Does the file continue m: same head, and the same bytes before m's
 * offset?  *more: bytes follow the offset. */
static int verify(const char *path, const struct fl_cursor_file *f,
                  const struct fl_cursor_mark *m, bool *ok, bool *more,
                  struct fl_err *err)
{
    unsigned char tail[FL_CURSOR_TAIL];
    size_t got;
    struct src s;
    int rc;

    *ok = *more = false;
    if (m->head_len > f->head_len || m->tail_len > FL_CURSOR_TAIL ||
        m->tail_len > m->offset ||
        fl_hash_fnv1a(f->head, m->head_len) != m->head_hash)
        return FL_OK;
    if (!f->compressed && f->size < m->offset)
        return FL_OK;
    if (src_open(&s, path, err) != FL_OK)
        return FL_ERR_IO;
    rc = span(&s, path, m->offset - m->tail_len, m->tail_len, tail, &got,
              more, err);
    close(s.fd);
    *ok = rc == FL_OK && got == m->tail_len &&
          fl_hash_fnv1a(tail, got) == m->tail_hash;
    return rc;
}

static void set(struct fl_cursor_decision *d, enum fl_cursor_verdict v,
                uint64_t start, bool skip, long mark)
{
    d->verdict = v;
    d->start = start;
    d->skip = skip;
    d->mark = mark;
}

/* The same inode as mark i: grown, unchanged, renamed or rewritten. */
static int same_inode(const char *path, const struct fl_cursor_file *f,
                      const struct fl_cursor_mark *m, long i,
                      struct fl_cursor_decision *d, struct fl_err *err)
{
    bool ok, more, renamed = strcmp(path, m->path) != 0;

    if (f->compressed && f->size == m->size && f->mtime_ns == m->mtime_ns) {
        set(d, renamed ? FL_CURSOR_ROTATED : FL_CURSOR_UNCHANGED, m->offset,
            true, i);
        return FL_OK;
    }
    if (verify(path, f, m, &ok, &more, err) != FL_OK)
        return FL_ERR_IO;
    if (!ok)
        set(d, FL_CURSOR_TRUNCATED, 0, false, i);
    else if (renamed)
        set(d, FL_CURSOR_ROTATED, m->offset, !more, i);
    else
        set(d, more ? FL_CURSOR_GROWN : FL_CURSOR_UNCHANGED, m->offset,
            !more, i);
    return FL_OK;
}

/* Another inode: the mark with the longest read whose content it
 * continues (a copy, or a compressed rotation), else new or replaced. */
static int by_content(const char *path, const struct fl_cursor_file *f,
                      const struct fl_cursor_mark *marks, size_t n,
                      struct fl_cursor_decision *d, struct fl_err *err)
{
    long best = -1, named = -1;
    bool best_more = false;

    for (size_t i = 0; i < n; i++) {
        const struct fl_cursor_mark *m = &marks[i];
        bool ok, more;
        if (strcmp(m->path, path) == 0)
            named = (long)i;
        if (m->head_len == 0 || m->head_len > f->head_len ||
            fl_hash_fnv1a(f->head, m->head_len) != m->head_hash ||
            (best >= 0 && marks[best].offset >= m->offset))
            continue;
        if (verify(path, f, m, &ok, &more, err) != FL_OK)
            return FL_ERR_IO;
        if (ok) {
            best = (long)i;
            best_more = more;
        }
    }
    if (best >= 0)
        set(d, f->compressed && !marks[best].compressed ? FL_CURSOR_COMPRESSED
                                                         : FL_CURSOR_ROTATED,
            marks[best].offset, !best_more, best);
    else
        set(d, named >= 0 ? FL_CURSOR_REPLACED : FL_CURSOR_NEW, 0, false,
            named);
    return FL_OK;
}

int fl_cursor_decide(const char *path, const struct fl_cursor_file *f,
                     const struct fl_cursor_mark *marks, size_t n,
                     struct fl_cursor_decision *d, struct fl_err *err)
{
    for (size_t i = 0; i < n; i++)
        if (marks[i].dev == f->dev && marks[i].ino == f->ino &&
            marks[i].compressed == f->compressed)
            return same_inode(path, f, &marks[i], (long)i, d, err);
    return by_content(path, f, marks, n, d, err);
}

int fl_cursor_mark_make(const char *path, uint64_t offset, int64_t now_us,
                        struct fl_cursor_mark *m, struct fl_err *err)
{
    unsigned char buf[FL_CURSOR_HEAD > FL_CURSOR_TAIL ? FL_CURSOR_HEAD
                                                      : FL_CURSOR_TAIL];
    size_t got;
    bool more;
    struct src s;
    int rc;

    memset(m, 0, sizeof *m);
    if (src_open(&s, path, err) != FL_OK)
        return FL_ERR_IO;
    identity(&s, &m->dev, &m->ino, &m->size, &m->mtime_ns);
    m->compressed = s.compressed;
    m->offset = offset;
    m->seen_us = now_us;
    rc = span(&s, path, 0, offset < FL_CURSOR_HEAD ? (size_t)offset
                                                   : FL_CURSOR_HEAD,
              buf, &got, &more, err);
    m->head_len = (uint32_t)got;
    m->head_hash = fl_hash_fnv1a(buf, got);
    if (rc == FL_OK) {
        size_t tl = offset < FL_CURSOR_TAIL ? (size_t)offset : FL_CURSOR_TAIL;
        rc = span(&s, path, offset - tl, tl, buf, &got, &more, err);
        m->tail_len = (uint32_t)got;
        m->tail_hash = fl_hash_fnv1a(buf, got);
        if (rc == FL_OK && got != tl)
            rc = fl_err_set(err, FL_ERR_IO, path, 0, offset,
                            "shorter than the offset read to");
    }
    close(s.fd);
    if (rc == FL_OK)
        m->path = fl_xstrdup(path);
    return rc;
}

void fl_cursor_mark_cleanup(struct fl_cursor_mark *m)
{
    if (m) {
        free(m->path);
        m->path = NULL;
    }
}

const char *fl_cursor_verdict_name(enum fl_cursor_verdict v)
{
    static const char *const names[] = {
        "new", "grown", "unchanged", "truncated", "rotated", "compressed",
        "replaced"
    };
    return (unsigned)v < sizeof names / sizeof *names ? names[v] : "?";
}
