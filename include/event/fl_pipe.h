/* fl_pipe.h - hand events from the parsing thread to a consumer thread.
 *
 * Parsing (regexes, framing) and aggregation (fingerprints, sketches) each
 * take about half the time of `stats`; a pipe runs them on two cores.  The
 * producer serialises each event (the core fields, the domain pointer, the
 * error flag, every field of the table of fl_event.h, and the attributes:
 * names and values copied as bytes) into the current batch; full batches go through a small ring (bounded
 * memory: FL_PIPE_BATCHES x FL_PIPE_BATCH_BYTES) to the consumer thread,
 * which rebuilds each event and calls the consumer callback in the original
 * order, so results are identical to a single-threaded run.  An event
 * larger than a batch is delivered on the producer thread after draining
 * the ring (order is kept).
 */
#ifndef FL_PIPE_H
#define FL_PIPE_H

#include "event/fl_event.h"

#define FL_PIPE_BATCHES 4
#define FL_PIPE_BATCH_BYTES ((size_t)1 << 20)

struct fl_pipe; /* opaque */

/* Start a consumer thread calling fn(ev, ctx) for every event (its return
 * value is ignored).  Returns NULL if the thread cannot start (the caller
 * then calls fn directly). */
struct fl_pipe *fl_pipe_new(fl_event_fn fn, void *ctx);

/* Producer side, an fl_event_fn: ctx is the pipe.  Always returns 0. */
int fl_pipe_push(const struct fl_event *ev, void *ctx);

/* Deliver everything pushed so far and wait until the consumer is idle;
 * after it the consumer's state may be read.  The pipe stays usable. */
void fl_pipe_drain(struct fl_pipe *p);

/* Drain, stop the thread and free.  NULL is fine. */
void fl_pipe_free(struct fl_pipe *p);

#endif
