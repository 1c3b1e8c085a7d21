/* file.c - summary files on disk: loading one whole (bounded by
 * FL_SUMMARY_MAX_RAW) and telling one from a log by its first bytes. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "summary/fl_summary.h"

int fl_summary_load_file(const char *path, const struct fl_stats_opts *opts,
                         struct fl_summary **out, struct fl_err *err)
{
    FILE *fp = fopen(path, "rb");
    struct fl_buf b;
    char chunk[1 << 16];
    size_t n;
    int rc;

    *out = NULL;
    if (!fp)
        return fl_err_set(err, FL_ERR_IO, path, 0, UINT64_MAX, "cannot read "
                          "summary: %s", strerror(errno));
    fl_buf_init(&b);
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0 &&
           b.len <= FL_SUMMARY_MAX_RAW)
        fl_buf_add(&b, chunk, n);
    if (ferror(fp) || b.len > FL_SUMMARY_MAX_RAW)
        rc = fl_err_set(err, ferror(fp) ? FL_ERR_IO : FL_ERR_LIMIT, path, 0,
                        UINT64_MAX, "cannot read summary: %s", ferror(fp)
                        ? "read error" : "too large");
    else
        rc = fl_summary_load_mem(b.p ? b.p : "", b.len, path, opts, out, err);
    fclose(fp);
    fl_buf_cleanup(&b);
    return rc;
}

bool fl_summary_is_file(const char *path)
{
    struct stat st;
    char head[32];
    size_t n = 0;
    FILE *fp;

    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || !(fp = fopen(path, "rb")))
        return false;
    n = fread(head, 1, sizeof head, fp);
    fclose(fp);
    return fl_summary_sniff(head, n);
}
