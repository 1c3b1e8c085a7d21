/* readbench.c - throughput driver for the reader: counts the lines of each
 * FILE ("-" = stdin) through fl_reader and prints lines, bytes, seconds and
 * MB/s (decoded bytes, 1 MB = 10^6 bytes) to stdout.  With -w, each line is
 * also hashed byte by byte (FNV-1a), a stand-in for a parser's per-byte
 * work: on compressed input it shows whether decoding overlaps that work.
 * Not built by make.
 *
 * Build (from the top of the tree, after `make`):
 *   gcc -O2 -D_GNU_SOURCE -I. -Iinclude -o bench/readbench bench/readbench.c \
 *       libfaultline.a -lz -lbz2 -pthread
 * Usage: bench/readbench [-w] FILE...
 * Compare with: time wc -l FILE; time zcat FILE.gz | wc -l
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "input/fl_reader.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t fnv1a(uint64_t h, const char *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211u;
    return h;
}

static int count(const char *path, int work)
{
    struct fl_reader *r;
    struct fl_err err;
    const char *line;
    size_t len;
    uint64_t lines = 0, bytes = 0, h = 14695981039346656037u;
    double t0 = now(), dt;
    char msg[2048];
    int st;

    if (fl_reader_open(&r, path, &err) != FL_OK) {
        fprintf(stderr, "readbench: %s\n", fl_err_format(&err, msg, sizeof msg));
        return 1;
    }
    while ((st = fl_reader_next_line(r, &line, &len, &err)) == FL_OK) {
        lines++;
        bytes += len + 1;
        if (work)
            h = fnv1a(h, line, len);
    }
    dt = now() - t0;
    if (st != FL_EOF)
        fprintf(stderr, "readbench: %s\n", fl_err_format(&err, msg, sizeof msg));
    printf("%s: %s%s, %llu lines, %llu bytes, %.3f s, %.0f MB/s",
           fl_reader_path(r), fl_reader_compression_name(fl_reader_compression(r)),
           work ? " +hash" : "", (unsigned long long)lines,
           (unsigned long long)bytes, dt, (double)bytes / dt / 1e6);
    if (work)
        printf(" (hash %016llx)", (unsigned long long)h);
    printf("\n");
    fl_reader_free(r);
    return st == FL_EOF ? 0 : 1;
}

int main(int argc, char **argv)
{
    int i = 1, rc = 0, work = 0;

    if (argc > 1 && strcmp(argv[1], "-w") == 0) {
        work = 1;
        i++;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: readbench [-w] FILE...\n");
        return 2;
    }
    for (; i < argc; i++)
        rc |= count(argv[i], work);
    return rc;
}
