/* reader.c - line reader over plain, gzip and bzip2 input (see fl_reader.h).
 *
 * Two sides share one struct.  The input side reads the file into `in` and,
 * for compressed input, decodes it into the blocks of a ring on a private
 * decoder thread; for plain input `in` itself is the block and is read on the
 * caller's thread.  The line side owns at most one block at a time ("held")
 * and returns lines pointing into it; a line crossing a block boundary is
 * copied into `carry`, which never grows past max_line + 2 bytes.
 *
 * Invariants:
 * - Ring slots ring[head .. head+nready) are decoded and waiting; the slot
 *   before head is the held one when `held`; the decoder writes only
 *   ring[tail], which is free whenever nready + held < NBLK.  All ring
 *   indices and flags are touched under `mu` only; a slot's bytes are written
 *   by the decoder before it is published and read by the line side after it
 *   is taken, so the mutex orders every access.
 * - The decoder publishes exactly one terminal block (status != FL_OK, its
 *   bytes still valid) and then exits, unless told to stop by
 *   fl_reader_free.  dec_err is written before that publication only.
 * - blk_base + pos is the uncompressed offset of the next unread byte.
 */
#include "config.h"

#include <bzlib.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "input/fl_reader.h"
#include "base/fl_xalloc.h"

#define IN_SIZE ((size_t)1 << 20)  /* compressed read size */
#define BLK_SIZE ((size_t)1 << 20) /* decoded block size */
#define NBLK 4                     /* ring slots */
#define ST_STOPPED (-1)            /* decoder told to stop mid-read */

/* Where the decoder is relative to the members of a multi-member file. */
enum member { IN_MEMBER, BETWEEN_MEMBERS, IN_PADDING };

struct blk {
    char *data;       /* BLK_SIZE bytes, owned */
    size_t len;       /* decoded bytes in data */
    uint64_t raw_end; /* compressed bytes consumed when the block was done */
    int status;       /* FL_OK, or the terminal status after these bytes */
};

struct fl_reader {
    char *path;                /* display name, owned */
    int fd;                    /* input descriptor */
    bool own_fd;               /* false for standard input */
    enum fl_compression comp;

    /* Input side (decoder thread when compressed). */
    unsigned char *in;         /* IN_SIZE bytes read from fd */
    size_t in_len;             /* valid bytes in in[] */
    const unsigned char *next; /* first unconsumed byte in in[] */
    size_t avail;              /* unconsumed bytes from next */
    uint64_t in_base;          /* file offset of in[0] */
    bool primed;               /* plain: in[] holds the unread first block */
    enum member member;
    z_stream z;
    bz_stream bz;
    bool codec_live;           /* z or bz initialised */
    struct fl_err dec_err;     /* terminal error, published with last block */

    /* Ring shared with the decoder thread (compressed input only). */
    bool threaded;
    struct blk ring[NBLK];
    unsigned head, tail, nready;
    bool held, stop;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t can_fill, can_take;
    int wake[2];               /* self-pipe to stop a decoder blocked on a pipe */

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
    bool truncated;
};

/* ---- input: reading and format detection ---- */

static int read_some(int fd, void *buf, size_t n, ssize_t *got)
{
    ssize_t k;

    do
        k = read(fd, buf, n);
    while (k < 0 && errno == EINTR);
    *got = k;
    return k < 0 ? FL_ERR_IO : FL_OK;
}

static enum fl_compression detect(const unsigned char *p, size_t n)
{
    if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
        return FL_COMP_GZIP;
    if (n >= 4 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h' && p[3] >= '1' &&
        p[3] <= '9')
        return FL_COMP_BZIP2;
    return FL_COMP_NONE;
}

/* Could p[0..n) still grow into a magic number? */
static bool magic_prefix(const unsigned char *p, size_t n)
{
    static const unsigned char gz[] = { 0x1f, 0x8b }, bz[] = { 'B', 'Z', 'h' };

    return (n < sizeof gz && memcmp(p, gz, n) == 0) ||
           (n < 4 && memcmp(p, bz, n < 3 ? n : 3) == 0);
}

/* Fill buf with the file's first bytes, enough to detect compression.  A
 * pipe may deliver less than asked: read again only while the bytes so far
 * could still be a magic number, so a slow plain-text pipe is not held up. */
static int read_head(int fd, unsigned char *buf, size_t cap, size_t *len)
{
    ssize_t k;

    *len = 0;
    do {
        if (read_some(fd, buf + *len, cap - *len, &k) != FL_OK)
            return FL_ERR_IO;
        *len += (size_t)k;
    } while (k > 0 && magic_prefix(buf, *len));
    return FL_OK;
}

static int io_error(struct fl_reader *r, struct fl_err *err, uint64_t off,
                    const char *what)
{
    return fl_err_set(err, FL_ERR_IO, r->path, 0, off, "%s: %s", what,
                      strerror(errno));
}

/* Wait until fd is readable, unless fl_reader_free wakes us first. */
static int wait_readable(struct fl_reader *r)
{
    struct pollfd p[2] = { { r->fd, POLLIN, 0 }, { r->wake[0], POLLIN, 0 } };

    while (poll(p, 2, -1) < 0)
        if (errno != EINTR)
            return FL_OK; /* let read() block or report */
    return p[1].revents ? ST_STOPPED : FL_OK;
}

/* True when a read from the (non-regular) input would not block. */
static bool readable_now(struct fl_reader *r)
{
    struct pollfd p = { r->fd, POLLIN, 0 };

    return poll(&p, 1, 0) != 0;
}

/* Replace in[] (all consumed) with the next bytes of the file.  FL_OK with
 * avail > 0, FL_EOF, FL_ERR_IO (dec_err set) or ST_STOPPED. */
static int refill(struct fl_reader *r)
{
    ssize_t k;

    if (r->wake[0] >= 0 && wait_readable(r) == ST_STOPPED)
        return ST_STOPPED;
    r->in_base += r->in_len;
    r->in_len = 0;
    r->next = r->in;
    r->avail = 0;
    if (read_some(r->fd, r->in, IN_SIZE, &k) != FL_OK)
        return io_error(r, &r->dec_err, r->in_base, "read error");
    if (k == 0)
        return FL_EOF;
    r->in_len = r->avail = (size_t)k;
    return FL_OK;
}

static uint64_t consumed(const struct fl_reader *r)
{
    return r->in_base + (uint64_t)(r->next - r->in);
}

/* ---- input: decoders ---- */

/* Record damage found at compressed offset `off`: "<what> <codec> data<detail>". */
static int damaged(struct fl_reader *r, uint64_t off, const char *what,
                   const char *detail)
{
    return fl_err_set(&r->dec_err, FL_ERR_CORRUPT, r->path, 0, off,
                      "%s %s data%s%s (byte offset in the compressed file)",
                      what, fl_reader_compression_name(r->comp),
                      detail[0] ? ": " : "", detail);
}

static int gz_start(struct fl_reader *r)
{
    if (r->codec_live)
        return inflateReset(&r->z) == Z_OK ? FL_OK : FL_ERR_IO;
    memset(&r->z, 0, sizeof r->z);
    if (inflateInit2(&r->z, 16 + MAX_WBITS) != Z_OK)
        return FL_ERR_IO;
    r->codec_live = true;
    return FL_OK;
}

/* Decode from next/avail into out[*n .. cap). */
static int gz_step(struct fl_reader *r, char *out, size_t cap, size_t *n)
{
    int ret;

    r->z.next_in = (Bytef *)r->next;
    r->z.avail_in = (uInt)r->avail;
    r->z.next_out = (Bytef *)out + *n;
    r->z.avail_out = (uInt)(cap - *n);
    ret = inflate(&r->z, Z_NO_FLUSH);
    *n = cap - r->z.avail_out;
    r->next = r->z.next_in;
    r->avail = r->z.avail_in;
    switch (ret) {
    case Z_OK:
        return FL_OK;
    case Z_STREAM_END:
        r->member = BETWEEN_MEMBERS;
        return FL_OK;
    case Z_BUF_ERROR: /* no progress: only legitimate when input ran out */
        if (r->avail == 0)
            return FL_OK;
        return damaged(r, consumed(r), "damaged", "no progress");
    case Z_MEM_ERROR:
        return fl_err_set(&r->dec_err, FL_ERR_IO, r->path, 0, consumed(r),
                          "out of memory in zlib");
    default: /* Z_DATA_ERROR, Z_NEED_DICT, Z_STREAM_ERROR */
        return damaged(r, consumed(r), "damaged",
                       r->z.msg ? r->z.msg : "data error");
    }
}

static int bz_start(struct fl_reader *r)
{
    memset(&r->bz, 0, sizeof r->bz);
    if (BZ2_bzDecompressInit(&r->bz, 0, 0) != BZ_OK)
        return FL_ERR_IO;
    r->codec_live = true;
    return FL_OK;
}

static const char *bz_msg(int ret)
{
    switch (ret) {
    case BZ_DATA_ERROR:
        return "data integrity (CRC) error";
    case BZ_DATA_ERROR_MAGIC:
        return "bad stream signature";
    default:
        return "internal decoder error";
    }
}

static int bz_step(struct fl_reader *r, char *out, size_t cap, size_t *n)
{
    int ret;

    r->bz.next_in = (char *)r->next;
    r->bz.avail_in = (unsigned)r->avail;
    r->bz.next_out = out + *n;
    r->bz.avail_out = (unsigned)(cap - *n);
    ret = BZ2_bzDecompress(&r->bz);
    *n = cap - r->bz.avail_out;
    r->next = (const unsigned char *)r->bz.next_in;
    r->avail = r->bz.avail_in;
    if (ret == BZ_OK)
        return FL_OK;
    if (ret == BZ_STREAM_END) {
        /* libbz2 has no reset: each stream gets a fresh decoder. */
        BZ2_bzDecompressEnd(&r->bz);
        r->codec_live = false;
        r->member = BETWEEN_MEMBERS;
        return FL_OK;
    }
    if (ret == BZ_MEM_ERROR)
        return fl_err_set(&r->dec_err, FL_ERR_IO, r->path, 0, consumed(r),
                          "out of memory in libbz2");
    return damaged(r, consumed(r), "damaged", bz_msg(ret));
}

struct codec {
    const char *name;
    unsigned char magic0; /* first byte of a member */
    int (*start)(struct fl_reader *r);
    int (*step)(struct fl_reader *r, char *out, size_t cap, size_t *n);
};

static const struct codec codecs[] = {
    [FL_COMP_GZIP] = { "gzip", 0x1f, gz_start, gz_step },
    [FL_COMP_BZIP2] = { "bzip2", 'B', bz_start, bz_step },
};

/* After a complete member: zero padding to the end of file is tolerated,
 * another member is decoded, anything else is trailing garbage. */
static int next_member(struct fl_reader *r)
{
    const struct codec *c = &codecs[r->comp];

    while (r->avail > 0) {
        if (*r->next == 0) {
            r->member = IN_PADDING;
            r->next++;
            r->avail--;
            continue;
        }
        if (r->member == IN_PADDING || *r->next != c->magic0)
            return damaged(r, consumed(r), "trailing garbage after", "");
        if (c->start(r) != FL_OK)
            return fl_err_set(&r->dec_err, FL_ERR_IO, r->path, 0,
                              consumed(r), "cannot restart the %s decoder",
                              c->name);
        r->member = IN_MEMBER;
        return FL_OK;
    }
    return FL_OK;
}

/* Decode up to cap bytes into out.  FL_OK means more may follow (out is
 * full, or a pipe has stalled); any other status is terminal, with *n valid
 * bytes before it. */
static int fill_block(struct fl_reader *r, char *out, size_t cap, size_t *n)
{
    const struct codec *c = &codecs[r->comp];
    int st = FL_OK;

    *n = 0;
    while (*n < cap && st == FL_OK) {
        if (r->avail == 0) {
            /* On a pipe, hand over what is decoded before waiting for more:
             * lines must not sit in a half-full block while input stalls. */
            if (*n > 0 && r->wake[0] >= 0 && !readable_now(r))
                break;
            st = refill(r);
            if (st == FL_EOF && r->member == IN_MEMBER)
                st = damaged(r, r->in_base + r->in_len, "truncated",
                             "the file ends inside a compressed stream");
        } else if (r->member != IN_MEMBER) {
            st = next_member(r);
        } else {
            st = c->step(r, out, cap, n);
        }
    }
    return st;
}

/* ---- the decoder thread and the ring ---- */

static void *decoder_main(void *arg)
{
    struct fl_reader *r = arg;
    struct blk *b;
    size_t n;
    int st = FL_OK;

    do {
        pthread_mutex_lock(&r->mu);
        while (!r->stop && r->nready + r->held == NBLK)
            pthread_cond_wait(&r->can_fill, &r->mu);
        b = r->stop ? NULL : &r->ring[r->tail];
        pthread_mutex_unlock(&r->mu);
        if (!b)
            break;
        st = fill_block(r, b->data, BLK_SIZE, &n);
        if (st == ST_STOPPED)
            break;
        pthread_mutex_lock(&r->mu);
        b->len = n;
        b->status = st;
        b->raw_end = consumed(r);
        r->tail = (r->tail + 1) % NBLK;
        r->nready++;
        pthread_cond_signal(&r->can_take);
        pthread_mutex_unlock(&r->mu);
    } while (st == FL_OK);
    return NULL;
}

/* Release the held block and take the next decoded one. */
static struct blk *take_block(struct fl_reader *r)
{
    struct blk *b;

    pthread_mutex_lock(&r->mu);
    if (r->held) {
        r->held = false;
        pthread_cond_signal(&r->can_fill);
    }
    while (r->nready == 0)
        pthread_cond_wait(&r->can_take, &r->mu);
    b = &r->ring[r->head];
    r->head = (r->head + 1) % NBLK;
    r->nready--;
    r->held = true;
    pthread_mutex_unlock(&r->mu);
    return b;
}

/* Plain input: in[] is the block, read on the caller's thread. */
static void take_plain(struct fl_reader *r, struct blk *b)
{
    int st = FL_OK;

    if (r->primed)
        r->primed = false;
    else
        st = refill(r);
    b->data = (char *)r->in;
    b->len = r->in_len;
    b->raw_end = r->in_base + r->in_len;
    b->status = st;
}

/* Move the line side to the next block; records a terminal status. */
static void fetch(struct fl_reader *r)
{
    struct blk plain, *b = &plain;

    if (r->threaded)
        b = take_block(r);
    else
        take_plain(r, b);
    r->blk_base += r->blk_len;
    r->blk = b->data;
    r->blk_len = b->len;
    r->pos = 0;
    r->raw_off = b->raw_end;
    if (b->status != FL_OK) {
        r->term = b->status;
        if (b->status != FL_EOF)
            r->term_err = r->dec_err;
    }
}

static int start_decoder(struct fl_reader *r, bool regular)
{
    sigset_t all, old;
    int i, rc;

    if (codecs[r->comp].start(r) != FL_OK)
        return FL_ERR_IO;
    for (i = 0; i < NBLK; i++)
        r->ring[i].data = fl_xmalloc(BLK_SIZE);
    if (!regular && pipe2(r->wake, O_CLOEXEC) < 0)
        return FL_ERR_IO;
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->can_fill, NULL);
    pthread_cond_init(&r->can_take, NULL);
    /* The decoder must never take the process's signals. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    rc = pthread_create(&r->thread, NULL, decoder_main, r);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        pthread_cond_destroy(&r->can_take);
        pthread_cond_destroy(&r->can_fill);
        pthread_mutex_destroy(&r->mu);
        errno = rc;
        return FL_ERR_IO;
    }
    r->threaded = true;
    return FL_OK;
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
    r->wake[0] = r->wake[1] = -1;
    r->max_line = FL_READER_DEFAULT_MAX_LINE;
    r->in = fl_xmalloc(IN_SIZE);
    fl_err_clear(&r->dec_err);
    fl_err_clear(&r->term_err);
    if (open_fd(path, &r->fd, &regular) != FL_OK) {
        io_error(r, err, UINT64_MAX, "cannot open");
        goto fail;
    }
    r->own_fd = !is_stdin;
    if (read_head(r->fd, r->in, IN_SIZE, &r->in_len) != FL_OK) {
        io_error(r, err, 0, "read error");
        goto fail;
    }
    r->next = r->in;
    r->avail = r->in_len;
    r->comp = detect(r->in, r->in_len);
    r->primed = r->comp == FL_COMP_NONE;
    if (!r->primed && start_decoder(r, regular) != FL_OK) {
        io_error(r, err, UINT64_MAX, "cannot start the decoder");
        goto fail;
    }
    *out = r;
    return FL_OK;
fail:
    fl_reader_free(r);
    return FL_ERR_IO;
}

static void stop_decoder(struct fl_reader *r)
{
    char c = 0;

    pthread_mutex_lock(&r->mu);
    r->stop = true;
    pthread_cond_broadcast(&r->can_fill);
    pthread_mutex_unlock(&r->mu);
    if (r->wake[1] >= 0 && write(r->wake[1], &c, 1) < 0) {
        /* The pipe is empty and ours: a failed write cannot happen. */
    }
    pthread_join(r->thread, NULL);
    pthread_cond_destroy(&r->can_take);
    pthread_cond_destroy(&r->can_fill);
    pthread_mutex_destroy(&r->mu);
}

void fl_reader_free(struct fl_reader *r)
{
    int i;

    if (!r)
        return;
    if (r->threaded)
        stop_decoder(r);
    if (r->codec_live && r->comp == FL_COMP_GZIP)
        inflateEnd(&r->z);
    if (r->codec_live && r->comp == FL_COMP_BZIP2)
        BZ2_bzDecompressEnd(&r->bz);
    for (i = 0; i < 2; i++)
        if (r->wake[i] >= 0)
            close(r->wake[i]);
    if (r->own_fd)
        close(r->fd);
    for (i = 0; i < NBLK; i++)
        free(r->ring[i].data);
    free(r->carry);
    free(r->in);
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
    return r->comp;
}

const char *fl_reader_path(const struct fl_reader *r)
{
    return r->path;
}

const char *fl_reader_compression_name(enum fl_compression c)
{
    return c == FL_COMP_GZIP ? "gzip" : c == FL_COMP_BZIP2 ? "bzip2" : "none";
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
    st = read_head(fd, head, sizeof head, &n);
    if (st != FL_OK)
        fl_err_set(err, FL_ERR_IO, path, 0, 0, "read error: %s",
                   strerror(errno));
    else
        *c = detect(head, n);
    close(fd);
    return st;
}
