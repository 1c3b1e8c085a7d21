/* check_pipe.c - the event pipe delivers every event, in order, with every
 * field intact, including events larger than a batch. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/fl_pipe.h"

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
        ev->db.n != 2 || memcmp(ev->db.p, "db", 2) != 0 || ev->user.n != 0)
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

int main(void)
{
    Suite *su = suite_create("pipe");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_pipe_delivers_all_events_in_order);
    suite_add_tcase(su, tc);
    sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
