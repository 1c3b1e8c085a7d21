/* timespec.c - the "time" key of a definition: where event times come from.
 *
 * "time" is an array of at most FL_FORMAT_MAX_TIMES {"field", "style"} or
 * {"field", "layout"} objects; the first present field wins at parse time.
 * Invariants: every format but a rule set has one; ntimes counts an entry
 * even when it failed to load, so fl_format_free frees its layout.
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "format/fl_format.h"
#include "format/fl_format_int.h"
#include "time/fl_time.h"
#include "time/fl_layout.h"

/* One element of "time": a field with a named style or a layout. */
static int load_timespec(struct fl_format_ctx *c, const cJSON *it,
                         const char *key, struct fl_timespec *ts)
{
    const cJSON *fld = cJSON_GetObjectItemCaseSensitive(it, "field");
    const cJSON *sty = cJSON_GetObjectItemCaseSensitive(it, "style");
    const cJSON *lay = cJSON_GetObjectItemCaseSensitive(it, "layout");
    struct fl_err e;

    if (!cJSON_IsString(fld) || !sty == !lay ||
        (sty && !cJSON_IsString(sty)) || (lay && !cJSON_IsString(lay)))
        return fl_format_err(c, key,
                             "needs string \"field\" and either string "
                             "\"style\" or string \"layout\"");
    ts->field = fl_fields_intern(c->f, fld->valuestring,
                                 strlen(fld->valuestring));
    ts->style = -1;
    if (lay) {
        fl_err_clear(&e);
        if (fl_layout_compile(&ts->layout, lay->valuestring, &e) != FL_OK)
            return fl_format_err(c, key, "%s", e.msg);
        return FL_OK;
    }
    ts->style = fl_time_style_parse(sty->valuestring);
    if (ts->style < 0)
        return fl_format_err(c, key,
                             "unknown style \"%s\" (iso, mysql, syslog, "
                             "epoch, epoch_ms; or give a \"layout\")",
                             sty->valuestring);
    return FL_OK;
}

int fl_timespec_load(struct fl_format_ctx *c, const cJSON *root)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "time"), *it;
    struct fl_format *f = c->f;
    char key[64];

    if (!arr)
        return f->type == FL_FMT_RULES ? FL_OK
               : fl_format_err(c, "time",
                               "missing: say which field holds the time");
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > FL_FORMAT_MAX_TIMES)
        return fl_format_err(c, "time", "must be an array of at most %d "
                             "{\"field\", \"style\" or \"layout\"} objects",
                             FL_FORMAT_MAX_TIMES);
    cJSON_ArrayForEach(it, arr) {
        int rc;
        snprintf(key, sizeof key, "time[%zu]", f->ntimes);
        rc = load_timespec(c, it, key, &f->times[f->ntimes]);
        f->ntimes++; /* counted even on failure: fl_format_free frees it */
        if (rc != FL_OK)
            return rc;
    }
    f->time_inherit = cJSON_IsTrue(
        cJSON_GetObjectItemCaseSensitive(root, "time_inherit"));
    return FL_OK;
}
