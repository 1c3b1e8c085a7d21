/* tz.c - time zones from TZif files, fixed offsets and POSIX TZ rules
 * (see fl_tz.h).
 *
 * Invariants of a loaded zone: ntypes >= 1; trans[] is strictly ascending
 * and every tidx[i] < ntypes; lkey[i] (the first local wall-clock second
 * that takes transition i's new offset, see fl_tz_local_to_utc) is
 * ascending too (forced at load).  Before the first transition type 0
 * applies; from the last transition on - or always, when there is none -
 * `rule` applies if has_rule is set (RFC 9636).  known[] lists every
 * abbreviation the zone uses with the offset it means there, most relevant
 * first.  POSIX rules are fl_tzrule values; no calendar maths here.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "time/fl_tz.h"
#include "time/fl_tzrule.h"
#include "base/fl_xalloc.h"

#define TZIF_MAX_BYTES (4u << 20)
#define DEFAULT_TZDIR "/usr/share/zoneinfo"

/* A local time type (TZif ttinfo). */
struct ttype {
    int32_t off;      /* seconds east of UTC */
    uint8_t isdst;
    uint32_t abbr;    /* index of the NUL-terminated name in chars */
};

/* An abbreviation with the offset it means in this zone. */
struct known_abbr {
    char name[FL_TZ_ABBR_MAX];
    int32_t off;
};

struct fl_tz {
    char *name;                /* owned, as given to fl_tz_load */
    size_t ntrans;
    int64_t *trans;            /* owned; UTC seconds, ascending */
    int64_t *lkey;             /* owned; local keys, ascending */
    uint8_t *tidx;             /* owned; type after each transition */
    size_t ntypes;
    struct ttype *types;       /* owned */
    char *chars;               /* owned; abbreviation strings */
    int has_rule;
    struct fl_tzrule rule;          /* after the last transition */
    size_t nknown;
    struct known_abbr *known;  /* owned */
};

/* ---- small helpers --------------------------------------------------- */

static struct fl_tz *tz_new(const char *name)
{
    struct fl_tz *tz = fl_xcalloc(1, sizeof *tz);
    tz->name = fl_xstrdup(name);
    return tz;
}

void fl_tz_free(struct fl_tz *tz)
{
    if (!tz)
        return;
    free(tz->name);
    free(tz->trans);
    free(tz->lkey);
    free(tz->tidx);
    free(tz->types);
    free(tz->chars);
    free(tz->known);
    free(tz);
}

const char *fl_tz_name(const struct fl_tz *tz)
{
    return tz ? tz->name : "UTC";
}

/* ---- building a zone ------------------------------------------------- */

static void add_known(struct fl_tz *tz, const char *name, int32_t off)
{
    size_t i;

    if (!name[0] || strlen(name) >= FL_TZ_ABBR_MAX)
        return;
    for (i = 0; i < tz->nknown; i++)
        if (!strcmp(tz->known[i].name, name))
            return;
    strcpy(tz->known[tz->nknown].name, name);
    tz->known[tz->nknown++].off = off;
}

/* Fill lkey[] and known[] once trans/tidx/types/rule are set. */
static void tz_finish(struct fl_tz *tz)
{
    size_t i;

    tz->lkey = fl_xmalloc((tz->ntrans ? tz->ntrans : 1) * sizeof *tz->lkey);
    for (i = 0; i < tz->ntrans; i++) {
        int32_t before = tz->types[i ? tz->tidx[i - 1] : 0].off;
        int32_t after = tz->types[tz->tidx[i]].off;
        int64_t k = tz->trans[i] + (before > after ? before : after);
        tz->lkey[i] = (i && k < tz->lkey[i - 1]) ? tz->lkey[i - 1] : k;
    }
    tz->known = fl_xcalloc(tz->ntypes + 2, sizeof *tz->known);
    if (tz->has_rule) {
        add_known(tz, tz->rule.std_abbr, tz->rule.std_off);
        if (tz->rule.has_dst)
            add_known(tz, tz->rule.dst_abbr, tz->rule.dst_off);
    }
    for (i = tz->ntrans; i-- > 0;) {
        const struct ttype *t = &tz->types[tz->tidx[i]];
        add_known(tz, tz->chars + t->abbr, t->off);
    }
    for (i = 0; i < tz->ntypes; i++)
        add_known(tz, tz->chars + tz->types[i].abbr, tz->types[i].off);
}

/* A zone with one type and no transitions; the caller calls tz_finish. */
static struct fl_tz *tz_one_type(const char *name, int32_t off,
                                 const char *abbr)
{
    struct fl_tz *tz = tz_new(name);

    tz->ntypes = 1;
    tz->types = fl_xcalloc(1, sizeof *tz->types);
    tz->types[0].off = off;
    tz->chars = fl_xstrdup(abbr);
    return tz;
}

static struct fl_tz *tz_fixed(const char *name, int32_t off, const char *abbr)
{
    struct fl_tz *tz = tz_one_type(name, off, abbr);

    tz_finish(tz);
    return tz;
}

static struct fl_tz *tz_from_rule(const char *name, const struct fl_tzrule *r)
{
    struct fl_tz *tz = tz_one_type(name, r->std_off, r->std_abbr);

    tz->has_rule = 1;
    tz->rule = *r;
    tz_finish(tz);
    return tz;
}

/* "+05:00", "-0330", "+05", "+5", optionally after "UTC" / "GMT";
 * 0 on success with *off in seconds east. */
static int parse_fixed(const char *s, int32_t *off)
{
    int sign, h, m = 0;
    const char *p = s;

    if (!strncasecmp(p, "UTC", 3) || !strncasecmp(p, "GMT", 3))
        p += 3;
    if (*p != '+' && *p != '-')
        return -1;
    sign = *p++ == '-' ? -1 : 1;
    if (!(p[0] >= '0' && p[0] <= '9'))
        return -1;
    h = *p++ - '0';
    if (*p >= '0' && *p <= '9')
        h = h * 10 + (*p++ - '0');
    if (*p == ':')
        p++;
    if (*p) {
        if (!(p[0] >= '0' && p[0] <= '5' && p[1] >= '0' && p[1] <= '9') ||
            p[2])
            return -1;
        m = (p[0] - '0') * 10 + (p[1] - '0');
    }
    if (h > 18)
        return -1;
    *off = sign * (h * 3600 + m * 60);
    return 0;
}

/* ---- TZif files ------------------------------------------------------ */

struct tzif_counts {
    uint32_t isut, isstd, leap, time, type, chars;
};

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static int64_t be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* Parse a 44-byte header; returns the version (1, 2, 3...) or -1. */
static int tzif_header(const unsigned char *p, size_t len,
                       struct tzif_counts *c)
{
    if (len < 44 || memcmp(p, "TZif", 4))
        return -1;
    c->isut = be32(p + 20);
    c->isstd = be32(p + 24);
    c->leap = be32(p + 28);
    c->time = be32(p + 32);
    c->type = be32(p + 36);
    c->chars = be32(p + 40);
    return p[4] == 0 ? 1 : p[4] - '0';
}

static size_t tzif_block_size(const struct tzif_counts *c, size_t tsize)
{
    return (size_t)c->time * (tsize + 1) + (size_t)c->type * 6 + c->chars +
           (size_t)c->leap * (tsize + 4) + c->isstd + c->isut;
}

/* Read the types and abbreviation strings of a block; 0 if valid. */
static int tzif_types(struct fl_tz *tz, const unsigned char *p,
                      const struct tzif_counts *c)
{
    uint32_t i;

    if (c->type < 1 || c->type > 256 || c->chars < 1)
        return -1;
    tz->ntypes = c->type;
    tz->types = fl_xcalloc(c->type, sizeof *tz->types);
    for (i = 0; i < c->type; i++, p += 6) {
        tz->types[i].off = (int32_t)be32(p);
        tz->types[i].isdst = p[4];
        tz->types[i].abbr = p[5];
        if (p[5] >= c->chars || tz->types[i].off < -25 * 3600 ||
            tz->types[i].off > 26 * 3600)
            return -1;
    }
    tz->chars = fl_xmalloc((size_t)c->chars + 1);
    memcpy(tz->chars, p, c->chars);
    tz->chars[c->chars] = '\0';
    return 0;
}

/* Read one data block (tsize 4 for v1, 8 for v2+); 0 if valid. */
static int tzif_block(struct fl_tz *tz, const unsigned char *p,
                      const struct tzif_counts *c, size_t tsize)
{
    uint32_t i;

    tz->ntrans = c->time;
    tz->trans = fl_xmalloc((c->time ? c->time : 1) * sizeof *tz->trans);
    tz->tidx = fl_xmalloc(c->time ? c->time : 1);
    for (i = 0; i < c->time; i++, p += tsize) {
        tz->trans[i] = tsize == 8 ? be64(p) : (int32_t)be32(p);
        if (i && tz->trans[i] <= tz->trans[i - 1])
            return -1;
    }
    for (i = 0; i < c->time; i++)
        tz->tidx[i] = *p++;
    if (tzif_types(tz, p, c))
        return -1;
    for (i = 0; i < c->time; i++)
        if (tz->tidx[i] >= c->type)
            return -1;
    return 0;
}

/* The footer "\nTZ\n" after the v2+ block; an unreadable rule is ignored
 * (times after the last transition then keep its type). */
static void tzif_footer(struct fl_tz *tz, const unsigned char *p, size_t len)
{
    char buf[128];
    const unsigned char *nl;

    if (len < 2 || p[0] != '\n')
        return;
    nl = memchr(p + 1, '\n', len - 1);
    if (!nl || nl == p + 1 || (size_t)(nl - p - 1) >= sizeof buf)
        return;
    memcpy(buf, p + 1, (size_t)(nl - p - 1));
    buf[nl - p - 1] = '\0';
    tz->has_rule = fl_tzrule_parse(buf, &tz->rule) == 0;
}

/* Decode a whole TZif image into tz; 0 if valid. */
static int tzif_parse(struct fl_tz *tz, const unsigned char *d, size_t len)
{
    struct tzif_counts c;
    int version = tzif_header(d, len, &c);
    size_t size;

    if (version < 1)
        return -1;
    size = tzif_block_size(&c, 4);
    if (size > len - 44)
        return -1;
    if (version == 1)
        return tzif_block(tz, d + 44, &c, 4);
    d += 44 + size;
    len -= 44 + size;
    if (tzif_header(d, len, &c) < 2)
        return -1;
    size = tzif_block_size(&c, 8);
    if (size > len - 44 || tzif_block(tz, d + 44, &c, 8))
        return -1;
    tzif_footer(tz, d + 44 + size, len - 44 - size);
    return 0;
}

/* Read a whole file (bounded) into *data; FL_OK or an fl_status. */
static int slurp(const char *path, unsigned char **data, size_t *len,
                 int *saved_errno)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 0, n = 0, got;
    unsigned char *buf = NULL;

    *saved_errno = 0;
    if (!f) {
        *saved_errno = errno;
        return errno == ENOENT || errno == ENOTDIR ? FL_ERR_NOTFOUND
                                                   : FL_ERR_IO;
    }
    do {
        buf = fl_xgrow(buf, &cap, n + 4096, 1);
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0 && n <= TZIF_MAX_BYTES);
    if (ferror(f))
        *saved_errno = errno;
    fclose(f);
    if (*saved_errno || n > TZIF_MAX_BYTES) {
        free(buf);
        return *saved_errno == EISDIR ? FL_ERR_NOTFOUND : FL_ERR_CORRUPT;
    }
    *data = buf;
    *len = n;
    return FL_OK;
}

/* Zone names become paths: allow only the characters IANA uses and no
 * ".." component, so a name cannot escape the zoneinfo directory. */
static int name_is_safe(const char *name)
{
    const char *p;

    if (!name[0] || name[0] == '/' || strlen(name) > 255)
        return 0;
    for (p = name; *p; p++)
        if (!(isalnum((unsigned char)*p) || strchr("/_+-.", *p)))
            return 0;
    return strstr(name, "..") == NULL;
}

static int is_utc_name(const char *name)
{
    static const char *const names[] = {
        "UTC", "Etc/UTC", "GMT", "Etc/GMT", "Z", "Zulu", "Etc/Zulu", "UCT",
        "Etc/UCT", "Universal", "Etc/Universal", "GMT0", "Etc/GMT0"
    };
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(name, names[i]))
            return 1;
    return 0;
}

/* Load `name` from the zoneinfo directory. */
static int load_file(struct fl_tz **out, const char *name, struct fl_err *err)
{
    const char *dir = getenv("TZDIR");
    char path[4096];
    unsigned char *data = NULL;
    size_t len = 0;
    int rc, e;
    struct fl_tz *tz;

    if (!dir || !dir[0])
        dir = DEFAULT_TZDIR;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    rc = slurp(path, &data, &len, &e);
    if (rc == FL_ERR_NOTFOUND)
        return fl_err_set(err, rc, NULL, 0, UINT64_MAX,
                          "unknown time zone '%s' (not found in %s)", name,
                          dir);
    if (rc != FL_OK)
        return fl_err_set(err, rc, path, 0, UINT64_MAX,
                          "cannot read time zone '%s': %s", name,
                          e ? strerror(e) : "file too large");
    tz = tz_new(name);
    if (tzif_parse(tz, data, len)) {
        free(data);
        fl_tz_free(tz);
        return fl_err_set(err, FL_ERR_CORRUPT, path, 0, UINT64_MAX,
                          "time zone '%s' is not a valid TZif file", name);
    }
    free(data);
    tz_finish(tz);
    *out = tz;
    return FL_OK;
}

/* A fixed-offset zone named like "+05:30"; abbreviation "+05:30". */
static struct fl_tz *tz_offset(const char *name, int32_t off)
{
    char abbr[FL_TZ_ABBR_MAX];
    int32_t a = off < 0 ? -off : off;

    snprintf(abbr, sizeof abbr, "%c%02d:%02d", off < 0 ? '-' : '+',
             (int)(a / 3600), (int)(a / 60 % 60));
    return tz_fixed(name, off, abbr);
}

int fl_tz_load(struct fl_tz **out, const char *name, struct fl_err *err)
{
    int32_t off;
    struct fl_tzrule r;
    int rc, fixed;

    *out = NULL;
    if (!name)
        return fl_err_set(err, FL_ERR_USAGE, NULL, 0, UINT64_MAX,
                          "no time zone name given");
    fixed = parse_fixed(name, &off) == 0;
    /* "GMT+0" and "GMT-0" are also zoneinfo files: let those win */
    if (fixed && (off != 0 || !isalpha((unsigned char)name[0]))) {
        *out = tz_offset(name, off);
        return FL_OK;
    }
    if (!name_is_safe(name)) {
        if (fl_tzrule_parse(name, &r) == 0)
            goto posix;
        return fl_err_set(err, FL_ERR_NOTFOUND, NULL, 0, UINT64_MAX,
                          "unknown time zone '%s'", name);
    }
    rc = load_file(out, name, err);
    if (rc != FL_ERR_NOTFOUND)
        return rc;
    if (fixed || is_utc_name(name))
        *out = fixed ? tz_offset(name, 0) : tz_fixed(name, 0, "UTC");
    else if (!strchr(name, '/') && fl_tzrule_parse(name, &r) == 0)
        goto posix;
    else
        return rc;
    fl_err_clear(err);
    return FL_OK;
posix:
    *out = tz_from_rule(name, &r);
    fl_err_clear(err);
    return FL_OK;
}

/* ---- lookups --------------------------------------------------------- */

/* Number of elements of a[0..n) that are <= key. */
static size_t count_le(const int64_t *a, size_t n, int64_t key)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] <= key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Whether the footer rule governs: after the last transition, or always
 * when there is none. */
static int rule_governs(const struct fl_tz *tz, const int64_t *keys,
                        int64_t t)
{
    return tz->has_rule && (tz->ntrans == 0 || t >= keys[tz->ntrans - 1]);
}

int fl_tz_local_to_utc(const struct fl_tz *tz, int64_t local_secs,
                       int64_t *utc_secs)
{
    size_t i;

    if (!tz) {
        *utc_secs = local_secs;
        return FL_OK;
    }
    if (rule_governs(tz, tz->lkey, local_secs)) {
        const struct fl_tzrule *r = &tz->rule;
        *utc_secs = local_secs - (fl_tzrule_isdst(r, local_secs, 1) ? r->dst_off
                                                               : r->std_off);
        return FL_OK;
    }
    i = count_le(tz->lkey, tz->ntrans, local_secs);
    *utc_secs = local_secs - tz->types[i ? tz->tidx[i - 1] : 0].off;
    return FL_OK;
}

int fl_tz_offset_at_utc(const struct fl_tz *tz, int64_t utc_secs,
                        int *offset_secs, const char **abbr)
{
    const struct ttype *t;
    size_t i;

    if (!tz) {
        *offset_secs = 0;
        if (abbr)
            *abbr = "UTC";
        return FL_OK;
    }
    if (rule_governs(tz, tz->trans, utc_secs)) {
        int dst = fl_tzrule_isdst(&tz->rule, utc_secs, 0);
        *offset_secs = dst ? tz->rule.dst_off : tz->rule.std_off;
        if (abbr)
            *abbr = dst ? tz->rule.dst_abbr : tz->rule.std_abbr;
        return FL_OK;
    }
    i = count_le(tz->trans, tz->ntrans, utc_secs);
    t = &tz->types[i ? tz->tidx[i - 1] : 0];
    *offset_secs = t->off;
    if (abbr)
        *abbr = tz->chars + t->abbr;
    return FL_OK;
}

/* Common abbreviations; where one is ambiguous the North American or
 * European meaning is listed. */
static const struct {
    const char *name;
    int32_t off;
} builtin_abbrs[] = {
    {"UTC", 0}, {"GMT", 0}, {"UT", 0}, {"Z", 0}, {"UCT", 0},
    {"WET", 0}, {"WEST", 3600}, {"BST", 3600}, {"IST", 3600},
    {"CET", 3600}, {"CEST", 7200}, {"MET", 3600}, {"MEST", 7200},
    {"EET", 7200}, {"EEST", 10800}, {"MSK", 10800},
    {"EST", -5 * 3600}, {"EDT", -4 * 3600}, {"CST", -6 * 3600},
    {"CDT", -5 * 3600}, {"MST", -7 * 3600}, {"MDT", -6 * 3600},
    {"PST", -8 * 3600}, {"PDT", -7 * 3600}, {"AKST", -9 * 3600},
    {"AKDT", -8 * 3600}, {"HST", -10 * 3600}, {"HDT", -9 * 3600},
    {"AST", -4 * 3600}, {"ADT", -3 * 3600}, {"NST", -(3 * 3600 + 1800)},
    {"NDT", -(2 * 3600 + 1800)}, {"SAST", 7200}, {"WAT", 3600},
    {"CAT", 7200}, {"EAT", 10800}, {"PKT", 5 * 3600}, {"WIB", 7 * 3600},
    {"HKT", 8 * 3600}, {"AWST", 8 * 3600}, {"JST", 9 * 3600},
    {"KST", 9 * 3600}, {"ACST", 9 * 3600 + 1800}, {"ACDT", 10 * 3600 + 1800},
    {"AEST", 10 * 3600}, {"AEDT", 11 * 3600}, {"NZST", 12 * 3600},
    {"NZDT", 13 * 3600}, {"SST", -11 * 3600}, {"ChST", 10 * 3600},
};

int fl_tz_abbrev_offset(const struct fl_tz *tz, const char *abbr, size_t n,
                        int *offset_secs)
{
    size_t i;

    if (n == 0 || n >= FL_TZ_ABBR_MAX)
        return FL_ERR_NOTFOUND;
    for (i = 0; tz && i < tz->nknown; i++) {
        const char *k = tz->known[i].name;
        if (k[0] == abbr[0] && !memcmp(k, abbr, n) && k[n] == '\0') {
            *offset_secs = tz->known[i].off;
            return FL_OK;
        }
    }
    for (i = 0; i < sizeof builtin_abbrs / sizeof builtin_abbrs[0]; i++) {
        const char *k = builtin_abbrs[i].name;
        if (!strncasecmp(k, abbr, n) && k[n] == '\0') {
            *offset_secs = builtin_abbrs[i].off;
            return FL_OK;
        }
    }
    return FL_ERR_NOTFOUND;
}
