/* stats.c - aggregate events into groups with totals, sketches and sparse
 * time series (see fl_stats.h for the model and its invariants).
 *
 * Lookups use one open-addressing table per dimension keyed by a 64-bit
 * hash (the fingerprint id, or FNV-1a of the key text), with the key text
 * compared on a hit.  Groups are allocated once and never move, so table
 * groups can be referenced from fingerprint classes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/fl_buf.h"
#include "base/fl_err.h"
#include "event/fl_domain.h"
#include "series/fl_stats.h"
#include "base/fl_hash.h"
#include "base/fl_xalloc.h"

#define FPCACHE_SLOTS 65536   /* power of two */
#define DEFAULT_MAX_BUCKETS 512
#define DEFAULT_MAX_CLASSES 100000

struct dimtab {
    struct fl_stats_group **v;   /* groups in creation order */
    size_t n, cap;
    uint32_t *slots;             /* hash table of index+1, 0 = empty */
    uint64_t *hashes;            /* hash per slot */
    size_t nslots;               /* power of two */
};

/* A statement -> class cache in front of the fingerprint lexer, keyed by
 * a 128-bit hash of the statement with its literal digits and quoted
 * string contents dropped (see literal_key). */
struct fpcache {
    uint64_t h1, h2;
    const struct fl_domain *domain;
    struct fl_stats_group *g;
};

struct fl_stats {
    struct fl_stats_opts o;
    struct fpcache *cache;       /* FPCACHE_SLOTS entries, lazily made */
    int64_t width;               /* current bucket width (us) */
    int64_t lo, hi;              /* earliest / latest bucketed start */
    struct dimtab dims[FL_DIM__COUNT];
    struct fl_stats_group *other;/* the "other" class, NULL until needed */
    uint64_t events;
    struct fl_class cls;         /* scratch: the class of an event */
};

static const char *const dim_names[FL_DIM__COUNT] = {
    "overall", "fingerprint", "table", "db", "user"
};

const char *fl_stats_dim_name(enum fl_stats_dim dim)
{
    return (unsigned)dim < FL_DIM__COUNT ? dim_names[dim] : "?";
}

int fl_stats_dim_parse(const char *name)
{
    for (int i = 0; i < FL_DIM__COUNT; i++)
        if (strcmp(dim_names[i], name) == 0)
            return i;
    return -1;
}

/* FNV-1a 64 of a group key (the same hash the domains use for class ids). */
static uint64_t hash_str(const char *s, size_t n)
{
    return fl_hash_fnv1a(s, n);
}

/* ---- groups ------------------------------------------------------------- */

static struct fl_stats_group *group_new(const char *key, size_t n,
                                        uint64_t id)
{
    struct fl_stats_group *g = fl_xcalloc(1, sizeof *g);

    g->key = fl_xstrndup(key, n);
    g->id = id;
    g->stmt_type = -1;
    g->sample_us = -1;
    fl_sketch_init(&g->lat);
    g->rows_examined = g->rows_sent = g->lock_us = -1;
    g->first_us = INT64_MAX;
    g->last_us = INT64_MIN;
    return g;
}

static void group_free(struct fl_stats_group *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->ncells; i++)
        fl_sketch_cleanup(&g->cells[i].lat);
    free(g->cells);
    fl_sketch_cleanup(&g->lat);
    free(g->key);
    free(g->tables);
    free(g->sample);
    free(g->table_groups);
    free(g);
}

static void tab_grow(struct dimtab *t)
{
    size_t ns = t->nslots ? t->nslots * 2 : 64;
    uint32_t *slots = fl_xcalloc(ns, sizeof *slots);
    uint64_t *hashes = fl_xcalloc(ns, sizeof *hashes);

    for (size_t i = 0; i < t->nslots; i++) {
        size_t j;
        if (!t->slots[i])
            continue;
        for (j = t->hashes[i] & (ns - 1); slots[j]; j = (j + 1) & (ns - 1))
            ;
        slots[j] = t->slots[i];
        hashes[j] = t->hashes[i];
    }
    free(t->slots);
    free(t->hashes);
    t->slots = slots;
    t->hashes = hashes;
    t->nslots = ns;
}

/* Find the group with hash h and key (key may be NULL to match by hash
 * only, for fingerprint ids).  Returns its slot; *found says if present. */
static size_t tab_slot(const struct dimtab *t, uint64_t h, const char *key,
                       size_t n, bool *found)
{
    size_t j = h & (t->nslots - 1);

    for (; t->slots[j]; j = (j + 1) & (t->nslots - 1)) {
        const struct fl_stats_group *g = t->v[t->slots[j] - 1];
        if (t->hashes[j] == h &&
            (!key || (strlen(g->key) == n && memcmp(g->key, key, n) == 0))) {
            *found = true;
            return j;
        }
    }
    *found = false;
    return j;
}

static struct fl_stats_group *tab_find(const struct dimtab *t, uint64_t h,
                                       const char *key, size_t n)
{
    bool found;
    size_t j;

    if (!t->nslots)
        return NULL;
    j = tab_slot(t, h, key, n, &found);
    return found ? t->v[t->slots[j] - 1] : NULL;
}

/* Insert g (known to be absent) under hash h. */
static struct fl_stats_group *tab_add(struct dimtab *t, uint64_t h,
                                      struct fl_stats_group *g)
{
    size_t j;

    if ((t->n + 1) * 2 > t->nslots)
        tab_grow(t);
    for (j = h & (t->nslots - 1); t->slots[j]; j = (j + 1) & (t->nslots - 1))
        ;
    t->v = fl_xgrow(t->v, &t->cap, t->n + 1, sizeof *t->v);
    t->v[t->n++] = g;
    t->slots[j] = (uint32_t)t->n;
    t->hashes[j] = h;
    return g;
}

static struct fl_stats_group *keyed(struct fl_stats *s, enum fl_stats_dim d,
                                    const char *key, size_t n)
{
    uint64_t h = hash_str(key, n);
    struct fl_stats_group *g = tab_find(&s->dims[d], h, key, n);
    return g ? g : tab_add(&s->dims[d], h, group_new(key, n, 0));
}

/* ---- cells and bucket width ------------------------------------------- */

static int64_t floor_to(int64_t t, int64_t w)
{
    int64_t q = t / w;
    if (t % w < 0)
        q--;
    return q * w;
}

static struct fl_stats_cell *cell_at(struct fl_stats_group *g, int64_t start)
{
    size_t lo = 0, hi = g->ncells;
    struct fl_stats_cell *c;

    if (g->ncells && g->cells[g->ncells - 1].start_us == start)
        return &g->cells[g->ncells - 1];
    if (g->ncells && g->cells[g->ncells - 1].start_us < start) {
        /* Time moved on: the last bucket is most likely complete, so give
         * back its sketch's spare room (memory is cells x sketch size). */
        fl_sketch_trim(&g->cells[g->ncells - 1].lat);
        lo = g->ncells;
    } else {
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (g->cells[mid].start_us < start)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < g->ncells && g->cells[lo].start_us == start)
            return &g->cells[lo];
    }
    g->cells = fl_xgrow(g->cells, &g->capcells, g->ncells + 1,
                        sizeof *g->cells);
    memmove(&g->cells[lo + 1], &g->cells[lo],
            (g->ncells - lo) * sizeof *g->cells);
    g->ncells++;
    c = &g->cells[lo];
    memset(c, 0, sizeof *c);
    c->start_us = start;
    c->rows_examined = -1;
    fl_sketch_init(&c->lat);
    /* Its durations will likely spread like the group's so far: one window
     * of that width now, not a dozen growth steps. */
    fl_sketch_reserve_like(&c->lat, &g->lat);
    return c;
}

static void add_opt(int64_t *dst, int64_t v)
{
    if (v < 0)
        return;
    *dst = (*dst < 0 ? 0 : *dst) + v;
}

static void cell_merge(struct fl_stats_cell *dst,
                       const struct fl_stats_cell *src)
{
    dst->errors += src->errors;
    add_opt(&dst->rows_examined, src->rows_examined);
    fl_sketch_merge(&dst->lat, &src->lat);
}

/* Re-bucket g's cells to width w (a multiple of the old width). */
static void rebucket(struct fl_stats_group *g, int64_t w)
{
    size_t out = 0;

    for (size_t i = 0; i < g->ncells; i++) {
        int64_t st = floor_to(g->cells[i].start_us, w);
        if (out && g->cells[out - 1].start_us == st) {
            cell_merge(&g->cells[out - 1], &g->cells[i]);
            fl_sketch_cleanup(&g->cells[i].lat);
        } else {
            g->cells[out] = g->cells[i];
            g->cells[out].start_us = st;
            out++;
        }
    }
    g->ncells = out;
}

/* Widen the buckets while [lo, hi] needs more than max_buckets. */
static void fit_width(struct fl_stats *s)
{
    int64_t w = s->width;

    if (s->o.bucket_us || s->hi < s->lo)
        return;
    while ((s->hi - s->lo) / w + 1 > (int64_t)s->o.max_buckets)
        w *= 2;
    if (w == s->width)
        return;
    s->width = w;
    for (int d = 0; d < FL_DIM__COUNT; d++)
        for (size_t i = 0; i < s->dims[d].n; i++)
            rebucket(s->dims[d].v[i], w);
    if (s->other)
        rebucket(s->other, w);
}

static void note_time(struct fl_stats *s, int64_t t)
{
    if (t < s->lo)
        s->lo = t;
    if (t > s->hi)
        s->hi = t;
    fit_width(s);
}

/* ---- adding events ------------------------------------------------------ */

struct sample {
    int64_t start;          /* bucket time (start of the query) */
    int64_t dur;            /* -1 if none */
    int32_t idx;            /* fl_sketch_index(dur) */
    bool error;
    bool call;              /* a call (timed kind), even if it failed */
    int64_t rows_examined, rows_sent, lock;
};

/* Past the store: one state (all zero), however the group was built. */
static void exact_drop(struct fl_stats_group *g)
{
    memset(g->exact, 0, sizeof g->exact);
    g->nexact = 0;
}

/* Insert v into g's sorted exact durations (room is checked by callers). */
static void exact_insert(struct fl_stats_group *g, int64_t v)
{
    size_t i;

    for (i = g->nexact; i > 0 && g->exact[i - 1] > v; i--)
        g->exact[i] = g->exact[i - 1];
    g->exact[i] = v;
    g->nexact++;
}

/* Keep v in g's sorted exact durations while the class is small. */
static void exact_add(struct fl_stats_group *g, int64_t v)
{
    if (g->nexact != fl_sketch_count(&g->lat) || g->nexact >= FL_STATS_EXACT) {
        exact_drop(g);
        return;
    }
    exact_insert(g, v < 0 ? 0 : v);
}

/* Merge src's exact durations into dst's (call before merging the
 * sketches): kept only when both are complete and fit together. */
static void exact_merge(struct fl_stats_group *dst,
                        const struct fl_stats_group *src)
{
    if (dst->nexact != fl_sketch_count(&dst->lat) ||
        src->nexact != fl_sketch_count(&src->lat) ||
        dst->nexact + src->nexact > FL_STATS_EXACT) {
        exact_drop(dst);
        return;
    }
    for (size_t i = 0; i < src->nexact; i++)
        exact_insert(dst, src->exact[i]);
}

double fl_stats_group_quantile(const struct fl_stats_group *g, double q)
{
    uint64_t n = fl_sketch_count(&g->lat);

    if (n == 0 || isnan(q))
        return -1;
    if (g->nexact == n)
        return (double)g->exact[fl_sketch_rank(n, q)];
    return fl_sketch_quantile(&g->lat, q);
}

static void group_add(struct fl_stats *s, struct fl_stats_group *g,
                      const struct sample *x, bool series)
{
    struct fl_stats_cell *c = NULL;

    if (x->start != INT64_MIN) {
        if (series && !s->o.no_series)
            c = cell_at(g, floor_to(x->start, s->width));
        if (x->start < g->first_us)
            g->first_us = x->start;
        if (x->start > g->last_us)
            g->last_us = x->start;
    }
    if (x->error) {
        g->errors++;
        if (c)
            c->errors++;
        if (!x->call)       /* an error entry, not a failed call */
            return;
    }
    if (x->dur >= 0) {
        exact_add(g, x->dur);
        fl_sketch_add_at(&g->lat, x->dur, x->idx);
        if (c)
            fl_sketch_add_at(&c->lat, x->dur, x->idx);
    } else {
        g->calls_no_dur++;
    }
    add_opt(&g->rows_examined, x->rows_examined);
    add_opt(&g->rows_sent, x->rows_sent);
    add_opt(&g->lock_us, x->lock);
    if (c)
        add_opt(&c->rows_examined, x->rows_examined);
}

static struct fl_stats_group *other_class(struct fl_stats *s)
{
    if (!s->other) {
        s->other = group_new("(other)", 7, 0);
        s->other->other = true;
    }
    return s->other;
}

/* Create a class from s->cls (its text, id, subjects as the class's
 * tables, type); sample is the event's raw text (--show-literals). */
static struct fl_stats_group *class_new(struct fl_stats *s, const char *sample,
                                        size_t n)
{
    const struct fl_class *c = &s->cls;
    struct fl_stats_group *g = group_new(c->text.p, c->text.len, c->id);
    const char *p = c->subjects.len ? c->subjects.p : NULL;
    size_t count = 0;

    g->stmt_type = c->type;
    for (size_t i = 0; p && i < c->subjects.len; i++)
        count += p[i] == ',';
    if (p) {
        g->table_groups = fl_xcalloc(count + 1, sizeof *g->table_groups);
        for (const char *q = p, *end; q; q = end ? end + 1 : NULL) {
            end = memchr(q, ',', (size_t)(p + c->subjects.len - q));
            size_t len = end ? (size_t)(end - q) : (size_t)(p + c->subjects.len - q);
            g->table_groups[g->ntable_groups++] = keyed(s, FL_DIM_TABLE, q, len);
        }
    }
    g->tables = fl_xstrdup(p ? p : "");
    if (s->o.keep_sample)
        g->sample = fl_xstrndup(sample, n);
    return tab_add(&s->dims[FL_DIM_FINGERPRINT], c->id, g);
}

static bool ident_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '$' || c >= 0x80;
}

/* Hash sql with what fingerprinting replaces anyway left out: digit runs
 * that stand alone (not touching an identifier character) and the contents
 * of '...' strings ('' escapes included).  Two statements with the same
 * key differ only in such literals, so they have the same fingerprint;
 * different keys just miss the cache.  Statements with a backslash, whose
 * string syntax depends on the dialect, are not keyed (returns false). */
static bool literal_key(const char *sql, size_t n, uint64_t *h1, uint64_t *h2)
{
    const unsigned char *u = (const unsigned char *)sql;
    uint64_t a = 0xcbf29ce484222325ULL, b = 0x84222325cbf29ce4ULL;
    size_t i = 0;

    if (memchr(sql, '\\', n))
        return false;
    while (i < n) {
        unsigned char c = u[i];
        if (c >= '0' && c <= '9' && (i == 0 || !ident_char(u[i - 1]))) {
            size_t j = i;
            while (j < n && u[j] >= '0' && u[j] <= '9')
                j++;
            if (j == n || !ident_char(u[j]) || (u[j] >= '0' && u[j] <= '9')) {
                i = j;
                c = '#';    /* a number was here */
            }
        } else if (c == '\'') {
            for (i++; i < n; i++)
                if (u[i] == '\'' && !(i + 1 < n && u[i + 1] == '\''))
                    break;
                else if (u[i] == '\'')
                    i++;
            c = '\'';
        }
        a = (a ^ c) * 0x100000001b3ULL;
        b = (b ^ c) * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL;
        i++;
    }
    *h1 = a ^ n;
    *h2 = b;
    return true;
}

/* The class of ev through its domain; NULL when it has none. */
static struct fl_stats_group *class_lookup(struct fl_stats *s,
                                           const struct fl_event *ev)
{
    struct fl_stats_group *g;

    if (!ev->domain || !ev->domain->classify ||
        !ev->domain->classify(ev, &s->cls))
        return NULL;
    if ((g = tab_find(&s->dims[FL_DIM_FINGERPRINT], s->cls.id, NULL, 0)))
        return g;
    if (s->dims[FL_DIM_FINGERPRINT].n >= s->o.max_classes)
        return other_class(s);
    if (!ev->statement.n && ev->url.n)    /* a request: its target */
        return class_new(s, ev->url.p, ev->url.n);
    return class_new(s, ev->statement.p, ev->statement.n);
}

/* The class of ev, through a cache keyed on its statement without its
 * literals when the domain says its classes ignore them. */
static struct fl_stats_group *class_of(struct fl_stats *s,
                                       const struct fl_event *ev)
{
    uint64_t h1, h2;
    struct fpcache *e;

    if (!ev->domain || !ev->domain->literal_cache ||
        !literal_key(ev->statement.p, ev->statement.n, &h1, &h2))
        return class_lookup(s, ev);
    if (!s->cache)
        s->cache = fl_xcalloc(FPCACHE_SLOTS, sizeof *s->cache);
    e = &s->cache[h1 & (FPCACHE_SLOTS - 1)];
    if (e->g && e->h1 == h1 && e->h2 == h2 && e->domain == ev->domain)
        return e->g;
    e->h1 = h1;
    e->h2 = h2;
    e->domain = ev->domain;
    e->g = class_lookup(s, ev);
    return e->g;
}

/* --show-literals: the example of a class is its slowest call. */
static void keep_worst(struct fl_stats_group *g, const struct fl_event *ev,
                       int64_t dur)
{
    struct fl_str t = !ev->statement.n && ev->url.n ? ev->url : ev->statement;

    free(g->sample);
    g->sample = fl_xstrndup(t.n ? t.p : "", t.n);
    g->sample_us = dur;
}

int fl_stats_add(struct fl_stats *s, const struct fl_event *ev)
{
    struct sample x;
    struct fl_stats_group *cls = NULL;
    bool timed = ev->kind == FL_EV_QUERY || ev->kind == FL_EV_DDL ||
                 ev->kind == FL_EV_REQUEST;

    if (!timed && ev->kind != FL_EV_ERROR && ev->kind != FL_EV_DEADLOCK)
        return 0;
    s->events++;
    x.dur = timed ? ev->duration_us : -1;
    x.idx = fl_sketch_index(x.dur);
    x.error = !timed || ev->error;  /* a 5xx request keeps its duration */
    x.call = timed;
    x.rows_examined = ev->rows_examined;
    x.rows_sent = ev->rows_sent;
    x.lock = ev->lock_us;
    x.start = timed ? fl_event_start_us(ev) : ev->time_us;
    if (x.start != INT64_MIN)
        note_time(s, x.start);
    group_add(s, s->dims[FL_DIM_OVERALL].v[0], &x, true);
    if ((ev->statement.n || ev->kind == FL_EV_REQUEST) &&
        (cls = class_of(s, ev))) {
        if (s->o.keep_sample && !cls->other && x.dur > cls->sample_us)
            keep_worst(cls, ev, x.dur);
        group_add(s, cls, &x, true);
        for (size_t i = 0; i < cls->ntable_groups; i++)
            group_add(s, cls->table_groups[i], &x, true);
    }
    /* Databases and users get totals only: no analysis reads their series. */
    if (ev->db.n)
        group_add(s, keyed(s, FL_DIM_DB, ev->db.p, ev->db.n), &x, false);
    if (ev->user.n)
        group_add(s, keyed(s, FL_DIM_USER, ev->user.p, ev->user.n), &x, false);
    return 0;
}

int fl_stats_event_cb(const struct fl_event *ev, void *ctx)
{
    return fl_stats_add(ctx, ev);
}

/* ---- merging --------------------------------------------------------------- */

static void group_merge(struct fl_stats *s, struct fl_stats_group *dst,
                        const struct fl_stats_group *src)
{
    exact_merge(dst, src);
    if (src->sample && (!dst->sample || src->sample_us > dst->sample_us ||
                        (src->sample_us == dst->sample_us &&
                         strcmp(src->sample, dst->sample) < 0))) {
        free(dst->sample);
        dst->sample = fl_xstrdup(src->sample);
        dst->sample_us = src->sample_us;
    }
    fl_sketch_merge(&dst->lat, &src->lat);
    dst->calls_no_dur += src->calls_no_dur;
    dst->errors += src->errors;
    add_opt(&dst->rows_examined, src->rows_examined);
    add_opt(&dst->rows_sent, src->rows_sent);
    add_opt(&dst->lock_us, src->lock_us);
    if (src->first_us < dst->first_us)
        dst->first_us = src->first_us;
    if (src->last_us > dst->last_us)
        dst->last_us = src->last_us;
    for (size_t i = 0; !s->o.no_series && i < src->ncells; i++)
        cell_merge(cell_at(dst, floor_to(src->cells[i].start_us, s->width)),
                   &src->cells[i]);
}

static struct fl_stats_group *merge_target(struct fl_stats *s,
                                           enum fl_stats_dim d,
                                           const struct fl_stats_group *g)
{
    struct fl_stats_group *t;

    if (d != FL_DIM_FINGERPRINT)
        return d == FL_DIM_OVERALL ? s->dims[d].v[0]
                                   : keyed(s, d, g->key, strlen(g->key));
    if ((t = tab_find(&s->dims[d], g->id, NULL, 0)))
        return t;
    if (s->dims[d].n >= s->o.max_classes)
        return other_class(s);
    s->cls.id = g->id;
    s->cls.type = g->stmt_type;
    fl_buf_reset(&s->cls.text);
    fl_buf_adds(&s->cls.text, g->key);
    fl_buf_reset(&s->cls.subjects);
    fl_buf_adds(&s->cls.subjects, g->tables ? g->tables : "");
    return class_new(s, g->sample ? g->sample : g->key,
                     strlen(g->sample ? g->sample : g->key));
}

int fl_stats_merge(struct fl_stats *dst, const struct fl_stats *src)
{
    if (dst->o.bucket_us != src->o.bucket_us)
        return FL_ERR_USAGE;
    if (src->lo <= src->hi) {
        note_time(dst, src->lo);
        note_time(dst, src->hi);
    }
    while (dst->width < src->width) {
        dst->width *= 2;
        for (int d = 0; d < FL_DIM__COUNT; d++)
            for (size_t i = 0; i < dst->dims[d].n; i++)
                rebucket(dst->dims[d].v[i], dst->width);
        if (dst->other)
            rebucket(dst->other, dst->width);
    }
    /* Tables first so fingerprint classes find their table groups. */
    static const enum fl_stats_dim order[] = { FL_DIM_OVERALL, FL_DIM_TABLE,
        FL_DIM_DB, FL_DIM_USER, FL_DIM_FINGERPRINT };
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
        for (size_t i = 0; i < src->dims[order[k]].n; i++)
            group_merge(dst, merge_target(dst, order[k],
                                          src->dims[order[k]].v[i]),
                        src->dims[order[k]].v[i]);
    if (src->other)
        group_merge(dst, other_class(dst), src->other);
    dst->events += src->events;
    return FL_OK;
}

/* ---- loading a saved model ------------------------------------------------ */

#define SPAN_LIMIT ((int64_t)1 << 60)

static void widen_to(struct fl_stats *s, int64_t width)
{
    while (s->width < width) {
        s->width *= 2;
        for (int d = 0; d < FL_DIM__COUNT; d++)
            for (size_t i = 0; i < s->dims[d].n; i++)
                rebucket(s->dims[d].v[i], s->width);
        if (s->other)
            rebucket(s->other, s->width);
    }
}

int fl_stats_import_span(struct fl_stats *s, int64_t lo, int64_t hi,
                         int64_t width, uint64_t events)
{
    bool autow = width >= 1000000 && width % 1000000 == 0 &&
                 ((width / 1000000) & (width / 1000000 - 1)) == 0 &&
                 width <= ((int64_t)1000000 << 40);

    if (s->o.bucket_us ? width != s->o.bucket_us : !autow)
        return FL_ERR_USAGE;
    if (lo <= hi && (lo < -SPAN_LIMIT || hi > SPAN_LIMIT))
        return FL_ERR_USAGE;
    if (lo <= hi) {
        note_time(s, lo);
        note_time(s, hi);
    }
    widen_to(s, width);
    s->events += events;
    return FL_OK;
}

void fl_stats_import_group(struct fl_stats *s, enum fl_stats_dim dim,
                           const struct fl_stats_group *g)
{
    if ((unsigned)dim >= FL_DIM__COUNT)
        return;
    group_merge(s, g->other ? other_class(s) : merge_target(s, dim, g), g);
}

void fl_stats_span(const struct fl_stats *s, int64_t *lo, int64_t *hi)
{
    *lo = s->lo;
    *hi = s->hi;
}

/* ---- lifecycle and access --------------------------------------------------- */

struct fl_stats *fl_stats_new(const struct fl_stats_opts *o)
{
    struct fl_stats *s = fl_xcalloc(1, sizeof *s);

    s->o = *o;
    if (!s->o.max_buckets)
        s->o.max_buckets = DEFAULT_MAX_BUCKETS;
    if (!s->o.max_classes)
        s->o.max_classes = DEFAULT_MAX_CLASSES;
    s->width = s->o.bucket_us > 0 ? s->o.bucket_us : 1000000;
    s->lo = INT64_MAX;
    s->hi = INT64_MIN;
    fl_class_init(&s->cls);
    keyed(s, FL_DIM_OVERALL, "overall", 7);
    return s;
}

void fl_stats_free(struct fl_stats *s)
{
    if (!s)
        return;
    for (int d = 0; d < FL_DIM__COUNT; d++) {
        for (size_t i = 0; i < s->dims[d].n; i++)
            group_free(s->dims[d].v[i]);
        free(s->dims[d].v);
        free(s->dims[d].slots);
        free(s->dims[d].hashes);
    }
    group_free(s->other);
    fl_class_cleanup(&s->cls);
    free(s->cache);
    free(s);
}

int64_t fl_stats_bucket_us(const struct fl_stats *s)
{
    return s->width;
}

size_t fl_stats_count(const struct fl_stats *s, enum fl_stats_dim dim)
{
    if ((unsigned)dim >= FL_DIM__COUNT)
        return 0;
    return s->dims[dim].n + (dim == FL_DIM_FINGERPRINT && s->other);
}

const struct fl_stats_group *fl_stats_get(const struct fl_stats *s,
                                          enum fl_stats_dim dim, size_t i)
{
    if ((unsigned)dim >= FL_DIM__COUNT)
        return NULL;
    if (i < s->dims[dim].n)
        return s->dims[dim].v[i];
    if (dim == FL_DIM_FINGERPRINT && s->other && i == s->dims[dim].n)
        return s->other;
    return NULL;
}

const struct fl_stats_group *fl_stats_find_id(const struct fl_stats *s,
                                              uint64_t id)
{
    return tab_find(&s->dims[FL_DIM_FINGERPRINT], id, NULL, 0);
}

const struct fl_stats_group *fl_stats_find_key(const struct fl_stats *s,
                                               enum fl_stats_dim dim,
                                               const char *key)
{
    if ((unsigned)dim >= FL_DIM__COUNT)
        return NULL;
    return tab_find(&s->dims[dim], hash_str(key, strlen(key)), key,
                    strlen(key));
}

bool fl_stats_capped(const struct fl_stats *s)
{
    return s->other != NULL;
}

uint64_t fl_stats_events(const struct fl_stats *s)
{
    return s->events;
}
