/* tlout.c - render the incident model as a Markdown postmortem draft, as
 * plain text, or as JSON (see fl_tlout.h).  Renderers only read the model.
 * Log-derived text is escaped for each target so a statement or message
 * can never break the document's structure. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/fl_statsout.h"
#include "time/fl_time.h"
#include "report/fl_tlout.h"

/* ---- escaping ------------------------------------------------------------ */

void fl_tlout_md_escape(struct fl_buf *out, const char *s, size_t n)
{
    /* Inline text never starts a line, so only the characters that open
     * inline markup or raw HTML need neutralising. */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '<')
            fl_buf_adds(out, "&lt;");
        else if (c == '&')
            fl_buf_adds(out, "&amp;");
        else if (c == '\n' || c == '\r' || c == '\t')
            fl_buf_addc(out, ' ');
        else if (c < 0x20 || c == 0x7f)
            fl_buf_addc(out, '?');
        else {
            if (strchr("\\`*_[]|~", c))
                fl_buf_addc(out, '\\');
            fl_buf_addc(out, (char)c);
        }
    }
}

void fl_tlout_md_code(struct fl_buf *out, const char *s)
{
    size_t run = 0, longest = 0, n = strlen(s);
    char fence[16];

    for (size_t i = 0; i < n; i++) {
        run = s[i] == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    if (longest > 10)
        longest = 10;
    memset(fence, '`', longest + 1);
    fence[longest + 1] = '\0';
    fl_buf_adds(out, fence);
    fl_buf_addc(out, ' ');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        fl_buf_addc(out, c == '\n' || c == '\r' || c == '\t' ? ' '
                         : c < 0x20 || c == 0x7f ? '?' : (char)c);
    }
    fl_buf_addc(out, ' ');
    fl_buf_adds(out, fence);
}

static void plain(struct fl_buf *out, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        fl_buf_addc(out, c == '\n' || c == '\t' ? ' '
                         : c < 0x20 || c == 0x7f ? '?' : (char)c);
    }
}

static void md(struct fl_buf *out, const char *s)
{
    fl_tlout_md_escape(out, s, strlen(s));
}

/* ---- shared pieces --------------------------------------------------------- */

static const char *when(int64_t t, const struct fl_tz *tz, char *buf,
                        size_t n)
{
    if (t == INT64_MIN || t == INT64_MAX || !fl_time_format_zone(t, tz, buf, n))
        snprintf(buf, n, "(unknown time)");
    return buf;
}

static const char *dur(double us, char *buf, size_t n)
{
    fl_statsout_duration(us, buf, n);
    return buf;
}

/* Renderer state: markdown or text differ only in emphasis and escaping. */
struct doc {
    struct fl_buf *out;
    bool md;
    const struct fl_tz *tz;
};

static void esc(struct doc *d, const char *s)
{
    if (d->md)
        md(d->out, s);
    else
        plain(d->out, s);
}

static void code(struct doc *d, const char *s)
{
    if (d->md) {
        fl_tlout_md_code(d->out, s);
    } else {
        fl_buf_addc(d->out, '"');
        plain(d->out, s);
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

static void summary_section(struct doc *d, const struct fl_incident *inc)
{
    char a[80], b[80], t[32];
    const struct fl_impact *im = &inc->impact;

    heading(d, 2, "Issue Summary");
    if (!inc->found) {
        item(d, "Finding");
        fl_buf_adds(d->out, "no latency incident found in the logs\n");
        item(d, "Evidence");
        esc(d, inc->no_incident_evidence ? inc->no_incident_evidence : "");
        fl_buf_addc(d->out, '\n');
        item(d, "Schema changes in the logs");
        fl_buf_printf(d->out, "%" PRIu64 "\n\n", inc->changes_seen);
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
    item(d, "Root cause");
    if (inc->verdict == FL_VERDICT_CHANGE) {
        fl_buf_printf(d->out, "likely the schema change ");
        code(d, inc->culprits[0].statement);
        fl_buf_printf(d->out, " at %s (%s confidence)",
                      when(inc->culprits[0].time_us, d->tz, a, sizeof a),
                      inc->culprits[0].confidence);
    } else if (inc->verdict == FL_VERDICT_LOAD) {
        fl_buf_printf(d->out, "load: the call rate rose from %.1f/s to %.1f/s "
                      "with latency up across most tables; no schema change "
                      "explains it better", im->rate_before, im->rate_during);
    } else {
        fl_buf_adds(d->out, "no schema change explains this shift; ");
        placeholder(d, "cause from other sources (deploys, traffic, hardware)");
    }
    fl_buf_adds(d->out, "\n\n");
    esc(d, inc->summary);
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
        esc(d, e->text);
        if (e->code) {
            fl_buf_addc(d->out, ' ');
            code(d, e->code);
        }
        fl_buf_addc(d->out, '\n');
    }
    fl_buf_adds(d->out, "- ");
    placeholder(d, "when the alert fired, who responded, what they tried");
    fl_buf_adds(d->out, "\n\n");
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
        fl_buf_adds(d->out, "No schema change was logged in the window before "
                            "the onset: no schema change explains this shift.\n");
    for (size_t i = 0; i < inc->nculprits; i++) {
        const struct fl_culprit *k = &inc->culprits[i];
        fl_buf_printf(d->out, "%d. ", k->rank);
        code(d, k->statement);
        fl_buf_printf(d->out, " at %s - %s confidence (score %.2f)\n   ",
                      when(k->time_us, d->tz, t, sizeof t), k->confidence,
                      k->score);
        esc(d, k->evidence);
        fl_buf_addc(d->out, '\n');
    }
    if (inc->verdict == FL_VERDICT_UNEXPLAINED && inc->nculprits)
        fl_buf_adds(d->out, "\nNone of these has evidence tied to the slowed "
                            "queries: no schema change explains this shift.\n");
    fl_buf_addc(d->out, '\n');
}

static void affected_section(struct doc *d, const struct fl_incident *inc)
{
    char a[32], b[32], c[32], e[32];

    if (!inc->naffected)
        return;
    heading(d, 3, "Most affected queries");
    for (size_t i = 0; i < inc->naffected && i < 5; i++) {
        const struct fl_affected *x = &inc->affected[i];
        fl_buf_adds(d->out, "- ");
        code(d, x->fingerprint);
        fl_buf_printf(d->out, ": p50 %s -> %s, p95 %s -> %s, %" PRIu64
                      " calls during",
                      dur(x->p50_before, a, sizeof a), dur(x->p50_during, b, sizeof b),
                      dur(x->p95_before, c, sizeof c), dur(x->p95_during, e, sizeof e),
                      x->calls_during);
        if (*x->tables) {
            fl_buf_adds(d->out, "; tables ");
            esc(d, x->tables);
        }
        fl_buf_addc(d->out, '\n');
    }
    fl_buf_addc(d->out, '\n');
}

static void resolution_section(struct doc *d, const struct fl_incident *inc)
{
    char t[80];
    const struct fl_culprit *k = inc->nculprits ? &inc->culprits[0] : NULL;

    heading(d, 2, "Resolution");
    if (inc->found && k && inc->verdict == FL_VERDICT_CHANGE && k->rollback) {
        fl_buf_adds(d->out, "The change was undone by ");
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
        if (k->lock_waits)
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

static void write_doc(const struct fl_incident *inc, const struct fl_tz *tz,
                      bool mdown, struct fl_buf *out)
{
    struct doc d = { out, mdown, tz };
    char a[80], b[80];

    heading(&d, 1, inc->found ? "Postmortem draft: database latency incident"
                              : "Postmortem draft: no latency incident found");
    fl_buf_printf(out, "%sGenerated by faultline from the database logs (%s to "
                  "%s). Fill in what the logs cannot know where marked.%s\n\n",
                  mdown ? "_" : "", when(inc->start_us, tz, a, sizeof a),
                  when(inc->end_us, tz, b, sizeof b), mdown ? "_" : "");
    summary_section(&d, inc);
    timeline_section(&d, inc);
    culprit_section(&d, inc);
    affected_section(&d, inc);
    resolution_section(&d, inc);
    measures_section(&d, inc);
}

static void write_md(const struct fl_incident *inc, const struct fl_tz *tz,
                     int64_t window_us, struct fl_buf *out)
{
    (void)window_us;
    write_doc(inc, tz, true, out);
}

static void write_text(const struct fl_incident *inc, const struct fl_tz *tz,
                       int64_t window_us, struct fl_buf *out)
{
    (void)window_us;
    write_doc(inc, tz, false, out);
}

/* ---- JSON ------------------------------------------------------------------ */

static void jstr(struct fl_buf *out, const char *key, const char *v)
{
    fl_buf_printf(out, "\"%s\":", key);
    if (!v) {
        fl_buf_adds(out, "null");
        return;
    }
    fl_buf_addc(out, '"');
    fl_buf_add_json_str(out, v, strlen(v));
    fl_buf_addc(out, '"');
}

static void jtime(struct fl_buf *out, const char *key, int64_t t)
{
    char b[FL_TIME_BUFSZ];
    if (t == INT64_MIN || t == INT64_MAX) {
        fl_buf_printf(out, "\"%s\":null", key);
        return;
    }
    fl_time_format_rfc3339(t, b, sizeof b);
    fl_buf_printf(out, "\"%s\":\"%s\"", key, b);
}

static void jnum(struct fl_buf *out, const char *key, double v)
{
    if (v < 0 || !isfinite(v))
        fl_buf_printf(out, "\"%s\":null", key);
    else
        fl_buf_printf(out, "\"%s\":%.0f", key, v);
}

static void json_impact(struct fl_buf *out, const struct fl_impact *im)
{
    fl_buf_printf(out, "\"impact\":{\"calls_during\":%" PRIu64
                  ",\"calls_affected\":%" PRIu64 ",\"share_affected\":%.4f,",
                  im->calls_during, im->calls_affected, im->share_affected);
    jnum(out, "p50_before_us", im->p50_before);
    fl_buf_addc(out, ',');
    jnum(out, "p50_during_us", im->p50_during);
    fl_buf_addc(out, ',');
    jnum(out, "p95_before_us", im->p95_before);
    fl_buf_addc(out, ',');
    jnum(out, "p95_during_us", im->p95_during);
    fl_buf_addc(out, ',');
    jnum(out, "worst_us", (double)im->worst_us);
    fl_buf_printf(out, ",\"calls_over_10x\":%" PRIu64 ",\"rate_before\":%.3f,"
                  "\"rate_during\":%.3f,\"error_rate_before\":%.4f,"
                  "\"error_rate_during\":%.4f,\"errors_during\":%" PRIu64
                  ",\"lock_waits_during\":%" PRIu64 "}", im->calls_over_10x,
                  im->rate_before, im->rate_during, im->err_rate_before,
                  im->err_rate_during, im->errors_during,
                  im->lock_waits_during);
}

static void json_affected(struct fl_buf *out, const struct fl_incident *inc)
{
    char id[17];
    fl_buf_adds(out, ",\"affected\":[");
    for (size_t i = 0; i < inc->naffected; i++) {
        const struct fl_affected *a = &inc->affected[i];
        snprintf(id, sizeof id, "%016" PRIx64, a->id);
        fl_buf_adds(out, i ? ",{" : "{");
        jstr(out, "id", id);
        fl_buf_addc(out, ',');
        jstr(out, "fingerprint", a->fingerprint);
        fl_buf_addc(out, ',');
        jstr(out, "tables", a->tables);
        fl_buf_addc(out, ',');
        jnum(out, "p50_before_us", a->p50_before);
        fl_buf_addc(out, ',');
        jnum(out, "p50_during_us", a->p50_during);
        fl_buf_addc(out, ',');
        jnum(out, "p95_before_us", a->p95_before);
        fl_buf_addc(out, ',');
        jnum(out, "p95_during_us", a->p95_during);
        fl_buf_printf(out, ",\"calls_during\":%" PRIu64 "}", a->calls_during);
    }
    fl_buf_addc(out, ']');
}

static void json_incident(struct fl_buf *out, const struct fl_incident *inc)
{
    if (!inc->found) {
        fl_buf_adds(out, "\"incident\":null");
        return;
    }
    fl_buf_adds(out, "\"incident\":{");
    jtime(out, "onset", inc->onset_us);
    fl_buf_addc(out, ',');
    jtime(out, "peak", inc->peak_us);
    fl_buf_addc(out, ',');
    jtime(out, "recovery", inc->recovered ? inc->recovery_us : INT64_MIN);
    fl_buf_printf(out, ",\"recovered\":%s,\"duration_us\":%" PRId64 ",",
                  inc->recovered ? "true" : "false",
                  inc->recovery_us - inc->onset_us);
    jnum(out, "peak_p95_us", inc->peak_p95_us);
    fl_buf_addc(out, ',');
    json_impact(out, &inc->impact);
    json_affected(out, inc);
    fl_buf_addc(out, '}');
}

static void json_culprits(struct fl_buf *out, const struct fl_incident *inc)
{
    fl_buf_adds(out, ",\"culprits\":[");
    for (size_t i = 0; i < inc->nculprits; i++) {
        const struct fl_culprit *k = &inc->culprits[i];
        fl_buf_printf(out, "%s{\"rank\":%d,", i ? "," : "", k->rank);
        jtime(out, "time", k->time_us);
        fl_buf_addc(out, ',');
        jstr(out, "kind", k->kind);
        fl_buf_addc(out, ',');
        jstr(out, "statement", k->statement);
        fl_buf_addc(out, ',');
        jstr(out, "table", *k->table ? k->table : NULL);
        fl_buf_addc(out, ',');
        jstr(out, "pid", *k->pid ? k->pid : NULL);
        fl_buf_printf(out, ",\"score\":%.3f,", k->score);
        jstr(out, "confidence", k->confidence);
        fl_buf_addc(out, ',');
        jstr(out, "evidence", k->evidence);
        fl_buf_printf(out, ",\"table_ratio\":%.3f,\"other_ratio\":%.3f,"
                      "\"touch_share\":%.3f,\"lock_waits\":%" PRIu64 ",",
                      k->table_ratio, k->other_ratio, k->touch_share,
                      k->lock_waits);
        if (k->rollback) {
            fl_buf_adds(out, "\"rollback\":{");
            jtime(out, "time", k->rollback_us);
            fl_buf_addc(out, ',');
            jstr(out, "statement", k->rollback);
            fl_buf_adds(out, "}}");
        } else {
            fl_buf_adds(out, "\"rollback\":null}");
        }
    }
    fl_buf_addc(out, ']');
}

static void write_json(const struct fl_incident *inc, const struct fl_tz *tz,
                       int64_t window_us, struct fl_buf *out)
{
    (void)tz;
    fl_buf_printf(out, "{\"verdict\":\"%s\",", fl_verdict_name(inc->verdict));
    jstr(out, "summary", inc->summary);
    fl_buf_printf(out, ",\"bucket_us\":%" PRId64 ",\"window_us\":%" PRId64
                  ",\"changes_seen\":%" PRIu64 ",\"log\":{", inc->bucket_us,
                  window_us, inc->changes_seen);
    jtime(out, "start", inc->start_us);
    fl_buf_addc(out, ',');
    jtime(out, "end", inc->end_us);
    fl_buf_adds(out, "},");
    json_incident(out, inc);
    json_culprits(out, inc);
    fl_buf_adds(out, ",\"timeline\":[");
    for (size_t i = 0; i < inc->nentries; i++) {
        fl_buf_adds(out, i ? ",{" : "{");
        jtime(out, "time", inc->entries[i].time_us);
        fl_buf_printf(out, ",\"kind\":\"%s\",", inc->entries[i].kind);
        jstr(out, "text", inc->entries[i].text);
        fl_buf_addc(out, ',');
        jstr(out, "statement", inc->entries[i].code);
        fl_buf_addc(out, '}');
    }
    fl_buf_adds(out, "],");
    jstr(out, "no_incident_evidence", inc->no_incident_evidence);
    fl_buf_adds(out, "}\n");
}

static const struct {
    const char *name;
    fl_tlout_fn fn;
} writers[] = {
    { "md", write_md },
    { "text", write_text },
    { "json", write_json },
};

fl_tlout_fn fl_tlout_find(const char *name)
{
    for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++)
        if (strcmp(writers[i].name, name) == 0)
            return writers[i].fn;
    return NULL;
}
