/* fl_parse_int.h - INTERNAL to src/parse: the parser's state and the
 * functions its modules share.  Not part of the API: only the .c files of
 * src/parse that implement fl_parse.h include it (not ingest.c, not tests,
 * not other stages).
 *
 * Invariants: an entry's text lives in one arena buffer and fields are
 * (offset, length) slots into it, so growing the arena never invalidates a
 * field; slots are turned into pointers only when an event is built.  The
 * arena, the slot array, the match data and the parked statements are
 * reused, so steady-state parsing does not allocate.  Every regex runs with
 * PCRE2 match and depth limits; hitting one marks the line not understood.
 *
 * The modules, in the order an entry flows through them:
 *   parse.c    lifecycle, the regex runner, the driver, finishing an entry
 *   lines.c    line framing;   record.c  record framing
 *   csv.c      csv framing;    json.c    json framing
 *   entry.c    the entry buffer: reset, copy, captures into slots
 *   ptime.c    numbers and times of an entry
 *   classify.c kv pairs and rules
 *   pair.c     statement pairing of split PostgreSQL logging
 *   emit.c     building and pushing the event
 *   samples.c  the sample check of a format (fl_parse_check_samples)
 */
#ifndef FL_PARSE_INT_H
#define FL_PARSE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/fl_buf.h"
#include "parse/fl_parse.h"

#define NO_OFF UINT32_MAX
#define MAX_ENTRY ((size_t)64 << 20)   /* cap on one entry's text */
#define OVECTOR_PAIRS 64

struct fl_slot {
    uint32_t off;   /* offset in the arena, NO_OFF when absent */
    uint32_t len;
};

/* An entry being assembled (or a parked copy of one). */
struct fl_entry {
    struct fl_buf arena;
    struct fl_slot *slots;  /* [field id] */
    uint64_t line;          /* first line */
    int cur;                /* field continuation text goes to */
    bool active;
    bool has_body;          /* record framing: statement text seen */
    bool past_header;       /* record framing: any non-header line seen */
    struct fl_slot alone;   /* record: "use db" kept if the body is empty */
    uint64_t nlines;        /* csv: lines in the record */
    int kind, role;         /* set by classification */
    bool error;             /* a matched rule says "error": true */
    int64_t time;           /* parked: the statement's own time */
};

struct fl_park; /* a parked statement, private to pair.c */

struct fl_timecache {
    int style;
    const void *layout;     /* the layout of key (its text is whole), or NULL */
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
    struct fl_entry cur;
    struct fl_park *parks;  /* owned by pair.c, allocated on first use */
    size_t nparked;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jstack;
    size_t last_pattern;    /* index of the pattern that matched last */
    int64_t last_time;      /* for time_inherit */
    bool zone_tried;        /* zone_guess has looked at an entry */
    int64_t zone_off_us;    /* local minus UTC learned from the epoch */
    bool ends_timed;        /* the format has requests, logged at their
                               end: time_coarse is needed (set once) */
    bool time_coarse;       /* the last time read was written to the whole
                               second (no fraction): the moment is in
                               [t, t + 1 s) */
    bool csv_in_quotes;     /* csv framing state */
    struct fl_timecache tc;
    fl_bad_time_fn bad_time;    /* unreadable times, NULL if not wanted */
    void *bad_time_ctx;
    struct fl_buf scratch;  /* json unescaping and the like */
};

/* ---- entry.c: the entry buffer ------------------------------------------ */

/* Set up e with a slot array of nfields (owned; fl_entry_cleanup frees). */
void fl_entry_init(struct fl_entry *e, size_t nfields);
void fl_entry_cleanup(struct fl_entry *e);
/* Empty e for a new entry starting at line (all slots absent). */
void fl_entry_reset(struct fl_parser *p, struct fl_entry *e, uint64_t line);
/* Copy src's text, slots and classification into dst (for parking). */
void fl_entry_copy(struct fl_parser *p, struct fl_entry *dst,
                   const struct fl_entry *src);
/* Store the named captures of a match with ovector ov; `base` is the arena
 * offset where the matched subject (or its copy) starts. */
void fl_entry_take_ov(struct fl_entry *e, const struct fl_pattern *pat,
                      const PCRE2_SIZE *ov, int rc, uint32_t base);
/* fl_entry_take_ov with the parser's last match. */
void fl_entry_take_match(struct fl_parser *p, struct fl_entry *e,
                         const struct fl_pattern *pat, int rc, uint32_t base);
/* Append text to field `fid`, separated by a newline when the field already
 * has text.  Relocates the field to the arena's end if needed. */
void fl_entry_append(struct fl_entry *e, int fid, const char *s, size_t n);

static inline bool fl_entry_has(const struct fl_entry *e, int field)
{
    return field >= 0 && e->slots[field].off != NO_OFF;
}

/* Start of field `field`'s text (borrowed from the arena; present only). */
static inline const char *fl_entry_ptr(const struct fl_entry *e, int field)
{
    return e->arena.p + e->slots[field].off;
}

/* Copy text into the arena; returns its offset. */
static inline uint32_t fl_entry_add(struct fl_entry *e, const char *s,
                                    size_t n)
{
    uint32_t off = (uint32_t)e->arena.len;
    fl_buf_add(&e->arena, s, n);
    return off;
}

static inline bool fl_entry_full(const struct fl_entry *e, size_t extra)
{
    return e->arena.len + extra > MAX_ENTRY;
}

/* Field fid as a string borrowed from the arena ({NULL, 0} if absent). */
static inline struct fl_str fl_entry_str(const struct fl_entry *e, int fid)
{
    struct fl_str s = { NULL, 0 };
    if (fl_entry_has(e, fid)) {
        s.p = fl_entry_ptr(e, fid);
        s.n = e->slots[fid].len;
    }
    return s;
}

/* ---- parse.c: the parser's core ----------------------------------------- */

/* Count a line not understood and pass it to the bad-line callback. */
void fl_parse_bad_line(struct fl_parser *p, uint64_t line, const char *why,
                       const char *s, size_t n);
/* Run a pattern on s[0..n) into p->md.  Returns >0 on match, 0 no match,
 * -1 when a limit was hit (counted in stats). */
int fl_parse_run(struct fl_parser *p, const struct fl_pattern *pat,
                 const char *s, size_t n);
/* Does one of the format's "ignore" patterns match s? */
bool fl_parse_ignored(struct fl_parser *p, const char *s, size_t n);
/* The open entry is complete: time, classify and push its event(s).
 * Returns 0 or the callback's non-zero value. */
int fl_parse_finish_entry(struct fl_parser *p);

/* ---- framing: one function per format type, fed one line ---------------- */

/* Each returns 0, or the callback's non-zero value to stop. */
int fl_lines_frame(struct fl_parser *p, const char *s, size_t n,
                   uint64_t line_no);
int fl_record_frame(struct fl_parser *p, const char *s, size_t n,
                    uint64_t line_no);
/* End of a record: push it if it is one (record framing). */
int fl_record_flush(struct fl_parser *p);
int fl_csv_frame(struct fl_parser *p, const char *s, size_t n,
                 uint64_t line_no);
int fl_json_frame(struct fl_parser *p, const char *s, size_t n,
                  uint64_t line_no);

/* ---- ptime.c: numbers and times ----------------------------------------- */

/* Parse a decimal "123.456" (or "1.6e-05") scaled by 10^scale, rounded
 * half up.  Returns false if s is not a non-negative decimal or the value
 * does not fit. */
bool fl_ptime_scaled(const char *s, size_t n, int scale, int64_t *out);
/* Field fid scaled as fl_ptime_scaled, or -1 if absent or not a number. */
int64_t fl_ptime_field(const struct fl_entry *e, int fid, int scale);
/* The entry's time (first readable time spec), counting unreadable ones;
 * INT64_MIN when none (or the last time with time_inherit). */
int64_t fl_ptime_entry(struct fl_parser *p, const struct fl_entry *e);

/* ---- classify.c: rules -------------------------------------------------- */

/* Does condition c hold on e?  Its captures are stored in e when it does. */
int fl_classify_cond(struct fl_parser *p, struct fl_entry *e,
                     const struct fl_cond *c);
/* Set e's kind, role and error flag from the first matching rule. */
void fl_classify_entry(struct fl_parser *p, struct fl_entry *e);
/* Split "k=v,k=v k=v" pairs of the kv field into their fields. */
void fl_classify_kv(const struct fl_format *f, struct fl_entry *e);

/* ---- emit.c: events ----------------------------------------------------- */

/* The entry's duration in microseconds from its duration fields, or -1. */
int64_t fl_emit_duration(const struct fl_entry *e);
/* Build and push the event of entry e; dur/time override when >= 0 /
 * != INT64_MIN (pairing).  Returns the callback's value. */
int fl_emit_event(struct fl_parser *p, const struct fl_entry *e,
                  int64_t time_us, int64_t dur);

/* ---- pair.c: statement pairing ------------------------------------------ */

/* Emit e's event(s), parking statements and pairing durations per pid. */
int fl_pair_entry(struct fl_parser *p, struct fl_entry *e, int64_t t);
/* Emit every parked statement without a duration. */
int fl_pair_flush(struct fl_parser *p);
/* Free the parked statements (p->parks may be NULL). */
void fl_pair_cleanup(struct fl_parser *p);

#endif
