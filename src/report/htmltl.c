/* htmltl.c - the incident page of the HTML writer (see fl_html.h): the
 * summary and impact figures, the charts (latency overall and of the most
 * affected classes, calls and errors per second) on one time axis with
 * the incident window shaded and every change as a marker, the ranked
 * culprits with their evidence, the affected classes, the timeline and
 * the placeholders a person fills in.  The sentences are those of the
 * Markdown draft (phrase.c), escaped for HTML. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fl_err.h"
#include "base/fl_xalloc.h"
#include "report/fl_html.h"
#include "report/fl_htmlsvg.h"
#include "report/fl_phrase.h"
#include "report/fl_textfmt.h"

struct page {
    const struct fl_report *r;
    const struct fl_incident *inc;
    const struct fl_tz *tz;
    struct fl_buf *out;
    struct fl_buf tmp;              /* a sentence before escaping */
    struct fl_svg_marker *marks;    /* owned array; strings in labels */
    char (*labels)[64];             /* owned: the markers' labels */
    size_t nmarks;
};

static const char *when(const struct page *p, int64_t t, char *b, size_t n)
{
    return fl_textfmt_when(t, p->tz, b, n);
}

static const char *dur(double us, char *b, size_t n)
{
    fl_textfmt_duration(us, b, n);
    return b;
}

/* Escape the sentence in p->tmp, then reset it. */
static void esc_tmp(struct page *p)
{
    fl_html_esc(p->out, p->tmp.p ? p->tmp.p : "", p->tmp.len);
    fl_buf_reset(&p->tmp);
}

/* ---- markers --------------------------------------------------------- */

static void make_markers(struct page *p)
{
    const struct fl_incident *inc = p->inc;

    p->marks = fl_xcalloc(inc->nentries + 1, sizeof *p->marks);
    p->labels = fl_xcalloc(inc->nentries + 1, sizeof *p->labels);
    for (size_t i = 0; i < inc->nentries; i++) {
        const struct fl_tl_entry *e = &inc->entries[i];
        struct fl_svg_marker *m = &p->marks[p->nmarks];
        if (e->type != FL_TL_CHANGE && e->type != FL_TL_ROLLBACK)
            continue;
        snprintf(p->labels[p->nmarks], sizeof *p->labels, "%s%s%s",
                 e->kind ? e->kind : "change",
                 e->version && *e->version ? " " : "",
                 e->version ? e->version : "");
        m->t_us = e->time_us;
        m->cls = e->type == FL_TL_ROLLBACK ? "rollback"
                 : e->kind && strstr(e->kind, "deploy") ? "deploy" : "change";
        m->label = p->labels[p->nmarks];
        m->title = e->statement ? e->statement : m->label;
        p->nmarks++;
    }
}

/* ---- charts ---------------------------------------------------------- */

static void chart(struct page *p, const struct fl_report_series *s,
                  unsigned vals, const char *cls, int height,
                  const char *label)
{
    const struct fl_incident *inc = p->inc;
    struct fl_svg_chart c = {
        cls, label, s, vals, inc->start_us,
        inc->end_us > inc->start_us ? inc->end_us : inc->start_us + 1,
        inc->bucket_us > 0 ? inc->bucket_us : 1000000,
        inc->found ? inc->onset_us : INT64_MIN, inc->recovery_us,
        p->marks, p->nmarks, p->tz, height
    };

    fl_svg_chart(p->out, &c);
}

static void figure(struct page *p, const struct fl_report_series *s,
                   unsigned vals, const char *cls, const char *caption)
{
    fl_buf_printf(p->out, "<figure>\n<figcaption><strong>%s</strong>",
                  caption);
    fl_svg_key(p->out, vals);
    fl_buf_adds(p->out, "</figcaption>\n");
    chart(p, s, vals, cls, 260, caption);
    fl_buf_adds(p->out, "</figure>\n");
}

static void charts_section(struct page *p)
{
    const struct fl_report *r = p->r;
    const struct fl_nouns *w = fl_phrase_nouns(p->inc->domain);
    char cap[96], b[32];

    if (!r->nseries)
        return;
    fl_buf_printf(p->out, "<section id=\"charts\">\n<h2>Latency, calls and "
                  "errors</h2>\n<p class=\"mute\">Per bucket of %s; the "
                  "shaded band is the incident window, dashed lines are the "
                  "changes in the logs.</p>\n",
                  dur((double)p->inc->bucket_us, b, sizeof b));
    snprintf(cap, sizeof cap, "Latency of all %s", w->calls);
    figure(p, &r->series[0], FL_SVG_P50 | FL_SVG_P95, "latency", cap);
    snprintf(cap, sizeof cap, "%s per second", w->calls);
    cap[0] = (char)(cap[0] - 'a' + 'A');
    figure(p, &r->series[0], FL_SVG_CALLS, "rate calls", cap);
    figure(p, &r->series[0], FL_SVG_ERRORS, "rate errors", "Errors per second");
    for (size_t i = 1; i < r->nseries; i++) {
        fl_buf_adds(p->out, "<figure>\n<figcaption><strong>Latency of</strong> ");
        fl_html_code(p->out, r->series[i].key);
        fl_svg_key(p->out, FL_SVG_P50 | FL_SVG_P95);
        fl_buf_adds(p->out, "</figcaption>\n");
        chart(p, &r->series[i], FL_SVG_P50 | FL_SVG_P95, "latency class",
              180, r->series[i].key);
        fl_buf_adds(p->out, "</figure>\n");
    }
    fl_buf_adds(p->out, "</section>\n");
}

/* ---- summary --------------------------------------------------------- */

static void fig(struct page *p, const char *name)
{
    fl_buf_printf(p->out, "<dt>%s</dt><dd>", name);
}

static void impact_figures(struct page *p, const struct fl_impact *im,
                           const char *calls)
{
    char a[32], b[32];

    fig(p, "Calls in the window");
    fl_buf_printf(p->out, "%" PRIu64 " %s, %.0f%% of them slowed</dd>\n",
                  im->calls_during, calls, 100 * im->share_affected);
    fig(p, "p50");
    fl_buf_printf(p->out, "%s &#8594; %s</dd>\n", dur(im->p50_before, a, sizeof a),
                  dur(im->p50_during, b, sizeof b));
    fig(p, "p95");
    fl_buf_printf(p->out, "%s &#8594; %s</dd>\n", dur(im->p95_before, a, sizeof a),
                  dur(im->p95_during, b, sizeof b));
    fig(p, "Worst call");
    fl_buf_printf(p->out, "%s; %" PRIu64 " calls over 10x their baseline</dd>\n",
                  dur((double)im->worst_us, a, sizeof a), im->calls_over_10x);
    fig(p, "Load");
    fl_buf_printf(p->out, "%.1f calls/s before, %.1f during; errors %.2f/s "
                  "before, %.2f during (%" PRIu64 " errors, %" PRIu64
                  " lock waits in the window)</dd>\n", im->rate_before,
                  im->rate_during, im->err_rate_before, im->err_rate_during,
                  im->errors_during, im->lock_waits_during);
}

static void summary_section(struct page *p)
{
    const struct fl_incident *inc = p->inc;
    char a[80], b[80], t[32];

    fl_buf_printf(p->out, "<section id=\"summary\">\n<h2>Issue summary</h2>\n"
                  "<p><span class=\"verdict\">%s</span></p>\n<p>",
                  fl_verdict_name(inc->verdict));
    fl_phrase_summary(inc, &p->tmp);
    esc_tmp(p);
    fl_buf_adds(p->out, "</p>\n<dl class=\"figs\">\n");
    if (!inc->found) {
        fig(p, "Evidence");
        fl_phrase_no_incident(inc, &p->tmp);
        esc_tmp(p);
        fl_buf_printf(p->out, "</dd>\n<dt>Changes in the logs</dt><dd>%" PRIu64
                      "</dd>\n</dl>\n</section>\n", inc->changes_seen);
        return;
    }
    fig(p, "Duration");
    fl_buf_printf(p->out, "%s to %s (%s)%s</dd>\n",
                  when(p, inc->onset_us, a, sizeof a),
                  when(p, inc->recovery_us, b, sizeof b),
                  dur((double)(inc->recovery_us - inc->onset_us), t, sizeof t),
                  inc->recovered ? "" : ", not recovered by the end of the logs");
    impact_figures(p, &inc->impact, fl_phrase_nouns(inc->domain)->calls);
    for (size_t i = 0; i < inc->nsides; i++) {
        const char *calls = fl_phrase_nouns(inc->sides[i].domain)->calls;
        fl_buf_printf(p->out, "<dt class=\"side\">Impact on %s</dt><dd>"
                      "</dd>\n", calls);
        impact_figures(p, &inc->sides[i].impact, calls);
    }
    if (inc->has_clock_offset) {
        fig(p, "Clocks");
        fl_phrase_clock(inc, &p->tmp);
        esc_tmp(p);
        fl_buf_adds(p->out, "</dd>\n");
    }
    fig(p, "Customer impact");
    fl_html_todo(p->out, "customer impact, who was paged");
    fl_buf_adds(p->out, "</dd>\n</dl>\n</section>\n");
}

/* ---- culprits -------------------------------------------------------- */

static void evidence_item(void *ctx, const char *s)
{
    struct page *p = ctx;

    fl_buf_adds(p->out, "<li>");
    fl_html_escs(p->out, s);
    fl_buf_adds(p->out, "</li>\n");
}

static void culprit(struct page *p, const struct fl_culprit *k)
{
    char t[80];

    fl_buf_adds(p->out, "<li>");
    fl_html_escs(p->out, k->kind);
    fl_buf_adds(p->out, " ");
    fl_html_code(p->out, k->statement);
    fl_phrase_links(k, &p->tmp);
    esc_tmp(p);
    fl_buf_printf(p->out, " at %s &#8212; <strong>%s confidence</strong> "
                  "(score %.2f)%s\n<ul>\n", when(p, k->time_us, t, sizeof t),
                  fl_confidence_name(k->confidence), k->score,
                  k->tie ? ", tied" : "");
    fl_phrase_evidence_items(p->inc, k, evidence_item, p);
    fl_buf_adds(p->out, "</ul></li>\n");
}

static void culprit_section(struct page *p)
{
    const struct fl_incident *inc = p->inc;

    fl_buf_adds(p->out, "<section id=\"culprits\">\n<h2>Root cause "
                "candidates</h2>\n");
    if (!inc->found)
        fl_buf_adds(p->out, "<p>No incident, so no candidates.</p>\n");
    else if (!inc->nculprits)
        fl_buf_adds(p->out, "<p>No change was logged in the window before "
                    "the onset: no change in the logs explains this "
                    "shift.</p>\n");
    if (inc->found && inc->nculprits) {
        fl_buf_adds(p->out, "<ol class=\"culprits\">\n");
        for (size_t i = 0; i < inc->nculprits; i++)
            culprit(p, &inc->culprits[i]);
        fl_buf_adds(p->out, "</ol>\n");
    }
    fl_buf_adds(p->out, "<p>Root cause as understood by the responders: ");
    fl_html_todo(p->out, "confirm or correct the candidate");
    fl_buf_adds(p->out, "</p>\n</section>\n");
}

/* ---- affected, timeline, resolution ---------------------------------- */

static void affected_rows(struct page *p, const struct fl_affected *aff,
                          size_t n)
{
    char a[32], b[32], c[32], d[32];

    for (size_t i = 0; i < n; i++) {
        const struct fl_affected *x = &aff[i];
        fl_buf_adds(p->out, "<tr><td>");
        fl_html_code(p->out, x->fingerprint);
        fl_buf_printf(p->out, "%s</td><td class=\"n\">%s &#8594; %s</td>"
                      "<td class=\"n\">%s &#8594; %s</td><td class=\"n\">%"
                      PRIu64 "</td><td>", x->is_new ? " <em>(new)</em>" : "",
                      dur(x->p50_before, a, sizeof a),
                      dur(x->p50_during, b, sizeof b),
                      dur(x->p95_before, c, sizeof c),
                      dur(x->p95_during, d, sizeof d), x->calls_during);
        fl_html_escs(p->out, x->tables);
        fl_buf_adds(p->out, "</td></tr>\n");
    }
}

static void affected_section(struct page *p)
{
    const struct fl_incident *inc = p->inc;

    if (!inc->naffected && !inc->nsides)
        return;
    fl_buf_adds(p->out, "<section id=\"affected\">\n<h2>Most affected</h2>\n"
                "<table><thead><tr><th>Class</th><th class=\"n\">p50 "
                "before &#8594; during</th><th class=\"n\">p95 before "
                "&#8594; during</th><th class=\"n\">Calls during</th>"
                "<th>Tables</th></tr></thead>\n<tbody>\n");
    affected_rows(p, inc->affected, inc->naffected);
    for (size_t i = 0; i < inc->nsides; i++)
        affected_rows(p, inc->sides[i].affected, inc->sides[i].naffected);
    fl_buf_adds(p->out, "</tbody></table>\n</section>\n");
}

static void timeline_section(struct page *p)
{
    const struct fl_incident *inc = p->inc;
    char t[80];

    fl_buf_adds(p->out, "<section id=\"timeline\">\n<h2>Timeline</h2>\n"
                "<table class=\"timeline\"><thead><tr><th>Time</th><th>What"
                "</th><th>Statement</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < inc->nentries; i++) {
        const struct fl_tl_entry *e = &inc->entries[i];
        fl_buf_printf(p->out, "<tr class=\"%s\"><td class=\"n\">%s</td><td>",
                      fl_tl_type_name(e->type), when(p, e->time_us, t, sizeof t));
        fl_phrase_entry(inc, e, &p->tmp);
        esc_tmp(p);
        fl_buf_adds(p->out, "</td><td>");
        if (e->statement)
            fl_html_code(p->out, e->statement);
        fl_buf_adds(p->out, "</td></tr>\n");
    }
    fl_buf_adds(p->out, "<tr><td></td><td colspan=\"2\">");
    fl_html_todo(p->out, "when the alert fired, who responded, what they tried");
    fl_buf_adds(p->out, "</td></tr>\n</tbody></table>\n</section>\n");
}

static void resolution_section(struct page *p)
{
    const struct fl_incident *inc = p->inc;
    char t[80];

    fl_buf_adds(p->out, "<section id=\"resolution\">\n<h2>Resolution</h2>\n<p>");
    if (inc->found && inc->recovered)
        fl_buf_printf(p->out, "Latency recovered at %s. ",
                      when(p, inc->recovery_us, t, sizeof t));
    else if (inc->found)
        fl_buf_adds(p->out, "Not recovered by the end of the logs. ");
    else
        fl_buf_adds(p->out, "Nothing to resolve in the logs. ");
    fl_html_todo(p->out, "what was done");
    fl_buf_adds(p->out, "</p>\n<h2>Corrective and preventative measures</h2>"
                "\n<p>");
    fl_html_todo(p->out, "tasks, owners and dates");
    fl_buf_adds(p->out, "</p>\n</section>\n");
}

int fl_html_timeline(const struct fl_report *r, const struct fl_write_opts *o,
                     struct fl_buf *out)
{
    struct page p = { r, r->incident, o ? o->tz : NULL, out, { 0, 0, 0 },
                      NULL, NULL, 0 };
    char a[80], b[80];
    const char *title;

    if (r->kind != FL_REPORT_TIMELINE || !r->incident)
        return FL_ERR_USAGE;
    fl_buf_init(&p.tmp);
    make_markers(&p);
    title = p.inc->found ? "Postmortem draft: latency incident"
                         : "Postmortem draft: no latency incident found";
    fl_html_begin(out, title);
    fl_buf_printf(out, "<h1>%s</h1>\n<p class=\"sub\">Generated by faultline "
                  "from the %s logs, %s to %s. Fill in what the logs cannot "
                  "know where marked.</p>\n", title,
                  fl_phrase_nouns(p.inc->domain)->calls_src,
                  when(&p, p.inc->start_us, a, sizeof a),
                  when(&p, p.inc->end_us, b, sizeof b));
    summary_section(&p);
    charts_section(&p);
    culprit_section(&p);
    affected_section(&p);
    timeline_section(&p);
    resolution_section(&p);
    fl_html_inputs(r, out);
    fl_html_end(out, false);
    free(p.marks);
    free(p.labels);
    fl_buf_cleanup(&p.tmp);
    return FL_OK;
}
