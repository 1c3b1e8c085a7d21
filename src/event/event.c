/* event.c - event kinds and their stable names. */
#include <string.h>
#include "event/fl_event.h"

static const char *const kind_names[FL_EV__COUNT] = {
    "query", "ddl", "error", "lock_wait", "deadlock", "checkpoint",
    "autovacuum", "autoanalyze", "connect", "disconnect", "tempfile", "log"
};

void fl_event_clear(struct fl_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->time_us = INT64_MIN;
    ev->duration_us = -1;
    ev->lock_us = -1;
    ev->rows_examined = -1;
    ev->rows_sent = -1;
    ev->rows_affected = -1;
}

const char *fl_event_kind_name(enum fl_event_kind kind)
{
    if ((unsigned)kind >= FL_EV__COUNT)
        return "unknown";
    return kind_names[kind];
}

int fl_event_kind_parse(const char *name)
{
    for (int i = 0; i < FL_EV__COUNT; i++)
        if (strcmp(kind_names[i], name) == 0)
            return i;
    return -1;
}
