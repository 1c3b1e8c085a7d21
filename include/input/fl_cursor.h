/* fl_cursor.h - file cursors for incremental reading: what a state
 * directory remembers of an input file once it was read, and the decision,
 * for the files of a new run, of where to continue each of them.
 *
 * A file is known by its identity (device, inode, on-disk size, mtime,
 * compressed or not) and by its uncompressed content: a hash of its first
 * bytes (the head) and of the bytes just before the offset read to (the
 * tail).  Content is compared uncompressed, so a log that logrotate
 * compressed after it was read (log.1 -> log.2.gz) is still recognised.
 * Offsets are uncompressed byte offsets at a line boundary.
 */
#ifndef FL_CURSOR_H
#define FL_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/fl_err.h"

/* Bytes hashed at the start of a file and before its offset. */
#define FL_CURSOR_HEAD 4096
#define FL_CURSOR_TAIL 4096

/* What is remembered of one file after it was read. */
struct fl_cursor_mark {
    char *path;             /* owned: the name it was read under */
    uint64_t dev, ino;      /* identity when read */
    uint64_t size;          /* on-disk size when read */
    int64_t mtime_ns;       /* modification time when read */
    bool compressed;        /* gzip or bzip2 (by magic bytes) */
    uint64_t offset;        /* uncompressed offset read to: just past the
                               last complete line */
    uint32_t head_len;      /* bytes hashed at the start (<= offset) */
    uint64_t head_hash;     /* FNV-1a of them */
    uint32_t tail_len;      /* bytes hashed just before offset */
    uint64_t tail_hash;     /* FNV-1a of them */
    int64_t seen_us;        /* when it was last seen (retention) */
};

/* A file as it is now. */
struct fl_cursor_file {
    uint64_t dev, ino, size;
    int64_t mtime_ns;
    bool compressed;
    size_t head_len;                    /* uncompressed bytes in head */
    unsigned char head[FL_CURSOR_HEAD]; /* its first bytes, uncompressed */
};

/* Where a file stands against what was remembered. */
enum fl_cursor_verdict {
    FL_CURSOR_NEW,        /* never seen: read all */
    FL_CURSOR_GROWN,      /* same file, more since: read from the offset */
    FL_CURSOR_UNCHANGED,  /* same file, nothing new: left out */
    FL_CURSOR_TRUNCATED,  /* same file (inode) shorter than the offset or
                             rewritten (copytruncate): read all */
    FL_CURSOR_ROTATED,    /* renamed or copied (same content under another
                             name): continue from its offset */
    FL_CURSOR_COMPRESSED, /* compressed after it was read (log.1 ->
                             log.2.gz): continue from its offset */
    FL_CURSOR_REPLACED    /* same name, other content: read all */
};

/* The decision for one file. */
struct fl_cursor_decision {
    enum fl_cursor_verdict verdict;
    uint64_t start;       /* uncompressed offset to read from */
    bool skip;            /* nothing new: leave the file out */
    long mark;            /* index of the mark it continues or was checked
                             against, -1 when none */
};

/* Look at path now: stat and its first FL_CURSOR_HEAD uncompressed bytes.
 * Returns FL_OK or FL_ERR_IO (err names the file). */
int fl_cursor_look(const char *path, struct fl_cursor_file *f,
                   struct fl_err *err);

/* Decide where to continue path (looked at as f) given the marks[0..n) of
 * earlier runs.  Reads the bytes just before a candidate's offset (for a
 * compressed file: decodes up to there).  Returns FL_OK with *d filled, or
 * FL_ERR_IO. */
int fl_cursor_decide(const char *path, const struct fl_cursor_file *f,
                     const struct fl_cursor_mark *marks, size_t n,
                     struct fl_cursor_decision *d, struct fl_err *err);

/* Make the mark of path read to offset (identity now, head and tail
 * hashes); m->path is an owned copy, seen_us is set to now_us.  Returns
 * FL_OK or FL_ERR_IO. */
int fl_cursor_mark_make(const char *path, uint64_t offset, int64_t now_us,
                        struct fl_cursor_mark *m, struct fl_err *err);

/* Release m->path (the struct itself is the caller's). */
void fl_cursor_mark_cleanup(struct fl_cursor_mark *m);

/* A short static name: "new", "grown", "unchanged", "truncated",
 * "rotated", "compressed", "replaced". */
const char *fl_cursor_verdict_name(enum fl_cursor_verdict v);

#endif
