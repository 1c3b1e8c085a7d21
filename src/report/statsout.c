/* statsout.c - render the statistics model as a text table or JSON (see
 * fl_statsout.h for the JSON shape).  Read-only over the model; groups are
 * ranked by the chosen key with the key text as the tie-break, so the same
 * input always gives the same bytes. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql/fl_sql.h"
#include "report/fl_statsout.h"
#include "time/fl_time.h"
#include "base/fl_xalloc.h"

struct row {
    const struct fl_stats_group *g;
    double key;
};

static const char *const sort_names[] = { "total", "calls", "mean", "p95",
                                          "max" };

int fl_statsout_sort_parse(const char *name)
{
    for (int i = 0; i < 5; i++)
        if (strcmp(sort_names[i], name) == 0)
            return i;
    return -1;
}

static double sort_key(const struct fl_stats_group *g, enum fl_sort s)
{
    const struct fl_sketch *k = &g->lat;
    uint64_t n = fl_sketch_count(k);

    switch (s) {
    case FL_SORT_CALLS: return (double)(n + g->calls_no_dur);
    case FL_SORT_MEAN: return n ? fl_sketch_mean(k) : -1;
    case FL_SORT_P95: return n ? fl_sketch_quantile(k, 0.95) : -1;
    case FL_SORT_MAX: return n ? (double)fl_sketch_max(k) : -1;
    default: return (double)fl_sketch_sum(k);
    }
}

static int row_cmp(const void *a, const void *b)
{
    const struct row *x = a, *y = b;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    if (x->g->other != y->g->other)
        return x->g->other ? 1 : -1;
    return strcmp(x->g->key, y->g->key);
}

/* Ranked rows of the chosen dimension; caller frees. */
static struct row *ranked(const struct fl_stats *s,
                          const struct fl_statsout_opts *o, size_t *n)
{
    size_t cnt = fl_stats_count(s, o->by);
    struct row *r = fl_xcalloc(cnt + 1, sizeof *r);

    for (size_t i = 0; i < cnt; i++) {
        r[i].g = fl_stats_get(s, o->by, i);
        r[i].key = sort_key(r[i].g, o->sort);
    }
    qsort(r, cnt, sizeof *r, row_cmp);
    *n = o->top && o->top < cnt ? o->top : cnt;
    return r;
}

void fl_statsout_duration(double us, char *buf, size_t n)
{
    if (us < 0)
        snprintf(buf, n, "-");
    else if (us < 1000)
        snprintf(buf, n, "%.0fus", us);
    else if (us < 1e6)
        snprintf(buf, n, "%.*fms", us < 1e4 ? 2 : us < 1e5 ? 1 : 0, us / 1e3);
    else if (us < 6e7)
        snprintf(buf, n, "%.*fs", us < 1e7 ? 2 : 1, us / 1e6);
    else if (us < 3.6e9)
        snprintf(buf, n, "%.0fm%02.0fs", (double)((int64_t)us / 60000000),
                 (double)(((int64_t)us / 1000000) % 60));
    else
        snprintf(buf, n, "%.0fh%02.0fm", (double)((int64_t)us / 3600000000LL),
                 (double)(((int64_t)us / 60000000) % 60));
}

static double q_or(const struct fl_sketch *k, double q)
{
    return fl_sketch_count(k) ? fl_sketch_quantile(k, q) : -1;
}

/* ---- JSON ----------------------------------------------------------------- */

static void json_str(struct fl_buf *out, const char *key, const char *v)
{
    fl_buf_printf(out, ",\"%s\":\"", key);
    fl_buf_add_json_str(out, v, strlen(v));
    fl_buf_addc(out, '"');
}

static void json_opt(struct fl_buf *out, const char *key, int64_t v)
{
    if (v < 0)
        fl_buf_printf(out, ",\"%s\":null", key);
    else
        fl_buf_printf(out, ",\"%s\":%" PRId64, key, v);
}

static void json_tables(struct fl_buf *out, const char *tables)
{
    const char *s = tables;
    bool first = true;

    fl_buf_adds(out, ",\"tables\":[");
    while (s && *s) {
        const char *c = strchr(s, ',');
        size_t n = c ? (size_t)(c - s) : strlen(s);
        fl_buf_adds(out, first ? "\"" : ",\"");
        fl_buf_add_json_str(out, s, n);
        fl_buf_addc(out, '"');
        first = false;
        s = c ? c + 1 : NULL;
    }
    fl_buf_addc(out, ']');
}

static void json_row(const struct fl_statsout_opts *o, size_t rank,
                     const struct fl_stats_group *g, int64_t all_total,
                     struct fl_buf *out)
{
    const struct fl_sketch *k = &g->lat;
    int64_t total = fl_sketch_sum(k);
    char id[17];

    fl_buf_printf(out, "%s{\"rank\":%zu", rank > 1 ? ",\n  " : "\n  ", rank);
    if (o->by == FL_DIM_FINGERPRINT) {
        fl_sql_id_hex(g->id, id);
        if (g->other)
            fl_buf_adds(out, ",\"id\":null,\"fingerprint\":null,\"other\":true");
        else {
            json_str(out, "id", id);
            json_str(out, "fingerprint", g->key);
        }
    } else {
        json_str(out, "key", g->key);
    }
    fl_buf_printf(out, ",\"calls\":%" PRIu64 ",\"calls_without_duration\":%"
                  PRIu64 ",\"total_us\":%" PRId64 ",\"share\":%.4f",
                  fl_sketch_count(k), g->calls_no_dur, total,
                  all_total > 0 ? (double)total / (double)all_total : 0.0);
    json_opt(out, "mean_us", fl_sketch_count(k) ? (int64_t)(fl_sketch_mean(k) + 0.5) : -1);
    json_opt(out, "min_us", fl_sketch_count(k) ? fl_sketch_min(k) : -1);
    json_opt(out, "p50_us", (int64_t)(q_or(k, 0.50) + 0.5));
    json_opt(out, "p95_us", (int64_t)(q_or(k, 0.95) + 0.5));
    json_opt(out, "p99_us", (int64_t)(q_or(k, 0.99) + 0.5));
    json_opt(out, "max_us", fl_sketch_count(k) ? fl_sketch_max(k) : -1);
    json_opt(out, "rows_examined", g->rows_examined);
    json_opt(out, "rows_sent", g->rows_sent);
    json_opt(out, "lock_us", g->lock_us);
    fl_buf_printf(out, ",\"errors\":%" PRIu64, g->errors);
    if (o->by == FL_DIM_FINGERPRINT) {
        json_tables(out, g->tables);
        if (g->stmt_type >= 0)
            json_str(out, "type", fl_sql_statement_type_name(g->stmt_type));
        if (o->show_literals && g->sample)
            json_str(out, "sample", g->sample);
    }
    fl_buf_addc(out, '}');
}

static void json_time(struct fl_buf *out, const char *key, int64_t t)
{
    char b[FL_TIME_BUFSZ];
    if (t == INT64_MAX || t == INT64_MIN) {
        fl_buf_printf(out, "\"%s\":null", key);
        return;
    }
    fl_time_format_rfc3339(t, b, sizeof b);
    fl_buf_printf(out, "\"%s\":\"%s\"", key, b);
}

static void write_json(const struct fl_stats *s,
                       const struct fl_statsout_opts *o, struct fl_buf *out)
{
    const struct fl_stats_group *all = fl_stats_get(s, FL_DIM_OVERALL, 0);
    size_t n;
    struct row *r = ranked(s, o, &n);

    fl_buf_printf(out, "{\"by\":\"%s\",\"sort\":\"%s\",\"bucket_us\":%"
                  PRId64 ",\"window\":{", fl_stats_dim_name(o->by),
                  sort_names[o->sort], fl_stats_bucket_us(s));
    json_time(out, "start", all->first_us);
    fl_buf_adds(out, ",");
    json_time(out, "end", all->last_us);
    fl_buf_printf(out, "},\"total\":{\"calls\":%" PRIu64 ",\"total_us\":%"
                  PRId64 ",\"errors\":%" PRIu64 ",\"calls_without_duration\":%"
                  PRIu64 "},\"classes\":%zu,\"capped\":%s,\"queries\":[",
                  fl_sketch_count(&all->lat), fl_sketch_sum(&all->lat),
                  all->errors, all->calls_no_dur,
                  fl_stats_count(s, FL_DIM_FINGERPRINT),
                  fl_stats_capped(s) ? "true" : "false");
    for (size_t i = 0; i < n; i++)
        json_row(o, i + 1, r[i].g, fl_sketch_sum(&all->lat), out);
    fl_buf_adds(out, n ? "\n]}\n" : "]}\n");
    free(r);
}

/* ---- text ----------------------------------------------------------------- */

/* Append s cut to max display bytes, newlines and tabs as spaces, control
 * bytes as '?'. */
static void text_cut(struct fl_buf *out, const char *s, size_t max)
{
    size_t n = strlen(s), i;
    for (i = 0; i < n && i < max; i++) {
        unsigned char c = (unsigned char)s[i];
        fl_buf_addc(out, c == '\n' || c == '\t' ? ' ' : c < 0x20 || c == 0x7f
                                                        ? '?' : (char)c);
    }
    if (i < n)
        fl_buf_adds(out, "...");
}

static void text_row(const struct fl_statsout_opts *o, size_t rank,
                     const struct fl_stats_group *g, int64_t all_total,
                     struct fl_buf *out)
{
    const struct fl_sketch *k = &g->lat;
    char tot[24], mean[24], p50[24], p95[24], p99[24], mx[24], id[17];

    fl_statsout_duration((double)fl_sketch_sum(k), tot, sizeof tot);
    fl_statsout_duration(fl_sketch_count(k) ? fl_sketch_mean(k) : -1, mean,
                         sizeof mean);
    fl_statsout_duration(q_or(k, 0.50), p50, sizeof p50);
    fl_statsout_duration(q_or(k, 0.95), p95, sizeof p95);
    fl_statsout_duration(q_or(k, 0.99), p99, sizeof p99);
    fl_statsout_duration(fl_sketch_count(k) ? (double)fl_sketch_max(k) : -1,
                         mx, sizeof mx);
    fl_sql_id_hex(g->id, id);
    fl_buf_printf(out, "%4zu  ", rank);
    if (o->by == FL_DIM_FINGERPRINT)
        fl_buf_printf(out, "%-16s  ", g->other ? "(other)" : id);
    fl_buf_printf(out, "%9" PRIu64 " %9s %5.1f%% %8s %8s %8s %8s %8s ",
                  fl_sketch_count(k) + g->calls_no_dur, tot,
                  all_total > 0 ? 100.0 * (double)fl_sketch_sum(k) /
                                  (double)all_total : 0.0,
                  mean, p50, p95, p99, mx);
    if (g->rows_examined >= 0)
        fl_buf_printf(out, "%12" PRId64 "  ", g->rows_examined);
    else
        fl_buf_printf(out, "%12s  ", "-");
    text_cut(out, g->key, o->by == FL_DIM_FINGERPRINT ? 100 : 60);
    if (o->by == FL_DIM_FINGERPRINT && g->tables && *g->tables)
        fl_buf_printf(out, "  [%s]", g->tables);
    fl_buf_addc(out, '\n');
    if (o->show_literals && g->sample) {
        fl_buf_adds(out, "      sample: ");
        text_cut(out, g->sample, 200);
        fl_buf_addc(out, '\n');
    }
}

static void write_text(const struct fl_stats *s,
                       const struct fl_statsout_opts *o, struct fl_buf *out)
{
    const struct fl_stats_group *all = fl_stats_get(s, FL_DIM_OVERALL, 0);
    char tot[24], w0[FL_TIME_BUFSZ] = "-", w1[FL_TIME_BUFSZ] = "-", bk[24];
    size_t n;
    struct row *r = ranked(s, o, &n);

    fl_statsout_duration((double)fl_sketch_sum(&all->lat), tot, sizeof tot);
    fl_statsout_duration((double)fl_stats_bucket_us(s), bk, sizeof bk);
    if (all->first_us != INT64_MAX)
        fl_time_format_rfc3339(all->first_us, w0, sizeof w0);
    if (all->last_us != INT64_MIN)
        fl_time_format_rfc3339(all->last_us, w1, sizeof w1);
    fl_buf_printf(out, "Overall: %" PRIu64 " timed queries (+%" PRIu64
                  " without duration), %zu classes, total %s, %" PRIu64
                  " errors\nWindow:  %s .. %s (bucket %s)\n",
                  fl_sketch_count(&all->lat), all->calls_no_dur,
                  fl_stats_count(s, FL_DIM_FINGERPRINT), tot, all->errors,
                  w0, w1, bk);
    if (fl_stats_capped(s))
        fl_buf_adds(out, "Note:    too many distinct fingerprints; the "
                         "rest are counted as (other)\n");
    fl_buf_printf(out, "\nRank  %s%9s %9s %6s %8s %8s %8s %8s %8s %12s  %s\n",
                  o->by == FL_DIM_FINGERPRINT ? "Id                " : "",
                  "Calls", "Total", "Share", "Mean", "p50", "p95", "p99",
                  "Max", "Rows exam.", o->by == FL_DIM_FINGERPRINT
                  ? "Query [tables]" : fl_stats_dim_name(o->by));
    for (size_t i = 0; i < n; i++)
        text_row(o, i + 1, r[i].g, fl_sketch_sum(&all->lat), out);
    free(r);
}

static const struct {
    const char *name;
    fl_statsout_fn fn;
} writers[] = {
    { "text", write_text },
    { "json", write_json },
};

fl_statsout_fn fl_statsout_find(const char *name)
{
    for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++)
        if (strcmp(writers[i].name, name) == 0)
            return writers[i].fn;
    return NULL;
}
