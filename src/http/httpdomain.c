/* httpdomain.c - the http domain: requests classified by method and route
 * (see http/fl_http.h).  No refine, no state, no changes.
 *
 * Invariants: no global state besides the constant domain table; the
 * class text is bounded (16 bytes of method, FL_HTTP_ROUTE_MAX of route).
 */
#include <stdbool.h>

#include "http/fl_http.h"

#define METHOD_MAX 16

static void add_method(struct fl_buf *out, const struct fl_str *m)
{
    size_t n = m->n < METHOD_MAX ? m->n : METHOD_MAX;

    if (!n || !m->p) {
        fl_buf_addc(out, '-');
        return;
    }
    for (size_t i = 0; i < n; i++) {
        char c = m->p[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        else if ((unsigned char)c <= 0x20 || c == 0x7f)
            c = '?';
        fl_buf_addc(out, c);
    }
}

/* The route of ev into out: the logged route, else the templated url. */
static void route_of(const struct fl_event *ev, struct fl_buf *out)
{
    if (ev->route.n && ev->route.p) {
        size_t n = ev->route.n < FL_HTTP_ROUTE_MAX ? ev->route.n
                                                   : FL_HTTP_ROUTE_MAX;
        fl_buf_reset(out);
        fl_buf_add(out, ev->route.p, n);
        return;
    }
    fl_http_route(ev->url.p, ev->url.n, out);
}

static bool http_classify(const struct fl_event *ev, struct fl_class *cls)
{
    if (!(ev->route.n && ev->route.p) && !(ev->url.n && ev->url.p))
        return false;
    route_of(ev, &cls->subjects);
    fl_buf_reset(&cls->text);
    add_method(&cls->text, &ev->method);
    fl_buf_addc(&cls->text, ' ');
    fl_buf_add(&cls->text, cls->subjects.p, cls->subjects.len);
    cls->id = fl_http_id(cls->text.p, cls->text.len);
    cls->type = -1;
    return true;
}

const struct fl_domain fl_http_domain = {
    "http", false, NULL, http_classify, NULL, NULL, NULL, NULL,
};
