/* pipe.c - a producer/consumer hand-off of events between two threads (see
 * fl_pipe.h).  Invariants: ring slots [head, head+count) hold full batches
 * in push order; only the consumer reads them, only after the producer has
 * published them under the mutex; the producer fills its own `cur` buffer
 * and swaps it with a free slot's buffer, so no batch is copied twice. */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "event/fl_pipe.h"
#include "base/fl_xalloc.h"

/* Fixed part of a serialised event; the bytes follow in this order: file
 * and format (each NUL-terminated), the string fields in table order, then
 * each attribute's name (NUL-terminated) and value.  Numbers and lengths
 * come from the field table of fl_event.h, so a new field needs no change
 * here.  Attribute names are copied, not pointed to: the front may free
 * the formats before the consumer has drained the ring. */
struct rec {
    uint32_t size;          /* whole record, multiple of 8 */
    int32_t kind;
    int64_t time_us;
    uint64_t line;
    const struct fl_domain *domain; /* static, shared by both threads */
    uint32_t error;         /* ev->error */
    uint32_t nattrs;        /* attributes that follow */
    uint32_t file_len, format_len;
    int64_t num[FL_EVF__NUMS];
    uint32_t len[FL_EVF__COUNT - FL_EVF__NUMS];
    uint32_t name_len[FL_EVENT_MAX_ATTRS]; /* attribute names */
    uint32_t attr_len[FL_EVENT_MAX_ATTRS]; /* attribute values */
};

struct batch {
    char *data;
    size_t len;
};

struct fl_pipe {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t has_work, has_room;
    struct batch ring[FL_PIPE_BATCHES];
    size_t head, count;
    bool stop;
    struct batch cur;
    fl_event_fn fn;
    void *ctx;
};

static size_t cstrlen(const char *s)
{
    return s ? strlen(s) : 0;
}

static size_t rec_size(const struct fl_event *ev)
{
    size_t n = sizeof(struct rec) + 2; /* file and format NULs */
    size_t na = ev->nattrs < FL_EVENT_MAX_ATTRS ? ev->nattrs
                                                : FL_EVENT_MAX_ATTRS;

    n += cstrlen(ev->file) + cstrlen(ev->format);
    for (int i = FL_EVF__NUMS; i < FL_EVF__COUNT; i++)
        n += fl_event_cstr(ev, i)->n;
    for (size_t i = 0; i < na; i++)
        n += strlen(ev->attrs[i].name) + 1 + ev->attrs[i].value.n;
    return (n + 7) & ~(size_t)7;
}

/* Copy s (n bytes, may be NULL when n is 0) to p; returns the end. */
static char *put_bytes(char *p, const char *s, size_t n)
{
    if (n)
        memcpy(p, s, n);
    return p + n;
}

static void put(char *at, const struct fl_event *ev, size_t size)
{
    struct rec *r = (struct rec *)at;
    char *p = at + sizeof *r;

    memset(r, 0, sizeof *r);
    r->size = (uint32_t)size;
    r->kind = (int32_t)ev->kind;
    r->time_us = ev->time_us;
    r->line = ev->line;
    r->domain = ev->domain;
    r->error = ev->error;
    r->nattrs = (uint32_t)(ev->nattrs < FL_EVENT_MAX_ATTRS
                               ? ev->nattrs : FL_EVENT_MAX_ATTRS);
    r->file_len = (uint32_t)cstrlen(ev->file);
    r->format_len = (uint32_t)cstrlen(ev->format);
    p = put_bytes(p, ev->file, r->file_len);
    *p++ = '\0';
    p = put_bytes(p, ev->format, r->format_len);
    *p++ = '\0';
    for (int i = 0; i < FL_EVF__NUMS; i++)
        r->num[i] = *fl_event_cnum(ev, i);
    for (int i = FL_EVF__NUMS; i < FL_EVF__COUNT; i++) {
        const struct fl_str *s = fl_event_cstr(ev, i);
        r->len[i - FL_EVF__NUMS] = (uint32_t)s->n;
        p = put_bytes(p, s->p, s->n);
    }
    for (uint32_t i = 0; i < r->nattrs; i++) {
        r->name_len[i] = (uint32_t)strlen(ev->attrs[i].name);
        r->attr_len[i] = (uint32_t)ev->attrs[i].value.n;
        p = put_bytes(p, ev->attrs[i].name, r->name_len[i]);
        *p++ = '\0';
        p = put_bytes(p, ev->attrs[i].value.p, ev->attrs[i].value.n);
    }
}

static void get(const char *at, struct fl_event *ev)
{
    const struct rec *r = (const struct rec *)at;
    const char *p = at + sizeof *r;

    fl_event_clear(ev);
    ev->kind = (enum fl_event_kind)r->kind;
    ev->time_us = r->time_us;
    ev->line = r->line;
    ev->domain = r->domain;
    ev->error = r->error != 0;
    ev->file = p;
    p += r->file_len + 1;
    ev->format = p;
    p += r->format_len + 1;
    for (int i = 0; i < FL_EVF__NUMS; i++)
        *fl_event_num(ev, i) = r->num[i];
    for (int i = FL_EVF__NUMS; i < FL_EVF__COUNT; i++) {
        struct fl_str *s = fl_event_str(ev, i);
        s->n = r->len[i - FL_EVF__NUMS];
        s->p = s->n ? p : NULL;
        p += s->n;
    }
    ev->nattrs = r->nattrs;
    for (uint32_t i = 0; i < r->nattrs; i++) {
        ev->attrs[i].name = p;
        p += r->name_len[i] + 1;
        ev->attrs[i].value.p = p;
        ev->attrs[i].value.n = r->attr_len[i];
        p += r->attr_len[i];
    }
}

static void deliver(struct fl_pipe *p, const struct batch *b)
{
    struct fl_event ev;
    for (size_t off = 0; off < b->len;) {
        get(b->data + off, &ev);
        p->fn(&ev, p->ctx);
        off += ((const struct rec *)(b->data + off))->size;
    }
}

static void *consumer(void *arg)
{
    struct fl_pipe *p = arg;

    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->count && !p->stop)
            pthread_cond_wait(&p->has_work, &p->mu);
        if (!p->count)
            break;
        pthread_mutex_unlock(&p->mu);
        deliver(p, &p->ring[p->head]);
        pthread_mutex_lock(&p->mu);
        p->ring[p->head].len = 0;
        p->head = (p->head + 1) % FL_PIPE_BATCHES;
        p->count--;
        pthread_cond_signal(&p->has_room);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Publish the producer's current batch (waits for a free slot). */
static void publish(struct fl_pipe *p)
{
    struct batch *slot;
    char *spare;

    if (!p->cur.len)
        return;
    pthread_mutex_lock(&p->mu);
    while (p->count == FL_PIPE_BATCHES)
        pthread_cond_wait(&p->has_room, &p->mu);
    slot = &p->ring[(p->head + p->count) % FL_PIPE_BATCHES];
    spare = slot->data;
    slot->data = p->cur.data;
    slot->len = p->cur.len;
    p->cur.data = spare;
    p->cur.len = 0;
    p->count++;
    pthread_cond_signal(&p->has_work);
    pthread_mutex_unlock(&p->mu);
}

void fl_pipe_drain(struct fl_pipe *p)
{
    publish(p);
    pthread_mutex_lock(&p->mu);
    while (p->count)
        pthread_cond_wait(&p->has_room, &p->mu);
    pthread_mutex_unlock(&p->mu);
}

int fl_pipe_push(const struct fl_event *ev, void *ctx)
{
    struct fl_pipe *p = ctx;
    size_t size = rec_size(ev);

    if (size > FL_PIPE_BATCH_BYTES) {
        /* Too big for a batch: deliver here, in order, with the consumer
         * idle. */
        fl_pipe_drain(p);
        p->fn(ev, p->ctx);
        return 0;
    }
    if (p->cur.len + size > FL_PIPE_BATCH_BYTES)
        publish(p);
    put(p->cur.data + p->cur.len, ev, size);
    p->cur.len += size;
    return 0;
}

/* Release what fl_pipe_new allocated (the thread is not running). */
static void destroy(struct fl_pipe *p)
{
    for (int i = 0; i < FL_PIPE_BATCHES; i++)
        free(p->ring[i].data);
    free(p->cur.data);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->has_work);
    pthread_cond_destroy(&p->has_room);
    free(p);
}

struct fl_pipe *fl_pipe_new(fl_event_fn fn, void *ctx)
{
    struct fl_pipe *p = fl_xcalloc(1, sizeof *p);
    sigset_t all, old;
    int rc;

    p->fn = fn;
    p->ctx = ctx;
    for (int i = 0; i < FL_PIPE_BATCHES; i++)
        p->ring[i].data = fl_xmalloc(FL_PIPE_BATCH_BYTES);
    p->cur.data = fl_xmalloc(FL_PIPE_BATCH_BYTES);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->has_work, NULL);
    pthread_cond_init(&p->has_room, NULL);
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    rc = pthread_create(&p->th, NULL, consumer, p);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        destroy(p);
        return NULL;
    }
    return p;
}

void fl_pipe_free(struct fl_pipe *p)
{
    if (!p)
        return;
    fl_pipe_drain(p);
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_cond_signal(&p->has_work);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->th, NULL);
    destroy(p);
}
