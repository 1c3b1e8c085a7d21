/* fl_domain.h - a domain: how the class text of an event is normalised
 * (SQL statements to fingerprints, HTTP requests to routes), what it
 * touches, and which of its events are changes.
 *
 * A format definition names its domain ("domain": "sql"); the driver
 * resolves the name in its table of domains and the parser stamps every
 * event with it (fl_event.domain), so the stages after parsing never test
 * a domain by name: they call through this interface.  Domains are static
 * tables of functions; state that a domain needs across events (an index
 * registry...) lives in an opaque object made by state_new.
 */
#ifndef FL_DOMAIN_H
#define FL_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/fl_buf.h"
#include "event/fl_change.h"
#include "event/fl_event.h"

/* The class of an event. */
struct fl_class {
    uint64_t id;            /* stable id of the class text (FNV-1a 64) */
    struct fl_buf text;     /* normalised class text, no literal values */
    struct fl_buf subjects; /* comma-separated subjects (tables, routes) */
    int type;               /* domain-specific type (statement type...),
                               -1 if none */
};

struct fl_domain {
    const char *name;       /* "sql", "http" */
    bool literal_cache;     /* two texts that differ only in stand-alone
                               numbers and the contents of '...' strings
                               always have the same class (consumers may
                               cache classes on the text without them) */
    /* Refine a freshly parsed event in place (sql: a query whose statement
     * is DDL becomes kind ddl).  May be NULL. */
    void (*refine)(struct fl_event *ev);
    /* The class of ev into cls (buffers reused by the caller).  Returns
     * true if ev has a class (a statement, a request). */
    bool (*classify)(const struct fl_event *ev, struct fl_class *cls);
    /* Change-tracking state (NULL functions when the domain needs none). */
    void *(*state_new)(void);
    void (*state_free)(void *state);
    /* If ev is a change, fill *out and return true.  Called in event order
     * with the domain's state. */
    bool (*change)(void *state, const struct fl_event *ev,
                   struct fl_change *out);
    /* Optional (may be NULL): at the end of the input, the changes the
     * state still holds (a deploy step whose end never came), one per
     * call: fill *out and return true, false when none is left.  The
     * driver calls it until it returns false, before state_free. */
    bool (*flush)(void *state, struct fl_change *out);
};

/* Class buffers: init / cleanup. */
void fl_class_init(struct fl_class *cls);
void fl_class_cleanup(struct fl_class *cls);

/* A NULL-terminated table of domains, searched by name; NULL if absent. */
const struct fl_domain *fl_domain_find(const struct fl_domain *const *table,
                                       const char *name);

#endif
