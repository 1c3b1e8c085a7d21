/* check_reader.c - unit tests of the input reader (fl_reader.h).
 *
 * Small inputs are committed under tests/data/reader/ (regenerate with
 * make-fixtures.sh); large, damaged and special inputs are built at run time
 * with zlib and libbz2 into a private temporary directory that main()
 * removes.  Damaged streams are checked against a reference decode of the
 * same bytes done here in memory: the reader must return exactly the lines
 * the decoder could recover, then the error once, then FL_EOF.
 */
#include <bzlib.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "base/fl_buf.h"
#include "input/fl_reader.h"
#include "base/fl_xalloc.h"

#define MIB ((size_t)1 << 20)

static char tmpdir[64];

/* ---- helpers ---- */

static void fixture(char *buf, size_t n, const char *name)
{
    const char *top = getenv("top_srcdir");

    snprintf(buf, n, "%s/tests/data/reader/%s", top && *top ? top : ".", name);
}

static void tmp_path(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "%s/%s", tmpdir, name);
}

static void write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");

    ck_assert_msg(f != NULL, "cannot create %s", path);
    ck_assert_uint_eq(fwrite(p, 1, n, f), n);
    ck_assert_int_eq(fclose(f), 0);
}

static void slurp(const char *path, struct fl_buf *out)
{
    char chunk[65536];
    size_t k;
    FILE *f = fopen(path, "rb");

    ck_assert_msg(f != NULL, "cannot read %s", path);
    fl_buf_init(out);
    fl_buf_reserve(out, 0);
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        fl_buf_add(out, chunk, k);
    fclose(f);
}

/* Numbered lines first..last, so any lost, doubled or reordered byte shows;
 * eol is "\n" or "\r\n". */
static void numbered_eol(struct fl_buf *b, int first, int last, const char *eol)
{
    int i;

    for (i = first; i <= last; i++)
        fl_buf_printf(b, "line %07d: SELECT * FROM t WHERE id = %d;%s", i,
                      i * 31, eol);
}

static void numbered(struct fl_buf *b, int first, int last)
{
    numbered_eol(b, first, last, "\n");
}

/* A line body with a position-dependent pattern (no "\n" or "\r"). */
static void pattern(struct fl_buf *b, size_t n)
{
    size_t i;

    fl_buf_reserve(b, n);
    for (i = 0; i < n; i++)
        b->p[b->len + i] = (char)('a' + (i * 7 + i / 251) % 26);
    b->len += n;
    b->p[b->len] = '\0';
}

static void gz_compress(const void *in, size_t n, struct fl_buf *out, int flush)
{
    z_stream z;
    unsigned char chunk[65536];

    memset(&z, 0, sizeof z);
    ck_assert_int_eq(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
                                  Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)n;
    do {
        z.next_out = chunk;
        z.avail_out = sizeof chunk;
        deflate(&z, flush);
        fl_buf_add(out, chunk, sizeof chunk - z.avail_out);
    } while (z.avail_out == 0);
    deflateEnd(&z);
}

/* Reference decode: everything zlib recovers from p[0..n). Returns the
 * final zlib status (Z_STREAM_END, Z_DATA_ERROR, Z_BUF_ERROR...). */
static int gz_reference(const void *p, size_t n, struct fl_buf *out)
{
    z_stream z;
    unsigned char chunk[65536];
    int ret;

    memset(&z, 0, sizeof z);
    ck_assert_int_eq(inflateInit2(&z, 16 + MAX_WBITS), Z_OK);
    z.next_in = (Bytef *)p;
    z.avail_in = (uInt)n;
    do {
        z.next_out = chunk;
        z.avail_out = sizeof chunk;
        ret = inflate(&z, Z_NO_FLUSH);
        fl_buf_add(out, chunk, sizeof chunk - z.avail_out);
    } while (ret == Z_OK);
    inflateEnd(&z);
    return ret;
}

static void bz_compress(const void *in, size_t n, struct fl_buf *out)
{
    unsigned dlen = (unsigned)(n + n / 100 + 600);

    fl_buf_reserve(out, dlen);
    /* Block size 100k: many blocks, so damage leaves earlier blocks whole. */
    ck_assert_int_eq(BZ2_bzBuffToBuffCompress(out->p + out->len, &dlen,
                                              (char *)in, (unsigned)n, 1, 0, 0),
                     BZ_OK);
    out->len += dlen;
}

static int bz_reference(const void *p, size_t n, struct fl_buf *out)
{
    bz_stream bz;
    char chunk[65536];
    int ret;

    memset(&bz, 0, sizeof bz);
    ck_assert_int_eq(BZ2_bzDecompressInit(&bz, 0, 0), BZ_OK);
    bz.next_in = (char *)p;
    bz.avail_in = (unsigned)n;
    do {
        bz.next_out = chunk;
        bz.avail_out = sizeof chunk;
        ret = BZ2_bzDecompress(&bz);
        fl_buf_add(out, chunk, sizeof chunk - bz.avail_out);
    } while (ret == BZ_OK && (bz.avail_in > 0 || bz.avail_out == 0));
    BZ2_bzDecompressEnd(&bz);
    return ret;
}

/* The lines a reader must deliver for recovered bytes: a partial last line
 * comes back as a line, so it gains a "\n" here. */
static void as_lines(struct fl_buf *b)
{
    if (b->len > 0 && b->p[b->len - 1] != '\n')
        fl_buf_addc(b, '\n');
}

struct run {
    struct fl_buf text;   /* every line returned, each + "\n" */
    uint64_t lines;
    int status;           /* the call that ended the run */
    struct fl_err err;
    uint64_t raw_offset;  /* at the end */
    enum fl_compression comp;
};

/* Read `path` to the end (cap 0 = default) and check that the end is
 * sticky: every later call returns FL_EOF. */
static void read_all(const char *path, size_t cap, struct run *out)
{
    struct fl_reader *r;
    const char *line;
    size_t len;
    struct fl_err err;

    fl_buf_init(&out->text);
    fl_buf_reserve(&out->text, 0);
    out->lines = 0;
    fl_err_clear(&out->err);
    ck_assert_int_eq(fl_reader_open(&r, path, &err), FL_OK);
    if (cap)
        fl_reader_set_max_line(r, cap);
    while ((out->status = fl_reader_next_line(r, &line, &len, &out->err)) ==
           FL_OK) {
        fl_buf_add(&out->text, line, len);
        fl_buf_addc(&out->text, '\n');
        out->lines++;
        ck_assert_uint_eq(fl_reader_line_no(r), out->lines);
    }
    ck_assert_int_eq(fl_reader_next_line(r, &line, &len, &err), FL_EOF);
    ck_assert_int_eq(fl_reader_next_line(r, &line, &len, &err), FL_EOF);
    ck_assert_uint_eq(fl_reader_line_no(r), out->lines);
    out->raw_offset = fl_reader_raw_offset(r);
    out->comp = fl_reader_compression(r);
    fl_reader_free(r);
}

static void assert_same(const struct fl_buf *got, const struct fl_buf *want)
{
    ck_assert_uint_eq(got->len, want->len);
    ck_assert_int_eq(memcmp(got->p, want->p, want->len), 0);
}

static off_t file_size(const char *path)
{
    struct stat st;

    ck_assert_int_eq(stat(path, &st), 0);
    return st.st_size;
}

struct expect {
    const char *text;
    size_t len;
    uint64_t offset;
    bool truncated;
};

/* Read path and compare with a table of lines, offsets and cut flags. */
static void expect_lines(const char *path, size_t cap, const struct expect *e,
                         size_t n)
{
    struct fl_reader *r;
    struct fl_err err;
    const char *line;
    size_t len, i;

    ck_assert_int_eq(fl_reader_open(&r, path, &err), FL_OK);
    if (cap)
        fl_reader_set_max_line(r, cap);
    for (i = 0; i < n; i++) {
        ck_assert_int_eq(fl_reader_next_line(r, &line, &len, &err), FL_OK);
        ck_assert_uint_eq(len, e[i].len);
        ck_assert_int_eq(memcmp(line, e[i].text, len), 0);
        ck_assert_uint_eq(fl_reader_line_no(r), i + 1);
        ck_assert_uint_eq(fl_reader_offset(r), e[i].offset);
        ck_assert_int_eq(fl_reader_line_truncated(r), e[i].truncated);
    }
    ck_assert_int_eq(fl_reader_next_line(r, &line, &len, &err), FL_EOF);
    fl_reader_free(r);
}

/* ---- plain text ---- */

START_TEST(test_reader_plain_lines_and_offsets)
{
    static const struct expect e[] = {
        { "alpha", 5, 0, false },
        { "beta beta", 9, 6, false },
        { "", 0, 16, false },
        { "\tgamma\tdelta", 12, 17, false },
        { "last line without newline", 25, 30, false },
    };
    char path[512];
    struct fl_reader *r;
    struct fl_err err;

    fixture(path, sizeof path, "plain.txt");
    expect_lines(path, 0, e, 5);
    ck_assert_int_eq(fl_reader_open(&r, path, &err), FL_OK);
    ck_assert_int_eq(fl_reader_compression(r), FL_COMP_NONE);
    ck_assert_str_eq(fl_reader_path(r), path);
    ck_assert_uint_eq(fl_reader_line_no(r), 0);
    fl_reader_free(r);
}
END_TEST

START_TEST(test_reader_crlf_drops_one_cr)
{
    static const struct expect e[] = {
        { "one", 3, 0, false },
        { "two", 3, 5, false },
        { "", 0, 10, false },
        { "three\r", 6, 12, false },
        { "four", 4, 20, false },
    };
    char path[512];

    fixture(path, sizeof path, "crlf.txt");
    expect_lines(path, 0, e, 5);
}
END_TEST

/* An empty regular file, made at run time (an empty fixture file would be
 * indistinguishable from any other empty file). */
static void empty_file(char *path, size_t n)
{
    FILE *fp;
    tmp_path(path, n, "empty.txt");
    fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fclose(fp);
}

START_TEST(test_reader_empty_file_is_eof)
{
    char path[512];
    struct run run;

    empty_file(path, sizeof path);
    read_all(path, 0, &run);
    ck_assert_int_eq(run.status, FL_EOF);
    ck_assert_uint_eq(run.lines, 0);
    ck_assert_uint_eq(run.raw_offset, 0);
    fl_buf_cleanup(&run.text);
}
END_TEST

START_TEST(test_reader_invalid_utf8_and_nul_pass_through)
{
    static const struct expect e[] = {
        { "ok", 2, 0, false },
        { "\200\300\257x", 4, 3, false },
        { "\342\202", 2, 8, false },
        { "nul\0byte", 8, 11, false },
    };
    char path[512];

    fixture(path, sizeof path, "badutf8.txt");
    expect_lines(path, 0, e, 4);
}
END_TEST

/* Many short lines: lines and offsets stay exact across block boundaries
 * (eol_len 2: "\r\n" endings, the "\r" sometimes ending a block). */
static void check_numbered_file(const char *path, int n, size_t eol_len)
{
    struct fl_reader *r;
    struct fl_err err;
    const char *line;
    char want[128];
    size_t len;
    uint64_t off = 0;
    int i, k;

    ck_assert_int_eq(fl_reader_open(&r, path, &err), FL_OK);
    for (i = 1; i <= n; i++) {
        k = snprintf(want, sizeof want, "line %07d: SELECT * FROM t WHERE id = %d;",
                     i, i * 31);
        ck_assert_int_eq(fl_reader_next_line(r, &line, &len, &err), FL_OK);
        ck_assert_uint_eq(len, (size_t)k);
        ck_assert_int_eq(memcmp(line, want, len), 0);
        ck_assert_uint_eq(fl_reader_offset(r), off);
        ck_assert_uint_eq(fl_reader_line_no(r), (uint64_t)i);
        off += len + eol_len;
    }
    ck_assert_int_eq(fl_reader_next_line(r, &line, &len, &err), FL_EOF);
    ck_assert_uint_eq(fl_reader_raw_offset(r), (uint64_t)file_size(path));
    fl_reader_free(r);
}

START_TEST(test_reader_many_lines_cross_blocks)
{
    struct fl_buf text, gz;
    char path[512];
    int n = 120000; /* about 6 MB: several blocks of both kinds */

    fl_buf_init(&text);
    fl_buf_init(&gz);
    numbered_eol(&text, 1, n, _i ? "\r\n" : "\n");
    tmp_path(path, sizeof path, "many.txt");
    write_file(path, text.p, text.len);
    check_numbered_file(path, n, _i ? 2 : 1);
    gz_compress(text.p, text.len, &gz, Z_FINISH);
    tmp_path(path, sizeof path, "many.gz");
    write_file(path, gz.p, gz.len);
    check_numbered_file(path, n, _i ? 2 : 1);
    fl_buf_cleanup(&text);
    fl_buf_cleanup(&gz);
}
END_TEST

/* ---- compressed input ---- */

struct same_case {
    const char *file;
    const char *want; /* plain fixture with the same content */
    enum fl_compression comp;
    int status;
};

static const struct same_case same_cases[] = {
    { "gzip-named.txt", "part2.txt", FL_COMP_GZIP, FL_EOF },
    { "multi.gz", "multi.txt", FL_COMP_GZIP, FL_EOF },
    { "padded.gz", "multi.txt", FL_COMP_GZIP, FL_EOF },
    { "part1.bz2", "part1.txt", FL_COMP_BZIP2, FL_EOF },
    { "multi.bz2", "multi.txt", FL_COMP_BZIP2, FL_EOF },
    { "plain-named.gz", "part2.txt", FL_COMP_NONE, FL_EOF },
};

/* Decoded content equals the plain fixture (multi-member: the
 * concatenation), detection is by content, and the whole file is consumed. */
START_TEST(test_reader_compressed_content_matches)
{
    const struct same_case *c = &same_cases[_i];
    char path[512], want_path[512];
    struct fl_buf want;
    struct run run;

    fixture(path, sizeof path, c->file);
    fixture(want_path, sizeof want_path, c->want);
    slurp(want_path, &want);
    read_all(path, 0, &run);
    ck_assert_int_eq(run.status, c->status);
    ck_assert_int_eq(run.comp, c->comp);
    assert_same(&run.text, &want);
    ck_assert_uint_eq(run.raw_offset, (uint64_t)file_size(path));
    fl_buf_cleanup(&want);
    fl_buf_cleanup(&run.text);
}
END_TEST

START_TEST(test_reader_gzip_trailing_garbage_is_corrupt)
{
    char path[512], want_path[512];
    struct fl_buf want;
    struct run run;

    fixture(path, sizeof path, "garbage.gz");
    fixture(want_path, sizeof want_path, "part1.txt");
    slurp(want_path, &want);
    read_all(path, 0, &run);
    assert_same(&run.text, &want);
    ck_assert_int_eq(run.status, FL_ERR_CORRUPT);
    ck_assert_int_eq(run.err.code, FL_ERR_CORRUPT);
    ck_assert_str_eq(run.err.file, path);
    /* The garbage is the last 9 bytes ("not gzip\n"). */
    ck_assert_uint_eq(run.err.offset, (uint64_t)file_size(path) - 9);
    ck_assert_ptr_nonnull(strstr(run.err.msg, "trailing garbage"));
    fl_buf_cleanup(&want);
    fl_buf_cleanup(&run.text);
}
END_TEST

/* Cut a compressed stream at several points: the reader returns exactly
 * what a decoder recovers (complete lines, then the partial one), then
 * FL_ERR_CORRUPT at the compressed size, then FL_EOF. */
static void check_truncated(const struct fl_buf *full, const char *name,
                            size_t cut, bool bz)
{
    struct fl_buf want;
    char path[512];
    struct run run;

    fl_buf_init(&want);
    fl_buf_reserve(&want, 0);
    if (bz)
        bz_reference(full->p, cut, &want);
    else
        gz_reference(full->p, cut, &want);
    as_lines(&want);
    tmp_path(path, sizeof path, name);
    write_file(path, full->p, cut);
    read_all(path, 0, &run);
    assert_same(&run.text, &want);
    ck_assert_int_eq(run.status, FL_ERR_CORRUPT);
    ck_assert_str_eq(run.err.file, path);
    ck_assert_uint_eq(run.err.offset, cut);
    ck_assert_ptr_nonnull(strstr(run.err.msg, "truncated"));
    fl_buf_cleanup(&want);
    fl_buf_cleanup(&run.text);
}

START_TEST(test_reader_gzip_truncated_returns_lines_then_corrupt)
{
    struct fl_buf text, gz;

    fl_buf_init(&text);
    fl_buf_init(&gz);
    numbered(&text, 1, 60000);
    gz_compress(text.p, text.len, &gz, Z_FINISH);
    check_truncated(&gz, "trunc-mid.gz", gz.len * 3 / 5, false);
    check_truncated(&gz, "trunc-trailer.gz", gz.len - 4, false);
    check_truncated(&gz, "trunc-header.gz", 5, false);
    fl_buf_cleanup(&text);
    fl_buf_cleanup(&gz);
}
END_TEST

START_TEST(test_reader_bzip2_truncated_returns_blocks_then_corrupt)
{
    struct fl_buf text, bz;

    fl_buf_init(&text);
    fl_buf_init(&bz);
    numbered(&text, 1, 12000);
    bz_compress(text.p, text.len, &bz);
    check_truncated(&bz, "trunc.bz2", bz.len / 2, true);
    fl_buf_cleanup(&text);
    fl_buf_cleanup(&bz);
}
END_TEST

/* A gzip whose deflate stream turns invalid mid-file (after a full flush,
 * a block header with the reserved type 3): the lines before the damage come
 * back exactly, then FL_ERR_CORRUPT with zlib's message and the offset. */
START_TEST(test_reader_gzip_corrupt_middle)
{
    struct fl_buf text, gz;
    char path[512];
    struct run run;
    size_t bad;

    fl_buf_init(&text);
    fl_buf_init(&gz);
    numbered(&text, 1, 40000);
    gz_compress(text.p, text.len, &gz, Z_FULL_FLUSH);
    bad = gz.len;
    fl_buf_add(&gz, "\x07garbage after the damage\n", 26);
    tmp_path(path, sizeof path, "corrupt.gz");
    write_file(path, gz.p, gz.len);
    read_all(path, 0, &run);
    assert_same(&run.text, &text);
    ck_assert_uint_eq(run.lines, 40000);
    ck_assert_int_eq(run.status, FL_ERR_CORRUPT);
    ck_assert_str_eq(run.err.file, path);
    ck_assert_uint_ge(run.err.offset, bad);
    ck_assert_uint_le(run.err.offset, bad + 1);
    ck_assert_ptr_nonnull(strstr(run.err.msg, "invalid block type"));
    fl_buf_cleanup(&text);
    fl_buf_cleanup(&gz);
    fl_buf_cleanup(&run.text);
}
END_TEST

/* A flipped byte inside a member: whatever zlib/libbz2 recover before
 * noticing is returned, then FL_ERR_CORRUPT within the file. */
static void check_flipped(bool bz)
{
    struct fl_buf text, comp, want;
    char path[512];
    struct run run;

    fl_buf_init(&text);
    fl_buf_init(&comp);
    fl_buf_init(&want);
    fl_buf_reserve(&want, 0);
    numbered(&text, 1, 12000);
    if (bz)
        bz_compress(text.p, text.len, &comp);
    else
        gz_compress(text.p, text.len, &comp, Z_FINISH);
    comp.p[comp.len / 2] ^= 0x55;
    if (bz)
        ck_assert_int_eq(bz_reference(comp.p, comp.len, &want), BZ_DATA_ERROR);
    else
        ck_assert_int_eq(gz_reference(comp.p, comp.len, &want), Z_DATA_ERROR);
    as_lines(&want);
    tmp_path(path, sizeof path, bz ? "flip.bz2" : "flip.gz");
    write_file(path, comp.p, comp.len);
    read_all(path, 0, &run);
    assert_same(&run.text, &want);
    ck_assert_int_eq(run.status, FL_ERR_CORRUPT);
    ck_assert_uint_le(run.err.offset, comp.len);
    ck_assert_ptr_nonnull(strstr(run.err.msg, bz ? "bzip2" : "gzip"));
    if (bz) /* with 100k blocks, the blocks before the damage survive */
        ck_assert_uint_gt(run.lines, 0);
    fl_buf_cleanup(&text);
    fl_buf_cleanup(&comp);
    fl_buf_cleanup(&want);
    fl_buf_cleanup(&run.text);
}

START_TEST(test_reader_gzip_flipped_byte_is_corrupt)
{
    check_flipped(false);
}
END_TEST

START_TEST(test_reader_bzip2_flipped_byte_is_corrupt)
{
    check_flipped(true);
}
END_TEST

/* ---- long lines ---- */

/* Build a file from pieces, recording each expected line with the cap. */
struct piece {
    const char *raw;   /* bytes in the file */
    const char *line;  /* what next_line returns */
    bool truncated;
};

static const struct piece cap_pieces[] = {
    { "short\n", "short", false },
    { "0123456789\n", "0123456789", false },
    { "0123456789\r\n", "0123456789", false },
    { "0123456789A\n", "0123456789", true },
    { "0123456789AB\r\n", "0123456789", true },
    { "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
      "xxxxxxxxxx", true },
    { "next\n", "next", false },
    { "0123456789ABCDEF", "0123456789", true },
};

static void check_cap_pieces(bool gzip)
{
    enum { N = sizeof cap_pieces / sizeof cap_pieces[0] };
    struct expect e[N];
    struct fl_buf raw, gz;
    char path[512];
    size_t i;

    fl_buf_init(&raw);
    fl_buf_init(&gz);
    for (i = 0; i < N; i++) {
        e[i].text = cap_pieces[i].line;
        e[i].len = strlen(cap_pieces[i].line);
        e[i].offset = raw.len;
        e[i].truncated = cap_pieces[i].truncated;
        fl_buf_adds(&raw, cap_pieces[i].raw);
    }
    tmp_path(path, sizeof path, gzip ? "cap.gz" : "cap.txt");
    if (gzip) {
        gz_compress(raw.p, raw.len, &gz, Z_FINISH);
        write_file(path, gz.p, gz.len);
    } else {
        write_file(path, raw.p, raw.len);
    }
    expect_lines(path, 10, e, N);
    fl_buf_cleanup(&raw);
    fl_buf_cleanup(&gz);
}

START_TEST(test_reader_line_over_cap_is_cut_and_next_intact)
{
    check_cap_pieces(_i == 1);
}
END_TEST

/* "first\n" + one long line + "\nsecond\n", plain or gzip. */
static void write_long_line_file(const char *path, size_t n, bool gzip,
                                 struct fl_buf *body)
{
    struct fl_buf raw, gz;

    fl_buf_init(&raw);
    fl_buf_init(&gz);
    fl_buf_init(body);
    pattern(body, n);
    fl_buf_adds(&raw, "first\n");
    fl_buf_add(&raw, body->p, body->len);
    fl_buf_adds(&raw, "\nsecond\n");
    if (gzip) {
        gz_compress(raw.p, raw.len, &gz, Z_FINISH);
        write_file(path, gz.p, gz.len);
    } else {
        write_file(path, raw.p, raw.len);
    }
    fl_buf_cleanup(&raw);
    fl_buf_cleanup(&gz);
}

static void check_long_line(size_t n, size_t cap, bool gzip)
{
    struct fl_buf body;
    struct fl_reader *r;
    struct fl_err err;
    const char *line;
    size_t len, want = cap && cap < n ? cap : n;
    char path[512];

    tmp_path(path, sizeof path, gzip ? "long.gz" : "long.txt");
    write_long_line_file(path, n, gzip, &body);
    ck_assert_int_eq(fl_reader_open(&r, path, &err), FL_OK);
    if (cap)
        fl_reader_set_max_line(r, cap);
    ck_assert_int_eq(fl_reader_next_line(r, &line, &len, &err), FL_OK);
    ck_assert_uint_eq(len, 5);
    ck_assert_int_eq(fl_reader_next_line(r, &line, &len, &err), FL_OK);
    ck_assert_uint_eq(len, want);
    ck_assert_int_eq(memcmp(line, body.p, want), 0);
    ck_assert_int_eq(fl_reader_line_truncated(r), want < n);
    ck_assert_uint_eq(fl_reader_offset(r), 6);
    ck_assert_int_eq(fl_reader_next_line(r, &line, &len, &err), FL_OK);
    ck_assert_uint_eq(len, 6);
    ck_assert_int_eq(memcmp(line, "second", 6), 0);
    ck_assert(!fl_reader_line_truncated(r));
    ck_assert_uint_eq(fl_reader_line_no(r), 3);
    ck_assert_uint_eq(fl_reader_offset(r), 6 + n + 1);
    ck_assert_int_eq(fl_reader_next_line(r, &line, &len, &err), FL_EOF);
    fl_reader_free(r);
    fl_buf_cleanup(&body);
}

struct long_case {
    size_t n;    /* long line length */
    size_t cap;  /* 0 = default (16 MiB) */
};

static const struct long_case long_cases[] = {
    { 3 * MIB, 0 },         /* spans several blocks, copied whole */
    { 10000000, 0 },        /* a 10 MB line under the default cap */
    { 3 * MIB, 1000 },      /* cut at a small cap, rest skipped */
    { 10000000, MIB },      /* cut in carry after crossing blocks */
    { MIB - 6, MIB - 6 },   /* exactly the cap, ends at a block boundary */
};

START_TEST(test_reader_long_line_across_blocks)
{
    const struct long_case *c = &long_cases[_i / 2];

    check_long_line(c->n, c->cap, _i % 2 == 1);
}
END_TEST

/* A "\r" that is the last byte of the first 1 MiB block, followed in the
 * next block by "\n" (one line ending, also when the line is exactly at the
 * cap) or by more text (the "\r" is content: over the cap, so cut). */
struct split_case {
    bool gzip;
    bool at_cap;       /* cap = the line's length, else the default */
    const char *tail;  /* after the MiB - 1 byte body */
    bool truncated;
    size_t second_off; /* offset of "second" after the body */
};

static const struct split_case split_cases[] = {
    { false, false, "\r\nsecond\r\n", false, 2 },
    { true, false, "\r\nsecond\r\n", false, 2 },
    { false, true, "\r\nsecond\r\n", false, 2 },
    { true, true, "\r\nsecond\r\n", false, 2 },
    { false, true, "\rX\nsecond\n", true, 3 },
    { true, true, "\rX\nsecond\n", true, 3 },
};

START_TEST(test_reader_cr_at_block_boundary)
{
    const struct split_case *c = &split_cases[_i];
    const size_t n = MIB - 1;
    struct expect e[2];
    struct fl_buf raw, body, gz;
    char path[512];

    fl_buf_init(&raw);
    fl_buf_init(&body);
    fl_buf_init(&gz);
    pattern(&body, n);
    fl_buf_add(&raw, body.p, n);
    fl_buf_adds(&raw, c->tail);
    e[0] = (struct expect){ body.p, n, 0, c->truncated };
    e[1] = (struct expect){ "second", 6, n + c->second_off, false };
    tmp_path(path, sizeof path, "cr-split");
    if (c->gzip) {
        gz_compress(raw.p, raw.len, &gz, Z_FINISH);
        write_file(path, gz.p, gz.len);
    } else {
        write_file(path, raw.p, raw.len);
    }
    expect_lines(path, c->at_cap ? n : 0, e, 2);
    fl_buf_cleanup(&raw);
    fl_buf_cleanup(&body);
    fl_buf_cleanup(&gz);
}
END_TEST

START_TEST(test_reader_single_10mb_line_without_newline)
{
    struct fl_buf body;
    char path[512];
    struct run run;

    fl_buf_init(&body);
    pattern(&body, 10000000);
    tmp_path(path, sizeof path, "single.txt");
    write_file(path, body.p, body.len);
    read_all(path, 0, &run);
    ck_assert_int_eq(run.status, FL_EOF);
    ck_assert_uint_eq(run.lines, 1);
    ck_assert_uint_eq(run.text.len, body.len + 1);
    ck_assert_int_eq(memcmp(run.text.p, body.p, body.len), 0);
    fl_buf_cleanup(&body);
    fl_buf_cleanup(&run.text);
}
END_TEST

START_TEST(test_reader_max_line_zero_restores_default)
{
    struct fl_reader *r;
    struct fl_err err;
    const char *line;
    size_t len;
    char path[512];

    fixture(path, sizeof path, "plain.txt");
    ck_assert_int_eq(fl_reader_open(&r, path, &err), FL_OK);
    fl_reader_set_max_line(r, 3);
    fl_reader_set_max_line(r, 0);
    ck_assert_int_eq(fl_reader_next_line(r, &line, &len, &err), FL_OK);
    ck_assert_uint_eq(len, 5);
    ck_assert(!fl_reader_line_truncated(r));
    fl_reader_free(r);
}
END_TEST

/* Offsets past 4 GiB without writing 4 GiB: a gzip file of members, the
 * middle ones 16 MiB of zeros each (one huge line, cut at the cap and
 * skipped), then a line whose uncompressed offset is beyond 2^32. */
START_TEST(test_reader_offsets_beyond_4gib)
{
    const int nzero = 272; /* 272 * 16 MiB = 4.25 GiB */
    const uint64_t last_off = 6 + (uint64_t)nzero * 16 * MIB + 1;
    struct fl_buf file, zero;
    struct fl_reader *r;
    struct fl_err err;
    const char *line;
    char *zeros;
    size_t len;
    char path[512];
    int i;

    if (getenv("FL_SKIP_SLOW")) /* decodes 4.25 GiB: opt out */
        return;
    fl_buf_init(&file);
    fl_buf_init(&zero);
    zeros = fl_xcalloc(16, MIB);
    gz_compress(zeros, 16 * MIB, &zero, Z_FINISH);
    free(zeros);
    gz_compress("first\n", 6, &file, Z_FINISH);
    for (i = 0; i < nzero; i++)
        fl_buf_add(&file, zero.p, zero.len);
    gz_compress("\nlast line\n", 11, &file, Z_FINISH);
    tmp_path(path, sizeof path, "over4g.gz");
    write_file(path, file.p, file.len);
    ck_assert_int_eq(fl_reader_open(&r, path, &err), FL_OK);
    fl_reader_set_max_line(r, 4096);
    ck_assert_int_eq(fl_reader_next_line(r, &line, &len, &err), FL_OK);
    ck_assert_int_eq(fl_reader_next_line(r, &line, &len, &err), FL_OK);
    ck_assert(fl_reader_line_truncated(r));
    ck_assert_uint_eq(len, 4096);
    ck_assert_int_eq(fl_reader_next_line(r, &line, &len, &err), FL_OK);
    ck_assert_uint_eq(len, 9);
    ck_assert_int_eq(memcmp(line, "last line", 9), 0);
    ck_assert_uint_eq(fl_reader_line_no(r), 3);
    ck_assert_uint_eq(fl_reader_offset(r), last_off);
    ck_assert_int_eq(fl_reader_next_line(r, &line, &len, &err), FL_EOF);
    ck_assert_uint_eq(fl_reader_raw_offset(r), file.len);
    fl_reader_free(r);
    unlink(path);
    fl_buf_cleanup(&file);
    fl_buf_cleanup(&zero);
}
END_TEST

/* ---- errors opening ---- */

START_TEST(test_reader_nonexistent_is_io_error)
{
    struct fl_reader *r = (struct fl_reader *)&r;
    struct fl_err err;
    char path[512];

    tmp_path(path, sizeof path, "no-such-file.log");
    ck_assert_int_eq(fl_reader_open(&r, path, &err), FL_ERR_IO);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(err.code, FL_ERR_IO);
    ck_assert_str_eq(err.file, path);
    ck_assert_ptr_nonnull(strstr(err.msg, strerror(ENOENT)));
}
END_TEST

START_TEST(test_reader_unreadable_is_io_error)
{
    struct fl_reader *r;
    struct fl_err err;
    char path[512];
    int fd;

    tmp_path(path, sizeof path, "unreadable.log");
    write_file(path, "secret\n", 7);
    ck_assert_int_eq(chmod(path, 0), 0);
    fd = open(path, O_RDONLY);
    if (fd >= 0) { /* running as root: permissions do not deny */
        close(fd);
        return;
    }
    ck_assert_int_eq(fl_reader_open(&r, path, &err), FL_ERR_IO);
    ck_assert_ptr_null(r);
    ck_assert_str_eq(err.file, path);
    ck_assert_ptr_nonnull(strstr(err.msg, strerror(EACCES)));
}
END_TEST

START_TEST(test_reader_directory_is_io_error)
{
    struct fl_reader *r;
    struct fl_err err;

    ck_assert_int_eq(fl_reader_open(&r, tmpdir, &err), FL_ERR_IO);
    ck_assert_ptr_null(r);
    ck_assert_ptr_nonnull(strstr(err.msg, strerror(EISDIR)));
}
END_TEST

START_TEST(test_reader_peek_compression)
{
    static const struct {
        const char *file;
        enum fl_compression comp;
    } cases[] = {
        { "gzip-named.txt", FL_COMP_GZIP },
        { "multi.bz2", FL_COMP_BZIP2 },
        { "plain-named.gz", FL_COMP_NONE },
        { "empty.txt", FL_COMP_NONE },
    };
    enum fl_compression c;
    struct fl_err err;
    char path[512];
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (strcmp(cases[i].file, "empty.txt") == 0)
            empty_file(path, sizeof path);
        else
            fixture(path, sizeof path, cases[i].file);
        c = (enum fl_compression)-1;
        ck_assert_int_eq(fl_reader_peek_compression(path, &c, &err), FL_OK);
        ck_assert_int_eq(c, cases[i].comp);
    }
    ck_assert_int_eq(fl_reader_peek_compression("-", &c, &err), FL_ERR_USAGE);
    tmp_path(path, sizeof path, "absent");
    ck_assert_int_eq(fl_reader_peek_compression(path, &c, &err), FL_ERR_IO);
    ck_assert_str_eq(fl_reader_compression_name(FL_COMP_BZIP2), "bzip2");
}
END_TEST

/* ---- standard input ---- */

/* Run read_all on "-" with fd 0 replaced by `fd`, restoring it after. */
static void read_stdin(int fd, struct run *run)
{
    int saved = dup(STDIN_FILENO);

    ck_assert_int_ge(saved, 0);
    ck_assert_int_ge(dup2(fd, STDIN_FILENO), 0);
    close(fd);
    read_all("-", 0, run);
    /* The reader must not close standard input. */
    ck_assert_int_ne(fcntl(STDIN_FILENO, F_GETFD), -1);
    ck_assert_int_ge(dup2(saved, STDIN_FILENO), 0);
    close(saved);
}

START_TEST(test_reader_stdin_redirected_file)
{
    char path[512], want_path[512];
    struct fl_buf want;
    struct fl_reader *r;
    struct fl_err err;
    struct run run;
    int saved, fd;

    fixture(path, sizeof path, "multi.bz2");
    fixture(want_path, sizeof want_path, "multi.txt");
    slurp(want_path, &want);
    read_stdin(open(path, O_RDONLY), &run);
    ck_assert_int_eq(run.status, FL_EOF);
    ck_assert_int_eq(run.comp, FL_COMP_BZIP2);
    assert_same(&run.text, &want);
    saved = dup(STDIN_FILENO);
    fd = open(path, O_RDONLY);
    dup2(fd, STDIN_FILENO);
    close(fd);
    ck_assert_int_eq(fl_reader_open(&r, "-", &err), FL_OK);
    ck_assert_str_eq(fl_reader_path(r), "(stdin)");
    fl_reader_free(r);
    dup2(saved, STDIN_FILENO);
    close(saved);
    fl_buf_cleanup(&want);
    fl_buf_cleanup(&run.text);
}
END_TEST

/* A gzip stream larger than a pipe buffer, written by a child process. */
START_TEST(test_reader_stdin_gzip_pipe)
{
    struct fl_buf text, gz;
    struct run run;
    int p[2], status;
    pid_t pid;

    fl_buf_init(&text);
    fl_buf_init(&gz);
    numbered(&text, 1, 50000);
    gz_compress(text.p, text.len, &gz, Z_FINISH);
    ck_assert_int_eq(pipe(p), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(p[0]);
        _exit(write(p[1], gz.p, gz.len) == (ssize_t)gz.len ? 0 : 1);
    }
    close(p[1]);
    read_stdin(p[0], &run);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ck_assert_int_eq(run.status, FL_EOF);
    ck_assert_int_eq(run.comp, FL_COMP_GZIP);
    assert_same(&run.text, &text);
    fl_buf_cleanup(&text);
    fl_buf_cleanup(&gz);
    fl_buf_cleanup(&run.text);
}
END_TEST

/* The writer stalls with the pipe open: decoded lines still arrive, and
 * fl_reader_free stops the decoder thread blocked on the pipe. */
START_TEST(test_reader_free_while_decoder_waits_on_pipe)
{
    struct fl_buf gz;
    struct fl_reader *r;
    struct fl_err err;
    const char *line;
    size_t len;
    int p[2], saved;

    fl_buf_init(&gz);
    gz_compress("alpha\nbeta\n", 11, &gz, Z_SYNC_FLUSH); /* no trailer */
    ck_assert_int_eq(pipe(p), 0);
    ck_assert_int_eq(write(p[1], gz.p, gz.len), (ssize_t)gz.len);
    saved = dup(STDIN_FILENO);
    dup2(p[0], STDIN_FILENO);
    close(p[0]);
    ck_assert_int_eq(fl_reader_open(&r, "-", &err), FL_OK);
    ck_assert_int_eq(fl_reader_compression(r), FL_COMP_GZIP);
    ck_assert_int_eq(fl_reader_next_line(r, &line, &len, &err), FL_OK);
    ck_assert_int_eq(memcmp(line, "alpha", len), 0);
    ck_assert_int_eq(fl_reader_next_line(r, &line, &len, &err), FL_OK);
    ck_assert_int_eq(memcmp(line, "beta", len), 0);
    fl_reader_free(r); /* must return although the writer is still open */
    close(p[1]);
    dup2(saved, STDIN_FILENO);
    close(saved);
    fl_buf_cleanup(&gz);
}
END_TEST

/* Freeing mid-stream stops a decoder that is waiting for ring space. */
START_TEST(test_reader_free_mid_stream)
{
    struct fl_buf text, comp;
    struct fl_reader *r;
    struct fl_err err;
    const char *line;
    size_t len;
    char path[512];
    int i;

    fl_buf_init(&text);
    fl_buf_init(&comp);
    numbered(&text, 1, 200000);
    if (_i == 0)
        gz_compress(text.p, text.len, &comp, Z_FINISH);
    else
        bz_compress(text.p, 600000, &comp);
    tmp_path(path, sizeof path, _i == 0 ? "mid.gz" : "mid.bz2");
    write_file(path, comp.p, comp.len);
    ck_assert_int_eq(fl_reader_open(&r, path, &err), FL_OK);
    for (i = 0; i < 10; i++)
        ck_assert_int_eq(fl_reader_next_line(r, &line, &len, &err), FL_OK);
    ck_assert_uint_gt(fl_reader_raw_offset(r), 0);
    fl_reader_free(r);
    fl_reader_free(NULL);
    fl_buf_cleanup(&text);
    fl_buf_cleanup(&comp);
}
END_TEST

/* ---- runner ---- */

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Seek to a line start (plain: lseek; gzip: decode and drop), read on to
 * the end: offsets stay absolute, the last line without a newline is
 * flagged, and the complete end stops before it. */
START_TEST(test_reader_seek_and_complete_end)
{
    struct fl_buf head, text, gz;
    char path[256];
    struct fl_reader *r;
    struct fl_err e;
    const char *line;
    size_t len;
    uint64_t n = 0, done_end;

    fl_buf_init(&head);
    fl_buf_init(&text);
    fl_buf_init(&gz);
    numbered(&head, 1, 50000);
    numbered(&text, 1, 100000);
    done_end = text.len;
    fl_buf_adds(&text, "still being written");
    tmp_path(path, sizeof path, _i ? "seek.gz" : "seek.log");
    if (_i) {
        gz_compress(text.p, text.len, &gz, Z_FINISH);
        write_file(path, gz.p, gz.len);
    } else {
        write_file(path, text.p, text.len);
    }
    ck_assert_int_eq(fl_reader_open(&r, path, &e), FL_OK);
    ck_assert_int_eq(fl_reader_seek(r, head.len), FL_OK);
    ck_assert_int_eq(fl_reader_next_line(r, &line, &len, &e), FL_OK);
    ck_assert_uint_eq(fl_reader_offset(r), head.len);
    ck_assert_int_eq(strncmp(line, "line 0050001:", 13), 0);
    ck_assert(!fl_reader_line_unterminated(r));
    n = 1;
    while (fl_reader_next_line(r, &line, &len, &e) == FL_OK) {
        n++;
        if (fl_reader_line_unterminated(r))
            ck_assert_int_eq(strncmp(line, "still being written", len), 0);
    }
    ck_assert_uint_eq(n, 50001);            /* 50000 lines + the open one */
    ck_assert_uint_eq(fl_reader_complete_end(r), done_end);
    ck_assert_int_eq(fl_reader_seek(r, 0), FL_ERR_USAGE); /* too late */
    fl_reader_free(r);
    ck_assert_int_eq(fl_reader_open(&r, path, &e), FL_OK);
    ck_assert_int_eq(fl_reader_seek(r, text.len + 10), _i ? FL_EOF : FL_OK);
    ck_assert_int_eq(fl_reader_next_line(r, &line, &len, &e), FL_EOF);
    fl_reader_free(r);
    fl_buf_cleanup(&head);
    fl_buf_cleanup(&text);
    fl_buf_cleanup(&gz);
}
END_TEST

static Suite *reader_suite(void)
{
    Suite *s = suite_create("reader");
    TCase *t = tcase_create("plain");
    TCase *z = tcase_create("compressed");
    TCase *l = tcase_create("long");
    TCase *o = tcase_create("open");

    tcase_add_test(t, test_reader_plain_lines_and_offsets);
    tcase_add_test(t, test_reader_crlf_drops_one_cr);
    tcase_add_test(t, test_reader_empty_file_is_eof);
    tcase_add_test(t, test_reader_invalid_utf8_and_nul_pass_through);
    tcase_add_loop_test(t, test_reader_many_lines_cross_blocks, 0, 2);
    tcase_add_loop_test(t, test_reader_seek_and_complete_end, 0, 2);
    suite_add_tcase(s, t);
    tcase_add_loop_test(z, test_reader_compressed_content_matches, 0,
                        sizeof same_cases / sizeof same_cases[0]);
    tcase_add_test(z, test_reader_gzip_trailing_garbage_is_corrupt);
    tcase_add_test(z, test_reader_gzip_truncated_returns_lines_then_corrupt);
    tcase_add_test(z, test_reader_bzip2_truncated_returns_blocks_then_corrupt);
    tcase_add_test(z, test_reader_gzip_corrupt_middle);
    tcase_add_test(z, test_reader_gzip_flipped_byte_is_corrupt);
    tcase_add_test(z, test_reader_bzip2_flipped_byte_is_corrupt);
    tcase_add_loop_test(z, test_reader_free_mid_stream, 0, 2);
    suite_add_tcase(s, z);
    tcase_add_loop_test(l, test_reader_line_over_cap_is_cut_and_next_intact, 0, 2);
    tcase_add_loop_test(l, test_reader_long_line_across_blocks, 0,
                        2 * (int)(sizeof long_cases / sizeof long_cases[0]));
    tcase_add_loop_test(l, test_reader_cr_at_block_boundary, 0,
                        sizeof split_cases / sizeof split_cases[0]);
    tcase_add_test(l, test_reader_single_10mb_line_without_newline);
    tcase_add_test(l, test_reader_max_line_zero_restores_default);
    tcase_add_test(l, test_reader_offsets_beyond_4gib);
    tcase_set_timeout(l, 300);
    suite_add_tcase(s, l);
    tcase_add_test(o, test_reader_nonexistent_is_io_error);
    tcase_add_test(o, test_reader_unreadable_is_io_error);
    tcase_add_test(o, test_reader_directory_is_io_error);
    tcase_add_test(o, test_reader_peek_compression);
    tcase_add_test(o, test_reader_stdin_redirected_file);
    tcase_add_test(o, test_reader_stdin_gzip_pipe);
    tcase_add_test(o, test_reader_free_while_decoder_waits_on_pipe);
    suite_add_tcase(s, o);
    return s;
}

int main(void)
{
    SRunner *sr;
    int failed;

    /* A pipe reader that outlives its writer must not kill the run. */
    signal(SIGPIPE, SIG_IGN);
    snprintf(tmpdir, sizeof tmpdir, "/tmp/check_reader.XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("check_reader: mkdtemp");
        return 1;
    }
    sr = srunner_create(reader_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return failed == 0 ? 0 : 1;
}
