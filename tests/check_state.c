/* check_state.c - unit tests of incremental reading: file cursors
 * (fl_cursor.h) and the state directory (fl_state.h) driven through the
 * real ingest (fl_run_events with a state), on real files in a private
 * temporary directory that main() removes.
 *
 * Each case writes PostgreSQL stderr lines, runs a scan (open the state,
 * read, commit), changes the files the way logrotate or a growing server
 * does, scans again, and checks the verdict per file and the number of
 * events read: only what is new may be read, nothing twice.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "run/fl_run.h"
#include "run/fl_state.h"

#define NOW_US 1796515200000000LL   /* 2026-12-06 00:00:00 UTC */

static char tmpdir[64];
static int seq;                     /* line numbers across a test */

/* ---- helpers ---- */

static void tpath(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "%s/%s", tmpdir, name);
}

/* Append k query lines (a newline each unless open_end) to name. */
static void add_lines(const char *name, int k, bool open_end)
{
    char p[256];
    FILE *f;

    tpath(p, sizeof p, name);
    f = fopen(p, "ab");
    ck_assert_ptr_nonnull(f);
    for (int i = 0; i < k; i++, seq++)
        fprintf(f, "2026-11-17 10:%02d:%02d.%03d UTC [%d] app@shop LOG:  "
                "duration: 1.%03d ms  statement: SELECT id FROM t%d WHERE "
                "id = %d%s", seq / 60 % 60, seq % 60, seq % 1000, 100 + seq,
                seq % 1000, seq % 7, seq, open_end && i == k - 1 ? "" : "\n");
    ck_assert_int_eq(fclose(f), 0);
}

/* gzip name into gzname (as logrotate's compress does) and remove name. */
static void gzip_to(const char *name, const char *gzname)
{
    char p[256], q[256], buf[4096];
    FILE *in;
    gzFile out;
    size_t k;

    tpath(p, sizeof p, name);
    tpath(q, sizeof q, gzname);
    in = fopen(p, "rb");
    out = gzopen(q, "wb9");
    ck_assert_ptr_nonnull(in);
    ck_assert_ptr_nonnull(out);
    while ((k = fread(buf, 1, sizeof buf, in)) > 0)
        ck_assert_int_eq(gzwrite(out, buf, (unsigned)k), (int)k);
    fclose(in);
    ck_assert_int_eq(gzclose(out), Z_OK);
    ck_assert_int_eq(unlink(p), 0);
}

static int count_event(const struct fl_event *ev, void *ctx)
{
    (void)ev;
    (*(long *)ctx)++;
    return 0;
}

struct scan {
    long events;
    char verdict[8][16];            /* per given file, in argument order */
    bool skipped[8];
};

static void opts_for(struct fl_state_opts *so, const char *dir)
{
    memset(so, 0, sizeof *so);
    so->dir = dir;
    so->written_by = "faultline test";
    so->now_us = NOW_US;
    so->lock_wait_ms = 0;
}

/* One incremental run over names[0..n) with the state in DIR "state". */
static void scan(struct scan *sc, const char *const *names, size_t n)
{
    char dir[256], paths[8][256];
    const char *inputs[8];
    struct fl_state_opts so;
    struct fl_state *st;
    struct fl_run_opts ro;
    struct fl_run *run;
    struct fl_run_result res;
    struct fl_err e;
    const struct fl_state_file *files;
    size_t nf;

    memset(sc, 0, sizeof *sc);
    tpath(dir, sizeof dir, "state");
    opts_for(&so, dir);
    ck_assert_int_eq(fl_state_open(&st, &so, &e), FL_OK);
    for (size_t i = 0; i < n; i++) {
        tpath(paths[i], sizeof paths[i], names[i]);
        inputs[i] = paths[i];
    }
    memset(&ro, 0, sizeof ro);
    ro.inputs = inputs;
    ro.ninputs = n;
    ro.one_thread = true;
    ro.state = st;
    ck_assert_int_eq(fl_run_new(&run, &ro, &e), FL_OK);
    ck_assert_int_eq(fl_run_events(run, count_event, &sc->events, NULL, &res,
                                   &e), FL_OK);
    files = fl_state_files(st, &nf);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < nf; k++)
            if (strcmp(files[k].path, paths[i]) == 0) {
                snprintf(sc->verdict[i], sizeof sc->verdict[i], "%s",
                         fl_cursor_verdict_name(files[k].dec.verdict));
                sc->skipped[i] = files[k].dec.skip;
            }
    ck_assert_int_eq(fl_state_commit(st, &e), FL_OK);
    fl_run_free(run);
    fl_state_free(st);
}

static void slurp(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    size_t k;

    ck_assert_ptr_nonnull(f);
    k = fread(buf, 1, cap - 1, f);
    buf[k] = '\0';
    fclose(f);
}

static int rm_entry(const char *p, const struct stat *sb, int flag,
                    struct FTW *ftw)
{
    (void)sb; (void)flag; (void)ftw;
    return remove(p);
}

static void fresh(void)
{
    nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    ck_assert_int_eq(mkdir(tmpdir, 0700), 0);
    seq = 0;
}

/* ---- growing, unchanged, the partial last line ---- */

START_TEST(test_state_grown_reads_only_the_new_lines)
{
    const char *in[] = { "postgresql.log" };
    struct scan sc;

    fresh();
    add_lines("postgresql.log", 50, false);
    scan(&sc, in, 1);
    ck_assert_str_eq(sc.verdict[0], "new");
    ck_assert_int_eq(sc.events, 50);
    add_lines("postgresql.log", 7, false);
    scan(&sc, in, 1);
    ck_assert_str_eq(sc.verdict[0], "grown");
    ck_assert_int_eq(sc.events, 7);
    scan(&sc, in, 1);
    ck_assert_str_eq(sc.verdict[0], "unchanged");
    ck_assert(sc.skipped[0]);
    ck_assert_int_eq(sc.events, 0);
}
END_TEST

START_TEST(test_state_name_with_spaces_round_trips)
{
    const char *in[] = { " my log.log" };
    struct scan sc;

    fresh();
    add_lines(" my log.log", 12, false);
    scan(&sc, in, 1);
    add_lines(" my log.log", 4, false);
    scan(&sc, in, 1);
    ck_assert_str_eq(sc.verdict[0], "grown");
    ck_assert_int_eq(sc.events, 4);
}
END_TEST

START_TEST(test_state_partial_last_line_is_read_once_complete)
{
    const char *in[] = { "postgresql.log" };
    char p[256];
    FILE *f;
    struct scan sc;

    fresh();
    add_lines("postgresql.log", 20, false);
    add_lines("postgresql.log", 1, true);   /* being written: no newline */
    scan(&sc, in, 1);
    ck_assert_int_eq(sc.events, 20);
    tpath(p, sizeof p, "postgresql.log");
    f = fopen(p, "ab");
    fputs("\n", f);                          /* the server finishes it */
    fclose(f);
    add_lines("postgresql.log", 2, false);
    scan(&sc, in, 1);
    ck_assert_str_eq(sc.verdict[0], "grown");
    ck_assert_int_eq(sc.events, 3);
}
END_TEST

/* ---- logrotate ---- */

START_TEST(test_state_rename_rotation_continues_under_the_new_name)
{
    const char *in[] = { "postgresql.log", "postgresql.log.1" };
    char a[256], b[256];
    struct scan sc;

    fresh();
    add_lines("postgresql.log", 40, false);
    scan(&sc, in, 1);
    ck_assert_int_eq(sc.events, 40);
    add_lines("postgresql.log", 5, false);      /* written before rotation */
    tpath(a, sizeof a, "postgresql.log");
    tpath(b, sizeof b, "postgresql.log.1");
    ck_assert_int_eq(rename(a, b), 0);
    add_lines("postgresql.log", 9, false);      /* the new file */
    scan(&sc, in, 2);
    ck_assert_str_eq(sc.verdict[1], "rotated");
    ck_assert_str_eq(sc.verdict[0], "new");
    ck_assert_int_eq(sc.events, 5 + 9);
    scan(&sc, in, 2);
    ck_assert_int_eq(sc.events, 0);
    ck_assert_str_eq(sc.verdict[0], "unchanged");
    ck_assert_str_eq(sc.verdict[1], "unchanged");
}
END_TEST

START_TEST(test_state_copytruncate_reads_the_new_start_and_not_the_copy)
{
    const char *in[] = { "postgresql.log", "postgresql.log.1" };
    char a[256], b[256], cmd[600];
    struct scan sc;

    fresh();
    add_lines("postgresql.log", 40, false);
    scan(&sc, in, 1);
    add_lines("postgresql.log", 3, false);
    tpath(a, sizeof a, "postgresql.log");
    tpath(b, sizeof b, "postgresql.log.1");
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", a, b);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(truncate(a, 0), 0);        /* copytruncate */
    add_lines("postgresql.log", 60, false);     /* longer than before */
    scan(&sc, in, 2);
    ck_assert_str_eq(sc.verdict[0], "truncated");
    ck_assert_str_eq(sc.verdict[1], "rotated");
    ck_assert_int_eq(sc.events, 60 + 3);
}
END_TEST

START_TEST(test_state_gzip_after_read_is_recognised)
{
    const char *first[] = { "postgresql.log.1" };
    const char *in[] = { "postgresql.log.2.gz" };
    struct scan sc;

    fresh();
    add_lines("postgresql.log.1", 80, false);
    scan(&sc, first, 1);
    ck_assert_int_eq(sc.events, 80);
    gzip_to("postgresql.log.1", "postgresql.log.2.gz");
    scan(&sc, in, 1);
    ck_assert_str_eq(sc.verdict[0], "compressed");
    ck_assert(sc.skipped[0]);
    ck_assert_int_eq(sc.events, 0);
    scan(&sc, in, 1);
    ck_assert_str_eq(sc.verdict[0], "unchanged");
    ck_assert_int_eq(sc.events, 0);
}
END_TEST

START_TEST(test_state_gzip_of_a_grown_file_reads_past_the_offset)
{
    const char *first[] = { "postgresql.log.1" };
    const char *in[] = { "postgresql.log.2.gz" };
    struct scan sc;

    fresh();
    add_lines("postgresql.log.1", 80, false);
    scan(&sc, first, 1);
    add_lines("postgresql.log.1", 11, false);
    gzip_to("postgresql.log.1", "postgresql.log.2.gz");
    scan(&sc, in, 1);
    ck_assert_str_eq(sc.verdict[0], "compressed");
    ck_assert(!sc.skipped[0]);
    ck_assert_int_eq(sc.events, 11);
}
END_TEST

START_TEST(test_state_replaced_file_is_read_whole)
{
    const char *in[] = { "postgresql.log" };
    char a[256], b[256];
    struct scan sc;

    fresh();
    add_lines("postgresql.log", 30, false);
    scan(&sc, in, 1);
    /* other lines put in place under the same name (written beside it and
     * renamed over it, so that it is another inode) */
    add_lines("new.tmp", 45, false);
    tpath(a, sizeof a, "new.tmp");
    tpath(b, sizeof b, "postgresql.log");
    ck_assert_int_eq(rename(a, b), 0);
    scan(&sc, in, 1);
    ck_assert_str_eq(sc.verdict[0], "replaced");
    ck_assert_int_eq(sc.events, 45);
}
END_TEST

/* ---- the directory: lock, atomic write, version, retention ---- */

START_TEST(test_state_second_run_fails_while_locked)
{
    char dir[256];
    struct fl_state_opts so;
    struct fl_state *a, *b;
    struct fl_err e;

    fresh();
    tpath(dir, sizeof dir, "state");
    opts_for(&so, dir);
    ck_assert_int_eq(fl_state_open(&a, &so, &e), FL_OK);
    so.lock_wait_ms = 300;
    ck_assert_int_eq(fl_state_open(&b, &so, &e), FL_ERR_IO);
    ck_assert_ptr_nonnull(strstr(e.msg, "in use by another faultline run"));
    fl_state_free(a);
    ck_assert_int_eq(fl_state_open(&b, &so, &e), FL_OK);
    fl_state_free(b);
}
END_TEST

static ssize_t write_enospc(int fd, const void *p, size_t n)
{
    (void)fd; (void)p; (void)n;
    errno = ENOSPC;
    return -1;
}

START_TEST(test_state_full_disk_keeps_the_previous_state)
{
    const char *in[] = { "postgresql.log" };
    char dir[256], path[256], tmp[256], before[8192], after[8192];
    struct fl_state_opts so;
    struct fl_state *st;
    struct fl_err e;
    struct scan sc;
    uint64_t off;

    fresh();
    add_lines("postgresql.log", 10, false);
    scan(&sc, in, 1);
    tpath(dir, sizeof dir, "state");
    snprintf(path, sizeof path, "%s/state", dir);
    snprintf(tmp, sizeof tmp, "%s/state.tmp", dir);
    slurp(path, before, sizeof before);
    add_lines("postgresql.log", 10, false);
    opts_for(&so, dir);
    so.write_fn = write_enospc;
    ck_assert_int_eq(fl_state_open(&st, &so, &e), FL_OK);
    tpath(path, sizeof path, "postgresql.log");
    ck_assert_int_eq(fl_state_start(st, path, &off), 0);
    ck_assert_uint_gt(off, 0);
    ck_assert_int_eq(fl_state_commit(st, &e), FL_ERR_IO);
    ck_assert_ptr_nonnull(strstr(e.msg, "No space left on device"));
    ck_assert_ptr_nonnull(strstr(e.msg, "previous state is kept"));
    fl_state_free(st);
    snprintf(path, sizeof path, "%s/state", dir);
    slurp(path, after, sizeof after);
    ck_assert_str_eq(after, before);
    ck_assert_int_eq(access(tmp, F_OK), -1);
    scan(&sc, in, 1);                           /* and nothing was lost */
    ck_assert_int_eq(sc.events, 10);
}
END_TEST

START_TEST(test_state_newer_version_is_refused_untouched)
{
    const char *text = "faultline-state 99\nwritten-by faultline 9.1\nfuture\n";
    char dir[256], path[256], got[512];
    struct fl_state_opts so;
    struct fl_state *st;
    struct fl_err e;
    FILE *f;

    fresh();
    tpath(dir, sizeof dir, "state");
    ck_assert_int_eq(mkdir(dir, 0755), 0);
    snprintf(path, sizeof path, "%s/state", dir);
    f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
    opts_for(&so, dir);
    ck_assert_int_eq(fl_state_open(&st, &so, &e), FL_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(e.msg, "faultline 9.1"));
    ck_assert_ptr_nonnull(strstr(e.msg, "state format 99"));
    ck_assert_ptr_nonnull(strstr(e.msg, "nothing was changed"));
    slurp(path, got, sizeof got);
    ck_assert_str_eq(got, text);
}
END_TEST

START_TEST(test_state_corrupt_line_is_named)
{
    char dir[256], path[256];
    struct fl_state_opts so;
    struct fl_state *st;
    struct fl_err e;
    FILE *f;

    fresh();
    tpath(dir, sizeof dir, "state");
    ck_assert_int_eq(mkdir(dir, 0755), 0);
    snprintf(path, sizeof path, "%s/state", dir);
    f = fopen(path, "wb");
    fputs("faultline-state 1\nwritten-by x\nfile 1 2 three\n", f);
    fclose(f);
    opts_for(&so, dir);
    ck_assert_int_eq(fl_state_open(&st, &so, &e), FL_ERR_CORRUPT);
    ck_assert_uint_eq(e.line, 3);
}
END_TEST

START_TEST(test_state_keep_weeks_prunes_old_days)
{
    const char *in[] = { "postgresql.log" };
    const char *names[] = { "2026-10-01.summary", "2026-11-21.summary",
                            "2026-12-05.summary", "notes.txt" };
    const bool kept[] = { false, true, true, true };
    char dir[256], days[256], p[512];
    struct fl_state_opts so;
    struct fl_state *st;
    struct fl_err e;
    struct scan sc;

    fresh();
    add_lines("postgresql.log", 5, false);
    scan(&sc, in, 1);
    tpath(dir, sizeof dir, "state");
    snprintf(days, sizeof days, "%s/days", dir);
    ck_assert_int_eq(mkdir(days, 0755), 0);
    for (size_t i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s/%s", days, names[i]);
        fclose(fopen(p, "wb"));
    }
    opts_for(&so, dir);
    so.keep_weeks = 3;                  /* 2026-11-15 and later stay */
    ck_assert_int_eq(fl_state_open(&st, &so, &e), FL_OK);
    ck_assert_int_eq(fl_state_commit(st, &e), FL_OK);
    fl_state_free(st);
    for (size_t i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s/%s", days, names[i]);
        ck_assert_msg((access(p, F_OK) == 0) == kept[i], "%s", names[i]);
    }
}
END_TEST

static Suite *state_suite(void)
{
    Suite *s = suite_create("state");
    TCase *c = tcase_create("cursors");
    TCase *d = tcase_create("directory");

    tcase_add_test(c, test_state_grown_reads_only_the_new_lines);
    tcase_add_test(c, test_state_name_with_spaces_round_trips);
    tcase_add_test(c, test_state_partial_last_line_is_read_once_complete);
    tcase_add_test(c, test_state_rename_rotation_continues_under_the_new_name);
    tcase_add_test(c, test_state_copytruncate_reads_the_new_start_and_not_the_copy);
    tcase_add_test(c, test_state_gzip_after_read_is_recognised);
    tcase_add_test(c, test_state_gzip_of_a_grown_file_reads_past_the_offset);
    tcase_add_test(c, test_state_replaced_file_is_read_whole);
    suite_add_tcase(s, c);
    tcase_add_test(d, test_state_second_run_fails_while_locked);
    tcase_add_test(d, test_state_full_disk_keeps_the_previous_state);
    tcase_add_test(d, test_state_newer_version_is_refused_untouched);
    tcase_add_test(d, test_state_corrupt_line_is_named);
    tcase_add_test(d, test_state_keep_weeks_prunes_old_days);
    suite_add_tcase(s, d);
    return s;
}

int main(void)
{
    SRunner *sr;
    int failed;

    snprintf(tmpdir, sizeof tmpdir, "/tmp/check_state.XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("check_state: mkdtemp");
        return 1;
    }
    sr = srunner_create(state_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return failed == 0 ? 0 : 1;
}
