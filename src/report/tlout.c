/* tlout.c - the timeline report as a Markdown postmortem draft or as
 * plain text (see fl_tlout.h).  Renderers only read the model; every
 * sentence is made here or in phrase.c from its numbers, and each figure
 * is stated once (the impact in the summary, the most affected queries'
 * percentiles in their section, the evidence in the candidates).  Log
 * text is escaped for each target so a statement or message can never
 * break the document's structure. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/fl_err.h"
#include "report/fl_phrase.h"
#include "report/fl_textfmt.h"
#include "report/fl_tlout.h"

static const char *when(int64_t t, const struct fl_tz *tz, char *buf,
                        size_t n)
{
    return fl_textfmt_when(t, tz, buf, n);
}

static const char *dur(double us, char *buf, size_t n)
{
    fl_textfmt_duration(us, buf, n);
    return buf;
}

/* Renderer state: markdown or text differ only in emphasis and escaping. */
struct doc {
    struct fl_buf *out;     /* where the draft goes */
    bool md;                /* Markdown, else plain text */
    const struct fl_tz *tz; /* zone of the times shown */
    struct fl_buf tmp;      /* a sentence before escaping */
};

static void esc(struct doc *d, const char *s)
{
    if (d->md)
        fl_textfmt_md_escape(d->out, s, strlen(s));
    else
        fl_textfmt_plain(d->out, s);
}

/* Escape the sentence in d->tmp, then reset it. */
static void esc_tmp(struct doc *d)
{
    esc(d, d->tmp.len ? d->tmp.p : "");
    fl_buf_reset(&d->tmp);
}

static void code(struct doc *d, const char *s)
{
    if (d->md) {
        fl_textfmt_md_code(d->out, s);
    } else {
        fl_buf_addc(d->out, '"');
        fl_textfmt_plain(d->out, s);
        fl_buf_addc(d->out, '"');
    }
}

static void heading(struct doc *d, int level, const char *text)
{
    if (d->md) {
        for (int i = 0; i < level; i++)
            fl_buf_addc(d->out, '#');
        fl_buf_printf(d->out, " %s\n\n", text);
    } else {
        size_t n = strlen(text);
        fl_buf_printf(d->out, "%s\n", text);
        for (size_t i = 0; i < n; i++)
            fl_buf_addc(d->out, level == 1 ? '=' : '-');
        fl_buf_adds(d->out, "\n\n");
    }
}

/* "- **Label:** " in Markdown, "- Label: " in text. */
static void item(struct doc *d, const char *label)
{
    fl_buf_printf(d->out, d->md ? "- **%s:** " : "- %s: ", label);
}

static void placeholder(struct doc *d, const char *what)
{
    fl_buf_printf(d->out, d->md ? "_[TODO: %s]_" : "[TODO: %s]", what);
}

/* ---- sections ---------------------------------------------------------------- */

static void no_incident_summary(struct doc *d, const struct fl_incident *inc)
{
    item(d, "Finding");
    fl_buf_adds(d->out, "no latency incident found in the logs\n");
    item(d, "Evidence");
    fl_phrase_no_incident(inc, &d->tmp);
    esc_tmp(d);
    fl_buf_addc(d->out, '\n');
    item(d, "Changes in the logs");
    fl_buf_printf(d->out, "%" PRIu64 "\n\n", inc->changes_seen);
}

/* The other domains' figures over the window (access logs beside
 * database logs), and the clock offset between them. */
static void sides_summary(struct doc *d, const struct fl_incident *inc)
{
    char a[32], b[32], c[32], e[32], label[48];

    for (size_t i = 0; i < inc->nsides; i++) {
        const struct fl_incident_side *sd = &inc->sides[i];
        const struct fl_impact *im = &sd->impact;
        snprintf(label, sizeof label, "Impact on %s",
                 fl_phrase_nouns(sd->domain)->calls);
        item(d, label);
        fl_buf_printf(d->out, "%.0f%% of %" PRIu64 " %s in the window were "
                      "slowed (%zu class%s); p50 %s -> %s, p95 %s -> %s; "
                      "errors %.2f/s before, %.2f during\n",
                      100 * im->share_affected, im->calls_during,
                      fl_phrase_nouns(sd->domain)->calls, sd->naffected,
                      sd->naffected == 1 ? "" : "es",
                      dur(im->p50_before, a, sizeof a),
                      dur(im->p50_during, b, sizeof b),
                      dur(im->p95_before, c, sizeof c),
                      dur(im->p95_during, e, sizeof e),
                      im->err_rate_before, im->err_rate_during);
    }
    if (inc->has_clock_offset) {
        item(d, "Clocks");
        fl_buf_reset(&d->tmp);
        fl_phrase_clock(inc, &d->tmp);
        esc_tmp(d);
        fl_buf_addc(d->out, '\n');
    }
}

static void summary_section(struct doc *d, const struct fl_incident *inc)
{
    char a[80], b[80], t[32];
    const struct fl_impact *im = &inc->impact;

    heading(d, 2, "Issue Summary");
    if (!inc->found) {
        no_incident_summary(d, inc);
        return;
    }
    item(d, "Duration");
    fl_buf_printf(d->out, "%s to %s (%s)%s\n",
                  when(inc->onset_us, d->tz, a, sizeof a),
                  when(inc->recovery_us, d->tz, b, sizeof b),
                  dur((double)(inc->recovery_us - inc->onset_us), t, sizeof t),
                  inc->recovered ? "" : ", not recovered by the end of the logs");
    item(d, "Impact");
    fl_buf_printf(d->out, "%.0f%% of %" PRIu64 " calls in the "
                  "window were slowed; p50 %s -> ", 100 * im->share_affected,
                  im->calls_during, dur(im->p50_before, a, sizeof a));
    fl_buf_printf(d->out, "%s, p95 %s -> ", dur(im->p50_during, a, sizeof a),
                  dur(im->p95_before, b, sizeof b));
    fl_buf_printf(d->out, "%s; worst call %s; %" PRIu64 " calls over 10x their "
                  "baseline; ", dur(im->p95_during, a, sizeof a),
                  dur((double)im->worst_us, b, sizeof b), im->calls_over_10x);
    placeholder(d, "customer impact, who was paged");
    fl_buf_addc(d->out, '\n');
    item(d, "Load");
    fl_buf_printf(d->out, "%.1f calls/s before, %.1f during; errors %.2f/s "
                  "before, %.2f during (%" PRIu64 " errors, %" PRIu64
                  " lock waits in the window)\n", im->rate_before,
                  im->rate_during, im->err_rate_before, im->err_rate_during,
                  im->errors_during, im->lock_waits_during);
    sides_summary(d, inc);
    item(d, "Root cause");
    if (inc->verdict == FL_VERDICT_CHANGE || inc->verdict == FL_VERDICT_DEPLOY) {
        /* A change from the sql domain is a schema change; a deploy or a
         * migration says its kind. */
        if (strcmp(inc->culprits[0].domain ? inc->culprits[0].domain : "sql",
                   "sql") == 0)
            fl_buf_adds(d->out, "likely the schema change ");
        else
            fl_buf_printf(d->out, "likely the %s ", inc->culprits[0].kind);
        code(d, inc->culprits[0].statement);
        fl_buf_reset(&d->tmp);
        fl_phrase_links(&inc->culprits[0], &d->tmp);
        esc_tmp(d);
        fl_buf_printf(d->out, " at %s (%s confidence)",
                      when(inc->culprits[0].time_us, d->tz, a, sizeof a),
                      fl_confidence_name(inc->culprits[0].confidence));
    } else if (inc->verdict == FL_VERDICT_LOAD) {
        fl_buf_printf(d->out, "load: the call rate rose from %.1f/s to %.1f/s "
                      "with latency up across most tables; no schema change "
                      "explains it better", im->rate_before, im->rate_during);
    } else {
        fl_buf_adds(d->out, "no change in the logs explains this shift; ");
        placeholder(d, "cause from other sources (deploys, traffic, hardware)");
    }
    fl_buf_adds(d->out, "\n\n");
}

static void timeline_section(struct doc *d, const struct fl_incident *inc)
{
    char t[80];

    heading(d, 2, "Timeline");
    if (!inc->nentries)
        fl_buf_adds(d->out, "- nothing notable in the logs\n");
    for (size_t i = 0; i < inc->nentries; i++) {
        const struct fl_tl_entry *e = &inc->entries[i];
        fl_buf_printf(d->out, d->md ? "- **%s:** " : "- %s  ",
                      when(e->time_us, d->tz, t, sizeof t));
        fl_phrase_entry(inc, e, &d->tmp);
        esc_tmp(d);
        if (e->statement) {
            fl_buf_addc(d->out, ' ');
            code(d, e->statement);
        }
        fl_buf_addc(d->out, '\n');
    }
    fl_buf_adds(d->out, "- ");
    placeholder(d, "when the alert fired, who responded, what they tried");
    fl_buf_adds(d->out, "\n\n");
}

/* One piece of a candidate's evidence: an item of its own list. */
static void evidence_item(void *ctx, const char *s)
{
    struct doc *d = ctx;

    fl_buf_adds(d->out, "   - ");
    esc(d, s);
    fl_buf_addc(d->out, '\n');
}

static void culprit_section(struct doc *d, const struct fl_incident *inc)
{
    char t[80];

    heading(d, 2, "Root Cause Candidates");
    if (!inc->found) {
        fl_buf_adds(d->out, "No incident, so no candidates.\n\n");
        return;
    }
    if (!inc->nculprits)
        fl_buf_adds(d->out, "No change was logged in the window before the "
                            "onset: no change in the logs explains this "
                            "shift.\n");
    for (size_t i = 0; i < inc->nculprits; i++) {
        const struct fl_culprit *k = &inc->culprits[i];
        fl_buf_printf(d->out, "%d. ", k->rank);
        code(d, k->statement);
        fl_buf_printf(d->out, " at %s - %s confidence (score %.2f)%s\n",
                      when(k->time_us, d->tz, t, sizeof t),
                      fl_confidence_name(k->confidence),
                      k->score, k->tie ? ", tied" : "");
        fl_phrase_evidence_items(inc, k, evidence_item, d);
    }
    if (inc->verdict == FL_VERDICT_UNEXPLAINED && inc->nculprits)
        fl_buf_printf(d->out, "\nNone of these has evidence tied to the slowed "
                      "%s: no change in the logs explains this shift.\n",
                      fl_phrase_nouns(inc->domain)->calls);
    fl_buf_addc(d->out, '\n');
}

static void affected_list(struct doc *d, const char *domain,
                          const struct fl_affected *aff, size_t n)
{
    char a[32], b[32], c[32], e[32], title[64];

    if (!n)
        return;
    snprintf(title, sizeof title, "Most affected %s",
             fl_phrase_nouns(domain)->calls);
    heading(d, 3, title);
    for (size_t i = 0; i < n && i < 5; i++) {
        const struct fl_affected *x = &aff[i];
        fl_buf_adds(d->out, "- ");
        code(d, x->fingerprint);
        if (x->is_new)
            fl_buf_printf(d->out, ": new in the window, p50 %s (x%.1f the "
                          "p50 of all %s before), p95 %s, %" PRIu64
                          " calls during", dur(x->p50_during, b, sizeof b),
                          x->ratio, fl_phrase_nouns(domain)->calls,
                          dur(x->p95_during, e, sizeof e), x->calls_during);
        else
            fl_buf_printf(d->out, ": p50 %s -> %s, p95 %s -> %s, %" PRIu64
                          " calls during",
                          dur(x->p50_before, a, sizeof a),
                          dur(x->p50_during, b, sizeof b),
                          dur(x->p95_before, c, sizeof c),
                          dur(x->p95_during, e, sizeof e), x->calls_during);
        if (*x->tables) {
            fl_buf_adds(d->out, "; tables ");
            esc(d, x->tables);
        }
        fl_buf_addc(d->out, '\n');
    }
    fl_buf_addc(d->out, '\n');
}

static void affected_section(struct doc *d, const struct fl_incident *inc)
{
    affected_list(d, inc->domain, inc->affected, inc->naffected);
    for (size_t i = 0; i < inc->nsides; i++)
        affected_list(d, inc->sides[i].domain, inc->sides[i].affected,
                      inc->sides[i].naffected);
}

static void resolution_section(struct doc *d, const struct fl_incident *inc)
{
    char t[80];
    const struct fl_culprit *k = inc->nculprits ? &inc->culprits[0] : NULL;

    heading(d, 2, "Resolution");
    if (inc->found && k && (inc->verdict == FL_VERDICT_CHANGE ||
                            inc->verdict == FL_VERDICT_DEPLOY) && k->rollback) {
        fl_buf_adds(d->out, inc->verdict == FL_VERDICT_DEPLOY
                            ? "The release was rolled back by "
                            : "The change was undone by ");
        code(d, k->rollback);
        fl_buf_printf(d->out, " at %s", when(k->rollback_us, d->tz, t, sizeof t));
        if (inc->recovered)
            fl_buf_printf(d->out, "; latency recovered at %s.\n",
                          when(inc->recovery_us, d->tz, t, sizeof t));
        else
            fl_buf_adds(d->out, "; the logs end before latency recovered.\n");
    } else if (inc->found && inc->recovered) {
        fl_buf_printf(d->out, "Latency recovered at %s; the logs show no "
                      "undoing change. ", when(inc->recovery_us, d->tz, t, sizeof t));
        placeholder(d, "what was done");
        fl_buf_addc(d->out, '\n');
    } else if (inc->found) {
        fl_buf_adds(d->out, "Not recovered by the end of the logs. ");
        placeholder(d, "what was done");
        fl_buf_addc(d->out, '\n');
    } else {
        fl_buf_adds(d->out, "Nothing to resolve in the logs.\n");
    }
    fl_buf_addc(d->out, '\n');
}

static void measures_section(struct doc *d, const struct fl_incident *inc)
{
    const struct fl_culprit *k = inc->nculprits ? &inc->culprits[0] : NULL;

    heading(d, 2, "Corrective and Preventative Measures");
    if (inc->verdict == FL_VERDICT_CHANGE && k) {
        if (strstr(k->kind, "index"))
            fl_buf_adds(d->out, "- Review index changes against the query "
                        "plans of the hot queries before deploying them "
                        "(EXPLAIN the top queries on the table with and "
                        "without the change).\n");
        if (k->ev.lock_waits)
            fl_buf_adds(d->out, "- Run table-rewriting or strongly locking "
                        "changes outside peak hours, with lock_timeout set, "
                        "or use online schema change tooling.\n");
        fl_buf_adds(d->out, "- Alert on query latency per query class "
                    "(p95 per fingerprint), not only on overall latency.\n");
        fl_buf_adds(d->out, "- Keep a rollback statement ready with every "
                    "migration; this one took ");
        if (k->rollback_us != INT64_MIN) {
            char t[32];
            fl_buf_printf(d->out, "%s to undo.\n",
                          dur((double)(k->rollback_us - k->time_us), t, sizeof t));
        } else {
            fl_buf_adds(d->out, "no logged rollback.\n");
        }
    } else if (inc->verdict == FL_VERDICT_DEPLOY) {
        fl_buf_adds(d->out, "- Roll releases out progressively (canary) and "
                    "gate them on latency per route and per query class.\n"
                    "- Review the release's new query patterns (N+1 loops, "
                    "unindexed filters) before deploying it.\n");
    } else if (inc->verdict == FL_VERDICT_LOAD) {
        fl_buf_adds(d->out, "- Capacity: the workload outgrew the database at "
                    "this call rate; review connection pooling, rate limits "
                    "and the most expensive queries.\n");
    } else if (inc->found) {
        fl_buf_adds(d->out, "- Correlate with deploys, traffic and host "
                    "metrics: the database logs hold no explaining change.\n");
    }
    fl_buf_adds(d->out, "- ");
    placeholder(d, "tasks, owners and dates");
    fl_buf_adds(d->out, "\n");
}

/* What was read, and what the bounds of the run left out. */
static void inputs_section(struct doc *d, const struct fl_report *r)
{
    const struct fl_report_left_out *lo = &r->left_out;

    heading(d, 2, "Inputs");
    for (size_t i = 0; i < r->ninputs; i++) {
        const struct fl_report_input *in = &r->inputs[i];
        fl_buf_adds(d->out, "- ");
        code(d, in->path);
        if (in->skipped) {
            fl_buf_adds(d->out, ": skipped, nothing parsed\n");
            continue;
        }
        fl_buf_adds(d->out, ": ");
        esc(d, in->format);
        fl_buf_printf(d->out, " (%s), %" PRIu64 " lines, %" PRIu64 " events, %"
                      PRIu64 " lines not understood%s\n", in->compression,
                      in->lines, in->events, in->unparsed,
                      in->partial ? "; read incompletely" : "");
    }
    if (!r->ninputs)
        fl_buf_adds(d->out, "- no input file was recorded\n");
    if (r->ninputs_not_logs)
        fl_buf_printf(d->out, "- %zu other file%s in the directories %s not "
                      "a log in any known format\n", r->ninputs_not_logs,
                      r->ninputs_not_logs == 1 ? "" : "s",
                      r->ninputs_not_logs == 1 ? "is" : "are");
    if (lo->journal_events || lo->journal_changes)
        fl_buf_printf(d->out, "- Left out: %" PRIu64 " lock waits, deadlocks "
                      "and errors and %" PRIu64 " changes past the journal's "
                      "bound were counted but not analysed\n",
                      lo->journal_events, lo->journal_changes);
    if (lo->classes_folded)
        fl_buf_printf(d->out, "- Left out: too many distinct queries; %" PRIu64
                      " calls were counted as (other) and not analysed per "
                      "query\n", lo->calls_folded);
    if (lo->series_buckets)
        fl_buf_printf(d->out, "- Left out: %" PRIu64 " buckets past the bound "
                      "of the chart series\n", lo->series_buckets);
}

static int write_doc(const struct fl_report *r, const struct fl_write_opts *o,
                     bool mdown, struct fl_buf *out)
{
    const struct fl_incident *inc = r->incident;
    struct doc d = { out, mdown, o ? o->tz : NULL, { 0, 0, 0 } };
    char a[80], b[80];

    if (r->kind != FL_REPORT_TIMELINE || !inc)
        return FL_ERR_USAGE;
    fl_buf_init(&d.tmp);
    snprintf(a, sizeof a, "Postmortem draft: %s latency incident",
             fl_phrase_nouns(inc->domain)->http ? "application" : "database");
    heading(&d, 1, inc->found ? a : "Postmortem draft: no latency incident found");
    fl_buf_printf(out, "%sGenerated by faultline from the %s", mdown ? "_" : "",
                  fl_phrase_nouns(inc->domain)->calls_src);
    for (size_t i = 0; i < inc->nsides; i++)
        fl_buf_printf(out, " and %s", fl_phrase_nouns(inc->sides[i].domain)->calls_src);
    fl_buf_printf(out, " logs (%s to %s). Fill in what the logs cannot know "
                  "where marked.%s\n\n", when(inc->start_us, d.tz, a, sizeof a),
                  when(inc->end_us, d.tz, b, sizeof b), mdown ? "_" : "");
    summary_section(&d, inc);
    timeline_section(&d, inc);
    culprit_section(&d, inc);
    affected_section(&d, inc);
    resolution_section(&d, inc);
    measures_section(&d, inc);
    fl_buf_addc(out, '\n');
    inputs_section(&d, r);
    fl_buf_cleanup(&d.tmp);
    return FL_OK;
}

int fl_tlout_md(const struct fl_report *r, const struct fl_write_opts *o,
                struct fl_buf *out)
{
    return write_doc(r, o, true, out);
}

int fl_tlout_text(const struct fl_report *r, const struct fl_write_opts *o,
                  struct fl_buf *out)
{
    return write_doc(r, o, false, out);
}
