/* check_deploy.c - Check tests for the deploy domain: refine (direction and
 * phase words to the contract), change kinds, step pairing (start + end ->
 * one change with the duration), the bound on held starts, flush, and the
 * effects that let the undo rule pair a downgrade / rollback with what it
 * reverted. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "deploy/fl_deploy.h"

#define S(x) ((struct fl_str){ (x), strlen(x) })
#define SEC 1000000LL

/* An event of kind k; NULL strings are absent. */
static struct fl_event ev_of(enum fl_event_kind k, int64_t t,
                             const char *service, const char *version,
                             const char *from, const char *dir,
                             const char *phase)
{
    struct fl_event ev;

    fl_event_clear(&ev);
    ev.kind = k;
    ev.time_us = t;
    if (service) ev.service = S(service);
    if (version) ev.version = S(version);
    if (from) ev.from_version = S(from);
    if (dir) ev.direction = S(dir);
    if (phase) ev.phase = S(phase);
    fl_deploy_domain.refine(&ev);
    return ev;
}

static bool has_effect(const struct fl_change *c, const char *e)
{
    for (size_t i = 0; i < c->neffects; i++)
        if (strcmp(c->effects[i], e) == 0)
            return true;
    return false;
}

START_TEST(test_deploy_refine_words)
{
    struct fl_event ev = ev_of(FL_EV_MIGRATION, 0, NULL, "1", NULL,
                               "Unapplying", "migrated");
    ck_assert_int_eq((int)ev.direction.n, 4);
    ck_assert(memcmp(ev.direction.p, "down", 4) == 0);
    ck_assert(memcmp(ev.phase.p, "end", 3) == 0 && ev.phase.n == 3);
    ev = ev_of(FL_EV_MIGRATION, 0, NULL, "1", NULL, "migrating", "migrating");
    ck_assert(ev.direction.n == 2 && memcmp(ev.direction.p, "up", 2) == 0);
    ck_assert(ev.phase.n == 5 && memcmp(ev.phase.p, "start", 5) == 0);
    ev = ev_of(FL_EV_DEPLOY, 0, NULL, "1", NULL, "sideways", NULL);
    ck_assert(ev.direction.n == 8);  /* unknown words stay as logged */
    ev = ev_of(FL_EV_QUERY, 0, NULL, NULL, NULL, "down", "ok");
    ck_assert(ev.phase.n == 2);      /* other kinds are not touched */
}
END_TEST

/* The words of golang-migrate (u/d), sqitch (+/-, not ok), Liquibase
 * (Running, Rolling Back), Argo CD (Initiated) and Helm (Roll back). */
START_TEST(test_deploy_refine_tool_words)
{
    static const struct { const char *dir, *want; } dirs[] = {
        { "u", "up" }, { "d", "down" }, { "+", "up" }, { "-", "down" },
        { "Rolling Back", "down" }, { "Roll back", "down" },
        { "Rolled back", "down" },
    };
    static const struct { const char *phase, *want; } phases[] = {
        { "Running", "start" }, { "Initiated", "start" },
        { "not ok", "fail" }, { "success", "end" }, { "succeeded", "end" },
    };
    struct fl_event ev;

    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        ev = ev_of(FL_EV_MIGRATION, 0, NULL, "1", NULL, dirs[i].dir, NULL);
        ck_assert_msg(ev.direction.n == strlen(dirs[i].want) &&
                      memcmp(ev.direction.p, dirs[i].want,
                             ev.direction.n) == 0, "%s", dirs[i].dir);
    }
    for (size_t i = 0; i < sizeof phases / sizeof phases[0]; i++) {
        ev = ev_of(FL_EV_DEPLOY, 0, NULL, "1", NULL, NULL, phases[i].phase);
        ck_assert_msg(ev.phase.n == strlen(phases[i].want) &&
                      memcmp(ev.phase.p, phases[i].want, ev.phase.n) == 0,
                      "%s", phases[i].phase);
    }
    ev = ev_of(FL_EV_MIGRATION, 0, NULL, "1", NULL, "ud", "not");
    ck_assert(ev.direction.n == 2 && ev.phase.n == 3); /* whole words only */
}
END_TEST

START_TEST(test_deploy_kinds_and_effects)
{
    void *st = fl_deploy_domain.state_new();
    struct fl_change c;
    struct fl_event ev;

    ev = ev_of(FL_EV_MIGRATION, 10 * SEC, NULL, "3c4d", "1a2b", "upgrade", NULL);
    ev.message = S("add index on orders");
    ck_assert(fl_deploy_domain.change(st, &ev, &c));
    ck_assert_str_eq(c.kind, "migration");
    ck_assert_str_eq(c.domain, "deploy");
    ck_assert_str_eq(c.version, "3c4d");
    ck_assert_str_eq(c.text, "add index on orders");
    ck_assert_int_eq(c.time_us, 10 * SEC);
    ck_assert_int_eq(c.duration_us, -1);
    ck_assert(has_effect(&c, "+migration::3c4d"));
    struct fl_change up = c;

    /* alembic "Running downgrade 3c4d -> 1a2b": 3c4d is reverted */
    ev = ev_of(FL_EV_MIGRATION, 20 * SEC, NULL, "1a2b", "3c4d", "downgrade", NULL);
    ck_assert(fl_deploy_domain.change(st, &ev, &c));
    ck_assert_str_eq(c.kind, "downgrade");
    ck_assert(has_effect(&c, "-migration::3c4d"));
    ck_assert(fl_change_undoes(&up, &c));

    ev = ev_of(FL_EV_CONFIG, 30 * SEC, "db", NULL, NULL, NULL, NULL);
    ck_assert(fl_deploy_domain.change(st, &ev, &c));
    ck_assert_str_eq(c.kind, "config");
    ck_assert_str_eq(c.subjects, "db");

    ev = ev_of(FL_EV_LOG, 30 * SEC, "db", "1", NULL, NULL, NULL);
    ck_assert(!fl_deploy_domain.change(st, &ev, &c));
    fl_deploy_domain.state_free(st);
}
END_TEST

START_TEST(test_deploy_rollback_uses_current)
{
    void *st = fl_deploy_domain.state_new();
    struct fl_change d1, d2, rb;
    struct fl_event ev;

    ev = ev_of(FL_EV_DEPLOY, 1 * SEC, "shop", "1.3.9", NULL, NULL, NULL);
    ck_assert(fl_deploy_domain.change(st, &ev, &d1));
    ev = ev_of(FL_EV_DEPLOY, 2 * SEC, "shop", "1.4.0", NULL, NULL, NULL);
    ck_assert(fl_deploy_domain.change(st, &ev, &d2));
    ck_assert_str_eq(d2.kind, "deploy");
    ck_assert_str_eq(d2.subjects, "shop");
    ck_assert(has_effect(&d2, "+release:shop:1.4.0"));
    ev = ev_of(FL_EV_DEPLOY, 3 * SEC, "shop", "1.3.9", NULL, "rollback", NULL);
    ck_assert(fl_deploy_domain.change(st, &ev, &rb));
    ck_assert_str_eq(rb.kind, "rollback");
    ck_assert(has_effect(&rb, "-release:shop:1.4.0"));
    ck_assert(fl_change_undoes(&d2, &rb));
    ck_assert(!fl_change_undoes(&d1, &rb));
    /* another service's rollback with nothing known: no effect */
    ev = ev_of(FL_EV_DEPLOY, 4 * SEC, "cart", "2.0", NULL, "down", NULL);
    ck_assert(fl_deploy_domain.change(st, &ev, &rb));
    ck_assert_uint_eq(rb.neffects, 0);
    fl_deploy_domain.state_free(st);
}
END_TEST

START_TEST(test_deploy_steps_pair)
{
    void *st = fl_deploy_domain.state_new();
    struct fl_change c;
    struct fl_event ev;

    ev = ev_of(FL_EV_DEPLOY, 100 * SEC, "shop", "1.4.0", NULL, NULL, "started");
    ev.message = S("release 1.4.0");
    ck_assert(!fl_deploy_domain.change(st, &ev, &c));
    ev = ev_of(FL_EV_DEPLOY, 101 * SEC, "cart", "9", NULL, NULL, "start");
    ck_assert(!fl_deploy_domain.change(st, &ev, &c));
    ev = ev_of(FL_EV_DEPLOY, 130 * SEC, "shop", "1.4.0", NULL, NULL, "finished");
    ev.line = 7;
    ck_assert(fl_deploy_domain.change(st, &ev, &c));
    ck_assert_str_eq(c.kind, "deploy");
    ck_assert_int_eq(c.time_us, 130 * SEC);
    ck_assert_int_eq(c.duration_us, 30 * SEC);
    ck_assert_str_eq(c.text, "release 1.4.0");
    ck_assert_uint_eq(c.line, 7);
    ck_assert(has_effect(&c, "+release:shop:1.4.0"));
    /* Rails: an end with its own duration uses it */
    ev = ev_of(FL_EV_MIGRATION, 200 * SEC, NULL, "2024", NULL, "migrating", "migrating");
    ck_assert(!fl_deploy_domain.change(st, &ev, &c));
    ev = ev_of(FL_EV_MIGRATION, 205 * SEC, NULL, "2024", NULL, "migrated", "migrated");
    ev.duration_us = 12300;
    ck_assert(fl_deploy_domain.change(st, &ev, &c));
    ck_assert_int_eq(c.duration_us, 12300);
    ck_assert(has_effect(&c, "+migration::2024"));
    /* a failure: one change, no effects */
    ev = ev_of(FL_EV_DEPLOY, 210 * SEC, "cart", "9", NULL, NULL, "failed");
    ck_assert(fl_deploy_domain.change(st, &ev, &c));
    ck_assert_int_eq(c.duration_us, 109 * SEC);
    ck_assert_uint_eq(c.neffects, 0);
    /* nothing left held */
    ck_assert(!fl_deploy_domain.flush(st, &c));
    fl_deploy_domain.state_free(st);
}
END_TEST

START_TEST(test_deploy_held_bounded_and_flushed)
{
    void *st = fl_deploy_domain.state_new();
    struct fl_change c;
    struct fl_event ev;
    char v[32];
    size_t evicted = 0, flushed = 0;

    for (int i = 0; i < FL_DEPLOY_PENDING + 3; i++) {
        snprintf(v, sizeof v, "v%d", i);
        ev = ev_of(FL_EV_DEPLOY, i * SEC, "shop", v, NULL, NULL, "start");
        if (fl_deploy_domain.change(st, &ev, &c)) {
            snprintf(v, sizeof v, "v%zu", evicted);
            ck_assert_str_eq(c.version, v);  /* the oldest goes first */
            ck_assert_int_eq(c.duration_us, -1);
            evicted++;
        }
    }
    ck_assert_uint_eq(evicted, 3);
    while (fl_deploy_domain.flush(st, &c)) {
        snprintf(v, sizeof v, "v%zu", evicted + flushed);
        ck_assert_str_eq(c.version, v);
        flushed++;
    }
    ck_assert_uint_eq(flushed, FL_DEPLOY_PENDING);
    fl_deploy_domain.state_free(st);
}
END_TEST

static Suite *deploy_suite(void)
{
    Suite *s = suite_create("deploy");
    TCase *tc = tcase_create("domain");
    tcase_add_test(tc, test_deploy_refine_words);
    tcase_add_test(tc, test_deploy_refine_tool_words);
    tcase_add_test(tc, test_deploy_kinds_and_effects);
    tcase_add_test(tc, test_deploy_rollback_uses_current);
    tcase_add_test(tc, test_deploy_steps_pair);
    tcase_add_test(tc, test_deploy_held_bounded_and_flushed);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(deploy_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
