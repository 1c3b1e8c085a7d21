/* htmlsvg.c - inline SVG line charts over the model's series (see
 * fl_htmlsvg.h).  Linear axes from zero with "nice" steps, time ticks at
 * round multiples (1s .. 1 week) in the page's zone, the incident window
 * shaded and the changes as dashed markers.  Log text (marker labels and
 * titles) is escaped; numbers are formatted here, so the same model gives
 * the same bytes. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/fl_html.h"
#include "report/fl_htmlsvg.h"
#include "report/fl_textfmt.h"

#define W 1000.0    /* viewBox width */
#define ML 64.0     /* left margin: value labels */
#define MR 14.0     /* right margin */
#define MT 42.0     /* top margin: marker labels, up to three rows */
#define ROWS 3      /* rows of marker labels */
#define CHARW 6.2   /* about the width of a label character */
#define MB 22.0     /* bottom margin: time labels */

struct frame {
    const struct fl_svg_chart *c;
    double h;                   /* viewBox height */
    double ymax;                /* top of the value axis */
    bool latency;               /* durations, else rates */
};

static double xpos(const struct frame *f, int64_t t)
{
    double span = (double)(f->c->t1 - f->c->t0);
    double x = ML + (W - ML - MR) * (double)(t - f->c->t0) / span;

    return x < ML ? ML : x > W - MR ? W - MR : x;
}

static double ypos(const struct frame *f, double v)
{
    double y = f->h - MB - (f->h - MB - MT) * v / f->ymax;

    return y < MT ? MT : y;
}

/* The value of one point for one line, < 0 when it has none. */
static double value(const struct fl_svg_chart *c, const struct fl_report_point *p,
                    unsigned val)
{
    double secs = (double)c->bucket_us / 1e6;

    switch (val) {
    case FL_SVG_P50: return p->p50_us;
    case FL_SVG_P95: return p->p95_us;
    case FL_SVG_CALLS: return secs > 0 ? (double)p->calls / secs : -1;
    default: return secs > 0 ? (double)p->errors / secs : -1;
    }
}

/* A step of 1, 2 or 5 times a power of ten that splits v into about 4. */
static double nice_step(double v)
{
    double raw = v / 4, mag, m;

    if (!(raw > 0) || !isfinite(raw))
        return 1;
    mag = pow(10, floor(log10(raw)));
    m = raw / mag;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * mag;
}

static void set_ymax(struct frame *f)
{
    const struct fl_report_series *s = f->c->series;
    double top = 0;

    for (size_t i = 0; s && i < s->npoints; i++)
        for (unsigned v = 1; v <= FL_SVG_ERRORS; v <<= 1)
            if (f->c->vals & v) {
                double y = value(f->c, &s->points[i], v);
                if (y > top && isfinite(y))
                    top = y;
            }
    if (top <= 0)
        top = f->latency ? 1000 : 1;
    f->ymax = ceil(top / nice_step(top)) * nice_step(top);
}

static void value_label(const struct frame *f, double v, char *b, size_t n)
{
    if (f->latency)
        fl_textfmt_duration(v, b, n);
    else
        snprintf(b, n, "%.4g/s", v);
}

static void y_axis(struct fl_buf *out, const struct frame *f)
{
    double step = nice_step(f->ymax);
    char b[32];

    for (int i = 0; i <= 8 && i * step <= f->ymax * 1.0001; i++) {
        double y = ypos(f, i * step);
        value_label(f, i * step, b, sizeof b);
        fl_buf_printf(out, "<line class=\"axis\" x1=\"%.0f\" x2=\"%.0f\" "
                      "y1=\"%.1f\" y2=\"%.1f\"/><text x=\"%.0f\" y=\"%.1f\" "
                      "text-anchor=\"end\">%s</text>\n", ML, W - MR, y, y,
                      ML - 6, y + 4, b);
    }
}

/* Round steps of the time axis, in seconds. */
static const int64_t tsteps[] = {
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800,
    21600, 43200, 86400, 172800, 604800
};

static void x_axis(struct fl_buf *out, const struct frame *f)
{
    int64_t span = f->c->t1 - f->c->t0, step = tsteps[0] * 1000000;
    char b[80];

    for (size_t i = 0; i < sizeof tsteps / sizeof *tsteps; i++) {
        step = tsteps[i] * 1000000;
        if (span / step <= 8)
            break;
    }
    for (int64_t t = (f->c->t0 / step + 1) * step; t < f->c->t1; t += step) {
        double x = xpos(f, t);
        /* "YYYY-MM-DD HH:MM:SS ZONE": the clock, with the date over a day */
        const char *w = fl_textfmt_when(t, f->c->tz, b, sizeof b);
        int from = span > 86400 * 1000000LL * 2 ? 5 : 11;
        int to = step < 60 * 1000000LL ? 19 : 16;
        if (strlen(w) < 19)
            continue;
        fl_buf_printf(out, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" "
                      "y1=\"%.0f\" y2=\"%.0f\"/><text x=\"%.1f\" y=\"%.0f\" "
                      "text-anchor=\"middle\">%.*s</text>\n", x, x, MT,
                      f->h - MB + 4, x, f->h - 6, to - from, w + from);
    }
}

static void shade(struct fl_buf *out, const struct frame *f)
{
    const struct fl_svg_chart *c = f->c;
    double x0, x1;

    if (c->shade0 == INT64_MIN || c->shade1 <= c->shade0)
        return;
    x0 = xpos(f, c->shade0);
    x1 = xpos(f, c->shade1);
    fl_buf_printf(out, "<rect class=\"incident-window\" x=\"%.1f\" y=\"%.0f\" "
                  "width=\"%.1f\" height=\"%.0f\"><title>incident window"
                  "</title></rect>\n", x0, MT, x1 - x0 > 1 ? x1 - x0 : 1,
                  f->h - MB - MT);
}

static void line(struct fl_buf *out, const struct frame *f, unsigned val,
                 const char *cls)
{
    const struct fl_report_series *s = f->c->series;
    int64_t prev = INT64_MIN;
    bool pen = false;

    if (!(f->c->vals & val) || !s)
        return;
    fl_buf_printf(out, "<path class=\"line %s\" d=\"", cls);
    for (size_t i = 0; i < s->npoints; i++) {
        const struct fl_report_point *p = &s->points[i];
        double v = value(f->c, p, val);
        bool gap = prev != INT64_MIN &&
                   p->start_us - prev > f->c->bucket_us + f->c->bucket_us / 2;
        if (v < 0 || !isfinite(v) || p->start_us < f->c->t0 ||
            p->start_us > f->c->t1) {
            pen = false;
            continue;
        }
        fl_buf_printf(out, "%s%.1f %.1f", pen && !gap ? " L" : " M",
                      xpos(f, p->start_us), ypos(f, v));
        pen = true;
        prev = p->start_us;
    }
    fl_buf_adds(out, "\"/>\n");
}

/* The row of a label at x, n characters wide: the first whose last label
 * ends before x (ends[] per row), else the one that ends first. */
static int label_row(double *ends, double x, size_t n, bool left)
{
    double from = left ? x - CHARW * (double)n : x, to = left ? x : x + CHARW * (double)n;
    int best = 0;

    for (int r = 0; r < ROWS; r++) {
        if (ends[r] < from) {
            best = r;
            break;
        }
        if (ends[r] < ends[best])
            best = r;
    }
    ends[best] = to + 4;
    return best;
}

static void marker(struct fl_buf *out, const struct frame *f,
                   const struct fl_svg_marker *m, double *ends)
{
    double x = xpos(f, m->t_us), ty;
    bool left = x > W - 200;
    int row;
    const char *label = m->label ? m->label : "";
    size_t n = strlen(label);

    if (n > FL_SVG_LABEL_MAX) {
        n = FL_SVG_LABEL_MAX;
        while (n > 0 && ((unsigned char)label[n] & 0xc0) == 0x80)
            n--;
    }
    row = label_row(ends, x, n, left);
    ty = MT - 3 - 12.0 * (double)row;
    fl_buf_adds(out, "<g class=\"marker ");
    fl_html_escs(out, m->cls ? m->cls : "change");
    fl_buf_adds(out, "\"><title>");
    fl_html_escs(out, m->title ? m->title : label);
    fl_buf_printf(out, "</title><line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.0f\" "
                  "y2=\"%.0f\"/><text x=\"%.1f\" y=\"%.0f\" text-anchor=\"%s\">",
                  x, x, ty - 9, f->h - MB, left ? x - 3 : x + 3, ty,
                  left ? "end" : "start");
    fl_html_esc(out, label, n);
    fl_buf_adds(out, n < strlen(label) ? "\xe2\x80\xa6</text></g>\n"
                                       : "</text></g>\n");
}

void fl_svg_chart(struct fl_buf *out, const struct fl_svg_chart *c)
{
    struct frame f = { c, c->height > 80 ? c->height : 80, 1,
                       (c->vals & (FL_SVG_P50 | FL_SVG_P95)) != 0 };
    double ends[ROWS] = { -1e9, -1e9, -1e9 };   /* where each label row ends */

    if (c->t1 <= c->t0)
        return;
    set_ymax(&f);
    fl_buf_printf(out, "<svg class=\"chart %s\" viewBox=\"0 0 %.0f %.0f\" "
                  "role=\"img\" aria-label=\"", c->cls, W, f.h);
    fl_html_escs(out, c->label);
    fl_buf_adds(out, "\">\n");   /* inline SVG: HTML gives the namespace */
    shade(out, &f);
    y_axis(out, &f);
    x_axis(out, &f);
    line(out, &f, FL_SVG_P50, "p50");
    line(out, &f, FL_SVG_P95, "p95");
    line(out, &f, FL_SVG_CALLS, "calls");
    line(out, &f, FL_SVG_ERRORS, "errors");
    for (size_t i = 0; i < c->nmarkers; i++)
        if (c->markers[i].t_us >= c->t0 && c->markers[i].t_us <= c->t1)
            marker(out, &f, &c->markers[i], ends);
    fl_buf_adds(out, "</svg>\n");
}

void fl_svg_key(struct fl_buf *out, unsigned vals)
{
    static const struct { unsigned v; const char *var, *name; } keys[] = {
        { FL_SVG_P50, "--p50", "p50" }, { FL_SVG_P95, "--p95", "p95" },
        { FL_SVG_CALLS, "--calls", "calls/s" },
        { FL_SVG_ERRORS, "--err", "errors/s" },
    };

    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (vals & keys[i].v)
            fl_buf_printf(out, "<span class=\"key\"><i style=\"background:"
                          "var(%s)\"></i>%s</span>", keys[i].var,
                          keys[i].name);
}
