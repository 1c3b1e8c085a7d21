/* reader.c - line reader over plain, gzip and bzip2 input (see fl_reader.h).
 *
 * The line side of the reader.  Bytes come in blocks from fl_decoder (which
 * reads the file and decodes compressed input on its own thread); this
 * module owns at most one block at a time and returns lines pointing into
 * it; a line crossing a block boundary is copied into `carry`, which never
 * grows past max_line + 2 bytes.
 *
 * Invariants:
 * - blk_base + pos is the uncompressed offset of the next unread byte.
 * - term is set once, from the decoder's terminal block; after it the
 *   remaining bytes of blk are still returned, then the status once.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input/fl_reader.h"
#include "input/fl_decoder.h"
#include "base/fl_xalloc.h"

struct fl_reader {
    char *path;                /* display name, owned */
    int fd;                    /* input descriptor */
    bool own_fd;               /* false for standard input */
    struct fl_decoder *dec;    /* owned; the input side */

    /* Line side. */
    const char *blk;           /* held block bytes */
    size_t blk_len, pos;
    uint64_t blk_base;         /* uncompressed offset of blk[0] */
    uint64_t raw_off;
    int term;                  /* terminal status seen after blk, or 0 */
    struct fl_err term_err;
    bool done;
    char *carry;               /* line crossing a block boundary */
    size_t carry_len, carry_cap;
    uint64_t carry_start;
    bool carrying, skipping;
    size_t max_line;
    uint64_t line_no, line_off;
    uint64_t done_end;         /* offset just past the last '\n' consumed */
    bool truncated;
    bool unterminated;         /* the last line returned had no '\n' */
};

/* ---- blocks ---- */

/* Move the line side to the next block; records a terminal status. */
static void fetch(struct fl_reader *r)
{
    struct fl_block b;

    fl_decoder_take(r->dec, &b);
    r->blk_base += r->blk_len;
    r->blk = b.data;
    r->blk_len = b.len;
    r->pos = 0;
    r->raw_off = b.raw_end;
    if (b.status != FL_OK) {
        r->term = b.status;
        if (b.err)
            r->term_err = *b.err;
    }
}

/* ---- line side ---- */

static void carry_add(struct fl_reader *r, const char *p, size_t n)
{
    size_t need = r->carry_len + n, cap;

    if (need > r->carry_cap) {
        /* Double, but never past the cap's worth: memory stays bounded. */
        cap = r->carry_cap * 2;
        if (cap > r->max_line + 2)
            cap = r->max_line + 2;
        if (cap < need)
            cap = need;
        r->carry = fl_xrealloc(r->carry, cap);
        r->carry_cap = cap;
    }
    memcpy(r->carry + r->carry_len, p, n);
    r->carry_len = need;
}

/* Return p[0..n) as the next line: drop one trailing "\r", cut at the cap. */
static int emit(struct fl_reader *r, const char *p, size_t n, uint64_t start,
                const char **line, size_t *len)
{
    if (n > 0 && p[n - 1] == '\r')
        n--;
    if (n > r->max_line) {
        n = r->max_line;
        r->truncated = true;
    }
    r->line_no++;
    r->line_off = start;
    *line = p ? p : "";
    *len = n;
    return 1;
}

/* A line starting in the held block.  Returns 1 when a line was stored. */
static int scan_fresh(struct fl_reader *r, const char **line, size_t *len)
{
    const char *p = r->blk + r->pos, *nl;
    size_t avail = r->blk_len - r->pos;
    uint64_t start = r->blk_base + r->pos;

    nl = memchr(p, '\n', avail);
    if (nl) {
        r->pos += (size_t)(nl - p) + 1;
        r->done_end = r->blk_base + r->pos;
        return emit(r, p, (size_t)(nl - p), start, line, len);
    }
    r->pos = r->blk_len;
    /* max_line + 2 bytes without "\n" exceed the cap even after a "\r". */
    if (avail >= r->max_line + 2) {
        r->skipping = true;
        return emit(r, p, r->max_line + 2, start, line, len);
    }
    r->carry_len = 0;
    carry_add(r, p, avail);
    r->carry_start = start;
    r->carrying = true;
    return 0;
}

/* Continue a line held in carry with bytes of the held block. */
static int scan_carry(struct fl_reader *r, const char **line, size_t *len)
{
    const char *p = r->blk + r->pos, *nl;
    size_t avail = r->blk_len - r->pos, look = 0;

    if (r->carry_len < r->max_line + 2)
        look = r->max_line + 2 - r->carry_len;
    if (look > avail)
        look = avail;
    nl = memchr(p, '\n', look);
    if (nl) {
        carry_add(r, p, (size_t)(nl - p));
        r->pos += (size_t)(nl - p) + 1;
        r->done_end = r->blk_base + r->pos;
        r->carrying = false;
        return emit(r, r->carry, r->carry_len, r->carry_start, line, len);
    }
    carry_add(r, p, look);
    r->pos += look;
    if (r->carry_len < r->max_line + 2)
        return 0;
    r->carrying = false;
    r->skipping = true;
    return emit(r, r->carry, r->carry_len, r->carry_start, line, len);
}

/* Drop the rest of a line that was cut at the cap. */
static void skip_rest(struct fl_reader *r)
{
    const char *p = r->blk + r->pos;
    const char *nl = memchr(p, '\n', r->blk_len - r->pos);

    if (nl) {
        r->pos += (size_t)(nl - p) + 1;
        r->done_end = r->blk_base + r->pos;
        r->skipping = false;
    } else {
        r->pos = r->blk_len;
    }
}

/* Input exhausted: a pending partial line first, then the status once. */
static int finish(struct fl_reader *r, const char **line, size_t *len,
                  struct fl_err *err)
{
    if (r->carrying) {
        r->carrying = false;
        emit(r, r->carry, r->carry_len, r->carry_start, line, len);
        r->unterminated = true;
        return FL_OK;
    }
    r->done = true;
    if (r->term == FL_EOF)
        return FL_EOF;
    if (err)
        *err = r->term_err;
    return r->term;
}

int fl_reader_next_line(struct fl_reader *r, const char **line, size_t *len,
                        struct fl_err *err)
{
    r->truncated = false;
    r->unterminated = false;
    while (!r->done) {
        if (r->pos == r->blk_len) {
            if (r->term)
                return finish(r, line, len, err);
            fetch(r);
        } else if (r->skipping) {
            skip_rest(r);
        } else if (r->carrying ? scan_carry(r, line, len)
                               : scan_fresh(r, line, len)) {
            return FL_OK;
        }
    }
    return FL_EOF;
}

/* ---- lifecycle and accessors ---- */

static int open_fd(const char *path, int *fd, bool *regular)
{
    struct stat st;

    *fd = strcmp(path, "-") == 0 ? STDIN_FILENO
                                 : open(path, O_RDONLY | O_CLOEXEC);
    if (*fd < 0)
        return FL_ERR_IO;
    *regular = fstat(*fd, &st) == 0 && S_ISREG(st.st_mode);
    if (*regular)
        posix_fadvise(*fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    return FL_OK;
}

int fl_reader_open(struct fl_reader **out, const char *path,
                   struct fl_err *err)
{
    struct fl_reader *r = fl_xcalloc(1, sizeof *r);
    bool is_stdin = strcmp(path, "-") == 0, regular;

    *out = NULL;
    r->path = fl_xstrdup(is_stdin ? "(stdin)" : path);
    r->fd = -1;
    r->max_line = FL_READER_DEFAULT_MAX_LINE;
    fl_err_clear(&r->term_err);
    if (open_fd(path, &r->fd, &regular) != FL_OK) {
        fl_err_set(err, FL_ERR_IO, r->path, 0, UINT64_MAX, "cannot open: %s",
                   strerror(errno));
        goto fail;
    }
    r->own_fd = !is_stdin;
    if (fl_decoder_new(&r->dec, r->fd, regular, r->path, err) != FL_OK)
        goto fail;
    *out = r;
    return FL_OK;
fail:
    fl_reader_free(r);
    return FL_ERR_IO;
}

void fl_reader_free(struct fl_reader *r)
{
    if (!r)
        return;
    fl_decoder_free(r->dec); /* stops the decoder thread before the close */
    if (r->own_fd)
        close(r->fd);
    free(r->carry);
    free(r->path);
    free(r);
}

uint64_t fl_reader_line_no(const struct fl_reader *r)
{
    return r->line_no;
}

uint64_t fl_reader_offset(const struct fl_reader *r)
{
    return r->line_off;
}

uint64_t fl_reader_complete_end(const struct fl_reader *r)
{
    return r->done_end;
}

bool fl_reader_line_unterminated(const struct fl_reader *r)
{
    return r->unterminated;
}

/* Plain files seek; compressed input and pipes are decoded and dropped up
 * to off (the stream has no index). */
int fl_reader_seek(struct fl_reader *r, uint64_t off)
{
    if (r->line_no || r->blk_len || r->done)
        return FL_ERR_USAGE;
    if (off == 0)
        return FL_OK;
    if (fl_decoder_seek(r->dec, off) == FL_OK) {
        r->blk_base = off;
        r->done_end = off;
        return FL_OK;
    }
    while (!r->term && r->blk_base + r->blk_len <= off)
        fetch(r);
    if (r->blk_base + r->blk_len < off) {  /* shorter than off */
        r->pos = r->blk_len;
        r->done_end = r->blk_base + r->blk_len;
        return FL_EOF;
    }
    r->pos = (size_t)(off - r->blk_base);
    r->done_end = off;
    return FL_OK;
}

uint64_t fl_reader_raw_offset(const struct fl_reader *r)
{
    return r->raw_off;
}

bool fl_reader_line_truncated(const struct fl_reader *r)
{
    return r->truncated;
}

void fl_reader_set_max_line(struct fl_reader *r, size_t max)
{
    /* Keep max + 2 from overflowing. */
    if (max > SIZE_MAX / 2)
        max = SIZE_MAX / 2;
    r->max_line = max ? max : FL_READER_DEFAULT_MAX_LINE;
}

enum fl_compression fl_reader_compression(const struct fl_reader *r)
{
    return fl_decoder_compression(r->dec);
}

const char *fl_reader_path(const struct fl_reader *r)
{
    return r->path;
}

const char *fl_reader_compression_name(enum fl_compression c)
{
    return fl_decoder_compression_name(c);
}

int fl_reader_peek_compression(const char *path, enum fl_compression *c,
                               struct fl_err *err)
{
    unsigned char head[8];
    size_t n;
    int fd, st;

    if (strcmp(path, "-") == 0)
        return fl_err_set(err, FL_ERR_USAGE, "(stdin)", 0, UINT64_MAX,
                          "standard input cannot be peeked");
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fl_err_set(err, FL_ERR_IO, path, 0, UINT64_MAX,
                          "cannot open: %s", strerror(errno));
    st = fl_decoder_read_head(fd, head, sizeof head, &n);
    if (st != FL_OK)
        fl_err_set(err, FL_ERR_IO, path, 0, 0, "read error: %s",
                   strerror(errno));
    else
        *c = fl_decoder_detect(head, n);
    close(fd);
    return st;
}
