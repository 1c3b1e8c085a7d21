/* writer.c - the one table of writers (see fl_writer.h): each entry
 * dispatches on the report's kind to the module that renders it. */
#include <string.h>

#include "base/fl_err.h"
#include "report/fl_cmpout.h"
#include "report/fl_html.h"
#include "report/fl_statsout.h"
#include "report/fl_tljson.h"
#include "report/fl_tlout.h"
#include "report/fl_writer.h"

static int write_md(const struct fl_report *r, const struct fl_write_opts *o,
                    struct fl_buf *out)
{
    if (r->kind == FL_REPORT_STATS)
        return fl_statsout_md(r, o, out);
    if (r->kind == FL_REPORT_COMPARE)
        return fl_cmpout_md(r, o, out);
    return fl_tlout_md(r, o, out);
}

static int write_text(const struct fl_report *r, const struct fl_write_opts *o,
                      struct fl_buf *out)
{
    if (r->kind == FL_REPORT_TIMELINE)
        return fl_tlout_text(r, o, out);
    if (r->kind == FL_REPORT_STATS)
        return fl_statsout_text(r, o, out);
    if (r->kind == FL_REPORT_COMPARE)
        return fl_cmpout_text(r, o, out);
    return FL_ERR_USAGE;
}

static int write_json(const struct fl_report *r, const struct fl_write_opts *o,
                      struct fl_buf *out)
{
    if (r->kind == FL_REPORT_TIMELINE)
        return fl_tljson_write(r, o, out);
    if (r->kind == FL_REPORT_STATS)
        return fl_statsout_json(r, o, out);
    if (r->kind == FL_REPORT_COMPARE)
        return fl_cmpout_json(r, o, out);
    return FL_ERR_USAGE;
}

static int write_html(const struct fl_report *r, const struct fl_write_opts *o,
                      struct fl_buf *out)
{
    if (r->kind == FL_REPORT_TIMELINE)
        return fl_html_timeline(r, o, out);
    if (r->kind == FL_REPORT_STATS)
        return fl_html_stats(r, o, out);
    return FL_ERR_USAGE;
}

#define STATS (1u << FL_REPORT_STATS)
#define TIMELINE (1u << FL_REPORT_TIMELINE)
#define COMPARE (1u << FL_REPORT_COMPARE)

static const struct fl_writer writers[] = {
    { "md", ".md", "Markdown: postmortem draft, query table", STATS | TIMELINE | COMPARE,
      write_md },
    { "text", ".txt", "plain text for a terminal", STATS | TIMELINE | COMPARE,
      write_text },
    { "json", ".json", "JSON: the numbers, for tools", STATS | TIMELINE | COMPARE,
      write_json },
    { "html", ".html", "HTML: one self-contained page with charts",
      STATS | TIMELINE, write_html },
    { NULL, NULL, NULL, 0, NULL }
};

bool fl_writer_supports(const struct fl_writer *w, enum fl_report_kind kind)
{
    return (unsigned)kind < 32 && (w->kinds & (1u << kind)) != 0;
}

const struct fl_writer *fl_writers(void)
{
    return writers;
}

const struct fl_writer *fl_writer_find(const char *name)
{
    for (const struct fl_writer *w = writers; name && w->name; w++)
        if (strcmp(w->name, name) == 0)
            return w;
    return NULL;
}

const struct fl_writer *fl_writer_for_path(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;

    for (const struct fl_writer *w = writers; dot && w->name; w++)
        if (strcmp(w->ext, dot) == 0)
            return w;
    return NULL;
}
