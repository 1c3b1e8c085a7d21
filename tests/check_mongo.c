/* check_mongo.c - Check tests for the mongo domain: command shapes (values
 * replaced, keys kept, the collection name kept only for collection
 * commands, generic arguments left out), their bounds (depth, size, cut
 * input), a generated check that no literal value ever reaches a shape,
 * index names of createIndexes / dropIndexes, classify / refine, and
 * index builds and drops as changes that undo each other. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mongo/fl_mongo.h"

static const struct {
    const char *cmd;
    const char *shape;
} cases[] = {
    /* the MongoDB manual's slow operation example (Log Messages) */
    { "{\"find\":\"coll\",\"filter\":{\"b\":-1},\"lsid\":{\"id\":{\"$uuid\":"
      "\"5d50b19c-8559-420a-a122-8834e012274a\"}},\"$db\":\"db\"}",
      "{\"find\":\"coll\",\"filter\":{\"b\":?}}" },
    { "{\"find\":\"orders\",\"filter\":{\"customer_id\":42}}",
      "{\"find\":\"orders\",\"filter\":{\"customer_id\":?}}" },
    { "{\"find\":\"t\",\"filter\":{\"x\":{\"$in\":[1,2,3]}}}",
      "{\"find\":\"t\",\"filter\":{\"x\":{\"$in\":[?]}}}" },
    { "{\"find\":\"t\",\"filter\":{\"x\":{\"$in\":[4]}}}",
      "{\"find\":\"t\",\"filter\":{\"x\":{\"$in\":[?]}}}" },
    { "{\"aggregate\":\"o\",\"pipeline\":[{\"$match\":{\"s\":\"new\"}},"
      "{\"$group\":{\"_id\":\"$c\",\"n\":{\"$sum\":1}}}],\"cursor\":{}}",
      "{\"aggregate\":\"o\",\"pipeline\":[{\"$match\":{\"s\":?}},"
      "{\"$group\":{\"_id\":?,\"n\":{\"$sum\":?}}}],\"cursor\":{}}" },
    /* an update statement of hatchet's sample-mongod.log */
    { "{\"q\":{\"_id\":\"DEALER-1\"},\"u\":{\"$set\":{\"name\":\"Atlanta "
      "Auto\"}},\"multi\":false,\"upsert\":true}",
      "{\"q\":{\"_id\":?},\"u\":{\"$set\":{\"name\":?}},\"multi\":?,"
      "\"upsert\":?}" },
    /* not a collection command: its string is a value like any other */
    { "{\"createUser\":\"alice\",\"pwd\":\"xxx\",\"roles\":[]}",
      "{\"createUser\":?,\"pwd\":?,\"roles\":[]}" },
    { "{\"getMore\":{\"$numberLong\":\"77\"},\"collection\":\"c\"}",
      "{\"getMore\":{\"$numberLong\":?},\"collection\":?}" },
    { "{\"find\":\"c\",\"filter\":{\"a\":[1,{\"b\":2},3,[4,5]]}}",
      "{\"find\":\"c\",\"filter\":{\"a\":[?,{\"b\":?},[?]]}}" },
    { " { \"find\" : \"a\" , \"filter\" : { \"x\" : \"y\" } } trailing",
      "{\"find\":\"a\",\"filter\":{\"x\":?}}" },
    { "{\"find\":\"a\",\"filter\":{\"x\":\"q\\\"uo,te}\"}}",
      "{\"find\":\"a\",\"filter\":{\"x\":?}}" },
    { "{\"find\":\"a\",\"filter\":{\"k\\u0001\":null,\"t\":true}}",
      "{\"find\":\"a\",\"filter\":{\"k\\u0001\":?,\"t\":?}}" },
    { "{\"find\":\"a\",\"filter\":{\"k\x01\":1}}",
      "{\"find\":\"a\",\"filter\":{\"k?\":?}}" },
    { "{\"find\":\"a\",\"filter\":{\"x\":", "{\"find\":\"a\",\"filter\":{}}" },
    { "{\"insert\":\"c\",\"ordered\":true,\"writeConcern\":{\"w\":1},"
      "\"txnNumber\":3,\"$clusterTime\":{\"t\":1}}",
      "{\"insert\":\"c\",\"ordered\":?}" },
    { "{}", "{}" },
};

START_TEST(test_mongo_shape_table)
{
    struct fl_buf b;

    fl_buf_init(&b);
    ck_assert(fl_mongo_shape(cases[_i].cmd, strlen(cases[_i].cmd), &b));
    ck_assert_msg(strcmp(b.p, cases[_i].shape) == 0, "[%s] -> [%s], want [%s]",
                  cases[_i].cmd, b.p, cases[_i].shape);
    ck_assert_uint_eq(b.len, strlen(cases[_i].shape));
    fl_buf_cleanup(&b);
}
END_TEST

START_TEST(test_mongo_shape_not_object)
{
    static const char *const bad[] = { "", "   ", "[1,2]", "\"find\"", "42",
                                       "null" };
    struct fl_buf b;

    fl_buf_init(&b);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert(!fl_mongo_shape(bad[i], strlen(bad[i]), &b));
        ck_assert_uint_eq(b.len, 0);
    }
    ck_assert(!fl_mongo_shape(NULL, 0, &b));
    fl_buf_cleanup(&b);
}
END_TEST

static size_t count_char(const char *s, char c)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == c;
    return n;
}

START_TEST(test_mongo_shape_depth_bounded)
{
    size_t levels = 5000, n = 0;
    char *s = malloc(levels * 6 + 64);
    struct fl_buf b;

    ck_assert_ptr_nonnull(s);
    n += (size_t)sprintf(s, "{\"find\":\"c\",\"filter\":");
    for (size_t i = 0; i < levels; i++)
        n += (size_t)sprintf(s + n, "{\"a\":");
    n += (size_t)sprintf(s + n, "\"secret\"");
    for (size_t i = 0; i < levels + 1; i++)
        s[n++] = '}';
    fl_buf_init(&b);
    ck_assert(fl_mongo_shape(s, n, &b));
    ck_assert_ptr_null(strstr(b.p, "secret"));
    ck_assert_ptr_nonnull(strstr(b.p, "{...}"));
    ck_assert_uint_le(count_char(b.p, '{'), FL_MONGO_SHAPE_DEPTH + 1);
    ck_assert_uint_eq(count_char(b.p, '{'), count_char(b.p, '}'));
    ck_assert_uint_le(b.len, FL_MONGO_SHAPE_MAX);

    n -= levels + 1;                      /* unterminated: still bounded */
    ck_assert(fl_mongo_shape(s, n, &b));
    ck_assert_ptr_null(strstr(b.p, "secret"));
    ck_assert_uint_le(b.len, FL_MONGO_SHAPE_MAX);
    fl_buf_cleanup(&b);
    free(s);
}
END_TEST

START_TEST(test_mongo_shape_size_bounded)
{
    size_t keys = 20000, n = 0;
    char *s = malloc(keys * 24 + 64);
    struct fl_buf b;

    ck_assert_ptr_nonnull(s);
    n += (size_t)sprintf(s, "{\"find\":\"c\",\"filter\":{");
    for (size_t i = 0; i < keys; i++)
        n += (size_t)sprintf(s + n, "%s\"k%zu\":%zu", i ? "," : "", i, i);
    n += (size_t)sprintf(s + n, "}}");
    fl_buf_init(&b);
    ck_assert(fl_mongo_shape(s, n, &b));
    ck_assert_uint_le(b.len, FL_MONGO_SHAPE_MAX);
    ck_assert_uint_eq(strlen(b.p), b.len);
    ck_assert(b.len >= 3 && strcmp(b.p + b.len - 3, "...") == 0);

    n = (size_t)sprintf(s, "{\"find\":\"c\",\"filter\":{\"x\":{\"$in\":[");
    for (size_t i = 0; i < keys; i++)         /* one scalar array: [?] */
        n += (size_t)sprintf(s + n, "%s%zu", i ? "," : "", i);
    n += (size_t)sprintf(s + n, "]}}}");
    ck_assert(fl_mongo_shape(s, n, &b));
    ck_assert_str_eq(b.p, "{\"find\":\"c\",\"filter\":{\"x\":{\"$in\":[?]}}}");
    fl_buf_cleanup(&b);
    free(s);
}
END_TEST

/* ---- generated commands: no literal ever reaches the shape ------------ */

static unsigned long rnd(unsigned long *st)
{
    *st = *st * 6364136223846793005UL + 1442695040888963407UL;
    return *st >> 33;
}

/* Append a random value; literals are "L<n>x" strings and 9000<n>
 * numbers, n counting up (so each is unique and findable).  Depth bounded
 * by the caller's budget; no recursion deeper than 6. */
static void gen_value(char *s, size_t *n, unsigned long *st, int depth,
                      unsigned *lit)
{
    static const char *const keys[] = { "a", "b", "$in", "$gt", "name",
                                        "filter", "x.y", "$match" };
    unsigned r = (unsigned)(rnd(st) % (depth < 6 ? 6 : 3));

    if (r == 0)
        *n += (size_t)sprintf(s + *n, "\"L%ux\"", (*lit)++);
    else if (r == 1)
        *n += (size_t)sprintf(s + *n, "9000%u", (*lit)++);
    else if (r == 2)
        *n += (size_t)sprintf(s + *n, "%s",
                              rnd(st) % 2 ? "true" : "null");
    else if (r == 3 || r == 4) {
        unsigned k = (unsigned)(rnd(st) % 4);
        s[(*n)++] = '{';
        for (unsigned i = 0; i < k; i++) {
            *n += (size_t)sprintf(s + *n, "%s\"%s\":", i ? "," : "",
                                  keys[rnd(st) % 8]);
            gen_value(s, n, st, depth + 1, lit);
        }
        s[(*n)++] = '}';
    } else {
        unsigned k = (unsigned)(rnd(st) % 4);
        s[(*n)++] = '[';
        for (unsigned i = 0; i < k; i++) {
            if (i)
                s[(*n)++] = ',';
            gen_value(s, n, st, depth + 1, lit);
        }
        s[(*n)++] = ']';
    }
}

START_TEST(test_mongo_shape_never_leaks)
{
    static const char *const cmds[] = { "find", "aggregate", "insert",
                                        "createUser", "q", "hello" };
    char *s = malloc(1 << 20);
    struct fl_buf b;
    unsigned long st = 20261206;
    char mark[32];

    ck_assert_ptr_nonnull(s);
    fl_buf_init(&b);
    for (int round = 0; round < 2000; round++) {
        unsigned lit = 0;
        size_t n = (size_t)sprintf(s, "{\"%s\":", cmds[round % 6]);
        if (round % 6 < 3)
            n += (size_t)sprintf(s + n, "\"coll\"");
        else
            gen_value(s, &n, &st, 0, &lit);
        for (int m = 0; m < 4; m++) {
            n += (size_t)sprintf(s + n, ",\"f%d\":", m);
            gen_value(s, &n, &st, 0, &lit);
        }
        s[n++] = '}';
        s[n] = '\0';
        ck_assert(fl_mongo_shape(s, n, &b));
        ck_assert_uint_le(b.len, FL_MONGO_SHAPE_MAX);
        for (unsigned i = 0; i < lit; i++) {
            sprintf(mark, "L%ux", i);
            ck_assert_msg(!strstr(b.p, mark), "%s leaked: %s", mark, b.p);
            sprintf(mark, "9000%u", i);
            ck_assert_msg(!strstr(b.p, mark), "%s leaked: %s", mark, b.p);
        }
        ck_assert(!strstr(b.p, "true") && !strstr(b.p, "null"));
    }
    fl_buf_cleanup(&b);
    free(s);
}
END_TEST

/* ---- index names ------------------------------------------------------- */

START_TEST(test_mongo_index_names)
{
    struct fl_mongo_names o;
    struct fl_str name;
    const char *c;

    c = "{\"createIndexes\":\"pizzas\",\"indexes\":[{\"name\":\"type_1\","
        "\"key\":{\"type\":1}},{\"key\":{\"a\":1},\"name\":\"a,1\"}]}";
    ck_assert(fl_mongo_command_name(c, strlen(c), &name));
    ck_assert(name.n == 13 && memcmp(name.p, "createIndexes", 13) == 0);
    ck_assert(fl_mongo_index_names(c, strlen(c), &o));
    ck_assert_uint_eq(o.count, 2);
    ck_assert_str_eq(o.name[0], "type_1");
    ck_assert_str_eq(o.name[1], "a?1");
    ck_assert(!o.all);

    c = "{\"dropIndexes\":\"c\",\"index\":\"x_1\",\"$db\":\"d\"}";
    ck_assert(fl_mongo_index_names(c, strlen(c), &o));
    ck_assert_uint_eq(o.count, 1);
    ck_assert_str_eq(o.name[0], "x_1");
    c = "{\"dropIndexes\":\"c\",\"index\":[\"a_1\",\"b_1\"]}";
    ck_assert(fl_mongo_index_names(c, strlen(c), &o));
    ck_assert_uint_eq(o.count, 2);
    ck_assert_str_eq(o.name[1], "b_1");
    c = "{\"dropIndexes\":\"c\",\"index\":\"*\"}";
    ck_assert(fl_mongo_index_names(c, strlen(c), &o));
    ck_assert(o.all && o.count == 0);
    c = "{\"dropIndexes\":\"c\",\"index\":{\"a\":1}}";
    ck_assert(fl_mongo_index_names(c, strlen(c), &o));
    ck_assert(o.all && o.count == 0);
    c = "{\"find\":\"c\",\"filter\":{}}";
    ck_assert(!fl_mongo_index_names(c, strlen(c), &o));
    c = "[\"createIndexes\"]";
    ck_assert(!fl_mongo_command_name(c, strlen(c), &name));
}
END_TEST

/* ---- the domain: classify, refine, changes ------------------------------ */

static void set(struct fl_str *f, const char *s)
{
    f->p = s;
    f->n = s ? strlen(s) : 0;
}

static struct fl_event query(const char *cmd, const char *ns)
{
    struct fl_event ev;

    fl_event_clear(&ev);
    ev.kind = FL_EV_QUERY;
    set(&ev.statement, cmd);
    set(&ev.object, ns);
    return ev;
}

START_TEST(test_mongo_classify)
{
    struct fl_class c, d;
    struct fl_event ev = query("{\"find\":\"orders\",\"filter\":{\"id\":1}}",
                               "shop.orders");

    fl_class_init(&c);
    fl_class_init(&d);
    ck_assert(fl_mongo_domain.classify(&ev, &c));
    ck_assert_str_eq(c.text.p, "{\"find\":\"orders\",\"filter\":{\"id\":?}}");
    ck_assert_str_eq(c.subjects.p, "shop.orders");
    ck_assert_int_eq(c.type, -1);
    ev = query("{\"find\":\"orders\",\"filter\":{\"id\":\"x\"}}", "shop.orders");
    ck_assert(fl_mongo_domain.classify(&ev, &d));
    ck_assert(c.id == d.id);                    /* values do not matter */
    ev = query("{\"find\":\"orders\",\"filter\":{\"sku\":1}}", "a,b\tc");
    ck_assert(fl_mongo_domain.classify(&ev, &d));
    ck_assert(c.id != d.id);                    /* keys do */
    ck_assert_str_eq(d.subjects.p, "a?b?c");
    ev = query(NULL, "shop.orders");
    ck_assert(!fl_mongo_domain.classify(&ev, &d));
    ev = query("not json", "shop.orders");
    ck_assert(!fl_mongo_domain.classify(&ev, &d));
    fl_class_cleanup(&c);
    fl_class_cleanup(&d);

    ev = query("{\"createIndexes\":\"c\",\"indexes\":[]}", "d.c");
    fl_mongo_domain.refine(&ev);
    ck_assert_int_eq(ev.kind, FL_EV_DDL);
    ev = query("{\"find\":\"c\"}", "d.c");
    fl_mongo_domain.refine(&ev);
    ck_assert_int_eq(ev.kind, FL_EV_QUERY);
}
END_TEST

/* A "Index build: done building" / "CMD: dropIndexes" line as the
 * mongodb-json format maps it (attr.namespace, attr.index / indexes). */
static struct fl_event line(const char *msg, const char *ns, const char *aname,
                            const char *aval)
{
    struct fl_event ev;

    fl_event_clear(&ev);
    ev.kind = FL_EV_DDL;
    ev.time_us = 1000;
    set(&ev.message, msg);
    set(&ev.object, ns);
    ev.nattrs = 1;
    ev.attrs[0].name = aname;
    set(&ev.attrs[0].value, aval);
    return ev;
}

START_TEST(test_mongo_changes)
{
    void *st = fl_mongo_domain.state_new();
    struct fl_change a, b, c;
    struct fl_event ev;

    ev = line("Index build: done building", "shop.orders", "index", "_id_");
    ck_assert(!fl_mongo_domain.change(st, &ev, &a));     /* with its coll */
    ev = line("Index build: done building", "admin.system.version", "index",
              "v_1");
    ck_assert(!fl_mongo_domain.change(st, &ev, &a));     /* internal */

    ev = line("Index build: done building", "shop.orders", "index", "sku_1");
    ck_assert(fl_mongo_domain.change(st, &ev, &a));
    ck_assert_str_eq(a.kind, "create_index");
    ck_assert_str_eq(a.domain, "mongo");
    ck_assert_str_eq(a.subjects, "shop.orders");
    ck_assert_str_eq(a.text, "createIndexes shop.orders sku_1");
    ck_assert_uint_eq(a.neffects, 1);
    ck_assert_str_eq(a.effects[0], "+ix:shop.orders/sku_1");
    ck_assert(a.time_us == 1000);
    /* the same build again (the command's own slow query line) */
    ev = query("{\"createIndexes\":\"orders\",\"indexes\":[{\"key\":{\"sku\":1},"
               "\"name\":\"sku_1\"}]}", "shop.orders");
    fl_mongo_domain.refine(&ev);
    ck_assert(!fl_mongo_domain.change(st, &ev, &c));

    ev = line("CMD: dropIndexes", "shop.orders", "indexes", "sku_1,ab_1");
    ck_assert(fl_mongo_domain.change(st, &ev, &b));
    ck_assert_str_eq(b.kind, "drop_index");
    ck_assert_uint_eq(b.neffects, 2);
    ck_assert_str_eq(b.text, "dropIndexes shop.orders sku_1,ab_1");
    ck_assert(fl_change_undoes(&a, &b));

    ev = query("{\"createIndexes\":\"orders\",\"indexes\":[{\"key\":{\"sku\":1},"
               "\"name\":\"sku_1\"}]}", "shop.orders");
    fl_mongo_domain.refine(&ev);
    ck_assert(fl_mongo_domain.change(st, &ev, &c));      /* built again */
    ck_assert_str_eq(c.kind, "create_index");
    ck_assert(fl_change_undoes(&b, &c));

    ev = line("CMD: dropIndexes", "shop.orders", "indexes", "t\tab_1");
    ck_assert(fl_mongo_domain.change(st, &ev, &c));      /* never built */
    ck_assert_str_eq(c.effects[0], "-ix:shop.orders/t?ab_1");

    ev = line("CMD: dropIndexes", "shop.orders", "indexes", "*");
    ck_assert(fl_mongo_domain.change(st, &ev, &c));      /* no effects */
    ck_assert_uint_eq(c.neffects, 0);
    ck_assert_str_eq(c.text, "dropIndexes shop.orders *");

    ev = line("Index build: done building", "", "index", "x_1");
    ck_assert(!fl_mongo_domain.change(st, &ev, &c));     /* no namespace */
    ev = query("{\"find\":\"orders\"}", "shop.orders");
    ck_assert(!fl_mongo_domain.change(st, &ev, &c));     /* not ddl */
    fl_mongo_domain.state_free(st);
}
END_TEST

START_TEST(test_mongo_change_state_bounded)
{
    void *st = fl_mongo_domain.state_new();
    struct fl_change c;
    char name[32];
    struct fl_event ev;

    for (int i = 0; i < 3 * FL_MONGO_STATE_MAX; i++) {
        snprintf(name, sizeof name, "i%d_1", i);
        ev = line("Index build: done building", "d.c", "index", name);
        ck_assert(fl_mongo_domain.change(st, &ev, &c));
    }
    fl_mongo_domain.state_free(st);
}
END_TEST

static Suite *mongo_suite(void)
{
    Suite *s = suite_create("mongo");
    TCase *tc = tcase_create("shape");
    tcase_add_loop_test(tc, test_mongo_shape_table, 0,
                        (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, test_mongo_shape_not_object);
    tcase_add_test(tc, test_mongo_shape_depth_bounded);
    tcase_add_test(tc, test_mongo_shape_size_bounded);
    tcase_add_test(tc, test_mongo_shape_never_leaks);
    tcase_add_test(tc, test_mongo_index_names);
    suite_add_tcase(s, tc);
    tc = tcase_create("domain");
    tcase_add_test(tc, test_mongo_classify);
    tcase_add_test(tc, test_mongo_changes);
    tcase_add_test(tc, test_mongo_change_state_bounded);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(mongo_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
