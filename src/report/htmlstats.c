/* htmlstats.c - the statistics page of the HTML writer (see fl_html.h):
 * the totals, the traffic (calls and errors per second, latency) over the
 * log's span, and the top classes as a table that sorts by any numeric
 * column (a small script; without it the table stays in rank order), with
 * a latency chart per class on demand (<details>) for the rows whose
 * series the model kept.  Rows past FL_HTML_STATS_ROWS are summarised in
 * one row, so a log of 100,000 classes gives a page of bounded size. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/fl_err.h"
#include "report/fl_html.h"
#include "report/fl_htmlsvg.h"
#include "report/fl_phrase.h"
#include "report/fl_textfmt.h"

/* At most this many rows are listed; the rest are one summary row. */
#define FL_HTML_STATS_ROWS 200

struct spage {
    const struct fl_report *r;
    const struct fl_stats *s;
    const struct fl_stats_group *all;
    const struct fl_tz *tz;
    struct fl_buf *out;
    int64_t t0, t1, bucket_us;  /* the span charted */
};

static void chart(struct spage *p, const struct fl_report_series *s,
                  unsigned vals, const char *cls, int h, const char *label)
{
    struct fl_svg_chart c = { cls, label, s, vals, p->t0, p->t1, p->bucket_us,
                              INT64_MIN, INT64_MIN, NULL, 0, p->tz, h };

    fl_svg_chart(p->out, &c);
}

static void figure(struct spage *p, unsigned vals, const char *cls,
                   const char *caption)
{
    fl_buf_printf(p->out, "<figure>\n<figcaption><strong>%s</strong>", caption);
    fl_svg_key(p->out, vals);
    fl_buf_adds(p->out, "</figcaption>\n");
    chart(p, &p->r->series[0], vals, cls, 220, caption);
    fl_buf_adds(p->out, "</figure>\n");
}

static void totals(struct spage *p, const struct fl_nouns *w)
{
    const struct fl_sketch *k = &p->all->lat;
    char a[80], b[80], t[32];

    fl_buf_printf(p->out, "<section id=\"totals\">\n<h2>Totals</h2>\n"
                  "<dl class=\"figs\">\n<dt>Timed %s</dt><dd>%" PRIu64
                  " (+%" PRIu64 " without duration)</dd>\n", w->calls,
                  fl_sketch_count(k), p->all->calls_no_dur);
    fl_textfmt_duration((double)fl_sketch_sum(k), t, sizeof t);
    fl_buf_printf(p->out, "<dt>Total time</dt><dd>%s</dd>\n<dt>Classes</dt>"
                  "<dd>%zu%s</dd>\n<dt>Errors</dt><dd>%" PRIu64 "</dd>\n", t,
                  fl_stats_count(p->s, FL_DIM_FINGERPRINT),
                  fl_stats_capped(p->s) ? " (capped: the rest counted as "
                                          "other)" : "", p->all->errors);
    fl_buf_printf(p->out, "<dt>Window</dt><dd>%s to %s</dd>\n</dl>\n"
                  "</section>\n",
                  fl_textfmt_when(p->all->first_us, p->tz, a, sizeof a),
                  fl_textfmt_when(p->all->last_us, p->tz, b, sizeof b));
}

static void traffic(struct spage *p, const struct fl_nouns *w)
{
    char cap[64], b[32];

    if (!p->r->nseries || !p->r->series[0].npoints)
        return;
    fl_textfmt_duration((double)p->bucket_us, b, sizeof b);
    fl_buf_printf(p->out, "<section id=\"traffic\">\n<h2>Traffic</h2>\n"
                  "<p class=\"mute\">Per bucket of %s.</p>\n", b);
    snprintf(cap, sizeof cap, "%s per second", w->calls);
    cap[0] = (char)(cap[0] - 'a' + 'A');
    figure(p, FL_SVG_CALLS, "rate calls", cap);
    figure(p, FL_SVG_ERRORS, "rate errors", "Errors per second");
    snprintf(cap, sizeof cap, "Latency of all %s", w->calls);
    figure(p, FL_SVG_P50 | FL_SVG_P95, "latency", cap);
    fl_buf_adds(p->out, "</section>\n");
}

/* The series the model kept for row g, or NULL. */
static const struct fl_report_series *series_of(const struct fl_report *r,
                                                const struct fl_stats_group *g)
{
    for (size_t i = 1; i < r->nseries; i++)
        if (r->series[i].id == g->id && strcmp(r->series[i].key, g->key) == 0)
            return &r->series[i];
    return NULL;
}

/* A numeric cell: sorted by v, shown as text. */
static void num(struct fl_buf *out, double v, const char *text)
{
    fl_buf_printf(out, "<td class=\"n\" data-v=\"%.0f\">%s</td>", v, text);
}

static void dur_cell(struct fl_buf *out, double us)
{
    char b[32];

    fl_textfmt_duration(us, b, sizeof b);
    num(out, us, b);
}

static void row(struct spage *p, size_t rank, const struct fl_stats_group *g)
{
    const struct fl_sketch *k = &g->lat;
    const struct fl_report_series *sr = series_of(p->r, g);
    int64_t all = fl_sketch_sum(&p->all->lat);
    char b[32];

    fl_buf_printf(p->out, "<tr><td class=\"n\" data-v=\"%zu\">%zu</td>"
                  "<td>", rank, rank);
    fl_html_code(p->out, g->other ? "(other)" : g->key);
    if (g->tables && *g->tables) {
        fl_buf_adds(p->out, " <span class=\"mute\">[");
        fl_html_escs(p->out, g->tables);
        fl_buf_adds(p->out, "]</span>");
    }
    if (sr) {
        fl_buf_adds(p->out, "<details class=\"chart\"><summary>latency "
                    "chart</summary>");
        chart(p, sr, FL_SVG_P50 | FL_SVG_P95, "class-latency", 160, g->key);
        fl_buf_adds(p->out, "</details>");
    }
    fl_buf_adds(p->out, "</td>");
    snprintf(b, sizeof b, "%" PRIu64, fl_sketch_count(k));
    num(p->out, (double)fl_sketch_count(k), b);
    dur_cell(p->out, (double)fl_sketch_sum(k));
    snprintf(b, sizeof b, "%.1f%%", all > 0 ? 100.0 * (double)fl_sketch_sum(k)
                                              / (double)all : 0.0);
    num(p->out, all > 0 ? 1e4 * (double)fl_sketch_sum(k) / (double)all : 0, b);
    dur_cell(p->out, fl_sketch_count(k) ? fl_sketch_mean(k) : -1);
    dur_cell(p->out, fl_stats_group_quantile(g, 0.50));
    dur_cell(p->out, fl_stats_group_quantile(g, 0.95));
    dur_cell(p->out, fl_stats_group_quantile(g, 0.99));
    dur_cell(p->out, fl_sketch_count(k) ? (double)fl_sketch_max(k) : -1);
    snprintf(b, sizeof b, "%" PRIu64, g->errors);
    num(p->out, (double)g->errors, b);
    fl_buf_adds(p->out, "</tr>\n");
}

/* The rows not listed, summed into one.  A call can touch several
 * tables, so per table the rest is only counted, not summed. */
static void rest_row(struct spage *p, size_t shown)
{
    const struct fl_report_stats *st = &p->r->stats;
    uint64_t calls = 0, all_calls = fl_sketch_count(&p->all->lat);
    int64_t total = 0, all_total = fl_sketch_sum(&p->all->lat);
    char t[32];

    if (st->ngroups <= shown)
        return;
    for (size_t i = 0; i < shown; i++) {
        calls += fl_sketch_count(&st->rows[i]->lat);
        total += fl_sketch_sum(&st->rows[i]->lat);
    }
    fl_buf_printf(p->out, "<tfoot><tr class=\"rest\"><td></td><td>%zu more "
                  "(not listed)</td>", st->ngroups - shown);
    if (st->by != FL_DIM_TABLE && calls <= all_calls && total <= all_total) {
        fl_textfmt_duration((double)(all_total - total), t, sizeof t);
        fl_buf_printf(p->out, "<td class=\"n\">%" PRIu64 "</td><td class="
                      "\"n\">%s</td><td colspan=\"7\"></td>",
                      all_calls - calls, t);
    } else {
        fl_buf_adds(p->out, "<td colspan=\"9\"></td>");
    }
    fl_buf_adds(p->out, "</tr></tfoot>\n");
}

static void table(struct spage *p, const struct fl_nouns *w)
{
    const struct fl_report_stats *st = &p->r->stats;
    size_t shown = st->nrows < FL_HTML_STATS_ROWS ? st->nrows
                                                  : FL_HTML_STATS_ROWS;
    static const char *const cols[] = { "Calls", "Total", "Share", "Mean",
                                        "p50", "p95", "p99", "Max", "Errors" };
    const char *by = st->by == FL_DIM_FINGERPRINT ? w->Call
                     : w->http && st->by == FL_DIM_TABLE ? w->subject
                     : fl_stats_dim_name(st->by);

    fl_buf_printf(p->out, "<section id=\"classes\">\n<h2>Top %zu of %zu "
                  "(by %s)</h2>\n<p class=\"mute\">Click a column to sort."
                  "</p>\n<table class=\"sortable classes\"><thead><tr>"
                  "<th class=\"n\" data-sort=\"num\">#</th><th>%s</th>",
                  shown, st->ngroups, fl_report_sort_name(st->sort), by);
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
        fl_buf_printf(p->out, "<th class=\"n\" data-sort=\"num\">%s</th>",
                      cols[i]);
    fl_buf_adds(p->out, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < shown; i++)
        row(p, i + 1, st->rows[i]);
    fl_buf_adds(p->out, "</tbody>\n");
    rest_row(p, shown);
    fl_buf_adds(p->out, "</table>\n</section>\n");
}

int fl_html_stats(const struct fl_report *r, const struct fl_write_opts *o,
                  struct fl_buf *out)
{
    struct spage p = { r, r->stats.stats, NULL, o ? o->tz : NULL, out, 0, 0, 0 };
    const struct fl_nouns *w = fl_phrase_nouns(r->domain);
    char title[64];

    if (r->kind != FL_REPORT_STATS || !p.s)
        return FL_ERR_USAGE;
    p.all = fl_stats_get(p.s, FL_DIM_OVERALL, 0);
    p.bucket_us = fl_stats_bucket_us(p.s);
    if (p.all->first_us <= p.all->last_us) {   /* else nothing to chart */
        p.t0 = p.all->first_us - p.all->first_us % (p.bucket_us ? p.bucket_us : 1);
        p.t1 = p.all->last_us + p.bucket_us;
    }
    snprintf(title, sizeof title, "%s profile", w->Call);
    fl_html_begin(out, title);
    fl_buf_printf(out, "<h1>%s</h1>\n<p class=\"sub\">Generated by faultline "
                  "from the %s logs.</p>\n", title, w->calls_src);
    totals(&p, w);
    traffic(&p, w);
    table(&p, w);
    fl_html_inputs(r, out);
    fl_html_end(out, true);
    return FL_OK;
}
