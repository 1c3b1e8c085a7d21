/* read.c - load a summary file from untrusted bytes (the layout is in
 * write.c).  The fuzz entry point is fl_summary_load_mem.
 *
 * Every read goes through a cursor that checks the bytes left; a count is
 * refused when the bytes left could not hold that many items (each takes
 * at least one byte), so no allocation is larger than the input; strings
 * are capped; the inflated body is capped at FL_SUMMARY_MAX_RAW; nothing
 * recurses.  A group is decoded into a scratch group and imported into its
 * lens (fl_stats_import_group), which re-checks nothing the stats model
 * could be hurt by: sketches are checked by fl_sketch_load, spans and
 * widths by fl_stats_import_span, times here. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "summary/fl_summary.h"
#include "base/fl_xalloc.h"

#define END_MARK 0x5ea1u
#define STR_MAX (1u << 20)
#define TIME_LIMIT ((int64_t)1 << 60)

struct cur {
    const unsigned char *p, *end;
    bool bad;
    bool no_series;         /* skip the cells (fl_stats_opts.no_series) */
    int64_t bad_width;      /* a width that does not fit a fixed one */
};

static uint64_t get_u(struct cur *c)
{
    uint64_t v = 0;

    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (c->p >= c->end) {
            c->bad = true;
            return 0;
        }
        unsigned char b = *c->p++;
        if (shift == 63 && (b & 0x7e)) {
            c->bad = true;
            return 0;
        }
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return v;
    }
    c->bad = true;
    return 0;
}

static int64_t get_i(struct cur *c)
{
    uint64_t u = get_u(c);
    return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

/* A count of items of at least `each` bytes, at most max. */
static size_t get_n(struct cur *c, size_t each, size_t max)
{
    uint64_t n = get_u(c);

    if (c->bad || n > max || n > (uint64_t)(c->end - c->p) / each) {
        c->bad = true;
        return 0;
    }
    return (size_t)n;
}

/* A string into dst[0..cap) (cut to fit, NUL-terminated). */
static void get_s(struct cur *c, char *dst, size_t cap)
{
    size_t n = get_n(c, 1, STR_MAX);
    size_t k = n < cap - 1 ? n : cap - 1;

    memcpy(dst, c->p, c->bad ? 0 : k);
    dst[c->bad ? 0 : k] = '\0';
    if (!c->bad && memchr(dst, '\0', k))
        c->bad = true;           /* no NUL inside a string */
    c->p += c->bad ? 0 : n;
}

static char *get_sdup(struct cur *c)
{
    size_t n = get_n(c, 1, STR_MAX);
    char *s = c->bad ? fl_xstrdup("") : fl_xstrndup((const char *)c->p, n);

    if (!c->bad && memchr(c->p, '\0', n))
        c->bad = true;
    c->p += c->bad ? 0 : n;
    return s;
}

static int64_t get_time(struct cur *c, bool open_ok)
{
    int64_t t = get_i(c);

    if ((t < -TIME_LIMIT || t > TIME_LIMIT) &&
        !(open_ok && (t == INT64_MIN || t == INT64_MAX)))
        c->bad = true;
    return t;
}

static bool in_range(int64_t t)
{
    return t >= -TIME_LIMIT && t <= TIME_LIMIT;
}

static void get_sketch(struct cur *c, struct fl_sketch *k)
{
    uint64_t count = get_u(c), *bins;
    int64_t sum, min, max, lo;
    size_t n;

    if (c->bad || count == 0)
        return;
    sum = get_i(c);
    min = get_i(c);
    max = get_i(c);
    lo = get_i(c);
    n = get_n(c, 1, FL_SKETCH_MAX_BINS);
    if (c->bad || lo < 0 || lo > INT32_MAX)
        goto bad;
    bins = fl_xmalloc((n ? n : 1) * sizeof *bins);
    for (size_t i = 0; i < n; i++)
        bins[i] = get_u(c);
    if (c->bad || !fl_sketch_load(k, (int32_t)lo, bins, (uint32_t)n, count,
                                  sum, min, max))
        c->bad = true;
    free(bins);
    return;
bad:
    c->bad = true;
}

static void group_clear(struct fl_stats_group *g)
{
    for (size_t i = 0; i < g->ncells; i++)
        fl_sketch_cleanup(&g->cells[i].lat);
    free(g->cells);
    free(g->key);
    free(g->tables);
    fl_sketch_cleanup(&g->lat);
    memset(g, 0, sizeof *g);
}

static void get_cells(struct cur *c, struct fl_stats_group *g)
{
    int64_t prev = 0;
    size_t n = get_n(c, 4, (size_t)1 << 24);

    g->cells = fl_xcalloc(n ? n : 1, sizeof *g->cells);
    for (size_t i = 0; i < n && !c->bad; i++) {
        struct fl_stats_cell *x = &g->cells[i];
        int64_t d = get_i(c);
        fl_sketch_init(&x->lat);
        g->ncells++;
        /* the first start is absolute, the others rise strictly */
        if ((i ? d <= 0 : d < -TIME_LIMIT) || d > 2 * TIME_LIMIT ||
            prev + d > TIME_LIMIT || prev + d < -TIME_LIMIT) {
            c->bad = true;
            break;
        }
        x->start_us = prev += d;
        x->errors = get_u(c);
        x->rows_examined = get_i(c);
        get_sketch(c, &x->lat);
    }
}

/* The cells block: skipped whole without series, else read to its exact
 * end. */
static void get_block(struct cur *c, struct fl_stats_group *g)
{
    size_t n = get_n(c, 1, SIZE_MAX);
    struct cur in;

    if (c->bad)
        return;
    if (c->no_series) {
        c->p += n;
        return;
    }
    in = (struct cur){ c->p, c->p + n, false, false, 0 };
    get_cells(&in, g);
    c->bad = in.bad || in.p != in.end;
    c->p += n;
}

static void get_group(struct cur *c, struct fl_stats_group *g)
{
    uint64_t flags;
    size_t nexact;

    memset(g, 0, sizeof *g);
    fl_sketch_init(&g->lat);
    g->key = get_sdup(c);
    g->id = get_u(c);
    g->tables = get_sdup(c);
    g->stmt_type = (int)get_i(c);
    flags = get_u(c);
    g->other = flags & 1;
    g->sample_us = -1;
    get_sketch(c, &g->lat);
    nexact = get_n(c, 1, FL_STATS_EXACT);
    for (size_t i = 0; i < nexact && !c->bad; i++) {
        g->exact[i] = get_i(c);
        if (g->exact[i] < 0 || (i && g->exact[i] < g->exact[i - 1]))
            c->bad = true;
    }
    g->nexact = (uint8_t)nexact;
    if (g->stmt_type < -1 || g->stmt_type > 1000 || flags > 1 ||
        (nexact && nexact != fl_sketch_count(&g->lat)))
        c->bad = true;
    g->calls_no_dur = get_u(c);
    g->errors = get_u(c);
    g->rows_examined = get_i(c);
    g->rows_sent = get_i(c);
    g->lock_us = get_i(c);
    g->first_us = get_time(c, true);
    g->last_us = get_time(c, true);
    /* empty (INT64_MAX, INT64_MIN) or a real span: no sentinel in one */
    if (!(g->first_us == INT64_MAX && g->last_us == INT64_MIN) &&
        (!in_range(g->first_us) || !in_range(g->last_us) ||
         g->first_us > g->last_us))
        c->bad = true;
    get_block(c, g);
}

static void get_lens(struct cur *c, struct fl_summary *s)
{
    static const enum fl_stats_dim order[] = { FL_DIM_OVERALL, FL_DIM_TABLE,
        FL_DIM_DB, FL_DIM_USER, FL_DIM_FINGERPRINT };
    char domain[FL_SUMMARY_DOMAIN_MAX];
    struct fl_stats *st;
    struct fl_stats_group g;
    int64_t lo, hi, width;
    uint64_t events;

    get_s(c, domain, sizeof domain);
    lo = get_time(c, true);
    hi = get_time(c, true);
    width = get_i(c);
    events = get_u(c);
    if (c->bad || fl_summary_find(s, domain) ||
        !(st = fl_summary_lens(s, domain)) ||
        fl_stats_import_span(st, lo, hi, width, events) != FL_OK) {
        if (!c->bad && s->opts.bucket_us && width != s->opts.bucket_us)
            c->bad_width = width;
        c->bad = true;
        return;
    }
    for (size_t k = 0; k <= sizeof order / sizeof order[0] && !c->bad; k++) {
        bool other = k == sizeof order / sizeof order[0];
        size_t n = get_n(c, 8, other ? 1 : (order[k] == FL_DIM_OVERALL ? 1 : SIZE_MAX));
        for (size_t i = 0; i < n && !c->bad; i++) {
            get_group(c, &g);
            if (g.other != other)
                c->bad = true;
            if (!c->bad)
                fl_stats_import_group(st, other ? FL_DIM_FINGERPRINT : order[k], &g);
            group_clear(&g);
        }
    }
}

static void get_change(struct cur *c, struct fl_summary *s)
{
    struct fl_change ch;
    char file[4096];
    uint64_t flags;

    fl_change_clear(&ch);
    ch.time_us = get_time(c, true);
    ch.duration_us = get_i(c);
    get_s(c, ch.kind, sizeof ch.kind);
    get_s(c, ch.domain, sizeof ch.domain);
    get_s(c, ch.subjects, sizeof ch.subjects);
    get_s(c, ch.text, sizeof ch.text);
    get_s(c, ch.version, sizeof ch.version);
    get_s(c, ch.pid, sizeof ch.pid);
    ch.neffects = get_n(c, 1, FL_CHANGE_MAX_EFFECTS);
    for (size_t i = 0; i < ch.neffects && !c->bad; i++)
        get_s(c, ch.effects[i], sizeof ch.effects[i]);
    flags = get_u(c);
    ch.blocks_reads = flags & 1;
    ch.blocks_writes = flags & 2;
    ch.rewrites = flags & 4;
    ch.truncated = flags & 8;
    get_s(c, file, sizeof file);
    ch.line = get_u(c);
    ch.file = file;
    if (flags > 15)
        c->bad = true;
    if (!c->bad)
        fl_summary_add_change(s, &ch);
}

static void get_input(struct cur *c, struct fl_summary *s)
{
    struct fl_summary_input in;
    uint64_t flags;

    memset(&in, 0, sizeof in);
    in.path = get_sdup(c);
    in.format = get_sdup(c);
    in.compression = get_sdup(c);
    in.size = get_u(c);
    in.lines = get_u(c);
    in.events = get_u(c);
    in.unparsed = get_u(c);
    in.first_us = get_time(c, true);
    in.last_us = get_time(c, true);
    if (!(in.first_us == INT64_MIN && in.last_us == INT64_MIN) &&
        (!in_range(in.first_us) || !in_range(in.last_us)))
        c->bad = true;
    flags = get_u(c);
    in.partial = flags & 1;
    in.skipped = flags & 2;
    if (flags > 3)
        c->bad = true;
    if (!c->bad)
        fl_summary_add_input(s, &in);
    free(in.path);
    free(in.format);
    free(in.compression);
}

static bool get_body(struct cur *c, struct fl_summary *s)
{
    size_t n = get_n(c, 1, FL_SUMMARY_MAX_LENSES);

    for (size_t i = 0; i < n && !c->bad; i++)
        get_lens(c, s);
    n = get_n(c, 16, SIZE_MAX);
    for (size_t i = 0; i < n && !c->bad; i++)
        get_change(c, s);
    n = get_n(c, 12, SIZE_MAX);
    for (size_t i = 0; i < n && !c->bad; i++)
        get_input(c, s);
    if (get_u(c) != END_MARK || c->p != c->end)
        c->bad = true;
    return !c->bad;
}

/* Inflate src into *raw (capped).  Returns FL_OK, FL_ERR_CORRUPT or
 * FL_ERR_LIMIT. */
static int inflate_all(const unsigned char *src, size_t n, struct fl_buf *raw)
{
    z_stream z;
    int zr = Z_OK;

    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK)
        return FL_ERR_CORRUPT;
    z.next_in = (Bytef *)src;
    while (zr == Z_OK) {
        size_t room = 1u << 16;
        if (raw->len + room > FL_SUMMARY_MAX_RAW) {
            inflateEnd(&z);
            return FL_ERR_LIMIT;
        }
        fl_buf_reserve(raw, room);
        z.avail_in = n - (size_t)(z.next_in - src) > (1u << 30)
                         ? 1u << 30 : (uInt)(n - (size_t)(z.next_in - src));
        z.next_out = (Bytef *)raw->p + raw->len;
        z.avail_out = (uInt)room;
        zr = inflate(&z, Z_NO_FLUSH);
        raw->len += room - z.avail_out;
        if (zr == Z_BUF_ERROR && z.avail_out == 0)
            zr = Z_OK;
    }
    inflateEnd(&z);
    return zr == Z_STREAM_END && (size_t)(z.next_in - src) == n
               ? FL_OK : FL_ERR_CORRUPT;
}

bool fl_summary_sniff(const void *head, size_t n)
{
    size_t m = strlen(FL_SUMMARY_MAGIC);
    return n >= m && memcmp(head, FL_SUMMARY_MAGIC, m) == 0;
}

/* Read the header line: format and writer's version.  Returns the offset
 * of the body, 0 when the line is not a summary header. */
static size_t header(const char *buf, size_t len, int *format, char *ver,
                     size_t versz)
{
    const char *nl = memchr(buf, '\n', len < 256 ? len : 256);
    char line[256];
    char v[64] = "?";

    if (!fl_summary_sniff(buf, len) || !nl)
        return 0;
    memcpy(line, buf, (size_t)(nl - buf));
    line[nl - buf] = '\0';
    *format = -1;
    if (sscanf(line + strlen(FL_SUMMARY_MAGIC), "format=%d version=%63s",
               format, v) < 1)
        return 0;
    snprintf(ver, versz, "%s", v);
    return (size_t)(nl - buf) + 1;
}

int fl_summary_load_mem(const void *buf, size_t len, const char *name,
                        const struct fl_stats_opts *opts,
                        struct fl_summary **out, struct fl_err *err)
{
    char ver[64];
    int format, rc;
    size_t body = header(buf, len, &format, ver, sizeof ver);
    struct fl_buf raw;
    struct cur c;

    *out = NULL;
    if (!body)
        return fl_err_set(err, FL_ERR_CORRUPT, name, 0, 0,
                          "not a faultline summary (damaged header)");
    if (format != FL_SUMMARY_FORMAT)
        return fl_err_set(err, FL_ERR_FORMAT, name, 0, UINT64_MAX,
                          "summary format %d written by faultline %s; this "
                          "faultline reads format %d only (summarise the "
                          "logs again)", format, ver, FL_SUMMARY_FORMAT);
    fl_buf_init(&raw);
    rc = inflate_all((const unsigned char *)buf + body, len - body, &raw);
    if (rc != FL_OK) {
        fl_buf_cleanup(&raw);
        if (rc == FL_ERR_LIMIT)
            return fl_err_set(err, rc, name, 0, UINT64_MAX, "summary larger "
                              "than %zu bytes inflated", FL_SUMMARY_MAX_RAW);
        return fl_err_set(err, rc, name, 0, UINT64_MAX,
                          "damaged summary (truncated or corrupt body)");
    }
    *out = fl_summary_new(opts);
    c = (struct cur){ (const unsigned char *)raw.p,
                      (const unsigned char *)raw.p + raw.len, false,
                      opts->no_series, 0 };
    if (!get_body(&c, *out)) {
        size_t at = (size_t)(c.p - (const unsigned char *)raw.p);
        fl_summary_free(*out);
        *out = NULL;
        fl_buf_cleanup(&raw);
        if (c.bad_width)
            return fl_err_set(err, FL_ERR_USAGE, name, 0, UINT64_MAX,
                              "its buckets of %lld s cannot be cut to the "
                              "%lld s of --bucket", (long long)(c.bad_width / 1000000),
                              (long long)(opts->bucket_us / 1000000));
        return fl_err_set(err, FL_ERR_CORRUPT, name, 0, UINT64_MAX,
                          "damaged summary (inconsistent record near byte "
                          "%zu of its body)", at);
    }
    fl_buf_cleanup(&raw);
    fl_summary_sort(*out);
    return FL_OK;
}
