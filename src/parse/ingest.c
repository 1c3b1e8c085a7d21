/* ingest.c - inputs to events: expand paths, probe and detect formats,
 * order files by time, and drive the reader and the parser.
 *
 * Invariants: at most one input file is open at a time (probing closes each
 * file again), except standard input, whose probed lines are kept and
 * replayed because it cannot be reopened.  Memory per file is the probe
 * buffer (bounded by PROBE_BYTES) plus the reader's and parser's own
 * bounded buffers.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/fl_buf.h"
#include "parse/fl_ingest.h"
#include "parse/fl_parse.h"
#include "parse/fl_zonehint.h"
#include "input/fl_reader.h"
#include "time/fl_time.h"
#include "time/fl_layout.h"
#include "base/fl_xalloc.h"

#define PROBE_LINES 200
#define PROBE_BYTES ((size_t)1 << 20)
#define MAX_DEPTH 32

/* One input file and what probing found. */
struct input {
    char *path;                  /* owned */
    const struct fl_format *fmt; /* chosen format, NULL if none */
    int64_t first_time;          /* first event time, INT64_MIN if none */
    long rotation;               /* numeric rotation suffix, -1 if none */
    int year;                    /* year hint for syslog times */
    size_t order;                /* position in the expanded list */
    uint64_t start;              /* offset to read from (fl_start_fn) */
    bool unchanged;              /* fl_start_fn: nothing new, left out */
    bool failed;                 /* could not open / no format */
    bool from_dir;               /* found by walking a directory */
};

struct inputs {
    struct input *v;
    size_t n, cap;
};

/* ---- expansion -------------------------------------------------------------- */

static long rotation_of(const char *path)
{
    const char *base = strrchr(path, '/');
    const char *s = base ? base + 1 : path;
    long best = -1;

    /* The last all-digit dot component: "postgresql.log.2.gz" -> 2. */
    for (const char *d = strchr(s, '.'); d; d = strchr(d + 1, '.')) {
        char *end;
        long v = strtol(d + 1, &end, 10);
        if (end != d + 1 && (*end == '.' || *end == '\0') && v >= 0 &&
            end - (d + 1) <= 4)
            best = v;
    }
    return best;
}

static int year_of(const char *path)
{
    struct stat st;
    struct tm tm;
    time_t t = time(NULL);

    if (strcmp(path, "-") != 0 && stat(path, &st) == 0)
        t = st.st_mtime;
    gmtime_r(&t, &tm);
    return tm.tm_year + 1900;
}

static void add_input(struct inputs *in, const char *path, bool from_dir)
{
    struct input *x;

    in->v = fl_xgrow(in->v, &in->cap, in->n + 1, sizeof *in->v);
    x = &in->v[in->n];
    memset(x, 0, sizeof *x);
    x->path = fl_xstrdup(path);
    x->first_time = INT64_MIN;
    x->rotation = rotation_of(path);
    x->year = year_of(path);
    x->from_dir = from_dir;
    x->order = in->n++;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void diag(const struct fl_ingest_cbs *cbs, int code, const char *file,
                 uint64_t line, uint64_t off, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static void diag(const struct fl_ingest_cbs *cbs, int code, const char *file,
                 uint64_t line, uint64_t off, const char *fmt, ...)
{
    struct fl_err e;
    va_list ap;

    if (!cbs->diag)
        return;
    fl_err_set(&e, code, file, line, off, "%s", "");
    va_start(ap, fmt);
    vsnprintf(e.msg, sizeof e.msg, fmt, ap);
    va_end(ap);
    cbs->diag(cbs->diag_ctx, &e);
}

static void walk(struct inputs *in, const char *dir, int depth,
                 const struct fl_ingest_cbs *cbs, size_t *bad);

static void expand_one(struct inputs *in, const char *path, int depth,
                       const struct fl_ingest_cbs *cbs, size_t *bad)
{
    struct stat st;

    if (strcmp(path, "-") == 0) {
        add_input(in, path, false);
        return;
    }
    if (stat(path, &st) != 0) {
        diag(cbs, FL_ERR_IO, path, 0, UINT64_MAX, "%s", strerror(errno));
        (*bad)++;
        return;
    }
    if (S_ISDIR(st.st_mode))
        walk(in, path, depth + 1, cbs, bad);
    else
        add_input(in, path, depth > 0);
}

static void walk(struct inputs *in, const char *dir, int depth,
                 const struct fl_ingest_cbs *cbs, size_t *bad)
{
    DIR *d;
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct fl_buf path;

    if (depth > MAX_DEPTH || !(d = opendir(dir))) {
        diag(cbs, FL_ERR_IO, dir, 0, UINT64_MAX, "cannot read directory: %s",
             depth > MAX_DEPTH ? "nested too deeply" : strerror(errno));
        (*bad)++;
        return;
    }
    while ((de = readdir(d)))
        if (de->d_name[0] != '.') {
            names = fl_xgrow(names, &cap, n + 1, sizeof *names);
            names[n++] = fl_xstrdup(de->d_name);
        }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    fl_buf_init(&path);
    for (size_t i = 0; i < n; i++) {
        fl_buf_reset(&path);
        fl_buf_printf(&path, "%s/%s", dir, names[i]);
        expand_one(in, path.p, depth, cbs, bad);
        free(names[i]);
    }
    free(names);
    fl_buf_cleanup(&path);
}

/* ---- probing and detection ---------------------------------------------- */

struct score {
    uint64_t events, timed;
    int64_t first_time;
};

static int score_cb(const struct fl_event *ev, void *ctx)
{
    struct score *s = ctx;
    s->events++;
    if (ev->time_us != INT64_MIN) {
        s->timed++;
        if (s->first_time == INT64_MIN)
            s->first_time = ev->time_us;
    }
    return 0;
}

/* Dry-run f over the probe text; fills sc and returns understood lines. */
static uint64_t dry_run(const struct fl_format *f, const char *text,
                        size_t len, const struct fl_parse_opts *po,
                        struct score *sc)
{
    struct fl_parser *p;
    uint64_t ln = 0, understood;
    const char *s = text, *end = text + len;

    sc->events = sc->timed = 0;
    sc->first_time = INT64_MIN;
    p = fl_parser_new(f, "(probe)", po, score_cb, sc);
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
        fl_parser_line(p, s, n, ++ln);
        s += n + 1;
    }
    fl_parser_finish(p);
    understood = fl_parser_stats(p)->lines - fl_parser_stats(p)->unparsed;
    fl_parser_free(p);
    return understood;
}

/* Is candidate (u, sc, f) better than the best so far? */
static bool better(uint64_t u, const struct score *sc,
                   const struct fl_format *f, uint64_t bu,
                   const struct score *bs, const struct fl_format *bf)
{
    if (!sc->events)
        return false;
    if (!bf)
        return true;
    if (u != bu)
        return u > bu;
    if (sc->timed != bs->timed)
        return sc->timed > bs->timed;
    return f->priority > bf->priority;
}

static const struct fl_format *detect(const struct fl_formats *set,
                                      const char *text, size_t len,
                                      const struct fl_parse_opts *po,
                                      int64_t *first_time)
{
    const struct fl_format *best = NULL;
    struct score bs = { 0, 0, INT64_MIN }, sc;
    uint64_t bu = 0;

    for (size_t i = 0; i < fl_formats_count(set); i++) {
        const struct fl_format *f = fl_formats_get(set, i);
        uint64_t u = dry_run(f, text, len, po, &sc);
        if (better(u, &sc, f, bu, &bs, best)) {
            best = f;
            bu = u;
            bs = sc;
        }
    }
    *first_time = bs.first_time;
    return best;
}

const struct fl_format *fl_ingest_detect(const struct fl_formats *set,
                                         const char *text, size_t len,
                                         const struct fl_tz *tz)
{
    struct fl_parse_opts po = { tz, 2024, NULL, false, 0 };
    int64_t t;
    return detect(set, text, len, &po, &t);
}

/* Read the start of r into probe (lines joined by '\n'). */
static int read_probe(struct fl_reader *r, struct fl_buf *probe,
                      uint64_t *nlines, struct fl_err *err)
{
    const char *line;
    size_t len;
    int rc = FL_OK;

    fl_buf_reset(probe);
    *nlines = 0;
    while (*nlines < PROBE_LINES && probe->len < PROBE_BYTES &&
           (rc = fl_reader_next_line(r, &line, &len, err)) == FL_OK) {
        size_t room = PROBE_BYTES - probe->len;
        fl_buf_add(probe, line, len < room ? len : room);
        fl_buf_addc(probe, '\n');
        (*nlines)++;
    }
    return rc == FL_EOF ? FL_OK : rc;
}

static bool looks_binary(const struct fl_buf *probe)
{
    size_t n = probe->len < 4096 ? probe->len : 4096;
    return n && memchr(probe->p, '\0', n) != NULL;
}

/* ---- running ------------------------------------------------------------- */

struct run {
    const struct fl_ingest_opts *o;
    const struct fl_ingest_cbs *cbs;
    struct fl_ingest_result *res;
    const char *path;
    size_t bad_reported;
    bool attrs_reported;    /* the attribute cap was reported (once) */
    bool bad_time_reported;  /* this file's first bad time was reported */
    uint64_t requests;       /* this file's request events */
    uint64_t timed_requests; /* ... of which with a duration */
    int stop;
    struct fl_zonehints zones; /* servers' offsets learned so far */
};

static void on_bad_line(void *ctx, uint64_t line, const char *why,
                        const char *text, size_t len)
{
    struct run *r = ctx;
    char sample[121];
    size_t n = len < 120 ? len : 120;

    if (r->bad_reported >= r->o->bad_line_samples)
        return;
    r->bad_reported++;
    for (size_t i = 0; i < n; i++)
        sample[i] = (text[i] >= 0x20 && text[i] < 0x7f) ? text[i] : '?';
    sample[n] = '\0';
    diag(r->cbs, FL_ERR_PARSE, r->path, line, UINT64_MAX, "%s: \"%s%s\"", why,
         sample, len > n ? "..." : "");
}

/* The first unreadable time of a file is reported; the rest are counted. */
static void on_bad_time(void *ctx, uint64_t line, const char *text,
                        size_t len, const struct fl_timespec *ts)
{
    struct run *r = ctx;
    char sample[81];
    size_t n = len < 80 ? len : 80;

    if (r->bad_time_reported)
        return;
    r->bad_time_reported = true;
    for (size_t i = 0; i < n; i++)
        sample[i] = (text[i] >= 0x20 && text[i] < 0x7f) ? text[i] : '?';
    sample[n] = '\0';
    if (ts->layout)
        diag(r->cbs, FL_ERR_PARSE, r->path, line, UINT64_MAX,
             "time \"%s%s\" does not match layout \"%s\"", sample,
             len > n ? "..." : "", fl_layout_source(ts->layout));
    else
        diag(r->cbs, FL_ERR_PARSE, r->path, line, UINT64_MAX,
             "time \"%s%s\" does not match style %s", sample,
             len > n ? "..." : "", fl_time_style_name(ts->style));
}

static int on_event(const struct fl_event *ev, void *ctx)
{
    struct run *r = ctx;
    int rc;

    if (ev->kind == FL_EV_REQUEST) {
        r->requests++;
        r->timed_requests += ev->duration_us >= 0;
    }
    rc = r->cbs->event(ev, r->cbs->event_ctx);
    if (rc)
        r->stop = rc;
    return rc;
}

/* Feed the parser from the reader until EOF, error or stop. */
static void pump(struct run *run, struct fl_reader *rd, struct fl_parser *p,
                 uint64_t skip, struct fl_ingest_file *fi)
{
    const char *line;
    size_t len;
    struct fl_err e;
    int rc = FL_EOF;
    uint64_t truncated = 0;

    fl_err_clear(&e);
    while (!run->stop && (rc = fl_reader_next_line(rd, &line, &len, &e)) ==
           FL_OK) {
        uint64_t ln = fl_reader_line_no(rd);
        if (ln <= skip)
            continue;
        if (fl_reader_line_truncated(rd) && truncated++ < 3)
            diag(run->cbs, FL_ERR_LIMIT, run->path, ln, UINT64_MAX,
                 "line longer than %zu bytes: cut there (the rest of the line "
                 "is skipped)", FL_READER_DEFAULT_MAX_LINE);
        if (fl_reader_line_truncated(rd))
            fi->partial = true;
        if (run->o->start && fl_reader_line_unterminated(rd) &&
            fl_reader_compression(rd) == FL_COMP_NONE)
            break;          /* still being written: the next run reads it */
        fl_parser_line(p, line, len, ln);
    }
    if (rc == FL_OK)
        rc = FL_EOF;
    if (!run->stop && rc != FL_EOF) {
        fi->partial = true;
        if (run->cbs->diag)
            run->cbs->diag(run->cbs->diag_ctx, &e);
    }
    fi->lines = fl_reader_line_no(rd);
    fi->end_offset = fl_reader_complete_end(rd);
}

/* Parse the probe lines kept for stdin (lines 1..n). */
static void replay(struct fl_parser *p, const struct fl_buf *probe)
{
    const char *s = probe->p, *end = probe->p + probe->len;
    uint64_t ln = 0;

    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = (size_t)(nl - s);
        fl_parser_line(p, s, n, ++ln);
        s = nl + 1;
    }
}

static void finish_file(struct run *run, struct fl_ingest_file *fi)
{
    if (fi->unchanged) {
        if (run->cbs->file)
            run->cbs->file(run->cbs->file_ctx, fi);
        return;
    }
    if (fi->partial || fi->bad_time || (fi->skipped && !fi->from_dir))
        run->res->partial++;
    if (!fi->skipped)
        run->res->parsed++;
    run->res->events += fi->events;
    run->res->unparsed += fi->unparsed;
    if (run->cbs->file)
        run->cbs->file(run->cbs->file_ctx, fi);
}

/* Captures beyond the attribute cap: said once per run, not per event. */
static void report_attrs(struct run *run, const struct fl_parse_stats *st)
{
    if (!st->attrs_dropped || run->attrs_reported)
        return;
    run->attrs_reported = true;
    diag(run->cbs, FL_ERR_LIMIT, run->path, 0, UINT64_MAX,
         "%llu named captures were not kept: an event carries at most %d "
         "attributes (captures that are not event fields)",
         (unsigned long long)st->attrs_dropped, FL_EVENT_MAX_ATTRS);
}

/* An access log without durations (plain combined) is read, but its
 * latency cannot be measured: said once per file. */
static void report_untimed(const struct run *run, const char *format)
{
    if (!run->requests || run->timed_requests || run->stop)
        return;
    diag(run->cbs, FL_ERR_NOTFOUND, run->path, 0, UINT64_MAX,
         "%s has no request durations; requests and errors counted, "
         "latency not measured", format);
}

/* Say once at which UTC offset a file's zone-less times were read, when
 * it was not --tz: learned from its own epochs, or from hint_from. */
static void report_zone(struct run *run, const char *path,
                        const struct fl_parse_stats *st, const char *hint_from)
{
    long long off = st->zone_offset_s, a = llabs(off);

    if (!st->zone_learned && !st->zone_hinted)
        return;
    diag(run->cbs, FL_ERR_PARSE, path, 0, UINT64_MAX,
         "its zone-less times were read at UTC%c%lld:%02lld, %s%s%s; --tz "
         "ZONE reads them in ZONE instead", off < 0 ? '-' : '+', a / 3600,
         a % 3600 / 60, st->zone_learned
         ? "the offset between its '# Time:' and 'SET timestamp=' lines (the "
           "server's zone)" : "the zone learned from ",
         st->zone_learned ? "" : hint_from,
         st->zone_learned ? "" : " (same directory: the same server)");
}

static void parse_input(struct run *run, struct input *x,
                        struct fl_reader *rd, const struct fl_buf *probe,
                        uint64_t probed)
{
    struct fl_ingest_file fi;
    struct fl_parse_opts po = { run->o->tz, x->year, run->o->domains,
                               false, 0 };
    const char *hint_from = NULL;
    struct fl_parser *p;
    struct fl_err e;
    bool is_stdin = strcmp(x->path, "-") == 0;

    memset(&fi, 0, sizeof fi);
    if (!run->o->tz && fl_zonehint_takes(x->fmt) &&
        (hint_from = fl_zonehint_find(&run->zones, x->path, &po.zone_hint_us)))
        po.has_zone_hint = true;
    fi.path = is_stdin ? "(stdin)" : x->path;
    fi.format = x->fmt ? x->fmt->name : NULL;
    run->path = fi.path;
    run->bad_reported = 0;
    run->bad_time_reported = false;
    run->requests = run->timed_requests = 0;
    fi.start_offset = x->start;
    fi.from_dir = x->from_dir;
    if (x->unchanged) {         /* left out by the start callback */
        fi.unchanged = true;
        fi.end_offset = x->start;
        finish_file(run, &fi);
        return;
    }
    if (!rd && !x->failed && fl_reader_open(&rd, x->path, &e) != FL_OK) {
        diag(run->cbs, FL_ERR_IO, e.file, 0, UINT64_MAX, "%s", e.msg);
        x->failed = true;
    }
    fi.from_dir = x->from_dir;
    if (x->failed || !x->fmt) {
        fi.skipped = true;
        fl_reader_free(rd);
        finish_file(run, &fi);
        return;
    }
    fi.compression = fl_reader_compression_name(fl_reader_compression(rd));
    if (!is_stdin && x->start && fl_reader_seek(rd, x->start) != FL_OK)
        diag(run->cbs, FL_ERR_CORRUPT, fi.path, 0, x->start, "shorter than "
             "the offset read to before: nothing new read");
    p = fl_parser_new(x->fmt, fi.path, &po, on_event, run);
    fl_parser_on_bad_line(p, on_bad_line, run);
    fl_parser_on_bad_time(p, on_bad_time, run);
    if (is_stdin)
        replay(p, probe);
    pump(run, rd, p, is_stdin ? probed : 0, &fi);
    if (is_stdin && fi.lines < probed)
        fi.lines = probed;
    if (!run->stop)
        fl_parser_finish(p);
    fi.events = fl_parser_stats(p)->events;
    fi.unparsed = fl_parser_stats(p)->unparsed;
    fi.timed = fl_parser_stats(p)->timed;
    fi.first_us = fi.timed ? fl_parser_stats(p)->first_us : INT64_MIN;
    fi.last_us = fi.timed ? fl_parser_stats(p)->last_us : INT64_MIN;
    fi.zone_learned = fl_parser_stats(p)->zone_learned;
    fi.bad_time = fl_parser_stats(p)->bad_time;
    fi.bad_time_line = fl_parser_stats(p)->bad_time_line;
    if (fl_parser_stats(p)->limit_hits)
        diag(run->cbs, FL_ERR_LIMIT, fi.path, 0, UINT64_MAX,
             "%llu regex matches hit the PCRE2 match or depth limit (those "
             "lines count as not understood)",
             (unsigned long long)fl_parser_stats(p)->limit_hits);
    if (fl_parser_stats(p)->zone_learned)
        fl_zonehint_add(&run->zones, x->path,
                        fl_parser_stats(p)->zone_offset_s * 1000000);
    report_zone(run, fi.path, fl_parser_stats(p), hint_from);
    report_attrs(run, fl_parser_stats(p));
    report_untimed(run, fi.format);
    fl_parser_free(p);
    fl_reader_free(rd);
    finish_file(run, &fi);
}

/* Say why a named file gets no format. */
static void report_no_format(const struct input *x, const struct fl_buf *probe,
                             const struct fl_ingest_cbs *cbs, uint64_t probed)
{
    if (probe->len == 0)
        diag(cbs, FL_ERR_NOTFOUND, x->path, 0, UINT64_MAX, "empty file");
    else if (looks_binary(probe))
        diag(cbs, FL_ERR_NOTFOUND, x->path, 0, UINT64_MAX, "binary data, "
             "not a log (compressed with an unsupported method?)");
    else
        diag(cbs, FL_ERR_NOTFOUND, x->path, 0, UINT64_MAX, "no known log "
             "format matches the first %llu lines (see `faultline formats`; "
             "--format or --prefix force one)", (unsigned long long)probed);
}

/* Probe one input: open, read its start, pick its format.  For stdin the
 * reader and probe are handed back to keep. */
static void probe_input(struct input *x, const struct fl_ingest_opts *o,
                        const struct fl_ingest_cbs *cbs, struct fl_buf *probe,
                        struct fl_reader **keep, uint64_t *probed)
{
    struct fl_reader *rd;
    struct fl_parse_opts po = { o->tz, x->year, NULL, false, 0 };
    struct fl_err e;
    int rc;

    fl_err_clear(&e);
    if (o->start && strcmp(x->path, "-") != 0 &&
        o->start(o->start_ctx, x->path, &x->start) == 1) {
        x->unchanged = true;
        return;
    }
    if (fl_reader_open(&rd, x->path, &e) != FL_OK) {
        diag(cbs, FL_ERR_IO, e.file, 0, UINT64_MAX, "%s", e.msg);
        x->failed = true;
        return;
    }
    /* Damage is reported when the file is read for real; a file nothing
     * can be read from is reported here. */
    rc = read_probe(rd, probe, probed, &e);
    if (o->force_format) {
        struct score sc;
        x->fmt = fl_formats_find(o->formats, o->force_format);
        dry_run(x->fmt, probe->p ? probe->p : "", probe->len, &po, &sc);
        x->first_time = sc.first_time;
    } else if (probe->len && !looks_binary(probe)) {
        x->fmt = detect(o->formats, probe->p, probe->len, &po, &x->first_time);
    }
    /* Files found in directories that are not logs are skipped quietly. */
    if (!x->fmt && !x->from_dir)
        report_no_format(x, probe, cbs, *probed);
    if (rc != FL_OK && !x->fmt && cbs->diag)
        cbs->diag(cbs->diag_ctx, &e);
    if (keep && strcmp(x->path, "-") == 0)
        *keep = rd;
    else
        fl_reader_free(rd);
}

/* Oldest first: by first timestamp when both have one, else by rotation
 * number (higher = older), else by name order. */
static int cmp_input(const void *a, const void *b)
{
    const struct input *x = a, *y = b;

    if (x->first_time != INT64_MIN && y->first_time != INT64_MIN &&
        x->first_time != y->first_time)
        return x->first_time < y->first_time ? -1 : 1;
    if (x->rotation != y->rotation)
        return x->rotation > y->rotation ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Without --tz, the logs that tell their server's zone are read before
 * the others (stable: the order among each kind is kept). */
static void teachers_first(struct inputs *in)
{
    struct input *v = fl_xcalloc(in->n + 1, sizeof *v);
    size_t k = 0;

    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < in->n; i++)
            if (fl_zonehint_teaches(in->v[i].fmt) == (pass == 0))
                v[k++] = in->v[i];
    memcpy(in->v, v, in->n * sizeof *v);
    free(v);
}

int fl_ingest_run(const char *const *paths, size_t n,
                  const struct fl_ingest_opts *o,
                  const struct fl_ingest_cbs *cbs,
                  struct fl_ingest_result *res, struct fl_err *err)
{
    struct inputs in = { NULL, 0, 0 };
    struct fl_buf probe, stdin_probe;
    struct fl_reader *stdin_rd = NULL;
    uint64_t stdin_lines = 0, probed;
    size_t bad = 0;
    struct run run;

    memset(&run, 0, sizeof run);
    run.o = o;
    run.cbs = cbs;
    run.res = res;
    memset(res, 0, sizeof *res);
    if (o->force_format && !fl_formats_find(o->formats, o->force_format))
        return fl_err_set(err, FL_ERR_USAGE, NULL, 0, UINT64_MAX,
                          "unknown format \"%s\" (see `faultline formats`)",
                          o->force_format);
    for (size_t i = 0; i < n; i++)
        expand_one(&in, paths[i], 0, cbs, &bad);
    res->files = in.n + bad;
    res->partial = bad;
    if (in.n == 0) {
        free(in.v);
        return fl_err_set(err, FL_ERR_NOTFOUND, n == 1 ? paths[0] : NULL, 0,
                          UINT64_MAX, "no input files found%s",
                          n == 1 ? " (an empty directory?)" : "");
    }
    fl_buf_init(&probe);
    fl_buf_init(&stdin_probe);
    for (size_t i = 0; i < in.n; i++) {
        bool is_stdin = strcmp(in.v[i].path, "-") == 0 && !stdin_rd;
        probe_input(&in.v[i], o, cbs, is_stdin ? &stdin_probe : &probe,
                    is_stdin ? &stdin_rd : NULL, is_stdin ? &stdin_lines
                                                          : &probed);
    }
    qsort(in.v, in.n, sizeof *in.v, cmp_input);
    if (!o->tz)
        teachers_first(&in);
    for (size_t i = 0; i < in.n; i++) {
        bool is_stdin = strcmp(in.v[i].path, "-") == 0;
        if (!run.stop)
            parse_input(&run, &in.v[i], is_stdin ? stdin_rd : NULL,
                        &stdin_probe, stdin_lines);
        else if (is_stdin)
            fl_reader_free(stdin_rd);
        if (is_stdin)
            stdin_rd = NULL;
        free(in.v[i].path);
    }
    res->stopped = run.stop != 0;
    fl_buf_cleanup(&probe);
    fl_buf_cleanup(&stdin_probe);
    free(in.v);
    return FL_OK;
}
