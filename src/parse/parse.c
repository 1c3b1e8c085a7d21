/* parse.c - the parsing engine: frame lines into entries, extract fields,
 * classify with rules, pair split statements, push events.
 *
 * Invariants: an entry's text lives in one arena buffer and fields are
 * (offset, length) slots into it, so growing the arena never invalidates a
 * field; slots are turned into pointers only when an event is built.  The
 * arena, the slot array, the match data and the parked statements are
 * reused, so steady-state parsing does not allocate.  Every regex runs with
 * PCRE2 match and depth limits; hitting one marks the line not understood.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/fl_buf.h"
#include "event/fl_domain.h"
#include "parse/fl_parse.h"
#include "time/fl_time.h"
#include "time/fl_layout.h"
#include "base/fl_xalloc.h"

#define NO_OFF UINT32_MAX
#define MAX_ENTRY ((size_t)64 << 20)   /* cap on one entry's text */
#define MAX_CSV_LINES 100000           /* cap on lines of one CSV record */
#define PARK_SLOTS 1024                /* parked statements (power of 2) */
#define MATCH_LIMIT 1000000
#define DEPTH_LIMIT 10000
#define OVECTOR_PAIRS 64

struct slot {
    uint32_t off;   /* offset in the arena, NO_OFF when absent */
    uint32_t len;
};

/* An entry being assembled (or a parked copy of one). */
struct entry {
    struct fl_buf arena;
    struct slot *slots;     /* [field id] */
    uint64_t line;          /* first line */
    int cur;                /* field continuation text goes to */
    bool active;
    bool has_body;          /* record framing: statement text seen */
    bool past_header;       /* record framing: any non-header line seen */
    struct slot alone;      /* record: "use db" kept if the body is empty */
    uint64_t nlines;        /* csv: lines in the record */
    int kind, role;         /* set by classification */
    bool error;             /* a matched rule says "error": true */
    int64_t time;           /* parked: the statement's own time */
};

enum { PARK_EMPTY, PARK_USED, PARK_GONE };

struct park {
    int state;              /* PARK_EMPTY, PARK_USED, or PARK_GONE */
    char pid[32];           /* key (process id text, cut at 31 bytes) */
    size_t pidlen;
    struct entry e;         /* the parked statement */
};

struct timecache {
    int style;
    char key[64];           /* the time text with its fraction removed */
    size_t keylen;
    int64_t base_us;        /* the time of key */
    bool valid;
};

struct fl_parser {
    const struct fl_format *f;
    const char *file;
    const struct fl_parse_opts *o;
    const struct fl_domain *domain; /* the format's, resolved once; NULL */
    fl_event_fn cb;
    void *cb_ctx;
    fl_bad_line_fn bad;
    void *bad_ctx;
    struct fl_parse_stats st;
    struct entry cur;
    struct park *parks;     /* PARK_SLOTS, allocated on first use */
    size_t nparked;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jstack;
    size_t last_pattern;    /* index of the pattern that matched last */
    int64_t last_time;      /* for time_inherit */
    bool csv_in_quotes;     /* csv framing state */
    struct timecache tc;
    fl_bad_time_fn bad_time;    /* unreadable times, NULL if not wanted */
    void *bad_time_ctx;
    struct fl_buf scratch;  /* json unescaping and the like */
};

/* ---- small helpers ------------------------------------------------------ */

static void entry_init(struct entry *e, size_t nfields)
{
    memset(e, 0, sizeof *e);
    fl_buf_init(&e->arena);
    e->slots = fl_xmalloc(nfields * sizeof *e->slots);
}

static void entry_cleanup(struct entry *e)
{
    fl_buf_cleanup(&e->arena);
    free(e->slots);
}

static void entry_reset(struct fl_parser *p, struct entry *e, uint64_t line)
{
    fl_buf_reset(&e->arena);
    for (size_t i = 0; i < p->f->nfields; i++)
        e->slots[i].off = NO_OFF;
    e->line = line;
    e->cur = p->f->append_field;
    e->active = true;
    e->has_body = false;
    e->past_header = false;
    e->alone.off = NO_OFF;
    e->nlines = 0;
    e->kind = FL_EV_LOG;
    e->role = FL_ROLE_COMPLETE;
    e->error = false;
}

static void entry_copy(struct fl_parser *p, struct entry *dst,
                       const struct entry *src)
{
    fl_buf_reset(&dst->arena);
    fl_buf_add(&dst->arena, src->arena.p, src->arena.len);
    memcpy(dst->slots, src->slots, p->f->nfields * sizeof *dst->slots);
    dst->line = src->line;
    dst->kind = src->kind;
    dst->role = src->role;
    dst->error = src->error;
    dst->active = true;
}

static bool has(const struct entry *e, int field)
{
    return field >= 0 && e->slots[field].off != NO_OFF;
}

static const char *sptr(const struct entry *e, int field)
{
    return e->arena.p + e->slots[field].off;
}

/* Copy text into the arena; returns its offset. */
static uint32_t arena_add(struct entry *e, const char *s, size_t n)
{
    uint32_t off = (uint32_t)e->arena.len;
    fl_buf_add(&e->arena, s, n);
    return off;
}

static bool entry_full(const struct entry *e, size_t extra)
{
    return e->arena.len + extra > MAX_ENTRY;
}

static void bad_line(struct fl_parser *p, uint64_t line, const char *why,
                     const char *s, size_t n)
{
    p->st.unparsed++;
    if (p->bad)
        p->bad(p->bad_ctx, line, why, s, n);
}

/* Run a pattern on s[0..n).  Returns >0 on match, 0 no match, -1 when a
 * limit was hit. */
static int run(struct fl_parser *p, const struct fl_pattern *pat,
               const char *s, size_t n)
{
    int rc;

    if (pat->first >= 0 && (n == 0 || (unsigned char)s[0] != pat->first))
        return 0;
    if (pat->litn && (n < pat->litn || memcmp(s, pat->lit, pat->litn) != 0))
        return 0;
    if (pat->jit)
        rc = pcre2_jit_match(pat->re, (PCRE2_SPTR)s, n, 0, 0, p->md,
                             p->mctx);
    else
        rc = pcre2_match(pat->re, (PCRE2_SPTR)s, n, 0, 0, p->md, p->mctx);
    if (rc >= 0)
        return rc == 0 ? OVECTOR_PAIRS : rc;
    if (rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_PARTIAL)
        return 0;
    p->st.limit_hits++;
    return -1;
}

/* Store the named captures of a match with ovector ov; `base` is the arena
 * offset where the matched subject (or its copy) starts. */
static void take_ov(struct entry *e, const struct fl_pattern *pat,
                    const PCRE2_SIZE *ov, int rc, uint32_t base)
{
    uint32_t top = (uint32_t)rc < pat->ngroups + 1 ? (uint32_t)rc
                                                   : pat->ngroups + 1;

    for (uint32_t g = 1; g < top; g++) {
        int fid = pat->group_field[g];
        if (fid < 0 || ov[2 * g] == PCRE2_UNSET)
            continue;
        e->slots[fid].off = base + (uint32_t)ov[2 * g];
        e->slots[fid].len = (uint32_t)(ov[2 * g + 1] - ov[2 * g]);
    }
}

/* take_ov with the parser's last match. */
static void take_groups(struct fl_parser *p, struct entry *e,
                        const struct fl_pattern *pat, int rc, uint32_t base)
{
    take_ov(e, pat, pcre2_get_ovector_pointer(p->md), rc, base);
}

/* Append text to field `fid`, separated by a newline when the field already
 * has text.  Relocates the field to the arena's end if needed. */
static void append_field(struct entry *e, int fid, const char *s, size_t n)
{
    struct slot *sl = &e->slots[fid];

    if (sl->off == NO_OFF) {
        sl->off = arena_add(e, s, n);
        sl->len = (uint32_t)n;
        return;
    }
    if ((size_t)sl->off + sl->len != e->arena.len) {
        uint32_t off = (uint32_t)e->arena.len;
        fl_buf_reserve(&e->arena, sl->len);
        fl_buf_add(&e->arena, e->arena.p + sl->off, sl->len);
        sl->off = off;
    }
    fl_buf_addc(&e->arena, '\n');
    fl_buf_add(&e->arena, s, n);
    sl->len += (uint32_t)n + 1;
}

/* ---- creation ------------------------------------------------------------- */

struct fl_parser *fl_parser_new(const struct fl_format *f, const char *file,
                                const struct fl_parse_opts *o, fl_event_fn cb,
                                void *cb_ctx)
{
    struct fl_parser *p = fl_xcalloc(1, sizeof *p);

    p->f = f;
    p->file = file;
    p->o = o;
    p->domain = f->domain && o ? fl_domain_find(o->domains, f->domain) : NULL;
    p->cb = cb;
    p->cb_ctx = cb_ctx;
    entry_init(&p->cur, f->nfields);
    p->md = pcre2_match_data_create(OVECTOR_PAIRS, NULL);
    p->mctx = pcre2_match_context_create(NULL);
    p->jstack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    if (!p->md || !p->mctx || !p->jstack) {
        fprintf(stderr, "faultline: out of memory (PCRE2)\n");
        abort();
    }
    pcre2_jit_stack_assign(p->mctx, NULL, p->jstack);
    pcre2_set_match_limit(p->mctx, MATCH_LIMIT);
    pcre2_set_depth_limit(p->mctx, DEPTH_LIMIT);
    p->last_time = INT64_MIN;
    fl_buf_init(&p->scratch);
    return p;
}

void fl_parser_free(struct fl_parser *p)
{
    if (!p)
        return;
    entry_cleanup(&p->cur);
    if (p->parks) {
        for (size_t i = 0; i < PARK_SLOTS; i++)
            entry_cleanup(&p->parks[i].e);
        free(p->parks);
    }
    pcre2_match_data_free(p->md);
    pcre2_match_context_free(p->mctx);
    pcre2_jit_stack_free(p->jstack);
    fl_buf_cleanup(&p->scratch);
    free(p);
}

void fl_parser_on_bad_line(struct fl_parser *p, fl_bad_line_fn fn, void *ctx)
{
    p->bad = fn;
    p->bad_ctx = ctx;
}

const struct fl_parse_stats *fl_parser_stats(const struct fl_parser *p)
{
    return &p->st;
}

/* ---- numbers and times ------------------------------------------------- */

/* Parse a decimal "123.456" scaled by 10^scale, rounded half up.  Returns
 * false if s is not a plain non-negative decimal. */
static bool parse_scaled(const char *s, size_t n, int scale, int64_t *out)
{
    int64_t v = 0;
    size_t i = 0;
    int frac = -1, round = 0;

    if (!n)
        return false;
    for (; i < n; i++) {
        char c = s[i];
        if (c == '.' && frac < 0) {
            frac = 0;
            continue;
        }
        if (c < '0' || c > '9' || v > INT64_MAX / 20)
            return false;
        if (frac >= scale) {
            if (frac == scale)
                round = c >= '5';
            frac++;
            continue;
        }
        v = v * 10 + (c - '0');
        if (frac >= 0)
            frac++;
    }
    for (int k = frac < 0 ? 0 : frac; k < scale; k++)
        v *= 10;
    *out = v + round;
    return true;
}

static int64_t field_scaled(const struct entry *e, int fid, int scale)
{
    int64_t v;
    if (!has(e, fid))
        return -1;
    return parse_scaled(sptr(e, fid), e->slots[fid].len, scale, &v) ? v : -1;
}

/* Position and length of the fraction digits in a time text, if any. */
static bool split_fraction(const char *s, size_t n, size_t *at, size_t *len)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9' && i >= 5 &&
            s[i - 1] >= '0' && s[i - 1] <= '9') {
            size_t j = i + 1;
            while (j < n && s[j] >= '0' && s[j] <= '9')
                j++;
            *at = i;
            *len = j - i;
            return true;
        }
    return false;
}

/* Parse a time, reusing the previous result when only the fraction of a
 * second differs (consecutive log lines nearly always share the second). */
static int parse_time(struct fl_parser *p, const char *s, size_t n,
                      const struct fl_timespec *ts, int64_t *us)
{
    struct fl_time_ctx ctx = { p->o ? p->o->tz : NULL,
                               p->o ? p->o->year_hint : 0 };
    struct timecache *tc = &p->tc;
    size_t at = n, flen = 0, keylen;
    int64_t frac = 0;
    int rc, style = ts->style;

    if (ts->layout)
        return fl_layout_parse(ts->layout, s, n, &ctx, us);
    if (style != FL_TIME_ISO && style != FL_TIME_MYSQL)
        return fl_time_parse(s, n, style, &ctx, us);
    if (split_fraction(s, n, &at, &flen)) {
        if (!parse_scaled(s + at, flen, 6, &frac))
            frac = 0;
    }
    keylen = n - flen;
    if (keylen <= sizeof tc->key && tc->valid && tc->style == style &&
        tc->keylen == keylen && memcmp(tc->key, s, at) == 0 &&
        memcmp(tc->key + at, s + at + flen, n - at - flen) == 0) {
        *us = tc->base_us + frac;
        return FL_OK;
    }
    rc = fl_time_parse(s, n, style, &ctx, us);
    if (rc == FL_OK && keylen <= sizeof tc->key) {
        memcpy(tc->key, s, at);
        memcpy(tc->key + at, s + at + flen, n - at - flen);
        tc->keylen = keylen;
        tc->style = style;
        tc->base_us = *us - frac;
        tc->valid = true;
    }
    return rc;
}

/* A time field was present but no time spec could read it: count it and
 * tell the caller about the first failing field. */
static void bad_time(struct fl_parser *p, const struct entry *e,
                     const struct fl_timespec *ts)
{
    if (!p->st.bad_time++)
        p->st.bad_time_line = e->line;
    if (p->bad_time)
        p->bad_time(p->bad_time_ctx, e->line, sptr(e, ts->field),
                    e->slots[ts->field].len, ts);
}

static int64_t entry_time(struct fl_parser *p, const struct entry *e)
{
    const struct fl_format *f = p->f;
    const struct fl_timespec *failed = NULL;
    int64_t us;

    for (size_t i = 0; i < f->ntimes; i++) {
        int fid = f->times[i].field;
        if (!has(e, fid) || !e->slots[fid].len)
            continue;
        if (parse_time(p, sptr(e, fid), e->slots[fid].len, &f->times[i],
                       &us) == FL_OK) {
            p->last_time = us;
            return us;
        }
        if (!failed)
            failed = &f->times[i];
    }
    if (failed)
        bad_time(p, e, failed);
    return f->time_inherit ? p->last_time : INT64_MIN;
}

void fl_parser_on_bad_time(struct fl_parser *p, fl_bad_time_fn fn, void *ctx)
{
    p->bad_time = fn;
    p->bad_time_ctx = ctx;
}

/* ---- classification ---------------------------------------------------- */

static int cond_match(struct fl_parser *p, struct entry *e,
                      const struct fl_cond *c)
{
    int rc;
    if (!has(e, c->field))
        return 0;
    if (c->starts_with && (e->slots[c->field].len < c->starts_len ||
                           memcmp(sptr(e, c->field), c->starts_with,
                                  c->starts_len) != 0))
        return 0;
    rc = run(p, &c->pat, sptr(e, c->field), e->slots[c->field].len);
    if (rc > 0)
        take_groups(p, e, &c->pat, rc, e->slots[c->field].off);
    return rc > 0;
}

static void classify(struct fl_parser *p, struct entry *e)
{
    const struct fl_format *f = p->f;

    e->kind = FL_EV_LOG;
    e->role = FL_ROLE_COMPLETE;
    e->error = false;
    for (size_t i = 0; i < f->nrules; i++) {
        const struct fl_rule *r = &f->rules[i];
        if (r->has_cond && !cond_match(p, e, &r->cond))
            continue;
        if (r->has_and && !cond_match(p, e, &r->and_cond))
            continue;
        e->error |= r->error;
        if (r->cont)
            continue;
        e->kind = r->kind;
        e->role = r->role;
        return;
    }
}

/* Split "k=v,k=v k=v" pairs of the kv field into their fields. */
static void apply_kv(const struct fl_format *f, struct entry *e)
{
    uint32_t off, end;

    if (!has(e, f->kv_field))
        return;
    off = e->slots[f->kv_field].off;
    end = off + e->slots[f->kv_field].len;
    while (off < end) {
        uint32_t k = off, eq, v;
        while (off < end && e->arena.p[off] != ',' && e->arena.p[off] != ' ')
            off++;
        for (eq = k; eq < off && e->arena.p[eq] != '='; eq++)
            ;
        v = eq + 1;
        for (size_t i = 0; eq < off && i < f->nkv; i++)
            if (strlen(f->kv[i].key) == eq - k &&
                memcmp(f->kv[i].key, e->arena.p + k, eq - k) == 0 &&
                !has(e, f->kv[i].field)) {
                e->slots[f->kv[i].field].off = v;
                e->slots[f->kv[i].field].len = off - v;
            }
        off++;
    }
}

/* ---- events ------------------------------------------------------------- */

static struct fl_str str_of(const struct entry *e, int fid)
{
    struct fl_str s = { NULL, 0 };
    if (has(e, fid)) {
        s.p = sptr(e, fid);
        s.n = e->slots[fid].len;
    }
    return s;
}

static int64_t duration_of(const struct entry *e)
{
    int64_t v;
    if ((v = field_scaled(e, FL_F_DURATION_US, 0)) >= 0)
        return v;
    if ((v = field_scaled(e, FL_F_DURATION_MS, 3)) >= 0)
        return v;
    return field_scaled(e, FL_F_DURATION_S, 6);
}

static int64_t lock_of(const struct entry *e)
{
    int64_t v;
    if ((v = field_scaled(e, FL_F_LOCK_US, 0)) >= 0)
        return v;
    if ((v = field_scaled(e, FL_F_LOCK_MS, 3)) >= 0)
        return v;
    return field_scaled(e, FL_F_LOCK_S, 6);
}

/* Attach capture fid of e as the next attribute of ev (empty values are
 * absent, as for fields); counts those beyond FL_EVENT_MAX_ATTRS. */
static void add_attr(struct fl_parser *p, const struct entry *e, int fid,
                     struct fl_event *ev)
{
    if (!e->slots[fid].len)
        return;
    if (ev->nattrs == FL_EVENT_MAX_ATTRS) {
        p->st.attrs_dropped++;
        return;
    }
    ev->attrs[ev->nattrs].name = p->f->fields[fid];
    ev->attrs[ev->nattrs++].value = str_of(e, fid);
}

/* Fill ev from the entry's fields: a capture named like an event field
 * (fl_event.h) goes to that field, numbers parsed as plain integers; the
 * parser's own fields (times, scaled durations) are read elsewhere; any
 * other capture becomes an attribute, in field order. */
static void fill_fields(struct fl_parser *p, const struct entry *e,
                        struct fl_event *ev)
{
    const struct fl_format *f = p->f;

    for (size_t i = 0; i < f->nfields; i++) {
        int to = f->field_event[i];
        if (!has(e, (int)i) || to == FL_FIELD_PARSER)
            continue;
        if (to == FL_FIELD_ATTR)
            add_attr(p, e, (int)i, ev);
        else if (to >= FL_EVF__NUMS)
            *fl_event_str(ev, to) = str_of(e, (int)i);
        else
            *fl_event_num(ev, to) = field_scaled(e, (int)i, 0);
    }
}

/* The error flag: error and deadlock entries (both abort a statement),
 * protocol status 500 and above, and rules with "error": true. */
static bool is_error(const struct entry *e, const struct fl_event *ev)
{
    return e->error || ev->kind == FL_EV_ERROR || ev->kind == FL_EV_DEADLOCK ||
           ev->status >= 500;
}

/* Build and push the event of entry e; dur/time override when >= 0 /
 * != INT64_MIN (pairing).  The format's domain refines the event (a DDL
 * query becomes kind ddl) before it is pushed. */
static int emit(struct fl_parser *p, const struct entry *e, int64_t time_us,
                int64_t dur)
{
    struct fl_event ev;

    fl_event_clear(&ev);
    ev.kind = (enum fl_event_kind)e->kind;
    ev.file = p->file;
    ev.line = e->line;
    ev.format = p->f->name;
    ev.time_us = time_us;
    fill_fields(p, e, &ev);
    ev.duration_us = dur;
    ev.lock_us = lock_of(e);
    ev.domain = p->domain;
    if (p->domain && p->domain->refine)
        p->domain->refine(&ev);
    ev.error = is_error(e, &ev);
    p->st.events++;
    if (time_us != INT64_MIN)
        p->st.timed++;
    return p->cb ? p->cb(&ev, p->cb_ctx) : 0;
}

/* ---- parked statements (split logging) ---------------------------------- */

static uint64_t pid_hash(struct fl_str pid, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)pid.p[i]) * 1099511628211ULL;
    return h;
}

/* Find the parked statement of e's pid; with create, a free slot for it.
 * Open addressing with tombstones (PARK_GONE). */
static struct park *park_find(struct fl_parser *p, const struct entry *e,
                              bool create)
{
    struct fl_str pid = str_of(e, FL_F_PID);
    size_t n = pid.n < 31 ? pid.n : 31;
    uint64_t h = pid_hash(pid, n);
    struct park *free_slot = NULL;

    if (!p->parks) {
        if (!create)
            return NULL;
        p->parks = fl_xcalloc(PARK_SLOTS, sizeof *p->parks);
        for (size_t i = 0; i < PARK_SLOTS; i++)
            entry_init(&p->parks[i].e, p->f->nfields);
    }
    for (size_t i = 0; i < PARK_SLOTS; i++) {
        struct park *k = &p->parks[(h + i) & (PARK_SLOTS - 1)];
        if (k->state == PARK_USED && k->pidlen == n &&
            memcmp(k->pid, pid.p, n) == 0)
            return k;
        if (k->state != PARK_USED && !free_slot)
            free_slot = k;
        if (k->state == PARK_EMPTY)
            break;
    }
    if (!create || !free_slot)
        return NULL;
    memcpy(free_slot->pid, pid.p, n);
    free_slot->pidlen = n;
    return free_slot;
}

static int unpark(struct fl_parser *p, struct park *k, int64_t time_us,
                  int64_t dur)
{
    int64_t t = time_us != INT64_MIN ? time_us : k->e.time;

    k->state = PARK_GONE;
    if (--p->nparked == 0)
        for (size_t i = 0; i < PARK_SLOTS; i++)
            p->parks[i].state = PARK_EMPTY;
    return emit(p, &k->e, t, dur);
}

static int flush_parks(struct fl_parser *p)
{
    int rc = 0;
    if (!p->parks)
        return 0;
    for (size_t i = 0; i < PARK_SLOTS && rc == 0 && p->nparked; i++)
        if (p->parks[i].state == PARK_USED)
            rc = unpark(p, &p->parks[i], INT64_MIN, -1);
    return rc;
}

static bool flushes_park(const struct entry *e)
{
    if (e->role != FL_ROLE_COMPLETE)
        return true;
    return e->kind == FL_EV_QUERY || e->kind == FL_EV_DDL ||
           e->kind == FL_EV_ERROR || e->kind == FL_EV_DEADLOCK ||
           e->kind == FL_EV_DISCONNECT;
}

static int pair(struct fl_parser *p, struct entry *e, int64_t t)
{
    struct park *k = NULL;
    int rc = 0;

    if (flushes_park(e) && p->nparked)
        k = park_find(p, e, false);
    if (e->role == FL_ROLE_DURATION || e->role == FL_ROLE_PHASE) {
        if (k && e->role == FL_ROLE_DURATION)
            return unpark(p, k, t, duration_of(e));
        if (k)
            rc = unpark(p, k, INT64_MIN, -1);
        p->st.phases++;
        return rc;
    }
    if (k && (rc = unpark(p, k, INT64_MIN, -1)) != 0)
        return rc;
    if (e->role == FL_ROLE_STATEMENT) {
        if (p->nparked >= PARK_SLOTS / 2 && (rc = flush_parks(p)) != 0)
            return rc;
        if (!(k = park_find(p, e, true)))
            return emit(p, e, t, -1);
        entry_copy(p, &k->e, e);
        k->e.time = t;
        k->state = PARK_USED;
        p->nparked++;
        return 0;
    }
    return emit(p, e, t, duration_of(e));
}

/* An entry is complete: classify it and push its event(s). */
static int finish_entry(struct fl_parser *p)
{
    struct entry *e = &p->cur;
    int64_t t;

    if (!e->active)
        return 0;
    e->active = false;
    p->st.entries++;
    apply_kv(p->f, e);
    t = entry_time(p, e);
    classify(p, e);
    return pair(p, e, t);
}

/* ---- line framing ------------------------------------------------------- */

static bool ignored(struct fl_parser *p, const char *s, size_t n)
{
    for (size_t i = 0; i < p->f->nignore; i++)
        if (run(p, &p->f->ignore[i], s, n) > 0)
            return true;
    return false;
}

/* Text of group `fid` in the last match of subject s, or all of s. */
static void group_text(struct fl_parser *p, const struct fl_pattern *pat,
                       int rc, int fid, const char *s, size_t n,
                       const char **out, size_t *outn)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
    for (uint32_t g = 1; g < (uint32_t)rc && g <= pat->ngroups; g++)
        if (pat->group_field[g] == fid && ov[2 * g] != PCRE2_UNSET) {
            *out = s + ov[2 * g];
            *outn = ov[2 * g + 1] - ov[2 * g];
            return;
        }
    *out = s;
    *outn = n;
}

static void append_text(struct fl_parser *p, const char *s, size_t n)
{
    struct entry *e = &p->cur;

    if (p->f->unescape_syslog && memmem(s, n, "#011", 4)) {
        fl_buf_reset(&p->scratch);
        for (size_t i = 0; i < n; i++) {
            if (i + 4 <= n && memcmp(s + i, "#011", 4) == 0) {
                fl_buf_addc(&p->scratch, '\t');
                i += 3;
            } else {
                fl_buf_addc(&p->scratch, s[i]);
            }
        }
        s = p->scratch.p;
        n = p->scratch.len;
    }
    append_field(e, e->cur, s, n);
}

/* Is the start line matched by pattern `pat` an attachment (DETAIL...) to
 * the open entry?  Appends it and returns true if so. */
static bool try_attach(struct fl_parser *p, const struct fl_pattern *pat,
                       int rc, const char *s, size_t n)
{
    const struct fl_format *f = p->f;
    const char *v, *msg;
    size_t vn, mn;

    if (f->attach_field < 0 || !p->cur.active)
        return false;
    group_text(p, pat, rc, f->attach_field, s, n, &v, &vn);
    if (v == s && vn == n)
        return false;
    for (size_t i = 0; i < f->nattach; i++)
        if (strlen(f->attach[i].key) == vn &&
            memcmp(f->attach[i].key, v, vn) == 0) {
            group_text(p, pat, rc, FL_F_MESSAGE, s, n, &msg, &mn);
            p->cur.cur = f->attach[i].field;
            append_field(&p->cur, p->cur.cur, msg, mn);
            return true;
        }
    return false;
}

/* Start a new entry from line s, matched by pat with result m.  The match
 * offsets are kept across finishing the previous entry (which runs other
 * regexes) and applied to the line's copy in the arena. */
static int start_entry(struct fl_parser *p, const struct fl_pattern *pat,
                       int m, const char *s, size_t n, uint64_t line_no)
{
    PCRE2_SIZE ov[2 * OVECTOR_PAIRS];
    size_t pairs = (size_t)m < OVECTOR_PAIRS ? (size_t)m : OVECTOR_PAIRS;
    int rc;

    memcpy(ov, pcre2_get_ovector_pointer(p->md), 2 * pairs * sizeof *ov);
    if ((rc = finish_entry(p)) != 0)
        return rc;
    entry_reset(p, &p->cur, line_no);
    take_ov(&p->cur, pat, ov, (int)pairs, arena_add(&p->cur, s, n));
    return 0;
}

static int line_framing(struct fl_parser *p, const char *s, size_t n,
                        uint64_t line_no)
{
    const struct fl_format *f = p->f;
    bool limited = false;

    if (n == 0)
        return 0; /* blank lines carry nothing */
    for (size_t k = 0; k < f->npatterns; k++) {
        size_t i = (p->last_pattern + k) % f->npatterns;
        int rc = run(p, &f->patterns[i], s, n);
        if (rc < 0)
            limited = true;
        if (rc <= 0)
            continue;
        p->last_pattern = i;
        if (try_attach(p, &f->patterns[i], rc, s, n))
            return 0;
        return start_entry(p, &f->patterns[i], rc, s, n, line_no);
    }
    if (f->has_continuation && p->cur.active) {
        int rc = run(p, &f->continuation, s, n);
        if (rc > 0) {
            const char *t;
            size_t tn;
            group_text(p, &f->continuation, rc, FL_F_MESSAGE, s, n, &t, &tn);
            if (!entry_full(&p->cur, tn))
                append_text(p, t, tn);
            else
                p->st.truncated++;
            return 0;
        }
    }
    if (ignored(p, s, n))
        return 0;
    if (f->multiline && p->cur.active && !limited) {
        if (!entry_full(&p->cur, n))
            append_text(p, s, n);
        return 0;
    }
    bad_line(p, line_no, limited ? "regex match limit exceeded"
                                 : "does not match the format", s, n);
    return 0;
}

/* ---- record framing ------------------------------------------------------ */

static void header_line(struct fl_parser *p, const char *s, size_t n)
{
    const struct fl_format *f = p->f;
    uint32_t base = arena_add(&p->cur, s, n);

    for (size_t i = 0; i < f->npatterns; i++) {
        int rc = run(p, &f->patterns[i], p->cur.arena.p + base, n);
        if (rc > 0)
            take_groups(p, &p->cur, &f->patterns[i], rc, base);
    }
}

static void body_line(struct fl_parser *p, const char *s, size_t n)
{
    const struct fl_format *f = p->f;
    struct entry *e = &p->cur;

    for (size_t i = 0; i < f->nbody; i++) {
        int rc = run(p, &f->body_patterns[i], s, n);
        if (rc > 0) {
            uint32_t base = arena_add(e, s, n);
            rc = run(p, &f->body_patterns[i], e->arena.p + base, n);
            if (rc > 0)
                take_groups(p, e, &f->body_patterns[i], rc, base);
            if (f->has_body_alone && !e->has_body &&
                run(p, &f->body_alone, s, n) > 0) {
                e->alone.off = base;
                e->alone.len = (uint32_t)n;
            }
            return;
        }
    }
    if (entry_full(e, n)) {
        p->st.truncated++;
        return;
    }
    append_field(e, f->body_field, s, n);
    e->has_body = true;
}

/* Trim trailing blanks and body_trim characters from the body. */
static void trim_body(const struct fl_format *f, struct entry *e)
{
    struct slot *sl;

    if (!e->has_body && e->alone.off != NO_OFF)
        e->slots[f->body_field] = e->alone;
    if (!has(e, f->body_field))
        return;
    sl = &e->slots[f->body_field];
    while (sl->len) {
        char c = e->arena.p[sl->off + sl->len - 1];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
            (c && strchr(f->body_trim, c)))
            sl->len--;
        else
            break;
    }
}

static bool has_required(const struct fl_format *f, const struct entry *e)
{
    for (size_t i = 0; i < f->nrequired; i++)
        if (!has(e, f->required[i]))
            return false;
    return true;
}

static int record_flush(struct fl_parser *p)
{
    if (!p->cur.active)
        return 0;
    if (!has_required(p->f, &p->cur)) {
        /* Not a record of this format (e.g. '#' comments of a script). */
        p->cur.active = false;
        for (uint64_t k = 0; k < p->cur.nlines; k++)
            bad_line(p, p->cur.line + k, "record without its required "
                     "header fields", "", 0);
        return 0;
    }
    trim_body(p->f, &p->cur);
    if (!has(&p->cur, p->f->body_field)) {
        /* A header without a statement (e.g. the last "# Time:"): keep the
         * time for inheritance, produce nothing. */
        (void)entry_time(p, &p->cur);
        p->cur.active = false;
        return 0;
    }
    return finish_entry(p);
}

static int record_framing(struct fl_parser *p, const char *s, size_t n,
                          uint64_t line_no)
{
    const struct fl_format *f = p->f;
    int rc;

    if (run(p, &f->header, s, n) > 0) {
        if (p->cur.active && p->cur.past_header &&
            (rc = record_flush(p)) != 0)
            return rc;
        if (!p->cur.active)
            entry_reset(p, &p->cur, line_no);
        p->cur.nlines++;
        header_line(p, s, n);
        return 0;
    }
    if (ignored(p, s, n))
        return 0;
    if (!p->cur.active) {
        bad_line(p, line_no, "statement text outside a record", s, n);
        return 0;
    }
    p->cur.past_header = true;
    p->cur.nlines++;
    body_line(p, s, n);
    return 0;
}

/* ---- csv framing ---------------------------------------------------------- */

/* Split the CSV record in the arena into column slots, unescaping "" in
 * place.  Returns the number of columns. */
static size_t csv_split(const struct fl_format *f, struct entry *e)
{
    char *a = e->arena.p;
    size_t n = e->arena.len, i = 0, col = 0;

    while (i <= n) {
        uint32_t start = (uint32_t)i, w = (uint32_t)i;
        if (i < n && a[i] == '"') {
            i++;
            while (i < n) {
                if (a[i] == '"' && i + 1 < n && a[i + 1] == '"') {
                    a[w++] = '"';
                    i += 2;
                } else if (a[i] == '"') {
                    i++;
                    break;
                } else {
                    a[w++] = a[i++];
                }
            }
            while (i < n && a[i] != ',')
                i++;
        } else {
            while (i < n && a[i] != ',')
                i++;
            w = (uint32_t)i;
        }
        if (col < f->ncolumns && w > start) {
            e->slots[f->columns[col]].off = start;
            e->slots[f->columns[col]].len = w - start;
        }
        col++;
        i++;
    }
    return col;
}

static void csv_scan_quotes(struct fl_parser *p, const char *s, size_t n)
{
    for (const char *q = memchr(s, '"', n); q;
         q = memchr(q + 1, '"', n - (size_t)(q + 1 - s)))
        p->csv_in_quotes = !p->csv_in_quotes;
}

static int csv_framing(struct fl_parser *p, const char *s, size_t n,
                       uint64_t line_no)
{
    struct entry *e = &p->cur;
    size_t cols;

    if (!e->active) {
        entry_reset(p, e, line_no);
        p->csv_in_quotes = false;
    } else {
        fl_buf_addc(&e->arena, '\n');
    }
    if (!entry_full(e, n))
        fl_buf_add(&e->arena, s, n);
    e->nlines++;
    csv_scan_quotes(p, s, n);
    if (p->csv_in_quotes && e->nlines < MAX_CSV_LINES)
        return 0;
    cols = csv_split(p->f, e);
    if (cols < p->f->min_columns || p->csv_in_quotes ||
        (p->f->has_match && !cond_match(p, e, &p->f->match))) {
        e->active = false;
        p->csv_in_quotes = false;
        for (uint64_t k = 0; k < e->nlines; k++)
            bad_line(p, e->line + k, "not a CSV record of this format", s, n);
        return 0;
    }
    return finish_entry(p);
}

/* ---- json framing --------------------------------------------------------- */

struct jscan {
    const char *s;
    size_t n, i;
    int depth;
};

static void js_ws(struct jscan *j)
{
    while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' ||
                           j->s[j->i] == '\r' || j->s[j->i] == '\n'))
        j->i++;
}

static void put_utf8(struct fl_buf *b, unsigned long c)
{
    char u[4];
    if (c < 0x80) {
        fl_buf_addc(b, (char)c);
    } else if (c < 0x800) {
        u[0] = (char)(0xC0 | (c >> 6));
        u[1] = (char)(0x80 | (c & 0x3F));
        fl_buf_add(b, u, 2);
    } else if (c < 0x10000) {
        u[0] = (char)(0xE0 | (c >> 12));
        u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (char)(0x80 | (c & 0x3F));
        fl_buf_add(b, u, 3);
    } else {
        u[0] = (char)(0xF0 | (c >> 18));
        u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[3] = (char)(0x80 | (c & 0x3F));
        fl_buf_add(b, u, 4);
    }
}

static bool hex4(const char *s, unsigned long *v)
{
    *v = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        int d = c >= '0' && c <= '9' ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return false;
        *v = *v * 16 + (unsigned long)d;
    }
    return true;
}

static bool js_escape(struct jscan *j, struct fl_buf *out)
{
    char c = j->s[j->i++];
    unsigned long u, lo;
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *k = strchr(from, c);

    if (c && k) {
        if (out)
            fl_buf_addc(out, to[k - from]);
        return true;
    }
    if (c != 'u' || j->i + 4 > j->n || !hex4(j->s + j->i, &u))
        return false;
    j->i += 4;
    if (u >= 0xD800 && u < 0xDC00 && j->i + 6 <= j->n &&
        j->s[j->i] == '\\' && j->s[j->i + 1] == 'u' &&
        hex4(j->s + j->i + 2, &lo) && lo >= 0xDC00 && lo < 0xE000) {
        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        j->i += 6;
    } else if (u >= 0xD800 && u < 0xE000) {
        u = 0xFFFD;
    }
    if (out)
        put_utf8(out, u);
    return true;
}

/* Read a JSON string at j->i (after the quote is checked); unescaped text
 * goes to out (NULL: skip). */
static bool js_string(struct jscan *j, struct fl_buf *out)
{
    j->i++;
    while (j->i < j->n) {
        size_t run0 = j->i;
        while (j->i < j->n && j->s[j->i] != '"' && j->s[j->i] != '\\')
            j->i++;
        if (out)
            fl_buf_add(out, j->s + run0, j->i - run0);
        if (j->i >= j->n)
            return false;
        if (j->s[j->i] == '"') {
            j->i++;
            return true;
        }
        j->i++;
        if (j->i >= j->n || !js_escape(j, out))
            return false;
    }
    return false;
}

static bool js_value(struct fl_parser *p, struct jscan *j, struct fl_buf *path,
                     int *seen);

static bool js_object(struct fl_parser *p, struct jscan *j,
                      struct fl_buf *path, int *seen)
{
    size_t plen = path->len;

    if (++j->depth > 32)
        return false;
    j->i++;
    js_ws(j);
    if (j->i < j->n && j->s[j->i] == '}') {
        j->i++;
        j->depth--;
        return true;
    }
    while (j->i < j->n) {
        if (j->s[j->i] != '"')
            return false;
        if (plen)
            fl_buf_addc(path, '.');
        if (!js_string(j, path))
            return false;
        js_ws(j);
        if (j->i >= j->n || j->s[j->i++] != ':')
            return false;
        js_ws(j);
        if (!js_value(p, j, path, seen))
            return false;
        path->len = plen;
        path->p[plen] = '\0';
        js_ws(j);
        if (j->i < j->n && j->s[j->i] == ',') {
            j->i++;
            js_ws(j);
            continue;
        }
        if (j->i < j->n && j->s[j->i] == '}') {
            j->i++;
            j->depth--;
            return true;
        }
        return false;
    }
    return false;
}

static bool js_skip_array(struct fl_parser *p, struct jscan *j, int *seen)
{
    struct fl_buf none;
    bool ok = true;

    fl_buf_init(&none);
    fl_buf_adds(&none, "\x01");     /* never matches a key path */
    j->i++;
    js_ws(j);
    if (j->i < j->n && j->s[j->i] == ']') {
        j->i++;
        fl_buf_cleanup(&none);
        return true;
    }
    while (ok && j->i < j->n) {
        ok = js_value(p, j, &none, seen);
        js_ws(j);
        if (ok && j->i < j->n && j->s[j->i] == ',') {
            j->i++;
            js_ws(j);
        } else {
            ok = ok && j->i < j->n && j->s[j->i++] == ']';
            break;
        }
    }
    fl_buf_cleanup(&none);
    return ok;
}

/* The key map entry for path, or -1. */
static int key_index(const struct fl_format *f, const struct fl_buf *path)
{
    for (size_t i = 0; i < f->nkeys; i++)
        if (strcmp(f->keys[i].key, path->p) == 0)
            return (int)i;
    return -1;
}

static bool js_value(struct fl_parser *p, struct jscan *j, struct fl_buf *path,
                     int *seen)
{
    struct entry *e = &p->cur;
    int k;
    size_t start;

    if (j->i >= j->n)
        return false;
    if (j->s[j->i] == '{')
        return js_object(p, j, path, seen);
    if (j->s[j->i] == '[')
        return js_skip_array(p, j, seen);
    k = path->p ? key_index(p->f, path) : -1;
    if (j->s[j->i] == '"') {
        uint32_t off = (uint32_t)e->arena.len;
        if (!js_string(j, k >= 0 ? &e->arena : NULL))
            return false;
        if (k >= 0) {
            e->slots[p->f->keys[k].field].off = off;
            e->slots[p->f->keys[k].field].len = (uint32_t)e->arena.len - off;
            (*seen)++;
        }
        return true;
    }
    start = j->i;
    while (j->i < j->n && !strchr(",}] \t\r\n", j->s[j->i]))
        j->i++;
    if (j->i == start)
        return false;
    if (k >= 0 && !(j->i - start == 4 && memcmp(j->s + start, "null", 4) == 0)) {
        e->slots[p->f->keys[k].field].off = arena_add(e, j->s + start,
                                                      j->i - start);
        e->slots[p->f->keys[k].field].len = (uint32_t)(j->i - start);
        (*seen)++;
    }
    return true;
}

static bool json_required(const struct fl_format *f, const struct entry *e)
{
    for (size_t i = 0; i < f->nrequire; i++)
        for (size_t k = 0; k < f->nkeys; k++)
            if (strcmp(f->keys[k].key, f->require[i]) == 0 &&
                !has(e, f->keys[k].field))
                return false;
    return true;
}

static int json_framing(struct fl_parser *p, const char *s, size_t n,
                        uint64_t line_no)
{
    struct jscan j = { s, n, 0, 0 };
    int seen = 0, rc;

    if ((rc = finish_entry(p)) != 0)
        return rc;
    if (n == 0 || ignored(p, s, n))
        return 0;
    entry_reset(p, &p->cur, line_no);
    fl_buf_reset(&p->scratch);
    fl_buf_addc(&p->scratch, '\0');
    p->scratch.len = 0;
    js_ws(&j);
    if (j.i >= n || s[j.i] != '{' || !js_object(p, &j, &p->scratch, &seen) ||
        !json_required(p->f, &p->cur)) {
        p->cur.active = false;
        bad_line(p, line_no, j.i < n && s[j.i] == '{' && !seen
                 ? "invalid JSON" : "not a JSON object of this format", s, n);
        return 0;
    }
    if (p->f->has_match && !cond_match(p, &p->cur, &p->f->match)) {
        p->cur.active = false;
        bad_line(p, line_no, "not a JSON object of this format", s, n);
        return 0;
    }
    return finish_entry(p);
}

/* ---- driver ---------------------------------------------------------------- */

int fl_parser_line(struct fl_parser *p, const char *line, size_t len,
                   uint64_t line_no)
{
    p->st.lines++;
    if (len > MAX_ENTRY)
        len = MAX_ENTRY;
    switch (p->f->type) {
    case FL_FMT_LINE: return line_framing(p, line, len, line_no);
    case FL_FMT_RECORD: return record_framing(p, line, len, line_no);
    case FL_FMT_CSV: return csv_framing(p, line, len, line_no);
    case FL_FMT_JSON: return json_framing(p, line, len, line_no);
    default:
        bad_line(p, line_no, "rule sets do not parse lines", line, len);
        return 0;
    }
}

int fl_parser_finish(struct fl_parser *p)
{
    int rc;

    if (p->f->type == FL_FMT_CSV && p->cur.active && p->csv_in_quotes) {
        /* An unterminated quoted field at the end of input. */
        p->csv_in_quotes = false;
        p->cur.active = false;
        for (uint64_t k = 0; k < p->cur.nlines; k++)
            bad_line(p, p->cur.line + k, "unterminated CSV record", "", 0);
    }
    rc = p->f->type == FL_FMT_RECORD ? record_flush(p) : finish_entry(p);
    if (rc == 0)
        rc = flush_parks(p);
    return rc;
}

/* ---- sample check ------------------------------------------------------- */

struct sample_ctx {
    const cJSON *expect;
    bool matched;
    int events;
    char why[256];
};

static bool str_eq(struct fl_str s, const char *v)
{
    return s.n == strlen(v) && memcmp(s.p, v, s.n) == 0;
}

/* The event field named name: a string (*s) or a number (*v); false if
 * name is not a field of the table in fl_event.h. */
static bool event_field(const struct fl_event *ev, const char *name,
                        const struct fl_str **s, int64_t *v)
{
    int i = fl_event_field_find(name);

    *s = NULL;
    *v = 0;
    if (i < 0)
        return false;
    if (fl_event_fields()[i].number)
        *v = *fl_event_cnum(ev, i);
    else
        *s = fl_event_cstr(ev, i);
    return true;
}

/* The attribute named name, NULL if the event has none. */
static const struct fl_str *event_attr(const struct fl_event *ev,
                                       const char *name)
{
    for (size_t i = 0; i < ev->nattrs; i++)
        if (strcmp(ev->attrs[i].name, name) == 0)
            return &ev->attrs[i].value;
    return NULL;
}

/* Does ev satisfy every key of expect?  Writes the first mismatch. */
static bool expect_ok(const struct fl_event *ev, const cJSON *expect,
                      char *why, size_t n)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, expect) {
        const struct fl_str *s, *a = event_attr(ev, it->string);
        int64_t v;
        bool known = event_field(ev, it->string, &s, &v);
        if (strcmp(it->string, "kind") == 0 && cJSON_IsString(it)) {
            if (strcmp(fl_event_kind_name(ev->kind), it->valuestring) == 0)
                continue;
        } else if (strcmp(it->string, "error") == 0 && cJSON_IsBool(it)) {
            if (ev->error == cJSON_IsTrue(it))
                continue;
        } else if (!known && a && cJSON_IsString(it)) {
            if (str_eq(*a, it->valuestring))
                continue;
        } else if (s && cJSON_IsString(it)) {
            if (str_eq(*s, it->valuestring))
                continue;
        } else if (known && !s && cJSON_IsNumber(it)) {
            if (v == (int64_t)it->valuedouble)
                continue;
        } else {
            snprintf(why, n, "unknown expect key \"%s\"", it->string);
            return false;
        }
        snprintf(why, n, "expected %s %s", it->string,
                 cJSON_IsString(it) ? it->valuestring
                 : cJSON_IsBool(it) ? "(boolean)" : "(number)");
        return false;
    }
    return true;
}

static int sample_cb(const struct fl_event *ev, void *ctx)
{
    struct sample_ctx *sc = ctx;
    sc->events++;
    if (!sc->expect || expect_ok(ev, sc->expect, sc->why, sizeof sc->why))
        sc->matched = true;
    return 0;
}

static int check_one(const struct fl_format *f, const cJSON *sample,
                     size_t idx, struct fl_err *err)
{
    const cJSON *lines = cJSON_GetObjectItemCaseSensitive(sample, "lines");
    struct sample_ctx sc = { cJSON_GetObjectItemCaseSensitive(sample,
                                                              "expect"),
                             false, 0, "no event" };
    struct fl_parse_opts o = { NULL, 2024, NULL };
    struct fl_parser *p;
    const cJSON *it;
    uint64_t ln = 0, bad_time_line;

    if (!cJSON_IsArray(lines))
        return fl_err_set(err, FL_ERR_FORMAT, f->source, 0, UINT64_MAX,
                          "key \"samples[%zu]\": needs a \"lines\" array",
                          idx);
    p = fl_parser_new(f, "(sample)", &o, sample_cb, &sc);
    cJSON_ArrayForEach(it, lines)
        if (cJSON_IsString(it))
            fl_parser_line(p, it->valuestring, strlen(it->valuestring), ++ln);
    fl_parser_finish(p);
    bad_time_line = fl_parser_stats(p)->bad_time_line;
    fl_parser_free(p);
    if (bad_time_line)
        return fl_err_set(err, FL_ERR_FORMAT, f->source, 0, UINT64_MAX,
                          "key \"samples[%zu]\": the time of line %llu "
                          "matches none of the \"time\" styles or layouts",
                          idx, (unsigned long long)bad_time_line);
    if (sc.matched)
        return FL_OK;
    return fl_err_set(err, FL_ERR_FORMAT, f->source, 0, UINT64_MAX,
                      "key \"samples[%zu]\": the sample does not parse as "
                      "declared (%d events; %s)", idx, sc.events, sc.why);
}

int fl_parse_check_samples(const struct fl_format *f, struct fl_err *err)
{
    cJSON *arr, *it;
    size_t i = 0;
    int rc = FL_OK;

    if (!f->samples_json)
        return FL_OK;
    arr = cJSON_Parse(f->samples_json);
    cJSON_ArrayForEach(it, arr) {
        if ((rc = check_one(f, it, i++, err)) != FL_OK)
            break;
    }
    cJSON_Delete(arr);
    return rc;
}
