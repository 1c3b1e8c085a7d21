/* change.c - change records and the domain-neutral undo rule (see
 * fl_change.h, fl_domain.h). */
#include <string.h>

#include "event/fl_change.h"
#include "event/fl_domain.h"

void fl_change_clear(struct fl_change *c)
{
    memset(c, 0, sizeof *c);
    c->time_us = INT64_MIN;
    c->duration_us = -1;
}

void fl_change_set(struct fl_change *c, char *dst, size_t dstsz,
                   const char *src, size_t n)
{
    if (!dstsz)
        return;
    if (n >= dstsz) {
        n = dstsz - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;  /* do not cut inside a UTF-8 sequence */
        c->truncated = true;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

bool fl_change_add_effect(struct fl_change *c, char sign, const char *key)
{
    char *e;

    if (c->neffects == FL_CHANGE_MAX_EFFECTS)
        return false;
    e = c->effects[c->neffects++];
    e[0] = sign == '-' ? '-' : '+';
    fl_change_set(c, e + 1, FL_CHANGE_KEY_MAX - 1, key, strlen(key));
    return true;
}

bool fl_change_undoes(const struct fl_change *earlier,
                      const struct fl_change *later)
{
    for (size_t i = 0; i < earlier->neffects; i++)
        for (size_t j = 0; j < later->neffects; j++)
            if (earlier->effects[i][0] != later->effects[j][0] &&
                strcmp(earlier->effects[i] + 1, later->effects[j] + 1) == 0)
                return true;
    return false;
}

bool fl_change_touches(const struct fl_change *c, const char *name)
{
    size_t n = strlen(name);
    const char *p = c->subjects;

    if (!n)
        return false;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && memcmp(p, name, n) == 0)
            return true;
        if (!end)
            break;
        p = end + 1;
    }
    return false;
}

void fl_class_init(struct fl_class *cls)
{
    cls->id = 0;
    fl_buf_init(&cls->text);
    fl_buf_init(&cls->subjects);
    cls->type = -1;
}

void fl_class_cleanup(struct fl_class *cls)
{
    fl_buf_cleanup(&cls->text);
    fl_buf_cleanup(&cls->subjects);
}

const struct fl_domain *fl_domain_find(const struct fl_domain *const *table,
                                       const char *name)
{
    for (; table && *table; table++)
        if (strcmp((*table)->name, name) == 0)
            return *table;
    return NULL;
}
