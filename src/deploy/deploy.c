/* deploy.c - the deploy domain: deploy, migration and config events of
 * deploy tools as change records with signed effects (see
 * deploy/fl_deploy.h for the contract and the key scheme).
 *
 * Invariants: no global state besides the constant tables; the state is
 * two fixed tables (held starts, current version per service), so memory
 * never grows with the input; every string taken from an event is cut to
 * the change record's fixed sizes.
 */
#include <stdlib.h>
#include <string.h>

#include "deploy/fl_deploy.h"
#include "base/fl_xalloc.h"

/* ---- refine: the words of the tools to the contract --------------------- */

/* One synonym: the word as logged (lower case) and what it means. */
struct synonym {
    const char *word;
    const char *value;
};

static const struct synonym directions[] = {
    { "up", "up" }, { "upgrade", "up" }, { "apply", "up" },
    { "applying", "up" }, { "applied", "up" }, { "migrate", "up" },
    { "migrating", "up" }, { "migrated", "up" }, { "deploy", "up" },
    { "deploying", "up" }, { "deployed", "up" }, { "release", "up" },
    { "rollout", "up" }, { "migrat", "up" }, { "u", "up" }, { "+", "up" },
    { "down", "down" }, { "downgrade", "down" }, { "un", "down" },
    { "unapply", "down" }, { "unapplying", "down" }, { "unapplied", "down" },
    { "revert", "down" }, { "reverting", "down" }, { "reverted", "down" },
    { "rollback", "down" }, { "rolling back", "down" },
    { "rolled back", "down" }, { "undo", "down" }, { "undoing", "down" },
    { "d", "down" }, { "-", "down" }, { "roll back", "down" },
    { NULL, NULL }
};

static const struct synonym phases[] = {
    { "start", "start" }, { "started", "start" }, { "starting", "start" },
    { "begin", "start" }, { "migrating", "start" }, { "reverting", "start" },
    { "running", "start" }, { "initiated", "start" },
    { "end", "end" }, { "finished", "end" }, { "done", "end" },
    { "completed", "end" }, { "complete", "end" }, { "succeeded", "end" },
    { "success", "end" }, { "migrated", "end" }, { "reverted", "end" },
    { "ok", "end" },
    { "fail", "fail" }, { "failed", "fail" }, { "error", "fail" },
    { "aborted", "fail" }, { "not ok", "fail" },
    { NULL, NULL }
};

/* Case-insensitive equality of the slice s and the lower-case word w. */
static bool word_is(struct fl_str s, const char *w)
{
    size_t n = strlen(w);

    if (s.n != n || !s.p)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s.p[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != w[i])
            return false;
    }
    return true;
}

/* Replace *s by the contract value of its synonym (static strings, which
 * outlive the event as borrowed strings must). */
static void normalise(struct fl_str *s, const struct synonym *t)
{
    for (; t->word; t++)
        if (word_is(*s, t->word)) {
            s->p = t->value;
            s->n = strlen(t->value);
            return;
        }
}

static void deploy_refine(struct fl_event *ev)
{
    if (ev->kind != FL_EV_DEPLOY && ev->kind != FL_EV_MIGRATION &&
        ev->kind != FL_EV_CONFIG)
        return;
    normalise(&ev->direction, directions);
    normalise(&ev->phase, phases);
}

/* ---- state -------------------------------------------------------------- */

/* A start waiting for its end. */
struct pending {
    bool used;
    uint64_t seq;                    /* arrival order, for eviction */
    enum fl_event_kind kind;
    char service[FL_CHANGE_NAME_MAX];
    char from[FL_CHANGE_NAME_MAX];   /* from_version as logged */
    bool down;
    struct fl_change c;              /* the change as of the start */
};

/* The current version of one service. */
struct current {
    uint64_t seq;                    /* last update, for eviction */
    char service[FL_CHANGE_NAME_MAX];
    char version[FL_CHANGE_NAME_MAX];
};

struct deploy_state {
    uint64_t seq;
    struct pending pend[FL_DEPLOY_PENDING];
    struct current cur[FL_DEPLOY_SERVICES];
    size_t ncur;
};

static void *deploy_state_new(void)
{
    return fl_xcalloc(1, sizeof(struct deploy_state));
}

static void deploy_state_free(void *state)
{
    free(state);
}

/* ---- the current version per service ------------------------------------ */

static struct current *current_find(struct deploy_state *s, const char *svc)
{
    for (size_t i = 0; i < s->ncur; i++)
        if (strcmp(s->cur[i].service, svc) == 0)
            return &s->cur[i];
    return NULL;
}

/* Remember version as svc's current one (the least recently updated
 * service is forgotten when the table is full). */
static void current_set(struct deploy_state *s, const char *svc,
                        const char *version)
{
    struct current *c = current_find(s, svc);
    struct fl_change scratch;

    if (!c && s->ncur < FL_DEPLOY_SERVICES)
        c = &s->cur[s->ncur++];
    if (!c) {
        c = &s->cur[0];
        for (size_t i = 1; i < s->ncur; i++)
            if (s->cur[i].seq < c->seq)
                c = &s->cur[i];
    }
    c->seq = ++s->seq;
    fl_change_set(&scratch, c->service, sizeof c->service, svc, strlen(svc));
    fl_change_set(&scratch, c->version, sizeof c->version, version,
                  strlen(version));
}

/* ---- the change of one event -------------------------------------------- */

static void set_str(struct fl_change *c, char *dst, size_t n, struct fl_str s)
{
    if (s.n && s.p)
        fl_change_set(c, dst, n, s.p, s.n);
}

static bool is_down(const struct fl_event *ev)
{
    return word_is(ev->direction, "down");
}

/* The change kind of an event: by its kind and direction. */
static const char *change_kind(enum fl_event_kind kind, bool down)
{
    if (kind == FL_EV_DEPLOY)
        return down ? "rollback" : "deploy";
    if (kind == FL_EV_MIGRATION)
        return down ? "downgrade" : "migration";
    return "config";
}

/* The change of ev without effects (they are added when it is made). */
static void change_of(const struct fl_event *ev, struct fl_change *c)
{
    const char *k = change_kind(ev->kind, is_down(ev));

    fl_change_clear(c);
    fl_change_set(c, c->kind, sizeof c->kind, k, strlen(k));
    fl_change_set(c, c->domain, sizeof c->domain, "deploy", 6);
    set_str(c, c->subjects, sizeof c->subjects, ev->service);
    set_str(c, c->version, sizeof c->version, ev->version);
    set_str(c, c->text, sizeof c->text,
            ev->message.n ? ev->message : ev->version);
    set_str(c, c->pid, sizeof c->pid, ev->pid);
    c->time_us = ev->time_us;
    c->duration_us = ev->duration_us >= 0 ? ev->duration_us : -1;
    c->file = ev->file;
    c->line = ev->line;
}

/* "+/-<what>:<service>:<version>" */
static void effect(struct fl_change *c, char sign, const char *what,
                   const char *service, const char *version)
{
    char key[FL_CHANGE_KEY_MAX];
    size_t n = 0;
    const char *parts[5] = { what, ":", service, ":", version };

    for (size_t i = 0; i < 5; i++)
        for (const char *p = parts[i]; *p && n + 1 < sizeof key; p++)
            key[n++] = *p;
    key[n] = '\0';
    if (!fl_change_add_effect(c, sign, key))
        c->truncated = true;
}

/* Add the effects of a made change c of event kind `kind` (see the
 * header) and remember a deployed version. */
static void add_effects(struct deploy_state *s, struct fl_change *c,
                        enum fl_event_kind kind, const char *service,
                        const char *from, bool down)
{
    struct current *cur;

    if (kind == FL_EV_MIGRATION && (c->version[0] || (down && from[0]))) {
        effect(c, down ? '-' : '+', "migration", service,
               down && from[0] ? from : c->version);
    } else if (kind == FL_EV_DEPLOY && !down && c->version[0]) {
        effect(c, '+', "release", service, c->version);
        current_set(s, service, c->version);
    } else if (kind == FL_EV_DEPLOY && down) {
        cur = from[0] ? NULL : current_find(s, service);
        if (from[0] || cur)
            effect(c, '-', "release", service, from[0] ? from : cur->version);
        if (c->version[0])
            current_set(s, service, c->version);
    }
}

/* ---- held starts -------------------------------------------------------- */

static bool same_step(const struct pending *p, const struct fl_event *ev,
                      const struct fl_change *c)
{
    return p->used && p->kind == ev->kind &&
           strcmp(p->service, c->subjects) == 0 &&
           strcmp(p->c.version, c->version) == 0;
}

static struct pending *pending_find(struct deploy_state *s,
                                    const struct fl_event *ev,
                                    const struct fl_change *c)
{
    for (size_t i = 0; i < FL_DEPLOY_PENDING; i++)
        if (same_step(&s->pend[i], ev, c))
            return &s->pend[i];
    return NULL;
}

static struct pending *pending_oldest(struct deploy_state *s)
{
    struct pending *o = NULL;

    for (size_t i = 0; i < FL_DEPLOY_PENDING; i++)
        if (s->pend[i].used && (!o || s->pend[i].seq < o->seq))
            o = &s->pend[i];
    return o;
}

/* Make the change of held start p into *out and free its slot. */
static void pending_take(struct deploy_state *s, struct pending *p,
                         struct fl_change *out)
{
    *out = p->c;
    p->used = false;
    add_effects(s, out, p->kind, p->service, p->from, p->down);
}

/* Hold the start ev (change c).  Returns true with the evicted oldest
 * start in *out when the table was full. */
static bool pending_hold(struct deploy_state *s, const struct fl_event *ev,
                         const struct fl_change *c, struct fl_change *out)
{
    struct pending *p = pending_find(s, ev, c);
    bool evicted = false;

    for (size_t i = 0; !p && i < FL_DEPLOY_PENDING; i++)
        if (!s->pend[i].used)
            p = &s->pend[i];
    if (!p) {
        p = pending_oldest(s);
        pending_take(s, p, out);
        evicted = true;
    }
    p->used = true;
    p->seq = ++s->seq;
    p->kind = ev->kind;
    p->down = is_down(ev);
    p->c = *c;
    fl_change_set(&p->c, p->service, sizeof p->service, c->subjects,
                  strlen(c->subjects));
    p->from[0] = '\0';
    set_str(&p->c, p->from, sizeof p->from, ev->from_version);
    return evicted;
}

/* ---- change and flush --------------------------------------------------- */

/* The end (or failure) ev of a step whose change is c. */
static void step_end(struct deploy_state *s, const struct fl_event *ev,
                     struct fl_change *c, struct fl_change *out)
{
    struct pending *p = pending_find(s, ev, c);
    bool fail = word_is(ev->phase, "fail");
    char from[FL_CHANGE_NAME_MAX] = "";

    if (!p) {
        *out = *c;
        set_str(out, from, sizeof from, ev->from_version);
        if (!fail)
            add_effects(s, out, ev->kind, c->subjects, from, is_down(ev));
        return;
    }
    *out = p->c;
    p->used = false;
    out->time_us = ev->time_us;
    if (ev->duration_us >= 0)
        out->duration_us = ev->duration_us;
    else if (ev->time_us != INT64_MIN && p->c.time_us != INT64_MIN &&
             ev->time_us >= p->c.time_us)
        out->duration_us = ev->time_us - p->c.time_us;
    if (!out->text[0])
        memcpy(out->text, c->text, sizeof out->text);
    out->line = ev->line;
    if (!fail)
        add_effects(s, out, p->kind, p->service, p->from, p->down);
}

static bool deploy_change(void *state, const struct fl_event *ev,
                          struct fl_change *out)
{
    struct deploy_state *s = state;
    struct fl_change c;
    char from[FL_CHANGE_NAME_MAX] = "";

    if (ev->kind != FL_EV_DEPLOY && ev->kind != FL_EV_MIGRATION &&
        ev->kind != FL_EV_CONFIG)
        return false;
    change_of(ev, &c);
    if (word_is(ev->phase, "start"))
        return pending_hold(s, ev, &c, out);
    if (word_is(ev->phase, "end") || word_is(ev->phase, "fail")) {
        step_end(s, ev, &c, out);
        return true;
    }
    *out = c;
    set_str(out, from, sizeof from, ev->from_version);
    add_effects(s, out, ev->kind, c.subjects, from, is_down(ev));
    return true;
}

/* The held starts, oldest first, one per call. */
static bool deploy_flush(void *state, struct fl_change *out)
{
    struct deploy_state *s = state;
    struct pending *p = pending_oldest(s);

    if (!p)
        return false;
    pending_take(s, p, out);
    return true;
}

const struct fl_domain fl_deploy_domain = {
    .name = "deploy",
    .literal_cache = false,
    .refine = deploy_refine,
    .classify = NULL,
    .state_new = deploy_state_new,
    .state_free = deploy_state_free,
    .change = deploy_change,
    .flush = deploy_flush,
};
