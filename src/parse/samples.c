/* samples.c - the sample check of a format definition
 * (fl_parse_check_samples): its sample lines are parsed and must give the
 * events they declare.
 *
 * Invariants: each sample runs in a fresh parser with fixed options (UTC,
 * year 2024) so the check does not depend on the machine; the first failing
 * sample is reported naming the file and "samples[i]"; the format itself is
 * only read.
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "parse/fl_parse.h"

struct sample_ctx {
    const cJSON *expect;
    bool matched;
    int events;
    char why[256];
};

static bool str_eq(struct fl_str s, const char *v)
{
    return s.n == strlen(v) && memcmp(s.p, v, s.n) == 0;
}

/* The event field named name: a string (*s) or a number (*v); false if
 * name is not a field of the table in fl_event.h. */
static bool event_field(const struct fl_event *ev, const char *name,
                        const struct fl_str **s, int64_t *v)
{
    int i = fl_event_field_find(name);

    *s = NULL;
    *v = 0;
    if (i < 0)
        return false;
    if (fl_event_fields()[i].number)
        *v = *fl_event_cnum(ev, i);
    else
        *s = fl_event_cstr(ev, i);
    return true;
}

/* The attribute named name, NULL if the event has none. */
static const struct fl_str *event_attr(const struct fl_event *ev,
                                       const char *name)
{
    for (size_t i = 0; i < ev->nattrs; i++)
        if (strcmp(ev->attrs[i].name, name) == 0)
            return &ev->attrs[i].value;
    return NULL;
}

/* Does ev satisfy every key of expect?  Writes the first mismatch. */
static bool expect_ok(const struct fl_event *ev, const cJSON *expect,
                      char *why, size_t n)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, expect) {
        const struct fl_str *s, *a = event_attr(ev, it->string);
        int64_t v;
        bool known = event_field(ev, it->string, &s, &v);
        if (strcmp(it->string, "kind") == 0 && cJSON_IsString(it)) {
            if (strcmp(fl_event_kind_name(ev->kind), it->valuestring) == 0)
                continue;
        } else if (strcmp(it->string, "error") == 0 && cJSON_IsBool(it)) {
            if (ev->error == cJSON_IsTrue(it))
                continue;
        } else if (!known && a && cJSON_IsString(it)) {
            if (str_eq(*a, it->valuestring))
                continue;
        } else if (s && cJSON_IsString(it)) {
            if (str_eq(*s, it->valuestring))
                continue;
        } else if (known && !s && cJSON_IsNumber(it)) {
            if (v == (int64_t)it->valuedouble)
                continue;
        } else {
            snprintf(why, n, "unknown expect key \"%s\"", it->string);
            return false;
        }
        snprintf(why, n, "expected %s %s", it->string,
                 cJSON_IsString(it) ? it->valuestring
                 : cJSON_IsBool(it) ? "(boolean)" : "(number)");
        return false;
    }
    return true;
}

static int sample_cb(const struct fl_event *ev, void *ctx)
{
    struct sample_ctx *sc = ctx;
    sc->events++;
    if (!sc->expect || expect_ok(ev, sc->expect, sc->why, sizeof sc->why))
        sc->matched = true;
    return 0;
}

static int check_one(const struct fl_format *f, const cJSON *sample,
                     size_t idx, struct fl_err *err)
{
    const cJSON *lines = cJSON_GetObjectItemCaseSensitive(sample, "lines");
    struct sample_ctx sc = { cJSON_GetObjectItemCaseSensitive(sample,
                                                              "expect"),
                             false, 0, "no event" };
    struct fl_parse_opts o = { NULL, 2024, NULL, false, 0 };
    struct fl_parser *p;
    const cJSON *it;
    uint64_t ln = 0, bad_time_line;

    if (!cJSON_IsArray(lines))
        return fl_err_set(err, FL_ERR_FORMAT, f->source, 0, UINT64_MAX,
                          "key \"samples[%zu]\": needs a \"lines\" array",
                          idx);
    p = fl_parser_new(f, "(sample)", &o, sample_cb, &sc);
    cJSON_ArrayForEach(it, lines)
        if (cJSON_IsString(it))
            fl_parser_line(p, it->valuestring, strlen(it->valuestring), ++ln);
    fl_parser_finish(p);
    bad_time_line = fl_parser_stats(p)->bad_time_line;
    fl_parser_free(p);
    if (bad_time_line)
        return fl_err_set(err, FL_ERR_FORMAT, f->source, 0, UINT64_MAX,
                          "key \"samples[%zu]\": the time of line %llu "
                          "matches none of the \"time\" styles or layouts",
                          idx, (unsigned long long)bad_time_line);
    if (sc.matched)
        return FL_OK;
    return fl_err_set(err, FL_ERR_FORMAT, f->source, 0, UINT64_MAX,
                      "key \"samples[%zu]\": the sample does not parse as "
                      "declared (%d events; %s)", idx, sc.events, sc.why);
}

int fl_parse_check_samples(const struct fl_format *f, struct fl_err *err)
{
    cJSON *arr, *it;
    size_t i = 0;
    int rc = FL_OK;

    if (!f->samples_json)
        return FL_OK;
    arr = cJSON_Parse(f->samples_json);
    cJSON_ArrayForEach(it, arr) {
        if ((rc = check_one(f, it, i++, err)) != FL_OK)
            break;
    }
    cJSON_Delete(arr);
    return rc;
}
