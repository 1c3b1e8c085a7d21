/* run.c - the library driver (see fl_run.h): set-up of a run, the filters
 * in front of the consumers, and the two command pipelines.
 *
 * Invariants: the zone and the formats are loaded once per run and only
 * read afterwards; a filter counts every event it leaves out; events reach
 * the consumer in log order whether or not a second thread is used. */
#include <stdlib.h>
#include <string.h>

#include "run/fl_zones.h"
#include "run/fl_run.h"
#include "run/fl_runsum.h"
#include "run/fl_clock.h"
#include "run/fl_state.h"
#include "event/fl_pipe.h"
#include "format/fl_format.h"
#include "parse/fl_parse.h"
#include "time/fl_time.h"
#include "time/fl_tz.h"
#include "base/fl_xalloc.h"

/* The kinds `stats` and `timeline` read; the others are counted as left
 * out by the command. */
#define ANALYSIS_KINDS ((1u << FL_EV_QUERY) | (1u << FL_EV_DDL) | \
                        (1u << FL_EV_ERROR) | (1u << FL_EV_DEADLOCK) | \
                        (1u << FL_EV_LOCK_WAIT) | (1u << FL_EV_REQUEST) | \
                        (1u << FL_EV_DEPLOY) | (1u << FL_EV_MIGRATION) | \
                        (1u << FL_EV_CONFIG))

struct fl_run {
    struct fl_run_opts o;           /* borrowed strings */
    struct fl_formats *formats;     /* owned */
    struct fl_tz *tz;               /* owned, NULL = UTC */
    int64_t since, until;           /* window, INT64_MIN/MAX if open */
    struct fl_clock clock;          /* --clock-offset */
    struct fl_run_split split;      /* inputs: logs and summaries */
};

/* ---- set-up ------------------------------------------------------------------ */

static int load_formats(struct fl_run *r, struct fl_err *err)
{
    struct fl_format_opts fo;
    int rc;

    memset(&fo, 0, sizeof fo);
    fo.dirs = r->o.format_dirs;
    fo.ndirs = r->o.nformat_dirs;
    fo.user_dir = r->o.user_format_dir;
    fo.system_dir = r->o.system_format_dir;
    fo.builtin = true;
    if ((rc = fl_formats_load(&r->formats, &fo, err)) != FL_OK)
        return rc;
    for (size_t i = 0; i < fl_formats_count(r->formats); i++)
        if ((rc = fl_parse_check_samples(fl_formats_get(r->formats, i), err))
            != FL_OK)
            return rc;
    if (r->o.prefix &&
        fl_formats_add_prefix(r->formats, r->o.prefix, err) != FL_OK) {
        char m[sizeof err->msg];
        memcpy(m, err->msg, sizeof m);
        return fl_err_set(err, FL_ERR_USAGE, NULL, 0, UINT64_MAX,
                          "--prefix: %.900s", m);
    }
    return FL_OK;
}

static int parse_bound(const char *opt, const char *s, const struct fl_tz *tz,
                       int64_t *us, struct fl_err *err)
{
    if (!s || fl_time_parse_user(s, tz, us) == FL_OK)
        return FL_OK;
    return fl_err_set(err, FL_ERR_USAGE, NULL, 0, UINT64_MAX,
                      "%s: cannot read time \"%.200s\" (YYYY-MM-DD[ HH:MM[:SS]]"
                      "[zone] or @EPOCH)", opt, s);
}

static int load_zone(struct fl_run *r, struct fl_err *err)
{
    char m[sizeof err->msg];

    if (!r->o.tz || fl_tz_load(&r->tz, r->o.tz, err) == FL_OK)
        return FL_OK;
    memcpy(m, err->msg, sizeof m);
    return fl_err_set(err, FL_ERR_USAGE, NULL, 0, UINT64_MAX, "--tz: %.900s", m);
}

int fl_run_new(struct fl_run **out, const struct fl_run_opts *o,
               struct fl_err *err)
{
    struct fl_run *r = fl_xcalloc(1, sizeof *r);
    int rc;

    fl_err_clear(err);
    r->o = *o;
    r->since = INT64_MIN;
    r->until = INT64_MAX;
    if ((rc = load_zone(r, err)) != FL_OK ||
        (rc = parse_bound("--since", o->since, r->tz, &r->since, err)) != FL_OK ||
        (rc = parse_bound("--until", o->until, r->tz, &r->until, err)) != FL_OK ||
        (rc = fl_clock_parse(&r->clock, o->clock_offsets, o->nclock_offsets,
                             err)) != FL_OK ||
        (rc = load_formats(r, err)) != FL_OK) {
        fl_run_free(r);
        *out = NULL;
        return rc;
    }
    fl_run_split_inputs(o->inputs, o->ninputs, &r->split);
    *out = r;
    return FL_OK;
}

void fl_run_free(struct fl_run *r)
{
    if (!r)
        return;
    fl_run_split_free(&r->split);
    fl_formats_free(r->formats);
    fl_tz_free(r->tz);
    free(r);
}

const struct fl_formats *fl_run_formats(const struct fl_run *r)
{
    return r->formats;
}

const struct fl_stats_opts *fl_run_stats_opts(const struct fl_run *r)
{
    return &r->o.stats;
}

const struct fl_tz *fl_run_tz(const struct fl_run *r)
{
    return r->tz;
}

/* ---- the filter in front of the consumer ----------------------------------- */

struct filter {
    const struct fl_run *r;
    unsigned kinds;                 /* 0 = every kind */
    fl_event_fn next;               /* consumer, or fl_pipe_push */
    void *next_ctx;
    struct fl_run_result *res;      /* counters */
    atomic_int *stop;               /* see fl_run_cbs, may be NULL */
    struct fl_clock clock;          /* the run's offsets, with a cache */
};

/* Is t inside the --since/--until window (unknown times are not)? */
static bool in_window(const struct fl_run *r, int64_t t)
{
    if (r->since == INT64_MIN && r->until == INT64_MAX)
        return true;
    return t != INT64_MIN && t >= r->since && t < r->until;
}

static int pass_event(struct filter *f, const struct fl_event *ev);

static int filter_event(const struct fl_event *ev, void *ctx)
{
    struct filter *f = ctx;

    if (f->stop && atomic_load(f->stop))
        return -1;
    if (f->kinds && !(f->kinds & (1u << ev->kind))) {
        f->res->other_kinds++;
        return 0;
    }
    if (f->clock.n && ev->time_us != INT64_MIN) {
        int64_t off = fl_clock_offset(&f->clock, ev->file);
        if (off) {
            struct fl_event shifted = *ev;
            shifted.time_us += off;
            return pass_event(f, &shifted);
        }
    }
    return pass_event(f, ev);
}

static int pass_event(struct filter *f, const struct fl_event *ev)
{
    if (!in_window(f->r, ev->time_us)) {
        f->res->out_of_window++;
        return 0;
    }
    f->res->kept++;
    return f->next(ev, f->next_ctx);
}

/* With a state directory, finished files go to the state and then to the
 * caller's callback. */
struct state_tee {
    struct fl_state *state;
    fl_file_fn file;
    void *ctx;
};

static void state_file(void *ctx, const struct fl_ingest_file *f)
{
    struct state_tee *t = ctx;

    fl_state_on_file(t->state, f);
    if (t->file)
        t->file(t->ctx, f);
}

/* Run the ingest through the filter into consume (on a second thread
 * unless one_thread). */
static int run_filtered(struct fl_run *r, const char *const *paths, size_t n,
                        unsigned kinds, fl_event_fn consume,
                        void *ctx, const struct fl_run_cbs *cbs,
                        struct fl_run_result *res, struct fl_err *err)
{
    struct fl_pipe *pipe = r->o.one_thread ? NULL : fl_pipe_new(consume, ctx);
    struct filter f = { r, kinds, pipe ? fl_pipe_push : consume,
                        pipe ? (void *)pipe : ctx, res,
                        cbs ? cbs->stop : NULL, r->clock };
    struct fl_ingest_opts io;
    struct fl_ingest_cbs ic;
    struct state_tee st = { r->o.state, NULL, NULL };
    int rc;

    memset(res, 0, sizeof *res);
    memset(&io, 0, sizeof io);
    io.formats = r->formats;
    io.force_format = r->o.format ? r->o.format
                    : r->o.prefix ? "postgresql-prefix" : NULL;
    io.tz = r->tz;
    io.bad_line_samples = r->o.bad_line_samples;
    io.domains = fl_run_domains();
    memset(&ic, 0, sizeof ic);
    ic.event = filter_event;
    ic.event_ctx = &f;
    if (cbs) {
        ic.diag = cbs->diag;
        ic.diag_ctx = cbs->ctx;
        ic.file = cbs->file;
        ic.file_ctx = cbs->ctx;
    }
    if (r->o.state) {
        io.start = fl_state_start;
        io.start_ctx = r->o.state;
        st.file = ic.file;
        st.ctx = ic.file_ctx;
        ic.file = state_file;
        ic.file_ctx = &st;
    }
    rc = fl_ingest_run(paths, n, &io, &ic, &res->ingest, err);
    fl_pipe_free(pipe);
    return rc;
}

/* ---- commands ------------------------------------------------------------------ */

int fl_run_events(struct fl_run *r, fl_event_fn sink, void *ctx,
                  const struct fl_run_cbs *cbs, struct fl_run_result *res,
                  struct fl_err *err)
{
    return run_filtered(r, r->o.inputs, r->o.ninputs, r->o.kinds, sink, ctx,
                        cbs, res, err);
}

/* The consumer of `stats` and `timeline`: the statistics, the journal, and
 * the change records the events' domains make (one state per domain). */
struct collector {
    struct fl_run_output *out;
    const struct fl_domain *const *domains; /* the driver's table */
    void *states[FL_RUN_MAX_DOMAINS];       /* change state per domain */
    struct fl_change change;                /* scratch */
};

static void **domain_state(struct collector *c, const struct fl_domain *d)
{
    for (size_t i = 0; i < FL_RUN_MAX_DOMAINS && c->domains[i]; i++)
        if (c->domains[i] == d) {
            if (!c->states[i] && d->state_new)
                c->states[i] = d->state_new();
            return &c->states[i];
        }
    return NULL;
}

/* The statistics model (lens) of domain d: its index in the driver's
 * table; events without a domain share the first one's. */
static size_t lens_of(const struct collector *c, const struct fl_domain *d)
{
    for (size_t i = 0; d && i < FL_RUN_MAX_DOMAINS && c->domains[i]; i++)
        if (c->domains[i] == d)
            return i;
    return 0;
}

/* The lens a report reads: the one of the named domain, else the one with
 * the most timed calls (the first on a tie) that is not of domain `avoid`.
 * Returns its index. */
static size_t pick_lens(const struct fl_run_output *out,
                        const struct fl_domain *const *domains,
                        const char *want, const char *avoid)
{
    size_t best = 0;
    uint64_t most = 0;

    for (size_t i = 0; i < FL_RUN_MAX_DOMAINS && domains[i]; i++) {
        const struct fl_stats_group *all =
            fl_stats_get(out->lens[i], FL_DIM_OVERALL, 0);
        uint64_t n = fl_sketch_count(&all->lat);

        if (want && !strcmp(want, domains[i]->name))
            return i;
        if (avoid && !strcmp(avoid, domains[i]->name))
            continue;
        if (!want && n > most) {
            most = n;
            best = i;
        }
    }
    return best;
}

static int collect_event(const struct fl_event *ev, void *ctx)
{
    struct collector *c = ctx;
    const struct fl_domain *d = ev->domain;
    void **st;

    if (c->out->journal) {
        if (d && d->change && (st = domain_state(c, d)) &&
            d->change(*st, ev, &c->change))
            fl_journal_add_change(c->out->journal, &c->change);
        fl_journal_add(c->out->journal, ev);
    }
    return fl_stats_add(c->out->lens[lens_of(c, d)], ev);
}

/* Hand over the changes the domains still hold (starts that never
 * ended), then free their states. */
static void collector_cleanup(struct collector *c)
{
    for (size_t i = 0; i < FL_RUN_MAX_DOMAINS && c->domains[i]; i++) {
        const struct fl_domain *d = c->domains[i];

        while (c->out->journal && c->states[i] && d->flush &&
               d->flush(c->states[i], &c->change))
            fl_journal_add_change(c->out->journal, &c->change);
        if (c->states[i] && d->state_free)
            d->state_free(c->states[i]);
    }
}

/* Per-file summaries go to the report (its inputs) and to the caller. */
struct file_tee {
    struct fl_report *report;
    const struct fl_run_cbs *cbs;
    struct fl_zones zones;      /* the files' time spans */
    struct fl_clock clock;      /* the run's --clock-offset (a copy) */
};

static void tee_file(void *ctx, const struct fl_ingest_file *f)
{
    struct file_tee *t = ctx;

    fl_report_add_input(t->report, f);
    fl_zones_note(&t->zones, f, t->clock.n ? fl_clock_offset(&t->clock,
                                                             f->path) : 0);
    if (t->cbs && t->cbs->file)
        t->cbs->file(t->cbs->ctx, f);
}

static void tee_diag(void *ctx, const struct fl_err *e)
{
    struct file_tee *t = ctx;

    if (t->cbs && t->cbs->diag)
        t->cbs->diag(t->cbs->ctx, e);
}

/* The timeline reads every lens with calls (access logs beside database
 * logs); the analysis picks the incident's domain, which becomes the
 * output's chosen lens. */
static int set_timeline(struct fl_report *report, struct fl_run_output *out,
                        const struct fl_domain *const *domains,
                        const struct fl_report_opts *ro)
{
    struct fl_incident_lens lenses[FL_RUN_MAX_DOMAINS];
    size_t n = 0;
    int rc;

    lenses[n++] = (struct fl_incident_lens){ out->stats, out->domain };
    for (size_t i = 0; i < FL_RUN_MAX_DOMAINS && domains[i]; i++)
        if (i != out->lens_index && out->lens[i])
            lenses[n++] = (struct fl_incident_lens){ out->lens[i],
                                                     domains[i]->name };
    rc = fl_report_set_timeline_lenses(report, lenses, n, ro->domain,
                                       out->journal, ro);
    for (size_t i = 0; rc == FL_OK && i < FL_RUN_MAX_DOMAINS && domains[i]; i++)
        if (strcmp(domains[i]->name, report->domain) == 0) {
            out->lens_index = i;
            out->stats = out->lens[i];
            out->domain = domains[i]->name;
        }
    return rc;
}

/* The logs among the inputs (none when only summaries were given). */
static int run_logs(struct fl_run *r, unsigned kinds, struct collector *c,
                    const struct fl_run_cbs *cbs, struct fl_run_result *res,
                    struct fl_err *err)
{
    if (r->split.nlogs == 0 && r->split.nsums > 0) {
        memset(res, 0, sizeof *res);
        return FL_OK;
    }
    return run_filtered(r, (const char *const *)r->split.logs, r->split.nlogs,
                        kinds, collect_event, c, cbs, res, err);
}

/* Merge the summaries among the inputs into the models, the journal and
 * the report's inputs; count them in res like files. */
static void add_summaries(struct fl_run *r, struct collector *c,
                          struct fl_report *report,
                          const struct fl_run_cbs *cbs,
                          struct fl_run_result *res)
{
    size_t loaded = 0, bad = 0, outside = 0;
    struct fl_summary *sum = fl_run_load_summaries(&r->split, &r->o.stats,
                                                   r->since, r->until, cbs,
                                                   &loaded, &bad, &outside);

    res->ingest.files += loaded + bad + outside;
    res->ingest.parsed += outside;
    res->ingest.parsed += loaded;
    res->ingest.partial += bad;
    if (!sum)
        return;
    for (size_t k = 0; k < sum->nlens; k++)
        for (size_t i = 0; i < FL_RUN_MAX_DOMAINS && c->domains[i]; i++)
            if (strcmp(c->domains[i]->name, sum->lens[k].domain) == 0 &&
                fl_stats_merge(c->out->lens[i], sum->lens[k].stats) == FL_OK)
                res->kept += fl_stats_events(sum->lens[k].stats);
    for (size_t i = 0; c->out->journal && i < sum->nchanges; i++)
        fl_journal_add_change(c->out->journal, &sum->changes[i]);
    res->kept += sum->nchanges;
    for (size_t i = 0; i < sum->ninputs; i++) {
        const struct fl_summary_input *in = &sum->inputs[i];
        struct fl_ingest_file f;
        memset(&f, 0, sizeof f);
        f.path = in->path;
        f.format = in->format;
        f.compression = in->compression;
        f.lines = in->lines;
        f.events = in->events;
        f.unparsed = in->unparsed;
        f.first_us = in->first_us;
        f.last_us = in->last_us;
        f.partial = in->partial;
        f.skipped = in->skipped;
        fl_report_add_input(report, &f);
    }
    fl_summary_free(sum);
}

int fl_run_report(struct fl_run *r, enum fl_report_kind kind,
                  const struct fl_report_opts *ro, const struct fl_run_cbs *cbs,
                  struct fl_run_output *out, struct fl_run_result *res,
                  struct fl_err *err)
{
    unsigned kinds = r->o.kinds ? r->o.kinds & ANALYSIS_KINDS : ANALYSIS_KINDS;
    struct collector c = { out, fl_run_domains(), { NULL }, { 0 } };
    struct fl_report *report = fl_report_new();
    struct file_tee tee;
    struct fl_run_cbs tcbs = { tee_diag, tee_file, &tee,
                               cbs ? cbs->stop : NULL };
    int rc;

    memset(&tee, 0, sizeof tee);
    tee.report = report;
    tee.cbs = cbs;
    tee.clock = r->clock;
    for (size_t i = 0, live = 1; i < FL_RUN_MAX_DOMAINS; i++) {
        live = live && c.domains[i];      /* the list ends at its NULL */
        out->lens[i] = live || i == 0 ? fl_stats_new(&r->o.stats) : NULL;
    }
    out->stats = NULL;
    out->journal = kind != FL_REPORT_STATS ? fl_journal_new(0) : NULL;
    out->report = NULL;
    rc = run_logs(r, kinds, &c, &tcbs, res, err);
    collector_cleanup(&c);
    if (rc == FL_OK)
        add_summaries(r, &c, report, cbs, res);
    if (rc == FL_OK)
        fl_zones_check(&tee.zones, tee_diag, &tee);
    fl_zones_cleanup(&tee.zones);
    if (rc != FL_OK || res->kept == 0) {
        fl_report_free(report);
        if (rc != FL_OK)
            fl_run_output_cleanup(out);
        return rc;
    }
    if (kind == FL_REPORT_NONE) {       /* models only (summarize) */
        out->report = report;
        return FL_OK;
    }
    out->lens_index = pick_lens(out, c.domains, ro->domain,
                                ro->not_domain);
    out->stats = out->lens[out->lens_index];
    out->domain = c.domains[out->lens_index]
                      ? c.domains[out->lens_index]->name : "";
    report->domain = out->domain;
    if (out->journal) {
        fl_journal_sort(out->journal);
        rc = set_timeline(report, out, c.domains, ro);
    } else {
        rc = fl_report_set_stats(report, out->stats, ro);
    }
    out->report = report;
    return rc;
}

void fl_run_output_cleanup(struct fl_run_output *out)
{
    fl_report_free(out->report);
    for (size_t i = 0; i < FL_RUN_MAX_DOMAINS; i++) {
        fl_stats_free(out->lens[i]);
        out->lens[i] = NULL;
    }
    fl_journal_free(out->journal);
    out->report = NULL;
    out->stats = NULL;
    out->journal = NULL;
}

bool fl_run_partial(const struct fl_run_result *res)
{
    return res->ingest.partial > 0 || !res->ingest.parsed;
}
