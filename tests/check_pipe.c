/* check_pipe.c - the event pipe delivers every event, in order, with every
 * field intact (every field of the table, the core fields, the domain, the
 * error flag and the attributes), including events larger than a batch. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/fl_domain.h"
#include "event/fl_pipe.h"

static const struct fl_domain test_domain = { "test", false, NULL, NULL, NULL,
                                              NULL, NULL };
static const char attr2[] = "empty";

struct seen {
    uint64_t n;
    uint64_t bad;
    size_t big;
};

static int consume(const struct fl_event *ev, void *ctx)
{
    struct seen *s = ctx;
    char want[64];

    snprintf(want, sizeof want, "SELECT %llu", (unsigned long long)s->n);
    if (ev->line != s->n + 1 || ev->time_us != (int64_t)s->n * 10 ||
        ev->duration_us != (int64_t)s->n || strcmp(ev->file, "f.log") != 0 ||
        (ev->statement.n < 1000 && (ev->statement.n != strlen(want) ||
                                    memcmp(ev->statement.p, want, ev->statement.n))) ||
        ev->db.n != 2 || memcmp(ev->db.p, "db", 2) != 0 || ev->user.n != 0 ||
        ev->kind != FL_EV_QUERY || strcmp(ev->format, "t") != 0 ||
        ev->domain != &test_domain || ev->error != (s->n % 7 == 0) ||
        ev->status != (int64_t)(s->n % 600) || ev->bytes != -1 ||
        ev->url.n != 4 || memcmp(ev->url.p, "/a/b", 4) != 0 ||
        ev->nattrs != s->n % 3 ||
        (ev->nattrs >= 1 && (strcmp(ev->attrs[0].name, "zone") != 0 ||
                             ev->attrs[0].value.n != 2 ||
                             memcmp(ev->attrs[0].value.p, "eu", 2) != 0)) ||
        (ev->nattrs >= 2 && (strcmp(ev->attrs[1].name, attr2) != 0 ||
                             ev->attrs[1].value.n != 0)))
        s->bad++;
    if (ev->statement.n >= 1000)
        s->big = ev->statement.n;
    s->n++;
    return 0;
}

START_TEST(test_pipe_delivers_all_events_in_order)
{
    struct seen s = { 0, 0, 0 };
    struct fl_pipe *p = fl_pipe_new(consume, &s);
    char *huge = malloc(FL_PIPE_BATCH_BYTES + 10);
    char sql[64];

    ck_assert_ptr_nonnull(p);
    memset(huge, 'x', FL_PIPE_BATCH_BYTES + 10);
    for (uint64_t i = 0; i < 300000; i++) {
        struct fl_event ev;
        fl_event_clear(&ev);
        snprintf(sql, sizeof sql, "SELECT %llu", (unsigned long long)i);
        ev.kind = FL_EV_QUERY;
        ev.line = i + 1;
        ev.time_us = (int64_t)i * 10;
        ev.duration_us = (int64_t)i;
        ev.file = "f.log";
        ev.format = "t";
        ev.statement.p = sql;
        ev.statement.n = strlen(sql);
        if (i == 123456) {
            ev.statement.p = huge;
            ev.statement.n = FL_PIPE_BATCH_BYTES + 10;
        }
        ev.db.p = "db";
        ev.db.n = 2;
        ev.domain = &test_domain;
        ev.error = i % 7 == 0;
        ev.status = (int64_t)(i % 600);
        ev.url.p = "/a/b";
        ev.url.n = 4;
        ev.nattrs = i % 3;
        ev.attrs[0].name = "zone";
        ev.attrs[0].value.p = "eu";
        ev.attrs[0].value.n = 2;
        ev.attrs[1].name = attr2;
        fl_pipe_push(&ev, p);
    }
    fl_pipe_drain(p);
    ck_assert_uint_eq(s.n, 300000);
    ck_assert_uint_eq(s.bad, 0);
    ck_assert_uint_eq(s.big, FL_PIPE_BATCH_BYTES + 10);
    fl_pipe_free(p);
    free(huge);
}
END_TEST

/* Every field of the table survives the trip: fill each number with its
 * index and each string with its name, so a field the pipe forgot fails. */
struct all {
    int calls;
    int bad;
};

static int consume_all(const struct fl_event *ev, void *ctx)
{
    struct all *a = ctx;
    const struct fl_event_field_info *f = fl_event_fields();

    a->calls++;
    for (int i = 0; i < FL_EVF__COUNT; i++) {
        if (f[i].number) {
            if (*fl_event_cnum(ev, i) != 1000 + i)
                a->bad++;
        } else {
            const struct fl_str *s = fl_event_cstr(ev, i);
            if (s->n != strlen(f[i].name) ||
                memcmp(s->p, f[i].name, s->n) != 0)
                a->bad++;
        }
    }
    if (ev->nattrs != FL_EVENT_MAX_ATTRS)
        a->bad++;
    for (size_t i = 0; i < ev->nattrs; i++)
        if (strcmp(ev->attrs[i].name, f[i].name) != 0 ||
            ev->attrs[i].value.n != i + 1 ||
            memcmp(ev->attrs[i].value.p, "0123456789abcdefghij", i + 1) != 0)
            a->bad++;
    return 0;
}

START_TEST(test_pipe_carries_every_table_field_and_attribute)
{
    struct all a = { 0, 0 };
    struct fl_pipe *p = fl_pipe_new(consume_all, &a);
    const struct fl_event_field_info *f = fl_event_fields();
    static const char vals[] = "0123456789abcdefghij";
    struct fl_event ev;

    ck_assert_ptr_nonnull(p);
    fl_event_clear(&ev);
    ev.file = "f.log";
    ev.format = "t";
    for (int i = 0; i < FL_EVF__COUNT; i++) {
        if (f[i].number) {
            *fl_event_num(&ev, i) = 1000 + i;
        } else {
            fl_event_str(&ev, i)->p = f[i].name;
            fl_event_str(&ev, i)->n = strlen(f[i].name);
        }
    }
    ev.nattrs = FL_EVENT_MAX_ATTRS;
    for (size_t i = 0; i < FL_EVENT_MAX_ATTRS; i++) {
        ev.attrs[i].name = f[i].name;
        ev.attrs[i].value.p = vals;
        ev.attrs[i].value.n = i + 1;
    }
    for (int k = 0; k < 10; k++)
        fl_pipe_push(&ev, p);
    fl_pipe_drain(p);
    ck_assert_int_eq(a.calls, 10);
    ck_assert_int_eq(a.bad, 0);
    fl_pipe_free(p);
}
END_TEST

int main(void)
{
    Suite *su = suite_create("pipe");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_pipe_delivers_all_events_in_order);
    tcase_add_test(tc, test_pipe_carries_every_table_field_and_attribute);
    suite_add_tcase(su, tc);
    sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
