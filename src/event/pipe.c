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

enum { S_FILE, S_FORMAT, S_STMT, S_DB, S_USER, S_HOST, S_APP, S_PID, S_SEV,
       S_STATE, S_MSG, S_DETAIL, S_HINT, S_CTX, S_PARAMS, S_OBJ, S_BLOCKER,
       S__COUNT };

/* Fixed part of a serialised event; string bytes follow. */
struct rec {
    uint32_t size;          /* whole record, multiple of 8 */
    int32_t kind;
    int64_t time_us, duration_us, lock_us, rows_examined, rows_sent,
            rows_affected;
    uint64_t line;
    uint32_t len[S__COUNT];
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

static const struct fl_str *field(const struct fl_event *ev, int i,
                                  struct fl_str *tmp)
{
    switch (i) {
    case S_FILE:
    case S_FORMAT: {
        const char *s = i == S_FILE ? ev->file : ev->format;
        tmp->p = s;
        tmp->n = s ? strlen(s) : 0;
        return tmp;
    }
    case S_STMT: return &ev->statement;
    case S_DB: return &ev->db;
    case S_USER: return &ev->user;
    case S_HOST: return &ev->host;
    case S_APP: return &ev->app;
    case S_PID: return &ev->pid;
    case S_SEV: return &ev->severity;
    case S_STATE: return &ev->sqlstate;
    case S_MSG: return &ev->message;
    case S_DETAIL: return &ev->detail;
    case S_HINT: return &ev->hint;
    case S_CTX: return &ev->context;
    case S_PARAMS: return &ev->params;
    case S_OBJ: return &ev->object;
    default: return &ev->blocker;
    }
}

static size_t rec_size(const struct fl_event *ev)
{
    size_t n = sizeof(struct rec) + 2; /* file and format NULs */
    struct fl_str tmp;
    for (int i = 0; i < S__COUNT; i++)
        n += field(ev, i, &tmp)->n;
    return (n + 7) & ~(size_t)7;
}

static void put(char *at, const struct fl_event *ev, size_t size)
{
    struct rec *r = (struct rec *)at;
    char *p = at + sizeof *r;
    struct fl_str tmp;

    r->size = (uint32_t)size;
    r->kind = (int32_t)ev->kind;
    r->time_us = ev->time_us;
    r->duration_us = ev->duration_us;
    r->lock_us = ev->lock_us;
    r->rows_examined = ev->rows_examined;
    r->rows_sent = ev->rows_sent;
    r->rows_affected = ev->rows_affected;
    r->line = ev->line;
    for (int i = 0; i < S__COUNT; i++) {
        const struct fl_str *s = field(ev, i, &tmp);
        r->len[i] = (uint32_t)s->n;
        if (s->n)
            memcpy(p, s->p, s->n);
        p += s->n;
        if (i == S_FILE || i == S_FORMAT)
            *p++ = '\0';
    }
}

static void get(const char *at, struct fl_event *ev)
{
    const struct rec *r = (const struct rec *)at;
    const char *p = at + sizeof *r;

    fl_event_clear(ev);
    ev->kind = (enum fl_event_kind)r->kind;
    ev->time_us = r->time_us;
    ev->duration_us = r->duration_us;
    ev->lock_us = r->lock_us;
    ev->rows_examined = r->rows_examined;
    ev->rows_sent = r->rows_sent;
    ev->rows_affected = r->rows_affected;
    ev->line = r->line;
    for (int i = 0; i < S__COUNT; i++) {
        struct fl_str s = { p, r->len[i] }, tmp;
        if (i == S_FILE)
            ev->file = p;
        else if (i == S_FORMAT)
            ev->format = p;
        else
            *(struct fl_str *)field(ev, i, &tmp) = s;
        p += r->len[i] + (i == S_FILE || i == S_FORMAT);
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
