/* fl_decoder.h - the input side of the reader: read a file descriptor,
 * recognise its compression by magic bytes, and hand out decoded blocks.
 *
 * Compressed input (gzip, bzip2, multi-member, zero padding tolerated) is
 * decoded on a private thread into a small ring of blocks of about 1 MiB,
 * so that decompression overlaps the consumer's work; plain input is read
 * on the calling thread.  fl_reader (line splitting) is the one consumer;
 * other code should use fl_reader.  A decoder is used by one thread at a
 * time (its own thread is private).
 */
#ifndef FL_DECODER_H
#define FL_DECODER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/fl_err.h"

struct fl_decoder; /* opaque */

enum fl_compression { FL_COMP_NONE, FL_COMP_GZIP, FL_COMP_BZIP2 };

/* One decoded block, borrowed from the decoder until the next
 * fl_decoder_take or fl_decoder_free. */
struct fl_block {
    const char *data;       /* decoded bytes (not NUL-terminated) */
    size_t len;             /* number of bytes in data, may be 0 */
    uint64_t raw_end;       /* on-disk bytes consumed when it was done */
    int status;             /* FL_OK: more follow; FL_EOF, FL_ERR_CORRUPT or
                               FL_ERR_IO: terminal, after these bytes */
    const struct fl_err *err; /* the terminal error (file, compressed
                               offset, message) when status is an error,
                               else NULL; borrowed */
};

/* Start decoding fd (borrowed: the caller closes it after
 * fl_decoder_free).  regular says whether fd is a regular file (a pipe
 * gets a wake-up channel so that fl_decoder_free can stop a blocked read).
 * path (borrowed, must outlive the decoder) names the input in errors.
 * Reads the first bytes to detect the compression.  Returns FL_OK with an
 * owned decoder in *out, or FL_ERR_IO (err filled, *out NULL). */
int fl_decoder_new(struct fl_decoder **out, int fd, bool regular,
                   const char *path, struct fl_err *err);

/* Release the previously taken block and store the next one in *b,
 * waiting for the decoder thread if needed.  After a terminal block (see
 * fl_block.status) must not be called again. */
void fl_decoder_take(struct fl_decoder *d, struct fl_block *b);

/* Plain regular input only, before the first fl_decoder_take: continue
 * at file offset off (the first block then starts there).  Returns FL_OK,
 * or FL_ERR_USAGE when the input is compressed, not seekable or already
 * taken from (the caller then reads and drops the bytes up to off). */
int fl_decoder_seek(struct fl_decoder *d, uint64_t off);

/* The compression detected at fl_decoder_new. */
enum fl_compression fl_decoder_compression(const struct fl_decoder *d);

/* Stop the thread (also mid-stream) and release everything.  NULL is
 * accepted.  Does not close the descriptor. */
void fl_decoder_free(struct fl_decoder *d);

/* The compression that bytes p[0..n) of a file's start announce (gzip
 * 1f 8b; bzip2 "BZh" and a block-size digit '1'..'9'; else none). */
enum fl_compression fl_decoder_detect(const unsigned char *p, size_t n);

/* Read a file's first bytes into buf[0..cap), enough to detect the
 * compression: on a pipe, reads again only while the bytes so far could
 * still be a magic number.  Stores the count in *len.  Returns FL_OK or
 * FL_ERR_IO (errno set). */
int fl_decoder_read_head(int fd, unsigned char *buf, size_t cap,
                         size_t *len);

/* A short static name: "none", "gzip", "bzip2". */
const char *fl_decoder_compression_name(enum fl_compression c);

#endif
