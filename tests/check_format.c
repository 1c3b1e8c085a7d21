/* check_format.c - loading format definitions: every shipped definition
 * loads and passes its own samples; broken definitions are rejected with a
 * message naming the file and the key; precedence and --prefix. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "event/fl_event.h"
#include "format/fl_format.h"
#include "parse/fl_parse.h"

START_TEST(test_format_builtin_set_loads_and_samples_pass)
{
    struct fl_format_opts o = { NULL, 0, NULL, NULL, true };
    struct fl_formats *set;
    struct fl_err e;

    ck_assert_int_eq(fl_formats_load(&set, &o, &e), FL_OK);
    ck_assert_uint_ge(fl_formats_count(set), 7);
    for (size_t i = 0; i < fl_formats_count(set); i++) {
        const struct fl_format *f = fl_formats_get(set, i);
        ck_assert_msg(fl_parse_check_samples(f, &e) == FL_OK, "%s: %s",
                      f->name, e.msg);
        ck_assert_msg(strncmp(f->source, "builtin:", 8) == 0, "%s", f->source);
    }
    ck_assert_ptr_nonnull(fl_formats_find(set, "postgresql-stderr"));
    ck_assert_ptr_nonnull(fl_formats_find(set, "mysql-slow"));
    fl_formats_free(set);
}
END_TEST

/* A minimal valid definition with one substitution point. */
#define GOOD "{\"name\":\"t\",\"type\":\"line\",\"patterns\":[\"^(?<time>\\\\S+) (?<message>.*)$\"]," \
             "\"time\":[{\"field\":\"time\",\"style\":\"iso\"}],\"rules\":[{\"kind\":\"log\"}]," \
             "\"samples\":[{\"lines\":[\"2024-01-01T00:00:00Z hello\"],\"expect\":{\"kind\":\"log\"}}]}"

struct bad {
    const char *json;
    const char *want;   /* substring of the message */
};

static const struct bad bads[] = {
    { "{\"name\": \"x\", ", "invalid JSON" },
    { "[1,2]", "must be a JSON object" },
    { "{\"type\":\"line\"}", "key \"name\": missing" },
    { "{\"name\":\"x\",\"type\":\"lines\"}", "key \"type\": unknown type \"lines\"" },
    { "{\"name\":\"x\",\"type\":\"line\",\"patern\":[]}", "key \"patern\": unknown key" },
    { "{\"name\":\"x\",\"type\":\"line\",\"patterns\":[\"^(?<a>x\"],\"time\":[]}",
      "key \"patterns[0]\": regex does not compile at offset 7: missing closing parenthesis" },
    { "{\"name\":\"x\",\"type\":\"line\",\"patterns\":[\"^x\"],\"time\":[{\"field\":\"t\",\"style\":\"roman\"}]}",
      "key \"time[0]\": unknown style \"roman\"" },
    { "{\"name\":\"x\",\"type\":\"line\",\"patterns\":[\"^x\"],\"time\":[],\"rules\":[{\"kind\":\"nope\"}]}",
      "key \"rules[0]\": unknown kind \"nope\"" },
    { "{\"name\":\"x\",\"type\":\"line\",\"patterns\":[\"^x\"],\"time\":[],\"rules\":\"missing-set\"}",
      "key \"rules\": unknown rule set \"missing-set\"" },
    { "{\"name\":\"x\",\"type\":\"line\",\"patterns\":[\"^x\"],\"time\":[],\"rules\":[]}",
      "key \"samples\": missing" },
    { "{\"name\":\"x\",\"type\":\"csv\",\"columns\":[],\"time\":[]}", "key \"columns\"" },
    { "{\"name\":\"x\",\"type\":\"line\",\"patterns\":[\"^x\"],\"time\":[],\"domain\":\"SQL!\"}",
      "key \"domain\": must be 1-32 characters" },
    { "{\"name\":\"x\",\"type\":\"line\",\"patterns\":[\"^x\"],\"time\":[],\"domain\":7}",
      "key \"domain\": must be a string" },
    { "{\"name\":\"x\",\"type\":\"line\",\"patterns\":[\"^x\"],\"time\":[],\"time_at\":\"middle\"}",
      "key \"time_at\": must be \"start\" or \"end\"" },
    { "{\"name\":\"x\",\"type\":\"line\",\"patterns\":[\"^x\"],\"time\":[],\"rules\":[{\"kind\":\"log\",\"error\":\"yes\"}]}",
      "key \"rules[0]\": \"error\" must be true or false" },
};

START_TEST(test_format_broken_definition_names_file_and_key)
{
    struct fl_formats *set = fl_formats_new();
    struct fl_err e;
    int rc = fl_formats_add_json(set, bads[_i].json, "bad.json", false, &e);

    ck_assert_int_eq(rc, FL_ERR_FORMAT);
    ck_assert_str_eq(e.file, "bad.json");
    ck_assert_msg(strstr(e.msg, bads[_i].want) != NULL, "case %d: got \"%s\", "
                  "want \"%s\"", _i, e.msg, bads[_i].want);
    ck_assert_uint_eq(fl_formats_count(set), 0);
    fl_formats_free(set);
}
END_TEST

START_TEST(test_format_sample_mismatch_is_reported)
{
    struct fl_formats *set = fl_formats_new();
    struct fl_err e;
    char json[1024];

    snprintf(json, sizeof json, "%s", GOOD);
    *strstr(json, "\"kind\":\"log\"}}") = '\0';
    strcat(json, "\"kind\":\"query\"}}]}");
    ck_assert_int_eq(fl_formats_add_json(set, json, "s.json", false, &e), FL_OK);
    ck_assert_int_eq(fl_parse_check_samples(fl_formats_find(set, "t"), &e),
                     FL_ERR_FORMAT);
    ck_assert_ptr_nonnull(strstr(e.msg, "samples[0]"));
    ck_assert_ptr_nonnull(strstr(e.msg, "expected kind query"));
    fl_formats_free(set);
}
END_TEST

/* The shipped formats name a domain: sql (statements), http (the access
 * logs of servers, load balancers and application loggers), mongo
 * (MongoDB's log) or deploy (deploy and migration tools); a definition
 * without "domain" has none. */
START_TEST(test_format_domain_key)
{
    struct fl_format_opts o = { NULL, 0, NULL, NULL, true };
    struct fl_formats *set;
    struct fl_err e;

    ck_assert_int_eq(fl_formats_load(&set, &o, &e), FL_OK);
    for (size_t i = 0; i < fl_formats_count(set); i++) {
        const struct fl_format *f = fl_formats_get(set, i);
        bool access = strncmp(f->name, "nginx-", 6) == 0 ||
                      strncmp(f->name, "apache-", 7) == 0 ||
                      strncmp(f->name, "caddy-", 6) == 0 ||
                      strncmp(f->name, "haproxy-", 8) == 0 ||
                      strncmp(f->name, "traefik-", 8) == 0 ||
                      strncmp(f->name, "aws-alb", 7) == 0 ||
                      strncmp(f->name, "app-", 4) == 0;
        bool mongo = strncmp(f->name, "mongodb-", 8) == 0;
        ck_assert_msg(f->domain && (access ? strcmp(f->domain, "http") == 0
                                    : mongo ? strcmp(f->domain, "mongo") == 0
                                    : (strcmp(f->domain, "sql") == 0 ||
                                       strcmp(f->domain, "deploy") == 0)),
                      "%s", f->name);
        /* Apache's %t, HAProxy's %tr and Traefik's time (StartUTC in its
         * JSON log) are the start of the request */
        ck_assert_msg(f->time_at_start ==
                      (strcmp(f->name, "apache-combined") == 0 ||
                       strcmp(f->name, "apache-seconds") == 0 ||
                       strcmp(f->name, "haproxy-http") == 0 ||
                       strcmp(f->name, "traefik-clf") == 0 ||
                       strcmp(f->name, "traefik-json") == 0), "%s", f->name);
    }
    fl_formats_free(set);
    set = fl_formats_new();
    ck_assert_int_eq(fl_formats_add_json(set, GOOD, "g.json", false, &e),
                     FL_OK);
    ck_assert_ptr_null(fl_formats_find(set, "t")->domain);
    fl_formats_free(set);
}
END_TEST

/* The standard field ids the parser uses by name (enum fl_std_field) and
 * the event field table must agree: each standard field that is not the
 * parser's own maps to the event field of the same name, so fl_format.h
 * cannot drift from fl_event.h. */
START_TEST(test_format_std_fields_agree_with_event_table)
{
    static const struct { int std, ev; } same[] = {
        { FL_F_PID, FL_EVF_pid }, { FL_F_USER, FL_EVF_user },
        { FL_F_DB, FL_EVF_db }, { FL_F_HOST, FL_EVF_host },
        { FL_F_APP, FL_EVF_app }, { FL_F_SEVERITY, FL_EVF_severity },
        { FL_F_SQLSTATE, FL_EVF_sqlstate }, { FL_F_MESSAGE, FL_EVF_message },
        { FL_F_STATEMENT, FL_EVF_statement }, { FL_F_DETAIL, FL_EVF_detail },
        { FL_F_HINT, FL_EVF_hint }, { FL_F_CONTEXT, FL_EVF_context },
        { FL_F_PARAMS, FL_EVF_params }, { FL_F_OBJECT, FL_EVF_object },
        { FL_F_BLOCKER, FL_EVF_blocker },
        { FL_F_ROWS_SENT, FL_EVF_rows_sent },
        { FL_F_ROWS_EXAMINED, FL_EVF_rows_examined },
        { FL_F_ROWS_AFFECTED, FL_EVF_rows_affected },
    };
    const struct fl_event_field_info *ef = fl_event_fields();
    struct fl_formats *set = fl_formats_new();
    const struct fl_format *f;
    struct fl_err e;
    size_t nsame = sizeof same / sizeof same[0];

    ck_assert_int_eq(fl_formats_add_json(set, GOOD, "g.json", false, &e),
                     FL_OK);
    f = fl_formats_find(set, "t");
    for (size_t i = 0; i < nsame; i++) {
        ck_assert_str_eq(f->fields[same[i].std], ef[same[i].ev].name);
        ck_assert_int_eq(f->field_event[same[i].std], same[i].ev);
    }
    /* The rest of the standard list is the parser's own. */
    for (int id = 0; id < FL_F__STD_COUNT; id++) {
        size_t i;
        for (i = 0; i < nsame && same[i].std != id; i++)
            ;
        if (i == nsame)
            ck_assert_msg(f->field_event[id] == FL_FIELD_PARSER, "%s",
                          f->fields[id]);
    }
    /* Every string field of the table that the standard list has is
     * listed above (the new ones, method, url..., are matched by name
     * without an id). */
    for (int ev = FL_EVF__NUMS; ev < FL_EVF__COUNT; ev++) {
        int id = fl_format_field(f, ef[ev].name);
        size_t i;
        if (id < 0 || id >= FL_F__STD_COUNT)
            continue;
        for (i = 0; i < nsame && same[i].ev != ev; i++)
            ;
        ck_assert_msg(i < nsame, "%s", ef[ev].name);
    }
    fl_formats_free(set);
}
END_TEST

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    fclose(fp);
}

START_TEST(test_format_directory_overrides_builtin)
{
    char dir[] = "/tmp/fl_fmtXXXXXX", path[256];
    struct fl_formats *set;
    struct fl_err e;
    const char *dirs[1];
    struct fl_format_opts o = { dirs, 1, NULL, NULL, true };
    char json[1024];
    const struct fl_format *f;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(json, sizeof json, "{\"name\":\"mysql-slow\"%s", GOOD + 11);
    snprintf(path, sizeof path, "%s/mine.json", dir);
    write_file(path, json);
    dirs[0] = dir;
    ck_assert_int_eq(fl_formats_load(&set, &o, &e), FL_OK);
    f = fl_formats_find(set, "mysql-slow");
    ck_assert_str_eq(f->source, path);
    ck_assert_int_eq(f->type, FL_FMT_LINE);
    fl_formats_free(set);
    unlink(path);
    rmdir(dir);
}
END_TEST

START_TEST(test_format_invalid_json_file_names_path)
{
    char dir[] = "/tmp/fl_fmtXXXXXX", path[256];
    struct fl_formats *set;
    struct fl_err e;
    const char *dirs[1];
    struct fl_format_opts o = { dirs, 1, NULL, NULL, true };

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/broken.json", dir);
    write_file(path, "{ \"name\": \"x\", \"type\": ");
    dirs[0] = dir;
    ck_assert_int_eq(fl_formats_load(&set, &o, &e), FL_ERR_FORMAT);
    ck_assert_ptr_null(set);
    ck_assert_str_eq(e.file, path);
    ck_assert_ptr_nonnull(strstr(e.msg, "invalid JSON"));
    unlink(path);
    rmdir(dir);
}
END_TEST

START_TEST(test_format_prefix_builds_parser)
{
    struct fl_format_opts o = { NULL, 0, NULL, NULL, true };
    struct fl_formats *set;
    struct fl_err e;
    const struct fl_format *f;

    ck_assert_int_eq(fl_formats_load(&set, &o, &e), FL_OK);
    ck_assert_int_eq(fl_formats_add_prefix(set, "%m|%p|%u|%d| ", &e), FL_OK);
    f = fl_formats_find(set, "postgresql-prefix");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fl_formats_add_prefix(set, "%m %Z ", &e), FL_ERR_USAGE);
    fl_formats_free(set);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("format");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_format_builtin_set_loads_and_samples_pass);
    tcase_add_loop_test(tc, test_format_broken_definition_names_file_and_key,
                        0, (int)(sizeof bads / sizeof bads[0]));
    tcase_add_test(tc, test_format_sample_mismatch_is_reported);
    tcase_add_test(tc, test_format_directory_overrides_builtin);
    tcase_add_test(tc, test_format_invalid_json_file_names_path);
    tcase_add_test(tc, test_format_prefix_builds_parser);
    tcase_add_test(tc, test_format_domain_key);
    tcase_add_test(tc, test_format_std_fields_agree_with_event_table);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
