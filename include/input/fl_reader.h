/* fl_reader.h - the input reader: pulls lines out of a plain, gzip or bzip2
 * file (or standard input) with bounded memory.
 *
 * Compression is recognised by magic bytes, never by file name.  Compressed
 * input is decoded on a second thread into a small ring of blocks so that
 * decompression and parsing overlap; plain input is read on the calling
 * thread.  Lines are returned pointing into the decoded block (zero-copy);
 * only a line that crosses a block boundary is copied, into a carry buffer
 * bounded by the line cap.  All offsets are 64-bit: files over 4 GiB work.
 *
 * A reader is used by one thread at a time (its internal decoder thread is
 * private).
 */
#ifndef FL_READER_H
#define FL_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/fl_err.h"
#include "input/fl_decoder.h"

struct fl_reader; /* opaque */

/* enum fl_compression comes from fl_decoder.h. */

/* Default cap on a line's length in bytes (see fl_reader_set_max_line). */
#define FL_READER_DEFAULT_MAX_LINE ((size_t)16 << 20)

/* Open `path` ("-" = standard input, which is read but never closed).
 * Compression is recognised by magic bytes (gzip 1f 8b; bzip2 "BZh" followed
 * by a block-size digit '1'..'9'); anything else is read as plain bytes.
 * On success stores an owned reader in *out (release with fl_reader_free)
 * and returns FL_OK.  On failure *out is NULL and FL_ERR_IO is returned; err
 * (may be NULL) names the file and carries strerror's text. */
int fl_reader_open(struct fl_reader **out, const char *path,
                   struct fl_err *err);

/* Read the next line into *line / *len, without its "\n" and without one
 * trailing "\r".  *line is borrowed: valid until the next call on r or
 * fl_reader_free; it is not NUL-terminated and may contain any bytes
 * (including NUL and invalid UTF-8, passed through unchanged).  A final line
 * without a newline is still returned.
 * Returns:
 *   FL_OK           a line was stored;
 *   FL_EOF          no more lines (also on every call after an error);
 *   FL_ERR_CORRUPT  returned once when the compressed stream is damaged,
 *                   truncated, or followed by trailing garbage (trailing zero
 *                   bytes are tolerated).  Every complete line before the
 *                   damage has been returned first, and a partial last line
 *                   before the damage is returned as a line before the error.
 *                   err names the file; err->offset is the COMPRESSED byte
 *                   offset where the damage was found (for truncation: the
 *                   compressed size); err->msg says what (zlib's message
 *                   for gzip data errors).  Later calls return FL_EOF.
 *   FL_ERR_IO       a read error, reported the same way (lines first, once,
 *                   then FL_EOF); err->offset is the input offset reached.
 * err may be NULL. */
int fl_reader_next_line(struct fl_reader *r, const char **line, size_t *len,
                        struct fl_err *err);

/* 1-based number of the last line returned (0 before the first). */
uint64_t fl_reader_line_no(const struct fl_reader *r);

/* Uncompressed byte offset of the start of the last line returned. */
uint64_t fl_reader_offset(const struct fl_reader *r);

/* Uncompressed offset just past the last newline consumed: the end of the
 * last complete line (a final line without a newline is not complete). */
uint64_t fl_reader_complete_end(const struct fl_reader *r);

/* True when the last line returned ended at the end of input without a
 * newline (the partial last line of a file still being written). */
bool fl_reader_line_unterminated(const struct fl_reader *r);

/* Before the first line is read: continue at uncompressed offset off.
 * Plain regular files seek; compressed input and pipes are decoded and
 * the bytes before off dropped.  Line numbers then count from off (the
 * first line after it is line 1); offsets stay absolute.  Returns FL_OK,
 * FL_EOF when decoded input ends before off (a plain file is not checked:
 * reading past its end gives FL_EOF), or FL_ERR_USAGE when lines were
 * already read. */
int fl_reader_seek(struct fl_reader *r, uint64_t off);

/* Compressed (on-disk) bytes consumed so far, at block granularity: it
 * advances as the reader takes decoded blocks (about 1 MiB of output each),
 * so it suits progress reporting against the file size.  For plain input it
 * is the number of bytes read from the file so far. */
uint64_t fl_reader_raw_offset(const struct fl_reader *r);

/* True when the last line returned exceeded the cap and was cut to it; the
 * rest of that line up to its newline has been (or will be) skipped
 * without being buffered. */
bool fl_reader_line_truncated(const struct fl_reader *r);

/* Set the line cap in bytes (excluding "\n" and a trailing "\r").  0
 * restores the default, FL_READER_DEFAULT_MAX_LINE.  Takes effect from the
 * next call to fl_reader_next_line. */
void fl_reader_set_max_line(struct fl_reader *r, size_t max);

/* The compression detected at open. */
enum fl_compression fl_reader_compression(const struct fl_reader *r);

/* The path given to fl_reader_open, or "(stdin)" for "-".  Borrowed: valid
 * until fl_reader_free. */
const char *fl_reader_path(const struct fl_reader *r);

/* Stop the decoder thread (also mid-stream), close the file unless it is
 * standard input, and release everything.  NULL is accepted. */
void fl_reader_free(struct fl_reader *r);

/* Detect the compression of `path` from its first bytes without keeping it
 * open.  Stores the result in *c and returns FL_OK; FL_ERR_IO (err filled) if
 * the file cannot be opened or read; FL_ERR_USAGE for "-" (standard input
 * cannot be peeked without consuming it). */
int fl_reader_peek_compression(const char *path, enum fl_compression *c,
                               struct fl_err *err);

/* A short static name for a compression kind: "none", "gzip", "bzip2". */
const char *fl_reader_compression_name(enum fl_compression c);

#endif
