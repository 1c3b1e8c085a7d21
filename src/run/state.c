/* state.c - the state directory of incremental runs (see fl_state.h): the
 * lock, the decisions of one run, and the commit of the new cursors.
 *
 * Invariants: nothing in DIR is written before the lock is held; the state
 * file is only ever replaced by rename of a complete, fsync'ed temporary
 * (statefile.c), so a crash or a full disk leaves the previous one; a state
 * of a newer format is never rewritten.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "run/fl_state.h"
#include "run/fl_statefile.h"
#include "base/fl_xalloc.h"

struct fl_state {
    struct fl_state_opts o;     /* copy; strings borrowed */
    int lock_fd;
    struct fl_statefile old;    /* cursors read at open */
    struct fl_state_file *files;
    size_t nfiles, cap;
};

/* ---- the lock ---- */

static void nap_ms(unsigned ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* The pid the holder wrote into the lock file, 0 if unknown. */
static long holder(int fd)
{
    char buf[32];
    ssize_t k = pread(fd, buf, sizeof buf - 1, 0);

    if (k <= 0)
        return 0;
    buf[k] = '\0';
    return strtol(buf, NULL, 10);
}

static int take_lock(struct fl_state *s, struct fl_err *err)
{
    char path[4096], pid[32];
    unsigned waited = 0;
    int n;

    snprintf(path, sizeof path, "%s/lock", s->o.dir);
    s->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (s->lock_fd < 0)
        return fl_err_set(err, FL_ERR_IO, path, 0, UINT64_MAX,
                          "cannot open the lock: %s", strerror(errno));
    while (flock(s->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR)
            return fl_err_set(err, FL_ERR_IO, path, 0, UINT64_MAX,
                              "cannot lock: %s", strerror(errno));
        if (waited >= s->o.lock_wait_ms)
            return fl_err_set(err, FL_ERR_IO, s->o.dir, 0, UINT64_MAX,
                              "the state directory is in use by another "
                              "faultline run (pid %ld); waited %u s for it",
                              holder(s->lock_fd), waited / 1000);
        nap_ms(100);
        waited += 100;
    }
    n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(s->lock_fd, 0) != 0 || pwrite(s->lock_fd, pid, (size_t)n, 0) != n)
        return fl_err_set(err, FL_ERR_IO, path, 0, UINT64_MAX,
                          "cannot write the lock: %s", strerror(errno));
    return FL_OK;
}

/* ---- open, decide, record ---- */

int fl_state_open(struct fl_state **out, const struct fl_state_opts *o,
                  struct fl_err *err)
{
    struct fl_state *s = fl_xcalloc(1, sizeof *s);
    int rc;

    *out = NULL;
    s->o = *o;
    s->lock_fd = -1;
    if (mkdir(o->dir, 0755) != 0 && errno != EEXIST) {
        rc = fl_err_set(err, FL_ERR_IO, o->dir, 0, UINT64_MAX,
                        "cannot create the state directory: %s",
                        strerror(errno));
        goto fail;
    }
    if ((rc = take_lock(s, err)) != FL_OK ||
        (rc = fl_statefile_read(&s->old, o->dir, err)) != FL_OK)
        goto fail;
    *out = s;
    return FL_OK;
fail:
    fl_state_free(s);
    return rc;
}

static struct fl_state_file *add_file(struct fl_state *s, const char *path)
{
    struct fl_state_file *f;

    if (s->nfiles == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->files = fl_xrealloc(s->files, s->cap * sizeof *s->files);
    }
    f = &s->files[s->nfiles++];
    memset(f, 0, sizeof *f);
    f->path = fl_xstrdup(path);
    f->dec.mark = -1;
    return f;
}

/* The last file of this run named path, NULL if none. */
static struct fl_state_file *find_file(const struct fl_state *s,
                                       const char *path)
{
    for (size_t i = s->nfiles; i-- > 0;)
        if (strcmp(s->files[i].path, path) == 0)
            return &s->files[i];
    return NULL;
}

int fl_state_start(void *ctx, const char *path, uint64_t *offset)
{
    struct fl_state *s = ctx;
    struct fl_state_file *f = add_file(s, path);
    struct fl_cursor_file *now = fl_xmalloc(sizeof *now);
    struct fl_err e;

    *offset = 0;
    if (fl_cursor_look(path, now, &e) != FL_OK ||
        fl_cursor_decide(path, now, s->old.marks, s->old.n, &f->dec, &e)
            != FL_OK) {
        f->failed = true;
        f->dec.verdict = FL_CURSOR_NEW;
        f->dec.start = 0;
        f->dec.skip = false;
    }
    free(now);
    *offset = f->dec.start;
    f->end = f->dec.start;
    return f->dec.skip ? 1 : 0;
}

void fl_state_on_file(void *ctx, const struct fl_ingest_file *fi)
{
    struct fl_state *s = ctx;
    struct fl_state_file *f = find_file(s, fi->path);

    if (!f || f->failed || fi->skipped)
        return;
    f->done = true;
    f->end = fi->unchanged ? f->dec.start : fi->end_offset;
}

/* A file under a name whose old content went on under another name (the
 * new file logrotate creates after a rename) is new, not replaced. */
static void relabel(struct fl_state *s)
{
    for (size_t i = 0; i < s->nfiles; i++) {
        struct fl_state_file *f = &s->files[i];
        if (f->dec.verdict != FL_CURSOR_REPLACED)
            continue;
        for (size_t k = 0; k < s->nfiles; k++)
            if (k != i && s->files[k].dec.mark == f->dec.mark &&
                (s->files[k].dec.verdict == FL_CURSOR_ROTATED ||
                 s->files[k].dec.verdict == FL_CURSOR_COMPRESSED))
                f->dec.verdict = FL_CURSOR_NEW;
    }
}

const struct fl_state_file *fl_state_files(struct fl_state *s, size_t *n)
{
    relabel(s);
    *n = s->nfiles;
    return s->files;
}

/* ---- commit ---- */

/* The cursor of one finished file: the old one when the same file was left
 * out unchanged, else made anew (identity and hashes as the file is now). */
static int cursor_of(const struct fl_state *s, const struct fl_state_file *f,
                     struct fl_cursor_mark *m)
{
    const struct fl_cursor_mark *old =
        f->dec.mark >= 0 ? &s->old.marks[f->dec.mark] : NULL;
    struct stat st;
    struct fl_err e;

    if (f->dec.skip && old && stat(f->path, &st) == 0 &&
        (uint64_t)st.st_dev == old->dev && (uint64_t)st.st_ino == old->ino) {
        *m = *old;
        m->path = fl_xstrdup(f->path);
        m->seen_us = s->o.now_us;
        return FL_OK;
    }
    return fl_cursor_mark_make(f->path, f->end, s->o.now_us, m, &e);
}

/* Is old cursor i replaced by one of the new ones (same name, same file,
 * or continued under another name), or past the retention? */
static bool superseded(const struct fl_state *s, const struct fl_statefile *nw,
                       size_t i)
{
    const struct fl_cursor_mark *m = &s->old.marks[i];
    int64_t keep = (int64_t)s->o.keep_weeks * 7 * 86400 * 1000000;

    if (s->o.keep_weeks && m->seen_us < s->o.now_us - keep)
        return true;
    for (size_t k = 0; k < s->nfiles; k++)
        if (s->files[k].done && s->files[k].dec.mark == (long)i)
            return true;
    for (size_t k = 0; k < nw->n; k++)
        if (strcmp(nw->marks[k].path, m->path) == 0 ||
            (nw->marks[k].dev == m->dev && nw->marks[k].ino == m->ino &&
             nw->marks[k].compressed == m->compressed))
            return true;
    return false;
}

int fl_state_commit(struct fl_state *s, struct fl_err *err)
{
    struct fl_statefile nw = { NULL, 0, 0 };
    struct fl_cursor_mark m;
    int rc;

    for (size_t k = 0; k < s->nfiles; k++)
        if (s->files[k].done && find_file(s, s->files[k].path) == &s->files[k] &&
            cursor_of(s, &s->files[k], &m) == FL_OK)
            fl_statefile_add(&nw, &m);
    for (size_t i = 0; i < s->old.n; i++)
        if (!superseded(s, &nw, i)) {
            m = s->old.marks[i];
            m.path = fl_xstrdup(m.path);
            fl_statefile_add(&nw, &m);
        }
    rc = fl_statefile_write(&nw, s->o.dir, s->o.written_by, s->o.write_fn,
                            err);
    if (rc == FL_OK && s->o.keep_weeks)
        fl_statefile_prune_days(s->o.dir, s->o.now_us, s->o.keep_weeks);
    fl_statefile_cleanup(&nw);
    return rc;
}

void fl_state_free(struct fl_state *s)
{
    if (!s)
        return;
    if (s->lock_fd >= 0)
        close(s->lock_fd);      /* releases the flock */
    fl_statefile_cleanup(&s->old);
    for (size_t i = 0; i < s->nfiles; i++)
        free(s->files[i].path);
    free(s->files);
    free(s);
}
