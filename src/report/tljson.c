/* tljson.c - the timeline report as JSON (shape in fl_tljson.h): the
 * model's numbers under stable keys; culprit evidence is an object of
 * named numbers, timeline entries are typed records, and the sentences of
 * the prose writers ride along in "summary", "evidence_text" and "text".
 * Times are RFC 3339 UTC; absent numbers are null. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/fl_err.h"
#include "report/fl_phrase.h"
#include "report/fl_textfmt.h"
#include "report/fl_tljson.h"

#define jstr fl_textfmt_jstr
#define jtime fl_textfmt_jtime
#define jnum fl_textfmt_jnum

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

static void json_affected(struct fl_buf *out, const struct fl_affected *aff,
                          size_t n)
{
    char id[17];

    fl_buf_adds(out, ",\"affected\":[");
    for (size_t i = 0; i < n; i++) {
        const struct fl_affected *a = &aff[i];
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
        fl_buf_printf(out, ",\"calls_during\":%" PRIu64 ",\"new\":%s,"
                      "\"ratio\":%.3f}", a->calls_during,
                      a->is_new ? "true" : "false", a->ratio);
    }
    fl_buf_addc(out, ']');
}

/* The other domains' figures over the window, and the clock offset. */
static void json_sides(struct fl_buf *out, const struct fl_incident *inc)
{
    fl_buf_adds(out, ",\"sides\":[");
    for (size_t i = 0; i < inc->nsides; i++) {
        const struct fl_incident_side *sd = &inc->sides[i];
        fl_buf_adds(out, i ? ",{" : "{");
        jstr(out, "domain", sd->domain);
        fl_buf_printf(out, ",\"found\":%s,", sd->found ? "true" : "false");
        jtime(out, "onset", sd->found ? sd->onset_us : INT64_MIN);
        fl_buf_addc(out, ',');
        json_impact(out, &sd->impact);
        json_affected(out, sd->affected, sd->naffected);
        fl_buf_addc(out, '}');
    }
    fl_buf_adds(out, "],\"clock_offset\":");
    if (inc->has_clock_offset) {
        fl_buf_adds(out, "{");
        jstr(out, "domain", inc->clock_domain);
        fl_buf_addc(out, ',');
        jstr(out, "against", inc->domain);
        fl_buf_printf(out, ",\"seconds\":%.3f}", inc->clock_offset_s);
    } else {
        fl_buf_adds(out, "null");
    }
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
    json_affected(out, inc->affected, inc->naffected);
    json_sides(out, inc);
    fl_buf_addc(out, '}');
}

/* The evidence of k as named numbers. */
static void json_evidence(struct fl_buf *out, const struct fl_culprit *k)
{
    const struct fl_evidence *ev = &k->ev;

    fl_buf_printf(out, "\"evidence\":{\"onset_offset_s\":%.3f,", ev->onset_offset_s);
    if (ev->has_ratios)
        fl_buf_printf(out, "\"table_ratio\":%.3f,\"other_ratio\":%.3f,",
                      ev->table_ratio, ev->other_ratio);
    else
        fl_buf_adds(out, "\"table_ratio\":null,\"other_ratio\":null,");
    if (ev->has_touch)
        fl_buf_printf(out, "\"touch_share\":%.3f,", ev->touch_share);
    else
        fl_buf_adds(out, "\"touch_share\":null,");
    fl_buf_printf(out, "\"lock_waits\":%" PRIu64 ",", ev->lock_waits);
    if (ev->has_rollback_offset)
        fl_buf_printf(out, "\"rollback_offset_s\":%.3f,", ev->rollback_offset_s);
    else
        fl_buf_adds(out, "\"rollback_offset_s\":null,");
    if (ev->has_fresh)
        fl_buf_printf(out, "\"fresh_share\":%.3f,\"fresh_classes\":%" PRIu64
                      ",", ev->fresh_share, ev->fresh_classes);
    else
        fl_buf_adds(out, "\"fresh_share\":null,\"fresh_classes\":null,");
    fl_buf_printf(out, "\"error_ratio\":%.3f,", ev->err_ratio);
    fl_buf_printf(out, "\"undone_before_onset\":%s,\"parts\":{\"timing\":%.3f,"
                  "\"did\":%.3f,\"lock\":%.3f,\"rollback\":%.3f,"
                  "\"fresh\":%.3f,\"bracket\":%.3f,\"errors\":%.3f}}",
                  ev->undone_before ? "true" : "false", ev->timing, ev->did,
                  ev->lock, ev->rollback, ev->fresh, ev->bracket, ev->errors);
}

/* A linked change ("migration", "release"), null when none. */
static void json_link(struct fl_buf *out, const char *key,
                      const struct fl_culprit_link *l)
{
    fl_buf_printf(out, ",\"%s\":", key);
    if (!l->text) {
        fl_buf_adds(out, "null");
        return;
    }
    fl_buf_addc(out, '{');
    jtime(out, "time", l->time_us);
    fl_buf_addc(out, ',');
    jstr(out, "kind", l->kind);
    fl_buf_addc(out, ',');
    jstr(out, "text", l->text);
    fl_buf_addc(out, ',');
    jstr(out, "version", *l->version ? l->version : NULL);
    fl_buf_addc(out, '}');
}

static void json_fresh(struct fl_buf *out, const struct fl_culprit *k)
{
    fl_buf_adds(out, ",\"fresh\":[");
    for (size_t i = 0; i < k->nfresh; i++) {
        fl_buf_adds(out, i ? ",{" : "{");
        jstr(out, "text", k->fresh[i].text);
        fl_buf_addc(out, ',');
        jstr(out, "domain", k->fresh[i].domain);
        fl_buf_printf(out, ",\"calls\":%" PRIu64 ",\"share\":%.4f}",
                      k->fresh[i].calls, k->fresh[i].share);
    }
    fl_buf_addc(out, ']');
}

static void json_members(struct fl_buf *out, const struct fl_culprit *k)
{
    fl_buf_printf(out, ",\"tie\":%s,\"members\":[", k->tie ? "true" : "false");
    for (size_t i = 0; i < k->nmembers; i++) {
        fl_buf_adds(out, i ? ",{" : "{");
        jtime(out, "time", k->members[i].time_us);
        fl_buf_addc(out, ',');
        jstr(out, "kind", k->members[i].kind);
        fl_buf_addc(out, ',');
        jstr(out, "statement", k->members[i].statement);
        fl_buf_addc(out, '}');
    }
    fl_buf_addc(out, ']');
}

static void json_culprit(struct fl_buf *out, const struct fl_incident *inc,
                         const struct fl_culprit *k, struct fl_buf *tmp)
{
    fl_buf_printf(out, "{\"rank\":%d,", k->rank);
    jtime(out, "time", k->time_us);
    fl_buf_addc(out, ',');
    jstr(out, "kind", k->kind);
    fl_buf_addc(out, ',');
    jstr(out, "domain", k->domain);
    fl_buf_addc(out, ',');
    jstr(out, "statement", k->statement);
    fl_buf_addc(out, ',');
    jstr(out, "version", k->version && *k->version ? k->version : NULL);
    json_link(out, "migration", &k->migration);
    json_link(out, "release", &k->release);
    fl_buf_addc(out, ',');
    jstr(out, "table", *k->table ? k->table : NULL);
    fl_buf_addc(out, ',');
    jstr(out, "pid", *k->pid ? k->pid : NULL);
    fl_buf_printf(out, ",\"score\":%.3f,", k->score);
    jstr(out, "confidence", fl_confidence_name(k->confidence));
    json_members(out, k);
    json_fresh(out, k);
    fl_buf_addc(out, ',');
    json_evidence(out, k);
    fl_buf_reset(tmp);
    fl_phrase_evidence(inc, k, tmp);
    fl_buf_addc(out, ',');
    jstr(out, "evidence_text", tmp->p);
    fl_buf_addc(out, ',');
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

static void json_culprits(struct fl_buf *out, const struct fl_incident *inc,
                          struct fl_buf *tmp)
{
    fl_buf_adds(out, ",\"culprits\":[");
    for (size_t i = 0; i < inc->nculprits; i++) {
        if (i)
            fl_buf_addc(out, ',');
        json_culprit(out, inc, &inc->culprits[i], tmp);
    }
    fl_buf_addc(out, ']');
}

/* The typed fields of an entry (those it has). */
static void json_entry_fields(struct fl_buf *out, const struct fl_tl_entry *e)
{
    if (e->pid) {
        fl_buf_addc(out, ',');
        jstr(out, "pid", e->pid);
    }
    if (e->kind) {
        fl_buf_addc(out, ',');
        jstr(out, "change_kind", e->kind);
        fl_buf_addc(out, ',');
        jstr(out, "version", *e->version ? e->version : NULL);
    }
    if (e->group) {
        fl_buf_addc(out, ',');
        jstr(out, "group", e->group);
    }
    if (e->message) {
        fl_buf_addc(out, ',');
        jstr(out, "message", e->message);
        fl_buf_printf(out, ",\"count\":%" PRIu64, e->count);
    }
    if (e->blocker) {
        fl_buf_addc(out, ',');
        jstr(out, "blocker", e->blocker);
    }
    if (e->value_us >= 0) {
        fl_buf_addc(out, ',');
        jnum(out, "p95_us", e->value_us);
    }
}

static void json_timeline(struct fl_buf *out, const struct fl_incident *inc,
                          struct fl_buf *tmp)
{
    fl_buf_adds(out, ",\"timeline\":[");
    for (size_t i = 0; i < inc->nentries; i++) {
        const struct fl_tl_entry *e = &inc->entries[i];
        fl_buf_adds(out, i ? ",{" : "{");
        jtime(out, "time", e->time_us);
        fl_buf_printf(out, ",\"kind\":\"%s\",", fl_tl_type_name(e->type));
        fl_buf_reset(tmp);
        fl_phrase_entry(inc, e, tmp);
        jstr(out, "text", tmp->p);
        fl_buf_addc(out, ',');
        jstr(out, "statement", e->statement);
        json_entry_fields(out, e);
        fl_buf_addc(out, '}');
    }
    fl_buf_addc(out, ']');
}

static void json_no_incident(struct fl_buf *out, const struct fl_incident *inc,
                             struct fl_buf *tmp)
{
    if (inc->found) {
        fl_buf_adds(out, ",\"no_incident\":null,\"no_incident_evidence\":null");
        return;
    }
    fl_buf_adds(out, ",\"no_incident\":{");
    jnum(out, "p50_low_us", inc->quiet_p50_lo_us);
    fl_buf_addc(out, ',');
    jnum(out, "p50_high_us", inc->quiet_p50_hi_us);
    fl_buf_printf(out, ",\"buckets\":%zu,\"shift_ratio\":%.1f,",
                  inc->nbuckets, inc->shift_up);
    jnum(out, "min_effect_us", inc->min_effect_us);
    fl_buf_adds(out, ",\"largest_shift\":");
    if (inc->below != FL_BELOW_NONE) {
        fl_buf_addc(out, '{');
        jstr(out, "group", inc->below_group);
        fl_buf_addc(out, ',');
        jtime(out, "onset", inc->below_onset_us);
        fl_buf_addc(out, ',');
        jnum(out, "p50_before_us", inc->below_before_us);
        fl_buf_addc(out, ',');
        jnum(out, "p50_during_us", inc->below_during_us);
        fl_buf_printf(out, ",\"below\":\"%s\"}", inc->below == FL_BELOW_EFFECT
                      ? "min_effect" : inc->below == FL_BELOW_NOISE
                      ? "noise" : "min_share");
    } else {
        fl_buf_adds(out, "null");
    }
    fl_buf_adds(out, "},");
    fl_buf_reset(tmp);
    fl_phrase_no_incident(inc, tmp);
    jstr(out, "no_incident_evidence", tmp->p);
}

void fl_tljson_series(const struct fl_report *r, struct fl_buf *out)
{
    char id[17];

    fl_buf_adds(out, ",\"series\":[");
    for (size_t i = 0; i < r->nseries; i++) {
        const struct fl_report_series *sr = &r->series[i];
        snprintf(id, sizeof id, "%016" PRIx64, sr->id);
        fl_buf_adds(out, i ? ",{" : "{");
        jstr(out, "key", sr->key);
        fl_buf_addc(out, ',');
        jstr(out, "id", sr->id ? id : NULL);
        fl_buf_adds(out, ",\"points\":[");
        for (size_t k = 0; k < sr->npoints; k++) {
            const struct fl_report_point *p = &sr->points[k];
            fl_buf_adds(out, k ? ",{" : "{");
            jtime(out, "start", p->start_us);
            fl_buf_printf(out, ",\"calls\":%" PRIu64 ",\"errors\":%" PRIu64 ",",
                          p->calls, p->errors);
            jnum(out, "p50_us", p->p50_us);
            fl_buf_addc(out, ',');
            jnum(out, "p95_us", p->p95_us);
            fl_buf_addc(out, '}');
        }
        fl_buf_adds(out, "]}");
    }
    fl_buf_addc(out, ']');
}

static void json_inputs(struct fl_buf *out, const struct fl_report *r)
{
    const struct fl_report_left_out *lo = &r->left_out;

    fl_buf_adds(out, ",\"inputs\":[");
    for (size_t i = 0; i < r->ninputs; i++) {
        const struct fl_report_input *in = &r->inputs[i];
        fl_buf_adds(out, i ? ",{" : "{");
        jstr(out, "path", in->path);
        fl_buf_addc(out, ',');
        jstr(out, "format", *in->format ? in->format : NULL);
        fl_buf_addc(out, ',');
        jstr(out, "compression", in->compression);
        fl_buf_printf(out, ",\"lines\":%" PRIu64 ",\"events\":%" PRIu64
                      ",\"unparsed\":%" PRIu64 ",\"partial\":%s,\"skipped\":%s}",
                      in->lines, in->events, in->unparsed,
                      in->partial ? "true" : "false",
                      in->skipped ? "true" : "false");
    }
    fl_buf_printf(out, "],\"files_not_logs\":%zu", r->ninputs_not_logs);
    fl_buf_printf(out, ",\"left_out\":{\"journal_events\":%" PRIu64
                  ",\"journal_changes\":%" PRIu64 ",\"classes_folded\":%s,"
                  "\"calls_folded\":%" PRIu64 ",\"series_buckets\":%" PRIu64 "}",
                  lo->journal_events, lo->journal_changes,
                  lo->classes_folded ? "true" : "false", lo->calls_folded,
                  lo->series_buckets);
}

int fl_tljson_write(const struct fl_report *r, const struct fl_write_opts *o,
                    struct fl_buf *out)
{
    const struct fl_incident *inc = r->incident;
    struct fl_buf tmp;

    (void)o;
    if (r->kind != FL_REPORT_TIMELINE || !inc)
        return FL_ERR_USAGE;
    fl_buf_init(&tmp);
    fl_phrase_summary(inc, &tmp);
    fl_buf_printf(out, "{\"verdict\":\"%s\",", fl_verdict_name(inc->verdict));
    jstr(out, "domain", inc->domain && *inc->domain ? inc->domain : NULL);
    fl_buf_addc(out, ',');
    jstr(out, "summary", tmp.p);
    fl_buf_printf(out, ",\"bucket_us\":%" PRId64 ",\"window_us\":%" PRId64
                  ",\"changes_seen\":%" PRIu64 ",\"log\":{", inc->bucket_us,
                  inc->window_us, inc->changes_seen);
    jtime(out, "start", inc->start_us);
    fl_buf_addc(out, ',');
    jtime(out, "end", inc->end_us);
    fl_buf_adds(out, "},");
    json_incident(out, inc);
    json_culprits(out, inc, &tmp);
    json_timeline(out, inc, &tmp);
    json_no_incident(out, inc, &tmp);
    fl_tljson_series(r, out);
    json_inputs(out, r);
    fl_buf_adds(out, "}\n");
    fl_buf_cleanup(&tmp);
    return FL_OK;
}
