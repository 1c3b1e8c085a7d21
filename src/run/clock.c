/* clock.c - --clock-offset FILE=SECONDS: shift the times of one source's
 * events by a known offset (hosts whose clocks disagree), before the
 * --since/--until window and every analysis see them.
 *
 * FILE matches an event's source path when it is the same path, a
 * directory above it, or its file name without rotation suffixes
 * ("access.log" matches "/var/log/nginx/access.log.2.gz").  Bounded: at
 * most FL_RUN_MAX_CLOCK_OFFSETS offsets; the lookup is cached per source
 * (events of one file arrive together), so its cost is one pointer compare
 * per event.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run/fl_clock.h"

/* Is c a rotation suffix: ".N", ".gz" / ".bz2" / ".xz" / ".zst", or a
 * sequence of them (".1.gz")? */
static bool rotation_suffix(const char *s)
{
    static const char *const comp[] = { ".gz", ".bz2", ".xz", ".zst" };

    while (*s == '.') {
        size_t n = strspn(s + 1, "0123456789");
        bool known = n > 0 && (s[1 + n] == '\0' || s[1 + n] == '.');
        for (size_t i = 0; !known && i < sizeof comp / sizeof *comp; i++)
            if (strcmp(s, comp[i]) == 0)
                return true;
        if (!known)
            return false;
        s += 1 + n;
    }
    return *s == '\0';
}

static const char *base(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

bool fl_clock_matches(const char *want, const char *path)
{
    size_t n = strlen(want);

    if (!path)
        return false;
    if (strcmp(want, path) == 0)
        return true;
    if (n && strncmp(want, path, n) == 0 &&
        (want[n - 1] == '/' || path[n] == '/'))
        return true;
    if (strchr(want, '/'))
        return false;
    n = strlen(want);
    return strncmp(base(path), want, n) == 0 && rotation_suffix(base(path) + n);
}

int fl_clock_parse(struct fl_clock *c, const char *const *specs, size_t n,
                   struct fl_err *err)
{
    memset(c, 0, sizeof *c);
    c->last_file = NULL;
    if (n > FL_RUN_MAX_CLOCK_OFFSETS)
        return fl_err_set(err, FL_ERR_USAGE, NULL, 0, UINT64_MAX,
                          "--clock-offset: at most %d offsets",
                          FL_RUN_MAX_CLOCK_OFFSETS);
    for (size_t i = 0; i < n; i++) {
        const char *eq = strrchr(specs[i], '=');
        char *end;
        double s = eq ? strtod(eq + 1, &end) : NAN;
        if (!eq || eq == specs[i] || eq[1] == '\0' || *end || !isfinite(s) ||
            fabs(s) > 7 * 86400.0)
            return fl_err_set(err, FL_ERR_USAGE, NULL, 0, UINT64_MAX,
                              "--clock-offset: expected FILE=SECONDS (e.g. "
                              "access.log=-7.5, at most a week), got \"%.200s\"",
                              specs[i]);
        c->file[i] = specs[i];
        c->len[i] = (size_t)(eq - specs[i]);
        c->us[i] = (int64_t)llround(s * 1e6);
        c->n++;
    }
    return FL_OK;
}

int64_t fl_clock_offset(struct fl_clock *c, const char *path)
{
    char want[4096];

    if (!c->n)
        return 0;
    if (path == c->last_file && c->cached)
        return c->last_us;
    c->last_file = path;
    c->cached = true;
    c->last_us = 0;
    for (size_t i = 0; i < c->n; i++) {
        size_t k = c->len[i] < sizeof want ? c->len[i] : sizeof want - 1;
        memcpy(want, c->file[i], k);
        want[k] = '\0';
        if (fl_clock_matches(want, path)) {
            c->last_us = c->us[i];
            break;
        }
    }
    return c->last_us;
}
