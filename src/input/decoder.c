/* decoder.c - the input side of the reader: read a file, detect its
 * compression, and decode it into blocks (see fl_decoder.h).
 *
 * Compressed input is decoded on a private thread into a ring of NBLK
 * blocks; plain input is read on the caller's thread, `in` itself being the
 * block.  Invariants:
 * - Ring slots ring[head .. head+nready) are decoded and waiting; the slot
 *   before head is the held one when `held`; the decoder writes only
 *   ring[tail], which is free whenever nready + held < NBLK.  All ring
 *   indices and flags are touched under `mu` only; a slot's bytes are written
 *   by the decoder before it is published and read by the taker after it is
 *   taken, so the mutex orders every access.
 * - The decoder publishes exactly one terminal block (status != FL_OK, its
 *   bytes still valid) and then exits, unless told to stop by
 *   fl_decoder_free.  dec_err is written before that publication only.
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
#include <unistd.h>
#include <zlib.h>

#include "input/fl_decoder.h"
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

struct fl_decoder {
    const char *path;          /* display name, borrowed from the opener */
    int fd;                    /* input descriptor, borrowed */
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
};

/* ---- reading and format detection ---- */

static int read_some(int fd, void *buf, size_t n, ssize_t *got)
{
    ssize_t k;

    do
        k = read(fd, buf, n);
    while (k < 0 && errno == EINTR);
    *got = k;
    return k < 0 ? FL_ERR_IO : FL_OK;
}

enum fl_compression fl_decoder_detect(const unsigned char *p, size_t n)
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
int fl_decoder_read_head(int fd, unsigned char *buf, size_t cap, size_t *len)
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

static int io_error(struct fl_decoder *r, struct fl_err *err, uint64_t off,
                    const char *what)
{
    return fl_err_set(err, FL_ERR_IO, r->path, 0, off, "%s: %s", what,
                      strerror(errno));
}

/* Wait until fd is readable, unless fl_decoder_free wakes us first. */
static int wait_readable(struct fl_decoder *r)
{
    struct pollfd p[2] = { { r->fd, POLLIN, 0 }, { r->wake[0], POLLIN, 0 } };

    while (poll(p, 2, -1) < 0)
        if (errno != EINTR)
            return FL_OK; /* let read() block or report */
    return p[1].revents ? ST_STOPPED : FL_OK;
}

/* True when a read from the (non-regular) input would not block. */
static bool readable_now(struct fl_decoder *r)
{
    struct pollfd p = { r->fd, POLLIN, 0 };

    return poll(&p, 1, 0) != 0;
}

/* Replace in[] (all consumed) with the next bytes of the file.  FL_OK with
 * avail > 0, FL_EOF, FL_ERR_IO (dec_err set) or ST_STOPPED. */
static int refill(struct fl_decoder *r)
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

static uint64_t consumed(const struct fl_decoder *r)
{
    return r->in_base + (uint64_t)(r->next - r->in);
}

/* ---- decoders ---- */

/* Record damage found at compressed offset `off`: "<what> <codec> data<detail>". */
static int damaged(struct fl_decoder *r, uint64_t off, const char *what,
                   const char *detail)
{
    return fl_err_set(&r->dec_err, FL_ERR_CORRUPT, r->path, 0, off,
                      "%s %s data%s%s (byte offset in the compressed file)",
                      what, fl_decoder_compression_name(r->comp),
                      detail[0] ? ": " : "", detail);
}

static int gz_start(struct fl_decoder *r)
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
static int gz_step(struct fl_decoder *r, char *out, size_t cap, size_t *n)
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

static int bz_start(struct fl_decoder *r)
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

static int bz_step(struct fl_decoder *r, char *out, size_t cap, size_t *n)
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
    int (*start)(struct fl_decoder *r);
    int (*step)(struct fl_decoder *r, char *out, size_t cap, size_t *n);
};

static const struct codec codecs[] = {
    [FL_COMP_GZIP] = { "gzip", 0x1f, gz_start, gz_step },
    [FL_COMP_BZIP2] = { "bzip2", 'B', bz_start, bz_step },
};

/* After a complete member: zero padding to the end of file is tolerated,
 * another member is decoded, anything else is trailing garbage. */
static int next_member(struct fl_decoder *r)
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
static int fill_block(struct fl_decoder *r, char *out, size_t cap, size_t *n)
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
    struct fl_decoder *r = arg;
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
static struct blk *take_block(struct fl_decoder *r)
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
static void take_plain(struct fl_decoder *r, struct blk *b)
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

static int start_decoder(struct fl_decoder *r, bool regular)
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


int fl_decoder_new(struct fl_decoder **out, int fd, bool regular,
                   const char *path, struct fl_err *err)
{
    struct fl_decoder *r = fl_xcalloc(1, sizeof *r);

    *out = NULL;
    r->path = path;
    r->fd = fd;
    r->wake[0] = r->wake[1] = -1;
    r->in = fl_xmalloc(IN_SIZE);
    fl_err_clear(&r->dec_err);
    if (fl_decoder_read_head(fd, r->in, IN_SIZE, &r->in_len) != FL_OK) {
        io_error(r, err, 0, "read error");
        goto fail;
    }
    r->next = r->in;
    r->avail = r->in_len;
    r->comp = fl_decoder_detect(r->in, r->in_len);
    r->primed = r->comp == FL_COMP_NONE;
    if (!r->primed && start_decoder(r, regular) != FL_OK) {
        io_error(r, err, UINT64_MAX, "cannot start the decoder");
        goto fail;
    }
    *out = r;
    return FL_OK;
fail:
    fl_decoder_free(r);
    return FL_ERR_IO;
}

void fl_decoder_take(struct fl_decoder *r, struct fl_block *out)
{
    struct blk plain, *b = &plain;

    if (r->threaded)
        b = take_block(r);
    else
        take_plain(r, b);
    out->data = b->data;
    out->len = b->len;
    out->raw_end = b->raw_end;
    out->status = b->status;
    out->err = b->status != FL_OK && b->status != FL_EOF ? &r->dec_err : NULL;
}

int fl_decoder_seek(struct fl_decoder *r, uint64_t off)
{
    if (r->threaded || r->comp != FL_COMP_NONE || !r->primed)
        return FL_ERR_USAGE;
    if (lseek(r->fd, (off_t)off, SEEK_SET) < 0)
        return FL_ERR_USAGE;        /* a pipe: the caller reads up to off */
    r->in_base = off;
    r->in_len = r->avail = 0;
    r->next = r->in;
    r->primed = false;
    return FL_OK;
}

enum fl_compression fl_decoder_compression(const struct fl_decoder *r)
{
    return r->comp;
}

const char *fl_decoder_compression_name(enum fl_compression c)
{
    return c == FL_COMP_GZIP ? "gzip" : c == FL_COMP_BZIP2 ? "bzip2" : "none";
}

static void stop_decoder(struct fl_decoder *r)
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

void fl_decoder_free(struct fl_decoder *r)
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
    for (i = 0; i < NBLK; i++)
        free(r->ring[i].data);
    free(r->in);
    free(r);
}
