/* check_http.c - Check tests for the http domain: route templating of urls
 * (ids, UUIDs, hex, long tokens, query strings, absolute-form targets,
 * empty and huge inputs bounded) and classify (text, id, subjects). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "http/fl_http.h"

static const struct {
    const char *url;
    const char *route;
} cases[] = {
    { "/", "/" },
    { "", "/" },
    { "*", "*" },
    { "/orders/123", "/orders/:id" },
    { "/orders/123/items/7?x=1", "/orders/:id/items/:id" },
    { "/users/3f2504e0-4f89-11d3-9a0c-0305e82c3301/avatar",
      "/users/:id/avatar" },
    { "/blob/deadbeef01", "/blob/:id" },
    { "/feedback", "/feedback" },            /* hex letters, no digit */
    { "/v2/api", "/v2/api" },                /* short mixed: kept */
    { "/t/a1b2c3d4e5f6g7h8i9", "/t/:id" },   /* long token */
    { "/t/abcdefghijklmnopqrst", "/t/abcdefghijklmnopqrst" },
    { "/search?q=123&page=2", "/search" },
    { "/doc#section-2", "/doc" },
    { "//a///b/", "/a/b" },
    { "http://example.com:8080/orders/42?x", "/orders/:id" },
    { "https://example.com", "/" },
    { "/static/app.css", "/static/app.css" },
    { "/a\tb", "/a?b" },
};

START_TEST(test_http_route_table)
{
    struct fl_buf b;

    fl_buf_init(&b);
    fl_http_route(cases[_i].url, strlen(cases[_i].url), &b);
    ck_assert_msg(strcmp(b.p, cases[_i].route) == 0, "[%s] -> [%s], want [%s]",
                  cases[_i].url, b.p, cases[_i].route);
    ck_assert_uint_eq(b.len, strlen(cases[_i].route));
    fl_buf_cleanup(&b);
}
END_TEST

START_TEST(test_http_route_huge_bounded)
{
    struct fl_buf b;
    size_t n = 200000;
    char *url = malloc(n);

    ck_assert_ptr_nonnull(url);
    for (size_t i = 0; i < n; i++)
        url[i] = i % 4 == 0 ? '/' : 'x';
    fl_buf_init(&b);
    fl_http_route(url, n, &b);
    ck_assert_uint_le(b.len, FL_HTTP_ROUTE_MAX);
    size_t segs = 0;
    for (size_t i = 0; i < b.len; i++)
        segs += b.p[i] == '/';
    ck_assert_uint_le(segs, FL_HTTP_ROUTE_SEGMENTS);
    ck_assert_uint_eq(strlen(b.p), b.len);
    ck_assert(b.len >= 4 && strcmp(b.p + b.len - 4, "/...") == 0);

    memset(url, 'y', n);                 /* one huge segment */
    url[0] = '/';
    fl_http_route(url, n, &b);
    ck_assert_uint_le(b.len, FL_HTTP_ROUTE_MAX);
    ck_assert_str_eq(b.p, "/...");
    fl_buf_cleanup(&b);
    free(url);
}
END_TEST

static struct fl_event request(const char *method, const char *url,
                               const char *route)
{
    struct fl_event ev;

    fl_event_clear(&ev);
    ev.kind = FL_EV_REQUEST;
    if (method) {
        ev.method.p = method;
        ev.method.n = strlen(method);
    }
    if (url) {
        ev.url.p = url;
        ev.url.n = strlen(url);
    }
    if (route) {
        ev.route.p = route;
        ev.route.n = strlen(route);
    }
    return ev;
}

START_TEST(test_http_classify)
{
    struct fl_class c, d;
    struct fl_event ev = request("get", "/orders/17?x=1", NULL);

    fl_class_init(&c);
    fl_class_init(&d);
    ck_assert(fl_http_domain.classify(&ev, &c));
    ck_assert_str_eq(c.text.p, "GET /orders/:id");
    ck_assert_str_eq(c.subjects.p, "/orders/:id");
    ck_assert_int_eq(c.type, -1);
    ck_assert(c.id == fl_http_id(c.text.p, c.text.len));

    ev = request("GET", "/orders/99", NULL);     /* same class */
    ck_assert(fl_http_domain.classify(&ev, &d));
    ck_assert(c.id == d.id);
    ev = request("POST", "/orders/99", NULL);    /* method matters */
    ck_assert(fl_http_domain.classify(&ev, &d));
    ck_assert(c.id != d.id);

    ev = request(NULL, "/x/1", NULL);
    ck_assert(fl_http_domain.classify(&ev, &d));
    ck_assert_str_eq(d.text.p, "- /x/:id");

    ev = request("GET", "/orders/5", "/orders/{id}");   /* route wins */
    ck_assert(fl_http_domain.classify(&ev, &d));
    ck_assert_str_eq(d.text.p, "GET /orders/{id}");
    ck_assert_str_eq(d.subjects.p, "/orders/{id}");

    ev = request("GET", NULL, NULL);
    ck_assert(!fl_http_domain.classify(&ev, &d));
    fl_class_cleanup(&c);
    fl_class_cleanup(&d);
}
END_TEST

START_TEST(test_http_domain_table)
{
    static const struct fl_domain *const table[] = { &fl_http_domain, NULL };
    ck_assert_ptr_eq(fl_domain_find(table, "http"), &fl_http_domain);
    ck_assert(!fl_http_domain.literal_cache);
    ck_assert_ptr_null(fl_http_domain.change);
}
END_TEST

static Suite *http_suite(void)
{
    Suite *s = suite_create("http");
    TCase *tc = tcase_create("route");
    tcase_add_loop_test(tc, test_http_route_table, 0,
                        (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, test_http_route_huge_bounded);
    tcase_add_test(tc, test_http_classify);
    tcase_add_test(tc, test_http_domain_table);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(http_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
