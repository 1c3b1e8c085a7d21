/* cmpout.c - render the comparison report (see fl_cmpout.h for the JSON
 * shape).  Read-only over the model, which holds the classes ranked. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/fl_err.h"
#include "report/fl_cmpout.h"
#include "report/fl_textfmt.h"
#include "sql/fl_fingerprint.h"

/* ---- JSON --------------------------------------------------------------------- */

static void j_period(struct fl_buf *out, const char *key,
                     const struct fl_cmp_period *p)
{
    fl_buf_printf(out, "\"%s\":{", key);
    fl_textfmt_jstr(out, "label", p->label);
    fl_buf_addc(out, ',');
    fl_textfmt_jtime(out, "start", p->start_us);
    fl_buf_addc(out, ',');
    fl_textfmt_jtime(out, "end", p->end_us);
    fl_buf_addc(out, ',');
    fl_textfmt_jtime(out, "first", p->first_us);
    fl_buf_addc(out, ',');
    fl_textfmt_jtime(out, "last", p->last_us);
    fl_buf_printf(out, ",\"calls\":%" PRIu64 ",\"inputs\":[", p->calls);
    for (size_t i = 0; i < p->ninputs; i++) {
        fl_buf_adds(out, i ? ",\"" : "\"");
        fl_buf_add_json_str(out, p->inputs[i], strlen(p->inputs[i]));
        fl_buf_addc(out, '"');
    }
    fl_buf_adds(out, "]}");
}

static void j_side(struct fl_buf *out, const char *key,
                   const struct fl_cmp_side *s)
{
    fl_buf_printf(out, ",\"%s\":{\"calls\":%" PRIu64 ",\"errors\":%" PRIu64
                  ",\"total_us\":%" PRId64 ",", key, s->calls, s->errors,
                  s->total_us);
    fl_textfmt_jnum(out, "mean_us", s->mean_us);
    fl_buf_addc(out, ',');
    fl_textfmt_jnum(out, "p50_us", s->p50_us);
    fl_buf_addc(out, ',');
    fl_textfmt_jnum(out, "p95_us", s->p95_us);
    fl_buf_addc(out, ',');
    fl_textfmt_jnum(out, "p99_us", s->p99_us);
    if (s->above < 0)
        fl_buf_adds(out, ",\"above_p95_share\":null}");
    else
        fl_buf_printf(out, ",\"above_p95_share\":%.4f}", s->above);
}

static void j_change(struct fl_buf *out, const struct fl_change *c)
{
    fl_buf_addc(out, '{');
    fl_textfmt_jtime(out, "time", c->time_us);
    fl_buf_addc(out, ',');
    fl_textfmt_jstr(out, "kind", c->kind);
    fl_buf_addc(out, ',');
    fl_textfmt_jstr(out, "domain", c->domain);
    fl_buf_addc(out, ',');
    fl_textfmt_jstr(out, "subjects", c->subjects);
    fl_buf_addc(out, ',');
    fl_textfmt_jstr(out, "text", c->text);
    fl_buf_addc(out, ',');
    fl_textfmt_jstr(out, "version", c->version);
    fl_buf_addc(out, '}');
}

static void j_tables(struct fl_buf *out, const char *t)
{
    bool first = true;

    fl_buf_adds(out, ",\"tables\":[");
    while (t && *t) {
        const char *e = strchr(t, ',');
        size_t n = e ? (size_t)(e - t) : strlen(t);
        fl_buf_adds(out, first ? "\"" : ",\"");
        fl_buf_add_json_str(out, t, n);
        fl_buf_addc(out, '"');
        first = false;
        t = e ? e + 1 : NULL;
    }
    fl_buf_addc(out, ']');
}

static void j_class(struct fl_buf *out, const struct fl_compare *c,
                    const struct fl_cmp_class *k)
{
    char id[17];

    fl_sql_id_hex(k->id, id);
    fl_buf_printf(out, "{\"id\":\"%s\",", id);
    fl_textfmt_jstr(out, "domain", k->domain);
    fl_buf_addc(out, ',');
    fl_textfmt_jstr(out, "text", k->text);
    j_tables(out, k->tables);
    fl_buf_printf(out, ",\"category\":\"%s\",\"impact_us\":%.0f,\"z\":%.2f",
                  fl_cmp_category_name(k->category),
                  isfinite(k->impact_us) ? k->impact_us : 0.0,
                  isfinite(k->z) ? k->z : 0.0);
    j_side(out, "before", &k->before);
    j_side(out, "after", &k->after);
    fl_buf_adds(out, ",\"changes\":[");
    for (size_t i = 0; i < k->nchanges; i++) {
        if (i)
            fl_buf_addc(out, ',');
        j_change(out, &c->changes[k->changes[i]]);
    }
    fl_buf_adds(out, "]}");
}

int fl_cmpout_json(const struct fl_report *r, const struct fl_write_opts *o,
                   struct fl_buf *out)
{
    const struct fl_compare *c = r->compare;

    (void)o;
    if (r->kind != FL_REPORT_COMPARE || !c)
        return FL_ERR_USAGE;
    fl_buf_addc(out, '{');
    j_period(out, "before", &c->before);
    fl_buf_addc(out, ',');
    j_period(out, "after", &c->after);
    fl_buf_printf(out, ",\"thresholds\":{\"min_ratio\":%g,\"min_effect_us\":%"
                  PRId64 ",\"z\":%g},\"counts\":{", c->opts.min_ratio,
                  c->opts.min_effect_us < 0 ? 0 : c->opts.min_effect_us,
                  c->opts.z_crit);
    for (int k = 0; k < FL_CMP__COUNT; k++)
        fl_buf_printf(out, "%s\"%s\":%zu", k ? "," : "",
                      fl_cmp_category_name(k), c->counts[k]);
    fl_buf_adds(out, "},\"changes\":[");
    for (size_t i = 0; i < c->nchanges; i++) {
        fl_buf_adds(out, i ? ",\n" : "\n");
        j_change(out, &c->changes[i]);
    }
    fl_buf_adds(out, "],\"classes\":[");
    for (size_t i = 0; i < c->nclasses; i++) {
        fl_buf_adds(out, i ? ",\n" : "\n");
        j_class(out, c, &c->classes[i]);
    }
    fl_buf_adds(out, "]}\n");
    return FL_OK;
}

/* ---- Markdown and text ------------------------------------------------------------ */

static const char *const headings[FL_CMP__COUNT] = {
    "Regressed (slower beyond chance, by a material amount)",
    "Errors up",
    "New (no call in the before period)",
    "Vanished (no call in the after period)",
    "Improved",
    "Volume changed (calls moved, latency did not)",
    "Unchanged"
};

struct style {
    bool md;
    const struct fl_write_opts *wo;
};

static void put_text(struct fl_buf *out, const struct style *st,
                     const char *s, size_t max)
{
    char cut[256];
    size_t n = strlen(s);

    if (max > sizeof cut - 4)
        max = sizeof cut - 4;
    if (n > max) {
        memcpy(cut, s, max);
        memcpy(cut + max, "...", 4);
        s = cut;
    }
    if (st->md)
        fl_textfmt_md_code(out, s);
    else
        fl_textfmt_plain(out, s);
}

static void put_dur(struct fl_buf *out, double us)
{
    char b[32];

    fl_textfmt_duration(us, b, sizeof b);
    fl_buf_adds(out, b);
}

static void put_period(struct fl_buf *out, const struct style *st,
                       const char *name, const struct fl_cmp_period *p)
{
    char a[64], b[64];
    bool bounded = p->start_us != INT64_MIN && p->end_us != INT64_MAX;

    fl_buf_printf(out, "%s%s:%s ", st->md ? "- **" : "", name,
                  st->md ? "**" : "");
    if (st->md)
        fl_textfmt_md_escape(out, p->label, strlen(p->label));
    else
        fl_textfmt_plain(out, p->label);
    fl_buf_printf(out, ", %s to %s, %" PRIu64 " calls from %zu input%s\n",
                  fl_textfmt_when(bounded ? p->start_us : p->first_us,
                                  st->wo->tz, a, sizeof a),
                  fl_textfmt_when(bounded ? p->end_us : p->last_us,
                                  st->wo->tz, b, sizeof b),
                  p->calls, p->ninputs, p->ninputs == 1 ? "" : "s");
}

static void put_row(struct fl_buf *out, const struct style *st, size_t rank,
                    const struct fl_cmp_class *k)
{
    double pb = k->before.p95_us, pa = k->after.p95_us;

    fl_buf_printf(out, st->md ? "| %zu | " : "%4zu  ", rank);
    put_text(out, st, k->text, st->md ? 120 : 60);
    fl_buf_printf(out, st->md ? " | %" PRIu64 " -> %" PRIu64 " | "
                              : "\n      calls %" PRIu64 " -> %" PRIu64 ", p95 ",
                  k->before.calls, k->after.calls);
    put_dur(out, pb);
    fl_buf_adds(out, " -> ");
    put_dur(out, pa);
    if (pb > 0 && pa >= 0)
        fl_buf_printf(out, st->md ? " | %+.0f%% | " : " (%+.0f%%), extra time ",
                      100.0 * (pa - pb) / pb);
    else
        fl_buf_adds(out, st->md ? " | | " : ", extra time ");
    if (k->impact_us < 0)
        fl_buf_adds(out, "-");
    put_dur(out, fabs(k->impact_us));
    fl_buf_adds(out, st->md ? " |\n" : "\n");
}

static void put_changes(struct fl_buf *out, const struct style *st,
                        const struct fl_compare *c,
                        const struct fl_cmp_class *k)
{
    char when[64];

    if (!k->nchanges)
        return;
    fl_buf_adds(out, st->md ? "\n  Changes touching it:\n"
                            : "      changes touching it:\n");
    for (size_t i = 0; i < k->nchanges; i++) {
        const struct fl_change *ch = &c->changes[k->changes[i]];
        fl_buf_printf(out, "%s%s ", st->md ? "  - " : "        ",
                      fl_textfmt_when(ch->time_us, st->wo->tz, when,
                                      sizeof when));
        fl_textfmt_plain(out, ch->kind);
        fl_buf_adds(out, " ");
        put_text(out, st, ch->text[0] ? ch->text : ch->version, 160);
        fl_buf_addc(out, '\n');
    }
}

static void put_category(struct fl_buf *out, const struct style *st,
                         const struct fl_compare *c, enum fl_cmp_category cat)
{
    size_t shown = 0;

    if (!c->counts[cat])
        return;
    fl_buf_printf(out, st->md ? "\n## %s: %zu\n\n" : "\n%s: %zu\n", headings[cat],
                  c->counts[cat]);
    if (st->md)
        fl_buf_adds(out, "| # | Class | Calls | p95 | Change | Extra time |\n"
                         "|---:|---|---|---|---:|---:|\n");
    for (size_t i = 0; i < c->nclasses && shown < FL_CMPOUT_ROWS; i++) {
        const struct fl_cmp_class *k = &c->classes[i];
        if (k->category != cat)
            continue;
        put_row(out, st, ++shown, k);
        if (!st->md && (cat == FL_CMP_REGRESSED || cat == FL_CMP_ERRORS_UP))
            put_changes(out, st, c, k);
    }
    if (c->counts[cat] > shown)
        fl_buf_printf(out, "\n%s%zu more (see -O json)\n", st->md ? "" : "      ",
                      c->counts[cat] - shown);
    if (st->md && (cat == FL_CMP_REGRESSED || cat == FL_CMP_ERRORS_UP))
        for (size_t i = 0, n = 0; i < c->nclasses && n < shown; i++)
            if (c->classes[i].category == cat && ++n &&
                c->classes[i].nchanges) {
                fl_buf_printf(out, "\n%zu. ", n);
                put_text(out, st, c->classes[i].text, 80);
                put_changes(out, st, c, &c->classes[i]);
            }
}

static int write_prose(const struct fl_report *r, const struct style *st,
                       struct fl_buf *out)
{
    const struct fl_compare *c = r->compare;

    if (r->kind != FL_REPORT_COMPARE || !c)
        return FL_ERR_USAGE;
    fl_buf_adds(out, st->md ? "# Regression report: " : "Regression report: ");
    if (st->md) {
        fl_textfmt_md_escape(out, c->after.label, strlen(c->after.label));
        fl_buf_adds(out, " against ");
        fl_textfmt_md_escape(out, c->before.label, strlen(c->before.label));
    } else {
        fl_textfmt_plain(out, c->after.label);
        fl_buf_adds(out, " against ");
        fl_textfmt_plain(out, c->before.label);
    }
    fl_buf_adds(out, st->md ? "\n\n" : "\n\n");
    put_period(out, st, "Before", &c->before);
    put_period(out, st, "After", &c->after);
    fl_buf_printf(out, "\n%s%zu regressed%s, %zu with more errors, %zu new, "
                  "%zu vanished, %zu improved, %zu changed in volume, %zu "
                  "unchanged (p95 up at least %.0f%% and ",
                  st->md ? "**" : "", c->counts[FL_CMP_REGRESSED],
                  st->md ? "**" : "", c->counts[FL_CMP_ERRORS_UP],
                  c->counts[FL_CMP_NEW], c->counts[FL_CMP_VANISHED],
                  c->counts[FL_CMP_IMPROVED], c->counts[FL_CMP_VOLUME],
                  c->counts[FL_CMP_UNCHANGED], 100 * c->opts.min_ratio);
    put_dur(out, (double)(c->opts.min_effect_us < 0 ? 0 : c->opts.min_effect_us));
    fl_buf_printf(out, ", and a tail test with z >= %.2f).\n", c->opts.z_crit);
    if (!c->counts[FL_CMP_REGRESSED])
        fl_buf_adds(out, "\nNothing regressed.\n");
    for (int k = 0; k < FL_CMP_UNCHANGED; k++)
        put_category(out, st, c, (enum fl_cmp_category)k);
    return FL_OK;
}

int fl_cmpout_md(const struct fl_report *r, const struct fl_write_opts *o,
                 struct fl_buf *out)
{
    struct style st = { true, o };
    return write_prose(r, &st, out);
}

int fl_cmpout_text(const struct fl_report *r, const struct fl_write_opts *o,
                   struct fl_buf *out)
{
    struct style st = { false, o };
    return write_prose(r, &st, out);
}
