/* statefile.c - DIR/state of a state directory: read, atomic write, and
 * the retention of DIR/days (see fl_statefile.h for the format).
 *
 * Invariants: a line longer than MAX_LINE or with a field out of range
 * makes the file unreadable (never half-read); the write goes to a
 * temporary that is fsync'ed and renamed, so the old file stays whole
 * until the new one is complete on disk.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run/fl_statefile.h"
#include "run/fl_state.h"
#include "time/fl_civil.h"
#include "base/fl_buf.h"
#include "base/fl_xalloc.h"

#define MAX_LINE 8192

void fl_statefile_add(struct fl_statefile *sf, struct fl_cursor_mark *m)
{
    if (sf->n == sf->cap) {
        sf->cap = sf->cap ? sf->cap * 2 : 16;
        sf->marks = fl_xrealloc(sf->marks, sf->cap * sizeof *sf->marks);
    }
    sf->marks[sf->n++] = *m;
}

void fl_statefile_cleanup(struct fl_statefile *sf)
{
    for (size_t i = 0; i < sf->n; i++)
        fl_cursor_mark_cleanup(&sf->marks[i]);
    free(sf->marks);
    sf->marks = NULL;
    sf->n = sf->cap = 0;
}

/* ---- reading ---- */

static int parse_file(struct fl_cursor_mark *m, const char *line)
{
    unsigned comp, hl, tl;
    int at = -1;

    memset(m, 0, sizeof *m);
    if (sscanf(line, "file %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNd64
               " %u %" SCNu64 " %u %" SCNx64 " %u %" SCNx64 " %" SCNd64 "%n",
               &m->dev, &m->ino, &m->size, &m->mtime_ns, &comp, &m->offset,
               &hl, &m->head_hash, &tl, &m->tail_hash, &m->seen_us, &at) < 11 ||
        at < 0 || line[at] != ' ' || line[at + 1] == '\0' || comp > 1 ||
        hl > FL_CURSOR_HEAD ||
        tl > FL_CURSOR_TAIL || hl > m->offset || tl > m->offset)
        return FL_ERR_CORRUPT;
    m->compressed = comp;
    m->head_len = hl;
    m->tail_len = tl;
    m->path = fl_xstrdup(line + at + 1);   /* one space, then the path */
    return FL_OK;
}

/* The first two lines: "faultline-state N" and "written-by TEXT". */
static int parse_header(FILE *fp, const char *path, char *line,
                        struct fl_err *err)
{
    unsigned version;
    char by[256] = "an unknown program";

    if (!fgets(line, MAX_LINE, fp) ||
        sscanf(line, "faultline-state %u", &version) != 1)
        return fl_err_set(err, FL_ERR_CORRUPT, path, 1, UINT64_MAX,
                          "not a faultline state file (move it away, or "
                          "choose another --state directory)");
    if (fgets(line, MAX_LINE, fp) && strncmp(line, "written-by ", 11) == 0) {
        snprintf(by, sizeof by, "%s", line + 11);
        by[strcspn(by, "\n")] = '\0';
    }
    if (version > FL_STATE_VERSION)
        return fl_err_set(err, FL_ERR_USAGE, path, 1, UINT64_MAX,
                          "written by %s in state format %u; this faultline "
                          "reads format %d and older: nothing was changed "
                          "(use that version, or another --state directory)",
                          by, version, FL_STATE_VERSION);
    return FL_OK;
}

int fl_statefile_read(struct fl_statefile *sf, const char *dir,
                      struct fl_err *err)
{
    char path[4096], *line;
    FILE *fp;
    uint64_t ln = 2;
    int rc;

    memset(sf, 0, sizeof *sf);
    snprintf(path, sizeof path, "%s/state", dir);
    fp = fopen(path, "re");
    if (!fp)
        return errno == ENOENT ? FL_OK
                               : fl_err_set(err, FL_ERR_IO, path, 0, UINT64_MAX,
                                            "cannot read: %s", strerror(errno));
    line = fl_xmalloc(MAX_LINE);
    rc = parse_header(fp, path, line, err);
    while (rc == FL_OK && fgets(line, MAX_LINE, fp)) {
        struct fl_cursor_mark m;
        size_t len = strlen(line);
        ln++;
        if (len == 0 || line[len - 1] != '\n')
            rc = fl_err_set(err, FL_ERR_CORRUPT, path, ln, UINT64_MAX,
                            "line cut short or too long");
        else if ((line[len - 1] = '\0', parse_file(&m, line)) != FL_OK)
            rc = fl_err_set(err, FL_ERR_CORRUPT, path, ln, UINT64_MAX,
                            "unreadable cursor line (move the state away to "
                            "read every file again)");
        else
            fl_statefile_add(sf, &m);
    }
    if (rc == FL_OK && ferror(fp))
        rc = fl_err_set(err, FL_ERR_IO, path, 0, UINT64_MAX, "read error");
    free(line);
    fclose(fp);
    if (rc != FL_OK)
        fl_statefile_cleanup(sf);
    return rc;
}

/* ---- writing ---- */

static void render(const struct fl_statefile *sf, const char *written_by,
                   struct fl_buf *b)
{
    char num[256];

    snprintf(num, sizeof num, "faultline-state %d\nwritten-by ",
             FL_STATE_VERSION);
    fl_buf_adds(b, num);
    fl_buf_add(b, written_by, strcspn(written_by, "\n"));
    fl_buf_addc(b, '\n');
    for (size_t i = 0; i < sf->n; i++) {
        const struct fl_cursor_mark *m = &sf->marks[i];
        if (strchr(m->path, '\n'))
            continue;
        snprintf(num, sizeof num, "file %" PRIu64 " %" PRIu64 " %" PRIu64
                 " %" PRId64 " %u %" PRIu64 " %u %016" PRIx64 " %u %016"
                 PRIx64 " %" PRId64 " ", m->dev, m->ino, m->size, m->mtime_ns,
                 (unsigned)m->compressed, m->offset, (unsigned)m->head_len,
                 m->head_hash, (unsigned)m->tail_len, m->tail_hash, m->seen_us);
        fl_buf_adds(b, num);
        fl_buf_adds(b, m->path);
        fl_buf_addc(b, '\n');
    }
}

static int write_all(int fd, const char *p, size_t n,
                     ssize_t (*wr)(int, const void *, size_t))
{
    while (n > 0) {
        ssize_t k = wr(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            if (k == 0)
                errno = ENOSPC;
            return -1;
        }
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static int sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

    if (fd < 0)
        return -1;
    rc = fsync(fd);
    close(fd);
    return rc;
}

int fl_statefile_write(const struct fl_statefile *sf, const char *dir,
                       const char *written_by,
                       ssize_t (*wr)(int fd, const void *p, size_t n),
                       struct fl_err *err)
{
    char tmp[4096], path[4096];
    struct fl_buf b;
    int fd, e = 0;

    snprintf(tmp, sizeof tmp, "%s/state.tmp", dir);
    snprintf(path, sizeof path, "%s/state", dir);
    fl_buf_init(&b);
    render(sf, written_by ? written_by : "faultline", &b);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 || write_all(fd, b.p, b.len, wr ? wr : write) != 0 ||
        fsync(fd) != 0)
        e = errno;
    if (fd >= 0 && close(fd) != 0 && !e)
        e = errno;
    if (!e && rename(tmp, path) != 0)
        e = errno;
    fl_buf_cleanup(&b);
    if (e) {
        unlink(tmp);
        return fl_err_set(err, FL_ERR_IO, path, 0, UINT64_MAX,
                          "cannot write the new state: %s; the previous "
                          "state is kept", strerror(e));
    }
    if (sync_dir(dir) != 0)
        return fl_err_set(err, FL_ERR_IO, dir, 0, UINT64_MAX,
                          "cannot sync the state directory: %s",
                          strerror(errno));
    return FL_OK;
}

/* ---- retention ---- */

/* Day number of a name starting with YYYY-MM-DD, or INT64_MIN. */
static int64_t day_of(const char *s)
{
    unsigned y, m, d;
    int n = -1;

    if (sscanf(s, "%4u-%2u-%2u%n", &y, &m, &d, &n) != 3 || n != 10 ||
        m < 1 || m > 12 || d < 1 || d > 31)
        return INT64_MIN;
    return fl_civil_days((int)y, m, d);
}

void fl_statefile_prune_days(const char *dir, int64_t now_us,
                             unsigned keep_weeks)
{
    char days[4096], path[8192];
    int64_t today = fl_civil_floor_div(now_us, 86400LL * 1000000);
    DIR *dp;
    struct dirent *de;

    snprintf(days, sizeof days, "%s/days", dir);
    if (!keep_weeks || !(dp = opendir(days)))
        return;
    while ((de = readdir(dp)) != NULL) {
        int64_t d = day_of(de->d_name);
        if (d == INT64_MIN || d >= today - (int64_t)keep_weeks * 7)
            continue;
        snprintf(path, sizeof path, "%s/%s", days, de->d_name);
        unlink(path);
    }
    closedir(dp);
}
