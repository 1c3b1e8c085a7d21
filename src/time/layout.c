/* layout.c - strptime-like time layouts (see fl_layout.h).
 *
 * A layout compiles into a flat array of ops, one per directive or literal
 * byte (%T and %F are expanded then), described by one table, `dirs`, that
 * both the compiler and the help text in fl_layout.h follow.  Compiling
 * checks the combination of fields once, so parsing only scans: it walks
 * the ops over a cursor, fills a struct fl_time_civil and struct
 * fl_time_zone on the stack, and hands them to fl_time_resolve, which
 * range-checks every field and applies the zone.  Parsing never allocates
 * and never reads outside s[0..n).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "time/fl_layout.h"
#include "time/fl_civil.h"
#include "base/fl_xalloc.h"

/* What an op reads. */
enum op_kind {
    OP_LIT, OP_BLANKS, OP_NUM, OP_MONNAME, OP_AMPM, OP_FRAC, OP_OFFSET,
    OP_ABBR, OP_EPOCH, OP_WDAY
};

/* Fields a layout sets, to reject repeats and incomplete dates. */
enum {
    F_YEAR = 1 << 0, F_MONTH = 1 << 1, F_DAY = 1 << 2, F_YDAY = 1 << 3,
    F_HOUR = 1 << 4, F_MIN = 1 << 5, F_SEC = 1 << 6, F_FRAC = 1 << 7,
    F_ZONE = 1 << 8, F_EPOCH = 1 << 9, F_AMPM = 1 << 10, F_WDAY = 1 << 11,
    F_HOUR12 = 1 << 12, F_YEAR2 = 1 << 13
};

/* Everything a layout can read, before resolving. */
struct got {
    struct fl_time_civil t;
    struct fl_time_zone z;
    unsigned year;          /* %Y or %y as written */
    unsigned yday;          /* %j */
    int pm;                 /* %p: 0 AM, 1 PM */
    int64_t epoch_us;       /* %s */
};

#define AT(member) offsetof(struct got, member)

/* The directives: letter, op, fields set (0: none), and for OP_NUM the
 * digits (min, max), whether blanks may pad it, and where it goes. */
static const struct dir {
    char letter;
    unsigned char op;
    int field;
    unsigned char min, max, pad;
    size_t at;
} dirs[] = {
    {'Y', OP_NUM, F_YEAR, 4, 4, 0, AT(year)},
    {'y', OP_NUM, F_YEAR | F_YEAR2, 2, 2, 0, AT(year)},
    {'m', OP_NUM, F_MONTH, 1, 2, 0, AT(t.mo)},
    {'b', OP_MONNAME, F_MONTH, 0, 0, 0, 0},
    {'h', OP_MONNAME, F_MONTH, 0, 0, 0, 0},
    {'B', OP_MONNAME, F_MONTH, 0, 0, 0, 0},
    {'d', OP_NUM, F_DAY, 1, 2, 0, AT(t.d)},
    {'e', OP_NUM, F_DAY, 1, 2, 1, AT(t.d)},
    {'j', OP_NUM, F_YDAY, 1, 3, 0, AT(yday)},
    {'H', OP_NUM, F_HOUR, 1, 2, 0, AT(t.h)},
    {'I', OP_NUM, F_HOUR | F_HOUR12, 1, 2, 0, AT(t.h)},
    {'p', OP_AMPM, F_AMPM, 0, 0, 0, 0},
    {'M', OP_NUM, F_MIN, 1, 2, 0, AT(t.mi)},
    {'S', OP_NUM, F_SEC, 1, 2, 0, AT(t.s)},
    {'f', OP_FRAC, F_FRAC, 0, 0, 0, 0},
    {'z', OP_OFFSET, F_ZONE, 0, 0, 0, 0},
    {'Z', OP_ABBR, F_ZONE, 0, 0, 0, 0},
    {'s', OP_EPOCH, F_EPOCH, 0, 0, 0, 0},
    {'a', OP_WDAY, F_WDAY, 0, 0, 0, 0},
    {'A', OP_WDAY, F_WDAY, 0, 0, 0, 0},
    {'n', OP_BLANKS, 0, 0, 0, 0, 0},
    {'t', OP_BLANKS, 0, 0, 0, 0, 0},
};

/* Shorthands, expanded at compile time. */
static const struct {
    char letter;
    const char *expansion;
} shorthands[] = {{'T', "%H:%M:%S"}, {'F', "%Y-%m-%d"}};

struct op {
    unsigned char kind;     /* enum op_kind */
    char c;                 /* OP_LIT: the byte */
    const struct dir *dir;  /* OP_NUM: its directive (digits, target) */
};

struct fl_layout {
    char *src;              /* owned layout text */
    int fields;             /* F_* set */
    size_t nops;
    struct op ops[];        /* nops ops */
};

static const char *const month_names[12] = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december"
};
static const char *const day_names[7] = {
    "sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday"
};

/* ---- compiling ------------------------------------------------------- */

static const struct dir *find_dir(char c)
{
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        if (dirs[i].letter == c)
            return &dirs[i];
    return NULL;
}

static const char *find_shorthand(char c)
{
    for (size_t i = 0; i < sizeof shorthands / sizeof shorthands[0]; i++)
        if (shorthands[i].letter == c)
            return shorthands[i].expansion;
    return NULL;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Append the ops of spec to l (expanding shorthands one level deep). */
static int add_ops(struct fl_layout *l, const char *spec, int depth,
                   struct fl_err *err)
{
    for (const char *p = spec; *p; p++) {
        const struct dir *d;
        const char *sh;

        if (is_blank(*p) || *p != '%') {
            if (is_blank(*p)) {
                while (is_blank(p[1]))
                    p++;
                l->ops[l->nops++].kind = OP_BLANKS;
            } else {
                l->ops[l->nops].kind = OP_LIT;
                l->ops[l->nops++].c = *p;
            }
            continue;
        }
        if (!*++p)
            return fl_err_set(err, FL_ERR_FORMAT, NULL, 0, UINT64_MAX,
                              "layout \"%s\" ends in a lone '%%'", l->src);
        if (*p == '%') {
            l->ops[l->nops].kind = OP_LIT;
            l->ops[l->nops++].c = '%';
        } else if ((sh = find_shorthand(*p)) && depth == 0) {
            if (add_ops(l, sh, 1, err) != FL_OK)
                return FL_ERR_FORMAT;
        } else if ((d = find_dir(*p))) {
            if (d->field & l->fields)
                return fl_err_set(err, FL_ERR_FORMAT, NULL, 0, UINT64_MAX,
                                  "layout \"%s\": %%%c sets a field already "
                                  "set", l->src, *p);
            l->fields |= d->field;
            l->ops[l->nops].dir = d;
            l->ops[l->nops++].kind = d->op;
        } else {
            return fl_err_set(err, FL_ERR_FORMAT, NULL, 0, UINT64_MAX,
                              "layout \"%s\": unknown directive %%%c (see "
                              "faultline-formats(5))", l->src, *p);
        }
    }
    return FL_OK;
}

/* Blanks around the whole time are skipped anyway: drop them from the
 * ends of the layout so that " %H:%M " still matches "10:00". */
static void trim_blanks(struct fl_layout *l)
{
    size_t skip = 0;

    while (l->nops && l->ops[l->nops - 1].kind == OP_BLANKS)
        l->nops--;
    while (skip < l->nops && l->ops[skip].kind == OP_BLANKS)
        skip++;
    memmove(l->ops, l->ops + skip, (l->nops - skip) * sizeof l->ops[0]);
    l->nops -= skip;
}

/* The reason a combination of fields cannot make a time, or NULL. */
static const char *check_fields(int f)
{
    if ((f & F_EPOCH) && (f & ~(F_EPOCH | F_WDAY)))
        return "%s cannot be combined with other date, time or zone fields";
    if (f & F_EPOCH)
        return NULL;
    if ((f & F_YDAY) && (f & (F_MONTH | F_DAY)))
        return "%j cannot be combined with a month or a day of the month";
    if (!(f & F_YDAY) && (f & (F_MONTH | F_DAY)) != (F_MONTH | F_DAY))
        return "no complete date (a month and a day, %j, or %s)";
    if (!(f & F_HOUR12) != !(f & F_AMPM))
        return "%I and %p go together";
    return NULL;
}

int fl_layout_compile(struct fl_layout **out, const char *spec,
                      struct fl_err *err)
{
    size_t len = strlen(spec);
    struct fl_layout *l;
    const char *why;

    *out = NULL;
    if (len == 0 || len > FL_LAYOUT_MAX)
        return fl_err_set(err, FL_ERR_FORMAT, NULL, 0, UINT64_MAX,
                          "a layout must be 1 to %d bytes long",
                          FL_LAYOUT_MAX);
    /* Each byte makes at most one op, except %T / %F (2 bytes, 5 ops). */
    l = fl_xcalloc(1, sizeof *l + (len * 3 + 1) * sizeof l->ops[0]);
    l->src = fl_xstrdup(spec);
    if (add_ops(l, spec, 0, err) != FL_OK)
        goto fail;
    trim_blanks(l);
    if ((why = check_fields(l->fields))) {
        fl_err_set(err, FL_ERR_FORMAT, NULL, 0, UINT64_MAX,
                   "layout \"%s\": %s", spec, why);
        goto fail;
    }
    *out = l;
    return FL_OK;
fail:
    fl_layout_free(l);
    return FL_ERR_FORMAT;
}

void fl_layout_free(struct fl_layout *l)
{
    if (!l)
        return;
    free(l->src);
    free(l);
}

const char *fl_layout_source(const struct fl_layout *l)
{
    return l->src;
}

/* ---- parsing --------------------------------------------------------- */

/* A read position in [p, e). */
struct cur {
    const char *p, *e;
};

static int is_digit(char c)
{
    return (unsigned char)(c - '0') < 10;
}

static char lower(char c)
{
    return (unsigned char)(c - 'A') < 26 ? (char)(c | 0x20) : c;
}

/* min..max digits. */
static int take_num(struct cur *c, int min, int max, unsigned *v)
{
    unsigned x = 0;
    int n = 0;

    while (n < max && c->p < c->e && is_digit(*c->p)) {
        x = x * 10 + (unsigned)(*c->p++ - '0');
        n++;
    }
    *v = x;
    return n >= min;
}

static int take_char(struct cur *c, char ch)
{
    if (c->p < c->e && *c->p == ch) {
        c->p++;
        return 1;
    }
    return 0;
}

static int skip_blanks(struct cur *c)
{
    const char *start = c->p;

    while (c->p < c->e && is_blank(*c->p))
        c->p++;
    return c->p > start;
}

/* The longest name of names[0..n) (full, or its first 3 letters) at the
 * cursor, case-insensitively; its index, or -1. */
static int take_name(struct cur *c, const char *const *names, int n)
{
    for (int i = 0; i < n; i++) {
        size_t len = strlen(names[i]), k;
        for (k = 0; k < len && c->p + k < c->e &&
                    lower(c->p[k]) == names[i][k]; k++)
            ;
        if (k == len || k >= 3) {
            c->p += k == len ? len : 3;
            return i;
        }
    }
    return -1;
}

/* 1-9 fraction digits, kept as microseconds. */
static int take_frac(struct cur *c, int32_t *us)
{
    int32_t v = 0;
    int n = 0;

    while (n < 9 && c->p < c->e && is_digit(*c->p)) {
        if (n < 6)
            v = v * 10 + (*c->p - '0');
        c->p++;
        n++;
    }
    for (int k = n; k < 6; k++)
        v *= 10;
    *us = v;
    return n > 0;
}

/* "Z", or +hh, +hhmm, +hh:mm (or '-'). */
static int take_offset(struct cur *c, struct fl_time_zone *z)
{
    unsigned h, m = 0;
    int sign;

    z->kind = FL_TZK_OFFSET;
    z->off = 0;
    if (c->p < c->e && (*c->p == 'Z' || *c->p == 'z')) {
        c->p++;
        return 1;
    }
    if (c->p >= c->e || (*c->p != '+' && *c->p != '-'))
        return 0;
    sign = *c->p++ == '-' ? -1 : 1;
    if (!take_num(c, 2, 2, &h))
        return 0;
    if (c->p < c->e && *c->p == ':')
        c->p++;
    if (c->p < c->e && is_digit(*c->p) && !take_num(c, 2, 2, &m))
        return 0;
    if (h > 23 || m > 59)
        return 0;
    z->off = sign * (int)(h * 3600 + m * 60);
    return 1;
}

static int take_abbr(struct cur *c, struct fl_time_zone *z)
{
    z->kind = FL_TZK_ABBR;
    z->abbr = c->p;
    while (c->p < c->e && (unsigned char)(lower(*c->p) - 'a') < 26)
        c->p++;
    z->n = (size_t)(c->p - z->abbr);
    return z->n > 0;
}

/* "[-]digits[.frac]" seconds. */
static int take_epoch(struct cur *c, int64_t *us)
{
    int neg = c->p < c->e && *c->p == '-';
    int64_t v = 0;
    int32_t frac = 0;
    int n = 0;

    c->p += neg;
    while (c->p < c->e && is_digit(*c->p)) {
        if (++n > 12)
            return 0;
        v = v * 10 + (*c->p++ - '0');
    }
    if (!n)
        return 0;
    if (c->p + 1 < c->e && (*c->p == '.' || *c->p == ',') &&
        is_digit(c->p[1])) {
        c->p++;
        take_frac(c, &frac);
    }
    v = v * 1000000 + frac;
    *us = neg ? -v : v;
    return 1;
}

static int take_ampm(struct cur *c, int *pm)
{
    if (c->e - c->p < 2 || lower(c->p[1]) != 'm' ||
        (lower(c->p[0]) != 'a' && lower(c->p[0]) != 'p'))
        return 0;
    *pm = lower(c->p[0]) == 'p';
    c->p += 2;
    return 1;
}

static int take_month_name(struct cur *c, unsigned *mo)
{
    int i = take_name(c, month_names, 12);

    *mo = (unsigned)(i + 1);
    return i >= 0;
}

/* A numeric field: blanks first if it may be padded, then its digits
 * into its slot of g. */
static int take_field(struct cur *c, const struct dir *d, struct got *g)
{
    if (d->pad)
        skip_blanks(c);
    return take_num(c, d->min, d->max, (unsigned *)((char *)g + d->at));
}

/* Read what one op describes. */
static int take_op(struct cur *c, const struct op *op, struct got *g)
{
    switch (op->kind) {
    case OP_LIT:
        return take_char(c, op->c);
    case OP_BLANKS:
        return skip_blanks(c);
    case OP_NUM:
        return take_field(c, op->dir, g);
    case OP_MONNAME:
        return take_month_name(c, &g->t.mo);
    case OP_AMPM:
        return take_ampm(c, &g->pm);
    case OP_FRAC:
        return take_frac(c, &g->t.us);
    case OP_OFFSET:
        return take_offset(c, &g->z);
    case OP_ABBR:
        return take_abbr(c, &g->z);
    case OP_EPOCH:
        return take_epoch(c, &g->epoch_us);
    case OP_WDAY:
        return take_name(c, day_names, 7) >= 0;
    default:
        return 0;
    }
}

/* Year, day of the year and 12-hour clock into the civil fields. */
static int complete(const struct fl_layout *l, struct got *g,
                    const struct fl_time_ctx *ctx)
{
    if (l->fields & F_YEAR2)
        g->t.y = (int)(g->year < 69 ? 2000 + g->year : 1900 + g->year);
    else if (l->fields & F_YEAR)
        g->t.y = (int)g->year;
    else if (ctx && ctx->year_hint != 0)
        g->t.y = ctx->year_hint;
    else
        return FL_ERR_USAGE;
    if (l->fields & F_YDAY) {
        if (g->yday < 1 || g->yday > 365u + (unsigned)fl_civil_is_leap(g->t.y))
            return FL_ERR_PARSE;
        fl_civil_from_days(fl_civil_days(g->t.y, 1, 1) + g->yday - 1,
                           &g->t.y, &g->t.mo, &g->t.d);
    }
    if (l->fields & F_HOUR12) {
        if (g->t.h < 1 || g->t.h > 12)
            return FL_ERR_PARSE;
        g->t.h = g->t.h % 12 + (g->pm ? 12 : 0);
    }
    return FL_OK;
}

int fl_layout_parse(const struct fl_layout *l, const char *s, size_t n,
                    const struct fl_time_ctx *ctx, int64_t *us)
{
    struct cur c = {s, s + n};
    struct got g;
    int rc;

    memset(&g, 0, sizeof g);
    g.z.kind = FL_TZK_NONE;
    skip_blanks(&c);
    for (size_t i = 0; i < l->nops; i++)
        if (!take_op(&c, &l->ops[i], &g))
            return FL_ERR_PARSE;
    skip_blanks(&c);
    if (c.p != c.e)
        return FL_ERR_PARSE;
    if (l->fields & F_EPOCH) {
        *us = g.epoch_us;
        return FL_OK;
    }
    if ((rc = complete(l, &g, ctx)) != FL_OK)
        return rc;
    return fl_time_resolve(&g.t, &g.z, ctx ? ctx->tz : NULL, us);
}
