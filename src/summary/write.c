/* write.c - the bytes of a summary file (see fl_summary.h for the layout
 * and read.c for the loader, which must mirror every field here).
 *
 * Body, all integers LEB128 (u) or zigzag LEB128 (i), strings u length +
 * bytes:
 *   u nlens; per lens: str domain, i lo, i hi, i width, u events, then
 *     per dimension (overall, table, db, user, fingerprint): u ngroups,
 *     groups; then u has_other (0/1) and that group;
 *   group: str key, u id, str tables, i stmt_type, u flags (1 = other),
 *     sketch, u nexact, i exact..., u calls_no_dur, u errors,
 *     i rows_examined, i rows_sent, i lock_us, i first_us, i last_us,
 *     u bytes of the cells block, then the block: u ncells, cells (i start
 *     as a delta from the previous, u errors, i rows_examined, sketch);
 *   sketch: u count; when count > 0: i sum, i min, i max, i lo, u n,
 *     u counts[n];
 *   u nchanges; per change: i time_us, i duration_us, str kind, domain,
 *     subjects, text, version, pid, u neffects, str effects..., u flags
 *     (1 blocks_reads, 2 blocks_writes, 4 rewrites, 8 truncated), str file,
 *     u line;
 *   u ninputs; per input: str path, format, compression, u size, lines,
 *     events, unparsed, i first_us, i last_us, u flags (1 partial,
 *     2 skipped);
 *   u 0x5ea1 (end mark).
 */
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "summary/fl_summary.h"
#include "base/fl_xalloc.h"

#define END_MARK 0x5ea1u

static void put_u(struct fl_buf *b, uint64_t v)
{
    unsigned char t[10];
    size_t n = 0;

    do {
        t[n] = (unsigned char)(v & 0x7f);
        v >>= 7;
        if (v)
            t[n] |= 0x80;
        n++;
    } while (v);
    fl_buf_add(b, t, n);
}

static void put_i(struct fl_buf *b, int64_t v)
{
    put_u(b, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

static void put_s(struct fl_buf *b, const char *s)
{
    size_t n = s ? strlen(s) : 0;

    put_u(b, n);
    fl_buf_add(b, s ? s : "", n);
}

static void put_sketch(struct fl_buf *b, const struct fl_sketch *k)
{
    int32_t lo;
    uint32_t n;

    put_u(b, fl_sketch_count(k));
    if (!fl_sketch_count(k))
        return;
    put_i(b, k->sum);
    put_i(b, k->min);
    put_i(b, k->max);
    fl_sketch_occupied(k, &lo, &n);
    put_i(b, lo);
    put_u(b, n);
    for (uint32_t i = 0; i < n; i++)
        put_u(b, fl_sketch_bin(k, lo + (int32_t)i));
}

static void put_group(struct fl_buf *b, const struct fl_stats_group *g,
                      struct fl_buf *cells)
{
    int64_t prev = 0;

    put_s(b, g->key);
    put_u(b, g->id);
    put_s(b, g->tables);
    put_i(b, g->stmt_type);
    put_u(b, g->other ? 1 : 0);
    put_sketch(b, &g->lat);
    put_u(b, g->nexact);
    for (size_t i = 0; i < g->nexact; i++)
        put_i(b, g->exact[i]);
    put_u(b, g->calls_no_dur);
    put_u(b, g->errors);
    put_i(b, g->rows_examined);
    put_i(b, g->rows_sent);
    put_i(b, g->lock_us);
    put_i(b, g->first_us);
    put_i(b, g->last_us);
    fl_buf_reset(cells);
    put_u(cells, g->ncells);
    for (size_t i = 0; i < g->ncells; i++) {
        const struct fl_stats_cell *c = &g->cells[i];
        put_i(cells, c->start_us - prev);
        prev = c->start_us;
        put_u(cells, c->errors);
        put_i(cells, c->rows_examined);
        put_sketch(cells, &c->lat);
    }
    put_u(b, cells->len);       /* so a reader without series skips them */
    fl_buf_add(b, cells->p, cells->len);
}

static void put_lens(struct fl_buf *b, const struct fl_summary_lens *l,
                     struct fl_buf *cells)
{
    static const enum fl_stats_dim order[] = { FL_DIM_OVERALL, FL_DIM_TABLE,
        FL_DIM_DB, FL_DIM_USER, FL_DIM_FINGERPRINT };
    const struct fl_stats *s = l->stats;
    const struct fl_stats_group *other = NULL;
    int64_t lo, hi;

    put_s(b, l->domain);
    fl_stats_span(s, &lo, &hi);
    put_i(b, lo);
    put_i(b, hi);
    put_i(b, fl_stats_bucket_us(s));
    put_u(b, fl_stats_events(s));
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        size_t n = fl_stats_count(s, order[k]), real = 0;
        for (size_t i = 0; i < n; i++)
            real += !fl_stats_get(s, order[k], i)->other;
        put_u(b, real);
        for (size_t i = 0; i < n; i++) {
            const struct fl_stats_group *g = fl_stats_get(s, order[k], i);
            if (g->other)
                other = g;
            else
                put_group(b, g, cells);
        }
    }
    put_u(b, other ? 1 : 0);
    if (other)
        put_group(b, other, cells);
}

static void put_change(struct fl_buf *b, const struct fl_change *c)
{
    put_i(b, c->time_us);
    put_i(b, c->duration_us);
    put_s(b, c->kind);
    put_s(b, c->domain);
    put_s(b, c->subjects);
    put_s(b, c->text);
    put_s(b, c->version);
    put_s(b, c->pid);
    put_u(b, c->neffects);
    for (size_t i = 0; i < c->neffects; i++)
        put_s(b, c->effects[i]);
    put_u(b, (c->blocks_reads ? 1u : 0) | (c->blocks_writes ? 2u : 0) |
             (c->rewrites ? 4u : 0) | (c->truncated ? 8u : 0));
    put_s(b, c->file);
    put_u(b, c->line);
}

static void put_input(struct fl_buf *b, const struct fl_summary_input *in)
{
    put_s(b, in->path);
    put_s(b, in->format);
    put_s(b, in->compression);
    put_u(b, in->size);
    put_u(b, in->lines);
    put_u(b, in->events);
    put_u(b, in->unparsed);
    put_i(b, in->first_us);
    put_i(b, in->last_us);
    put_u(b, (in->partial ? 1u : 0) | (in->skipped ? 2u : 0));
}

int fl_summary_write(const struct fl_summary *s, const char *version,
                     struct fl_buf *out)
{
    struct fl_buf body, cells;
    uLongf zlen;
    int rc;

    fl_buf_init(&body);
    fl_buf_init(&cells);
    put_u(&body, s->nlens);
    for (size_t i = 0; i < s->nlens; i++)
        put_lens(&body, &s->lens[i], &cells);
    fl_buf_cleanup(&cells);
    put_u(&body, s->nchanges);
    for (size_t i = 0; i < s->nchanges; i++)
        put_change(&body, &s->changes[i]);
    put_u(&body, s->ninputs);
    for (size_t i = 0; i < s->ninputs; i++)
        put_input(&body, &s->inputs[i]);
    put_u(&body, END_MARK);
    fl_buf_printf(out, "%sformat=%d version=%s\n", FL_SUMMARY_MAGIC,
                  FL_SUMMARY_FORMAT, version);
    zlen = compressBound((uLong)body.len);
    fl_buf_reserve(out, zlen);
    rc = compress2((Bytef *)out->p + out->len, &zlen, (const Bytef *)body.p,
                   (uLong)body.len, 6);
    if (rc == Z_OK) {
        out->len += zlen;
        out->p[out->len] = '\0';
    }
    fl_buf_cleanup(&body);
    return rc == Z_OK ? FL_OK : FL_ERR_IO;
}
