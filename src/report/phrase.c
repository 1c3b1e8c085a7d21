/* phrase.c - sentences from the numbers of the incident model (see
 * fl_phrase.h).  The only place the timeline's prose is made. */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "report/fl_phrase.h"
#include "report/fl_textfmt.h"

const struct fl_nouns *fl_phrase_nouns(const char *domain)
{
    static const struct fl_nouns sql = { "query", "queries", "Query",
                                         "table", "database", false };
    static const struct fl_nouns http = { "request", "requests", "Request",
                                          "route", "access", true };

    return domain && !strcmp(domain, "http") ? &http : &sql;
}

void fl_phrase_summary(const struct fl_incident *inc, struct fl_buf *t)
{
    const struct fl_impact *im = &inc->impact;
    char a[32], b[32], w[32];

    if (!inc->found) {
        fl_buf_adds(t, "No latency incident found.");
        return;
    }
    fl_textfmt_duration(im->p95_before, a, sizeof a);
    fl_textfmt_duration(im->p95_during, b, sizeof b);
    fl_textfmt_duration((double)im->worst_us, w, sizeof w);
    fl_buf_printf(t, "Latency rose: overall p95 %s -> %s (worst call %s); "
                  "%.0f%% of calls in the window belonged to %zu slowed %s "
                  "class%s; %" PRIu64 " calls ran over 10x their baseline. ",
                  a, b, w, 100 * im->share_affected, inc->naffected,
                  fl_phrase_nouns(inc->domain)->call,
                  inc->naffected == 1 ? "" : "es", im->calls_over_10x);
    if (inc->verdict == FL_VERDICT_CHANGE || inc->verdict == FL_VERDICT_DEPLOY) {
        fl_buf_printf(t, "Likely root cause (%s confidence): %s\"%s\"",
                      fl_confidence_name(inc->culprits[0].confidence),
                      inc->verdict == FL_VERDICT_DEPLOY ? "the deploy " : "",
                      inc->culprits[0].statement);
        fl_phrase_links(&inc->culprits[0], t);
        fl_buf_addc(t, '.');
    }
    else if (inc->verdict == FL_VERDICT_LOAD)
        fl_buf_printf(t, "Load-driven: the call rate rose from %.1f/s to "
                      "%.1f/s and latency rose across most tables; no schema "
                      "change explains it better.", im->rate_before,
                      im->rate_during);
    else
        fl_buf_adds(t, "No change in the logs explains this shift.");
}

/* Hand the item built in b to fn, and start the next. */
static void item(struct fl_buf *b, fl_phrase_item_fn *fn, void *ctx)
{
    fn(ctx, b->len ? b->p : "");
    fl_buf_reset(b);
}

static void rollback_item(const struct fl_culprit *k, struct fl_buf *b)
{
    double rd = k->ev.rollback_offset_s;

    fl_buf_printf(b, "undone by \"%s\"", k->rollback);
    if (k->ev.has_rollback_offset)
        fl_buf_printf(b, " %.0f s %s the recovery", fabs(rd),
                      rd <= 0 ? "before" : "after");
}

void fl_phrase_evidence_items(const struct fl_incident *inc,
                              const struct fl_culprit *k,
                              fl_phrase_item_fn *fn, void *ctx)
{
    const struct fl_evidence *ev = &k->ev;
    double dt = ev->onset_offset_s;
    struct fl_buf b;

    fl_buf_init(&b);
    fl_buf_printf(&b, "%s%s%s logged %.0f s %s the onset", k->kind,
                  *k->table ? " on " : "", k->table, fabs(dt),
                  dt >= 0 ? "before" : "after");
    fl_phrase_links(k, &b);
    item(&b, fn, ctx);
    if (ev->has_ratios) {
        fl_buf_printf(&b, "p50 of the slowed queries on %s went x%.1f, "
                      "queries on other tables x%.1f", k->table, ev->table_ratio,
                      ev->other_ratio > 0 ? ev->other_ratio : 1.0);
        item(&b, fn, ctx);
    }
    if (ev->has_touch) {
        fl_buf_printf(&b, "%.0f%% of slowed calls touch %s",
                      100 * ev->touch_share, k->table);
        item(&b, fn, ctx);
    }
    if (ev->lock_waits) {
        fl_buf_printf(&b, "%" PRIu64 " lock waits behind it (pid %s)",
                      ev->lock_waits, k->pid);
        item(&b, fn, ctx);
    }
    if (k->rollback) {
        rollback_item(k, &b);
        item(&b, fn, ctx);
    }
    if (ev->undone_before) {
        fl_buf_adds(&b, "undone before the onset (score halved)");
        item(&b, fn, ctx);
    }
    if (ev->fresh_classes && ev->fresh_share > 0) {
        fl_buf_printf(&b, "%" PRIu64 " class%s first seen after it took "
                      "%.0f%% of the window's time", ev->fresh_classes,
                      ev->fresh_classes == 1 ? "" : "es",
                      100 * ev->fresh_share);
        for (size_t i = 0; i < k->nfresh; i++)
            fl_buf_printf(&b, "%s \"%s\" (%" PRIu64 " %s, %.0f%%)",
                          i ? ";" : ":", k->fresh[i].text, k->fresh[i].calls,
                          fl_phrase_nouns(k->fresh[i].domain)->calls,
                          100 * k->fresh[i].share);
        item(&b, fn, ctx);
    }
    if (ev->errors > 0) {
        fl_buf_printf(&b, "the error rate went x%.1f in the window",
                      ev->err_ratio);
        item(&b, fn, ctx);
    }
    for (size_t i = 0; i < k->nmembers; i++) {
        fl_buf_printf(&b, "one change with %s \"%s\" (%s)",
                      k->members[i].kind, k->members[i].statement,
                      *k->pid ? "same session, within 2 s" : "same migration");
        item(&b, fn, ctx);
    }
    if (k->tie) {
        fl_buf_adds(&b, "scores within 0.05 of another, unrelated change: a "
                        "tie (confidence at most medium)");
        item(&b, fn, ctx);
    }
    fl_buf_cleanup(&b);
    (void)inc;
}

struct joined {
    struct fl_buf *out;
    bool first;
};

static void join_item(void *ctx, const char *s)
{
    struct joined *j = ctx;

    if (!j->first)
        fl_buf_adds(j->out, "; ");
    fl_buf_adds(j->out, s);
    j->first = false;
}

void fl_phrase_evidence(const struct fl_incident *inc,
                        const struct fl_culprit *k, struct fl_buf *b)
{
    struct joined j = { b, true };

    fl_phrase_evidence_items(inc, k, join_item, &j);
}

void fl_phrase_links(const struct fl_culprit *k, struct fl_buf *b)
{
    const struct fl_culprit_link *m = &k->migration, *r = &k->release;

    if (!m->text && !r->text)
        return;
    fl_buf_adds(b, " (");
    if (m->text) {
        fl_buf_printf(b, "run by %s%s%s", m->kind, *m->version ? " " : "",
                      m->version);
        if (*m->text && strcmp(m->text, m->version) != 0)
            fl_buf_printf(b, " \"%s\"", m->text);
    }
    if (r->text)
        fl_buf_printf(b, "%sof release%s%s", m->text ? " " : "",
                      *r->version ? " " : "", *r->version ? r->version
                                                          : r->text);
    fl_buf_addc(b, ')');
}

void fl_phrase_clock(const struct fl_incident *inc, struct fl_buf *b)
{
    double s = inc->clock_offset_s;
    /* the edges are measured to a bucket: no finer offset can be told */
    double res = fmax(1.0, (double)inc->bucket_us / 1e6);

    if (!inc->has_clock_offset)
        return;
    if (fabs(s) <= res + 1e-3) {
        fl_buf_printf(b, "the %s and %s logs agree within %.0f s (one bucket, "
                      "the measurement's resolution) at the onset",
                      fl_phrase_nouns(inc->clock_domain)->calls_src,
                      fl_phrase_nouns(inc->domain)->calls_src, res);
        return;
    }
    fl_buf_printf(b, "the %s logs' clock runs %.1f s %s the %s logs' (measured "
                  "at the onset); --clock-offset FILE=%+.0f on the %s logs "
                  "aligns them", fl_phrase_nouns(inc->clock_domain)->calls_src,
                  fabs(s), s > 0 ? "ahead of" : "behind",
                  fl_phrase_nouns(inc->domain)->calls_src, -s,
                  fl_phrase_nouns(inc->clock_domain)->calls_src);
}

static void first_of(const struct fl_incident *inc,
                     const struct fl_tl_entry *e, const char *what,
                     bool counted, struct fl_buf *out)
{
    fl_buf_printf(out, "First %s", what);
    if (counted)
        fl_buf_printf(out, " of %" PRIu64, e->count);
    fl_buf_printf(out, " %s: %s", inc->found ? "in the incident window"
                                             : "in the logs", e->message);
    if (e->blocker)
        fl_buf_printf(out, " (held by pid %s)", e->blocker);
}

void fl_phrase_entry(const struct fl_incident *inc,
                     const struct fl_tl_entry *e, struct fl_buf *out)
{
    char a[32];

    switch (e->type) {
    case FL_TL_CHANGE:
    case FL_TL_ROLLBACK:
        if (*e->pid || !e->kind || !*e->version)
            fl_buf_printf(out, "%s (pid %s):", e->type == FL_TL_ROLLBACK
                          ? "Rollback" : "Change", *e->pid ? e->pid : "?");
        else
            fl_buf_printf(out, "%s%s %s:", e->type == FL_TL_ROLLBACK
                          ? "Rollback, " : "", e->kind, e->version);
        break;
    case FL_TL_ONSET:
        fl_buf_printf(out, "Onset: latency shift begins (%s placed by "
                      "start time)", fl_phrase_nouns(inc->domain)->calls);
        if (e->statement)
            fl_buf_printf(out, "; most affected %s:",
                          fl_phrase_nouns(inc->domain)->call);
        else if (e->group)
            fl_buf_printf(out, "; shift seen in %s %s", e->group_is_query
                          ? "the query" : "the group", e->group);
        break;
    case FL_TL_PEAK:
        fl_textfmt_duration(e->value_us, a, sizeof a);
        fl_buf_printf(out, "Peak: overall p95 %s in this bucket", a);
        break;
    case FL_TL_RECOVERY:
        fl_buf_printf(out, "Recovery: latency back under %.1fx the baseline",
                      inc->shift_back);
        break;
    case FL_TL_END:
        fl_buf_adds(out, "End of the logs: not recovered");
        break;
    /* Errors and lock waits are counted in the Load line of the draft;
     * deadlocks only here. */
    case FL_TL_ERROR: first_of(inc, e, "error", true, out); break;
    case FL_TL_LOCK_WAIT: first_of(inc, e, "lock wait", true, out); break;
    case FL_TL_DEADLOCK: first_of(inc, e, "deadlock", true, out); break;
    default: break;
    }
}

/* The largest shift set aside, and why (fl_incident.below). */
static void phrase_below(const struct fl_incident *inc, struct fl_buf *out)
{
    char a[32], b[32], f[32];

    fl_textfmt_duration(inc->below_before_us, a, sizeof a);
    fl_textfmt_duration(inc->below_during_us, b, sizeof b);
    fl_textfmt_duration(inc->min_effect_us, f, sizeof f);
    fl_buf_printf(out, "no shift large enough to matter: the largest level "
                  "shift of %.0fx or more, in \"%s\" (median %s -> %s), is ",
                  inc->shift_up, inc->below_group, a, b);
    if (inc->below == FL_BELOW_EFFECT)
        fl_buf_printf(out, "a rise under %s (--min-effect)", f);
    else if (inc->below == FL_BELOW_NOISE)
        fl_buf_printf(out, "under %.0f times the largest level step of the "
                      "stable stretch before it (its normal variation)",
                      FL_INCIDENT_NOISE_K);
    else
        fl_buf_printf(out, "in a group with under %.0f%% of the %s",
                      100 * FL_INCIDENT_MIN_SHARE,
                      fl_phrase_nouns(inc->domain)->calls);
}

void fl_phrase_no_incident(const struct fl_incident *inc, struct fl_buf *out)
{
    char a[32], b[32];

    if (inc->quiet_p50_hi_us <= 0) {
        fl_buf_printf(out, "not enough timed %s to build a latency series",
                      fl_phrase_nouns(inc->domain)->calls);
        return;
    }
    fl_textfmt_duration(inc->quiet_p50_lo_us, a, sizeof a);
    fl_textfmt_duration(inc->quiet_p50_hi_us, b, sizeof b);
    if (inc->below != FL_BELOW_NONE)
        phrase_below(inc, out);
    else
        fl_buf_printf(out, "no level shift of %.0fx or more in the median "
                      "latency of any %s class, %s or the whole workload",
                      inc->shift_up, fl_phrase_nouns(inc->domain)->call,
                      fl_phrase_nouns(inc->domain)->subject);
    fl_buf_printf(out, "; the overall per-bucket median stayed between "
                  "%s and %s over %zu buckets", a, b, inc->nbuckets);
}
