/* statsout.c - render the stats report as a text table or JSON (see
 * fl_statsout.h for the JSON shape).  Read-only over the model, which
 * already holds the rows in rank order, so the same input always gives the
 * same bytes. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/fl_err.h"
#include "report/fl_phrase.h"
#include "report/fl_statsout.h"
#include "report/fl_textfmt.h"
#include "report/fl_tljson.h"
#include "sql/fl_sql.h"
#include "time/fl_time.h"


/* The words of a domain: requests of access logs, else queries. */
struct words {
    const char *items;      /* "queries" / "requests" */
    const char *profile;    /* "Query" / "Request" */
    const char *by;         /* name of the grouping */
    const char *column;     /* text header of the class column */
    const char *md_column;  /* Markdown header of the class column */
};

static struct words words_of(const struct fl_report *r)
{
    const struct fl_nouns *n = fl_phrase_nouns(r->domain);
    enum fl_stats_dim by = r->stats.by;
    bool cls = by == FL_DIM_FINGERPRINT;
    /* the grouping: a class, or a subject (table, route), or db / user */
    const char *dim = n->http && (cls || by == FL_DIM_TABLE)
                          ? n->subject : fl_stats_dim_name(by);

    return (struct words){ n->calls, n->Call, dim,
                           cls ? (n->http ? n->Call : "Query [tables]") : dim,
                           cls ? n->Call : dim };
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

static void json_row(const struct fl_report_stats *o, size_t rank,
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
    json_opt(out, "p50_us", (int64_t)(fl_stats_group_quantile(g, 0.50) + 0.5));
    json_opt(out, "p95_us", (int64_t)(fl_stats_group_quantile(g, 0.95) + 0.5));
    json_opt(out, "p99_us", (int64_t)(fl_stats_group_quantile(g, 0.99) + 0.5));
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

int fl_statsout_json(const struct fl_report *r, const struct fl_write_opts *wo,
                     struct fl_buf *out)
{
    const struct fl_report_stats *o = &r->stats;
    const struct fl_stats *s = o->stats;
    const struct fl_stats_group *all;
    struct words w = words_of(r);

    (void)wo;
    if (r->kind != FL_REPORT_STATS)
        return FL_ERR_USAGE;
    all = fl_stats_get(s, FL_DIM_OVERALL, 0);
    fl_buf_printf(out, "{\"domain\":\"%s\",\"by\":\"%s\",\"sort\":\"%s\","
                  "\"bucket_us\":%" PRId64 ",\"window\":{",
                  r->domain ? r->domain : "", w.by,
                  fl_report_sort_name(o->sort), fl_stats_bucket_us(s));
    json_time(out, "start", all->first_us);
    fl_buf_adds(out, ",");
    json_time(out, "end", all->last_us);
    fl_buf_printf(out, "},\"total\":{\"calls\":%" PRIu64 ",\"total_us\":%"
                  PRId64 ",\"errors\":%" PRIu64 ",\"calls_without_duration\":%"
                  PRIu64 "},\"classes\":%zu,\"capped\":%s,\"%s\":[",
                  fl_sketch_count(&all->lat), fl_sketch_sum(&all->lat),
                  all->errors, all->calls_no_dur,
                  fl_stats_count(s, FL_DIM_FINGERPRINT),
                  fl_stats_capped(s) ? "true" : "false", w.items);
    for (size_t i = 0; i < o->nrows; i++)
        json_row(o, i + 1, o->rows[i], fl_sketch_sum(&all->lat), out);
    fl_buf_adds(out, o->nrows ? "\n]" : "]");
    fl_tljson_series(r, out);
    fl_buf_adds(out, "}\n");
    return FL_OK;
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

static void text_row(const struct fl_report_stats *o, bool subjects, size_t rank,
                     const struct fl_stats_group *g, int64_t all_total,
                     struct fl_buf *out)
{
    const struct fl_sketch *k = &g->lat;
    char tot[24], mean[24], p50[24], p95[24], p99[24], mx[24], id[17];

    fl_textfmt_duration((double)fl_sketch_sum(k), tot, sizeof tot);
    fl_textfmt_duration(fl_sketch_count(k) ? fl_sketch_mean(k) : -1, mean,
                         sizeof mean);
    fl_textfmt_duration(fl_stats_group_quantile(g, 0.50), p50, sizeof p50);
    fl_textfmt_duration(fl_stats_group_quantile(g, 0.95), p95, sizeof p95);
    fl_textfmt_duration(fl_stats_group_quantile(g, 0.99), p99, sizeof p99);
    fl_textfmt_duration(fl_sketch_count(k) ? (double)fl_sketch_max(k) : -1,
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
    if (subjects && o->by == FL_DIM_FINGERPRINT && g->tables && *g->tables)
        fl_buf_printf(out, "  [%s]", g->tables);
    fl_buf_addc(out, '\n');
    if (o->show_literals && g->sample) {
        fl_buf_adds(out, "      sample: ");
        text_cut(out, g->sample, 200);
        fl_buf_addc(out, '\n');
    }
}

int fl_statsout_text(const struct fl_report *r, const struct fl_write_opts *wo,
                     struct fl_buf *out)
{
    const struct fl_report_stats *o = &r->stats;
    const struct fl_stats *s = o->stats;
    const struct fl_stats_group *all;
    char tot[24], w0[FL_TIME_BUFSZ] = "-", w1[FL_TIME_BUFSZ] = "-", bk[24];
    struct words w = words_of(r);

    (void)wo;
    if (r->kind != FL_REPORT_STATS)
        return FL_ERR_USAGE;
    all = fl_stats_get(s, FL_DIM_OVERALL, 0);
    fl_textfmt_duration((double)fl_sketch_sum(&all->lat), tot, sizeof tot);
    fl_textfmt_duration((double)fl_stats_bucket_us(s), bk, sizeof bk);
    if (all->first_us != INT64_MAX)
        fl_time_format_rfc3339(all->first_us, w0, sizeof w0);
    if (all->last_us != INT64_MIN)
        fl_time_format_rfc3339(all->last_us, w1, sizeof w1);
    fl_buf_printf(out, "Overall: %" PRIu64 " timed %s (+%" PRIu64
                  " without duration), %zu classes, total %s, %" PRIu64
                  " errors\nWindow:  %s .. %s (bucket %s)\n",
                  fl_sketch_count(&all->lat), w.items, all->calls_no_dur,
                  fl_stats_count(s, FL_DIM_FINGERPRINT), tot, all->errors,
                  w0, w1, bk);
    if (r->left_out.classes_folded)
        fl_buf_adds(out, "Note:    too many distinct fingerprints; the "
                         "rest are counted as (other)\n");
    fl_buf_printf(out, "\nRank  %s%9s %9s %6s %8s %8s %8s %8s %8s %12s  %s\n",
                  o->by == FL_DIM_FINGERPRINT ? "Id                " : "",
                  "Calls", "Total", "Share", "Mean", "p50", "p95", "p99",
                  "Max", "Rows exam.", w.column);
    for (size_t i = 0; i < o->nrows; i++)
        text_row(o, !fl_phrase_nouns(r->domain)->http, i + 1, o->rows[i],
                 fl_sketch_sum(&all->lat), out);
    return FL_OK;
}

/* ---- Markdown ------------------------------------------------------------ */

static void md_row(const struct fl_report_stats *o, size_t rank,
                   const struct fl_stats_group *g, int64_t all_total,
                   struct fl_buf *out)
{
    const struct fl_sketch *k = &g->lat;
    char tot[24], p50[24], p95[24], mx[24];

    fl_textfmt_duration((double)fl_sketch_sum(k), tot, sizeof tot);
    fl_textfmt_duration(fl_stats_group_quantile(g, 0.50), p50, sizeof p50);
    fl_textfmt_duration(fl_stats_group_quantile(g, 0.95), p95, sizeof p95);
    fl_textfmt_duration(fl_sketch_count(k) ? (double)fl_sketch_max(k) : -1,
                        mx, sizeof mx);
    fl_buf_printf(out, "| %zu | %" PRIu64 " | %s | %.1f%% | %s | %s | %s | "
                  "%" PRIu64 " | ", rank, fl_sketch_count(k) + g->calls_no_dur,
                  tot, all_total > 0 ? 100.0 * (double)fl_sketch_sum(k) /
                                       (double)all_total : 0.0,
                  p50, p95, mx, g->errors);
    /* Prose escaping also escapes '|', which would end the cell. */
    if (g->other)
        fl_buf_adds(out, "(other)");
    else
        fl_textfmt_md_escape(out, g->key, strlen(g->key));
    fl_buf_adds(out, " |\n");
}

int fl_statsout_md(const struct fl_report *r, const struct fl_write_opts *wo,
                   struct fl_buf *out)
{
    const struct fl_report_stats *o = &r->stats;
    const struct fl_stats_group *all;
    char tot[24];
    struct words w = words_of(r);

    (void)wo;
    if (r->kind != FL_REPORT_STATS)
        return FL_ERR_USAGE;
    all = fl_stats_get(o->stats, FL_DIM_OVERALL, 0);
    fl_textfmt_duration((double)fl_sketch_sum(&all->lat), tot, sizeof tot);
    fl_buf_printf(out, "# %s profile by %s\n\n%" PRIu64 " timed %s "
                  "(+%" PRIu64 " without duration) in %zu classes took %s; "
                  "%" PRIu64 " errors. Ranked by %s.\n\n",
                  w.profile, w.by, fl_sketch_count(&all->lat), w.items,
                  all->calls_no_dur, fl_stats_count(o->stats, FL_DIM_FINGERPRINT),
                  tot, all->errors, fl_report_sort_name(o->sort));
    if (r->left_out.classes_folded)
        fl_buf_printf(out, "Left out: too many distinct queries; %" PRIu64
                      " calls are counted as (other).\n\n",
                      r->left_out.calls_folded);
    fl_buf_printf(out, "| Rank | Calls | Total | Share | p50 | p95 | Max | "
                  "Errors | %s |\n|---:|---:|---:|---:|---:|---:|---:|---:|"
                  "---|\n", w.md_column);
    for (size_t i = 0; i < o->nrows; i++)
        md_row(o, i + 1, o->rows[i], fl_sketch_sum(&all->lat), out);
    return FL_OK;
}
