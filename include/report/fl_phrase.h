/* fl_phrase.h - the sentences of the timeline writers, made from the
 * numbers of the incident model (fl_incident.h).  Plain UTF-8 text that
 * may contain log text (statements, messages): each writer escapes the
 * result for its target.  The Markdown and text drafts state each figure
 * once, so these sentences leave out what another section says (the
 * impact figures, the most affected query's percentiles).
 */
#ifndef FL_PHRASE_H
#define FL_PHRASE_H

#include "analysis/fl_incident.h"
#include "base/fl_buf.h"

/* The words a domain's calls and subjects go by: requests and routes for
 * the access logs (domain "http"), queries and tables otherwise. */
struct fl_nouns {
    const char *call, *calls;   /* "query", "queries" */
    const char *Call;           /* "Query" (heads a title) */
    const char *subject;        /* "table" */
    const char *calls_src;      /* whose logs: "database", "access" */
    bool http;                  /* the access-log words */
};

/* The nouns of domain (NULL or "" = the database words).  Static. */
const struct fl_nouns *fl_phrase_nouns(const char *domain);

/* One paragraph: what happened and what explains it (JSON "summary"). */
void fl_phrase_summary(const struct fl_incident *inc, struct fl_buf *out);

/* Why culprit k got its score, from k->ev: one sentence per piece of
 * evidence handed to fn (a list item each), or all of them joined by
 * "; " into out. */
typedef void fl_phrase_item_fn(void *ctx, const char *item);
void fl_phrase_evidence_items(const struct fl_incident *inc,
                              const struct fl_culprit *k,
                              fl_phrase_item_fn *fn, void *ctx);
void fl_phrase_evidence(const struct fl_incident *inc,
                        const struct fl_culprit *k, struct fl_buf *out);

/* Who ran culprit k, when known: " (migration REV \"message\" of release
 * VER)" or " (release VER)"; nothing when it has no links. */
void fl_phrase_links(const struct fl_culprit *k, struct fl_buf *out);

/* The clock offset between two domains' logs (inc->has_clock_offset). */
void fl_phrase_clock(const struct fl_incident *inc, struct fl_buf *out);

/* What entry e shows, without its statement (written after it as code). */
void fl_phrase_entry(const struct fl_incident *inc,
                     const struct fl_tl_entry *e, struct fl_buf *out);

/* Why there is no incident (when !inc->found). */
void fl_phrase_no_incident(const struct fl_incident *inc, struct fl_buf *out);

#endif
