/* fl_parse.h - the parsing engine: lines in, events out.
 *
 * A parser frames lines into entries as its format says (line, record, csv
 * or json framing), extracts fields with the format's regexes, classifies
 * the entry with its rules and pushes events to a callback.  It owns one
 * entry buffer that is reused from entry to entry: after warm-up the hot
 * path does not allocate.
 *
 * Statement pairing (PostgreSQL): with log_statement and log_duration /
 * log_min_duration_statement, a statement may be logged first and its
 * duration later in a separate entry of the same process.  A rule with role
 * "statement" parks the entry per pid; a later "duration" entry of that pid
 * completes it (one query event, timed at the duration entry); a statement
 * that never gets a duration is emitted without one when the next statement,
 * query, error or phase of that pid arrives, or at the end of input.
 * Protocol phases (parse, bind) are never queries.
 */
#ifndef FL_PARSE_H
#define FL_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/fl_err.h"
#include "event/fl_event.h"
#include "format/fl_format.h"

struct fl_tz;
struct fl_domain;
struct fl_parser; /* opaque */

/* Options for a parser (borrowed, must outlive it). */
struct fl_parse_opts {
    const struct fl_tz *tz; /* zone for zone-less times, NULL = UTC */
    int year_hint;          /* year for syslog times without one */
    const struct fl_domain *const *domains; /* NULL-terminated table the
                               format's "domain" is resolved in (once, by
                               fl_parser_new); NULL = no domains.  A domain
                               not in the table leaves events without one. */
    bool has_zone_hint;     /* without tz: zone-less MySQL-style times are */
    int64_t zone_hint_us;   /* at this offset (local minus UTC) unless the
                               file's own epoch times tell another */
};

/* Counters of one parser. */
struct fl_parse_stats {
    uint64_t lines;         /* lines fed */
    uint64_t unparsed;      /* lines not understood */
    uint64_t entries;       /* entries assembled */
    uint64_t events;        /* events pushed to the callback */
    uint64_t timed;         /* events with a known time */
    bool zone_learned;      /* zone-less times were read at the offset the
                               entries' epoch times show (no --tz) */
    int64_t zone_offset_s;  /* that offset: local time minus UTC, s */
    bool zone_hinted;       /* ... or the offset was the opts' zone hint */
    int64_t first_us, last_us; /* earliest / latest known event time
                               (valid when timed > 0) */
    uint64_t phases;        /* parse/bind phases and orphan durations */
    uint64_t limit_hits;    /* regex match/depth limit reached */
    uint64_t truncated;     /* entries cut at the entry size cap */
    uint64_t attrs_dropped; /* attributes beyond FL_EVENT_MAX_ATTRS */
    uint64_t bad_time;      /* entries whose time field is present but
                               matches none of the format's time specs
                               (their events have no time, or inherit
                               one with time_inherit) */
    uint64_t bad_time_line; /* first line of the first such entry, 0 if
                               none */
};

/* Called for a line that is not understood (for sampling messages). */
typedef void (*fl_bad_line_fn)(void *ctx, uint64_t line, const char *reason,
                               const char *text, size_t len);

/* Called for each entry whose time field is present but unreadable (see
 * fl_parse_stats.bad_time): line is the entry's first line, text[0..len)
 * the field's value (borrowed for the call, not NUL-terminated), ts the
 * format's time spec it failed (its layout or style says what was
 * expected; borrowed from the format). */
typedef void (*fl_bad_time_fn)(void *ctx, uint64_t line, const char *text,
                               size_t len, const struct fl_timespec *ts);

/* Create a parser.  f, file and o are borrowed and must outlive the parser;
 * file names the input in events.  cb receives every event, with its
 * fields filled from the format's captures of the same name, its other
 * named captures as attributes (names borrowed from f), ev.domain set to
 * the format's domain (after that domain's refine ran on it) and ev.error
 * set for error and deadlock kinds, status >= 500 and rules marked
 * "error": true. */
struct fl_parser *fl_parser_new(const struct fl_format *f, const char *file,
                                const struct fl_parse_opts *o, fl_event_fn cb,
                                void *cb_ctx);
void fl_parser_free(struct fl_parser *p);

/* Receive not-understood lines (optional). */
void fl_parser_on_bad_line(struct fl_parser *p, fl_bad_line_fn fn, void *ctx);

/* Receive entries with an unreadable time (optional). */
void fl_parser_on_bad_time(struct fl_parser *p, fl_bad_time_fn fn,
                           void *ctx);

/* Feed one line (borrowed; no newline).  line_no is its 1-based number.
 * Returns 0, or the callback's non-zero value to stop. */
int fl_parser_line(struct fl_parser *p, const char *line, size_t len,
                   uint64_t line_no);

/* End of input: flush the open entry and parked statements. */
int fl_parser_finish(struct fl_parser *p);

const struct fl_parse_stats *fl_parser_stats(const struct fl_parser *p);

/* Check a format's sample lines: each sample must yield at least one event
 * and, where it has "expect", an event with those field values.  Returns
 * FL_OK or FL_ERR_FORMAT naming the file and "samples[i]". */
int fl_parse_check_samples(const struct fl_format *f, struct fl_err *err);

#endif
