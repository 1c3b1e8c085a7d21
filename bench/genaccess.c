/* genaccess.c - deterministic generator of large HTTP access logs for the benchmark kit.
 *
 * Replicates a real access log (the nginx fixtures of tests/data/http, recorded from
 * Debian's nginx) to any size: each output line is one of the fixture's requests, chosen
 * at random, with its ids varied (path segments and query values made of hex digits
 * redrawn with the same shape, so /orders/1037/items/1 stays one route with new ids and
 * the /users/<uuid>/profile paths stay uuids), a client address drawn from a pool, the time
 * advancing by a random step (several requests per second, as on a busy server), and a
 * log-normal duration.  Output formats: nginx-timed (combined + " $request_time
 * $upstream_response_time"), nginx-combined, apache-combined (combined + " %D", time at
 * the start).  FILE.truth records requests, bytes, first/last time.
 *
 * Invariants: the output is a pure function of the options and the fixture (seed
 * included; no clock).  Times never go backwards.  Lines are bounded (LINE_MAX_OUT);
 * longer fixture lines are skipped.  Build: cc -O2 -o genaccess genaccess.c -lm
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAXT         4096       /* fixture lines kept */
#define FIELD_MAX    1024       /* one fixture field */
#define LINE_MAX_OUT 8192

struct tmpl {
    char host[64], user[64], req[FIELD_MAX], referer[FIELD_MAX], agent[FIELD_MAX];
    int status;
    long bytes;          /* -1: "-" */
};

static void die(const char *what)
{
    fprintf(stderr, "genaccess: %s: %s\n", what, errno ? strerror(errno) : "failed");
    exit(2);
}

static uint64_t rng_state;

static uint64_t rnd(void)          /* splitmix64: deterministic everywhere */
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static double unif(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }

static double gauss(void)
{
    double u = unif(), v = unif();
    return sqrt(-2.0 * log(u > 0 ? u : 1e-300)) * cos(6.283185307179586 * v);
}

/* quoted: copy the "..." field at *p (backslash escapes kept) into out; advance *p. */
static int quoted(const char **p, char *out)
{
    const char *s = *p;
    size_t n = 0;
    if (*s != '"')
        return -1;
    for (s++; *s && *s != '"'; s++) {
        if (*s == '\\' && s[1])
            out[n++] = *s++;
        if (n + 2 >= FIELD_MAX)
            return -1;
        out[n++] = *s;
    }
    if (*s != '"')
        return -1;
    out[n] = 0;
    *p = s + 1;
    return 0;
}

/* parse_line: host ident user [time] "req" status bytes "ref" "agent" ... */
static int parse_line(const char *s, struct tmpl *t)
{
    char bytes[32];
    int n = 0;
    if (sscanf(s, "%63s %*s %63s [%*[^]]] %n", t->host, t->user, &n) < 2 || n == 0)
        return -1;
    s += n;
    if (quoted(&s, t->req) || sscanf(s, " %d %31s %n", &t->status, bytes, &n) < 2)
        return -1;
    s += n;
    t->bytes = bytes[0] == '-' ? -1 : atol(bytes);
    if (quoted(&s, t->referer) || *s++ != ' ' || quoted(&s, t->agent))
        return -1;
    return 0;
}

/* id_seg: the URL segment at s (up to '/', '?', '&', ' ') is an id: only hex
 * digits and '-', at least one decimal digit. */
static int id_seg(const char *s)
{
    int digits = 0;
    for (; *s && !strchr("/?& ", *s); s++) {
        if (*s >= '0' && *s <= '9')
            digits++;
        else if (!((*s >= 'a' && *s <= 'f') || *s == '-'))
            return 0;
    }
    return digits > 0;
}

/* vary: copy the request line with the ids of its URL redrawn (segments and
 * query values made of hex digits and '-': decimal digits stay decimal, letters
 * stay a-f), so a route keeps its shape and word-like segments (page9, v2) stay. */
static size_t vary(const char *req, char *out, size_t cap)
{
    size_t n = 0;
    const char *url = strchr(req, ' ');
    const char *end = url ? strchr(url + 1, ' ') : NULL;
    int in_id = 0;
    for (const char *s = req; *s && n + 1 < cap; s++) {
        if (url && s > url && (!end || s < end) && strchr("/=", s[-1]))
            in_id = id_seg(s);
        else if (strchr("/?& ", *s))
            in_id = 0;
        if (in_id && *s >= '0' && *s <= '9')
            out[n++] = (char)('0' + rnd() % 10);
        else if (in_id && *s >= 'a' && *s <= 'f')
            out[n++] = (char)('a' + rnd() % 6);
        else
            out[n++] = *s;
    }
    out[n] = 0;
    return n;
}

static const char *mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static void put_time(char *out, size_t cap, time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(out, cap, "%02d/%s/%04d:%02d:%02d:%02d +0000", tm.tm_mday, mon[tm.tm_mon],
             tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static long long parse_size(const char *s)
{
    char *e;
    long long v = strtoll(s, &e, 10);
    if (*e == 'K' || *e == 'k') v <<= 10;
    else if (*e == 'M' || *e == 'm') v <<= 20;
    else if (*e == 'G' || *e == 'g') v <<= 30;
    return v;
}

static void usage(void)
{
    fprintf(stderr, "usage: genaccess -i FIXTURE -f nginx-timed|nginx-combined|apache-combined"
                    " -s SIZE[K|M|G] [-S SEED] -o FILE\n");
    exit(2);
}

static struct tmpl T[MAXT];

int main(int argc, char **argv)
{
    const char *in = NULL, *fmt = NULL, *outp = NULL;
    long long size = 0;
    int c, nt = 0;
    rng_state = 1;
    while ((c = getopt(argc, argv, "i:f:s:S:o:h")) != -1) {
        if (c == 'i') in = optarg;
        else if (c == 'f') fmt = optarg;
        else if (c == 's') size = parse_size(optarg);
        else if (c == 'S') rng_state = strtoull(optarg, NULL, 10);
        else if (c == 'o') outp = optarg;
        else usage();
    }
    if (!in || !fmt || !outp || size <= 0)
        usage();
    int timed = !strcmp(fmt, "nginx-timed"), apache = !strcmp(fmt, "apache-combined");
    if (!timed && !apache && strcmp(fmt, "nginx-combined"))
        usage();
    FILE *fi = fopen(in, "r");
    if (!fi)
        die(in);
    char line[LINE_MAX_OUT];
    while (nt < MAXT && fgets(line, sizeof line, fi))
        if (parse_line(line, &T[nt]) == 0)
            nt++;
    fclose(fi);
    if (nt == 0) {
        errno = 0;
        die("no access-log line in the fixture");
    }
    FILE *fo = fopen(outp, "w");
    if (!fo)
        die(outp);
    static char buf[1 << 20];
    setvbuf(fo, buf, _IOFBF, sizeof buf);
    long long written = 0, requests = 0;
    double now = 1764950400.0;                       /* 2025-12-05 16:00:00 UTC */
    time_t first = (time_t)now;
    char req[FIELD_MAX], ts[64], user[64];
    while (written < size) {
        const struct tmpl *t = &T[rnd() % (unsigned)nt];
        now += unif() * 0.004;                         /* ~500 requests per second */
        double dur = exp(-5.5 + 1.2 * gauss());        /* median ~4 ms */
        if (dur > 60) dur = 60;
        long long dus = (long long)(dur * 1e6);
        vary(t->req, req, sizeof req);
        put_time(ts, sizeof ts, apache ? (time_t)(now - dur) : (time_t)now);
        snprintf(user, sizeof user, "%s", t->user);
        char bytes[32];
        if (t->bytes < 0) snprintf(bytes, sizeof bytes, "-");
        else snprintf(bytes, sizeof bytes, "%ld", t->bytes + (long)(rnd() % 64));
        int n = fprintf(fo, "10.%u.%u.%u - %s [%s] \"%s\" %d %s \"%s\" \"%s\"",
                        (unsigned)(rnd() % 4), (unsigned)(rnd() % 256), (unsigned)(rnd() % 250 + 1),
                        user, ts, req, t->status, bytes, t->referer, t->agent);
        if (timed) {
            if (t->status == 404 || rnd() % 4 == 0)
                n += fprintf(fo, " %.3f -\n", dus / 1e6);
            else
                n += fprintf(fo, " %.3f %.3f\n", dus / 1e6, (dus > 1000 ? dus - 1000 : 0) / 1e6);
        } else if (apache) {
            n += fprintf(fo, " %lld\n", dus);
        } else {
            n += fprintf(fo, "\n");
        }
        if (n < 0)
            die(outp);
        written += n;
        requests++;
    }
    if (fclose(fo))
        die(outp);
    char tpath[4096];
    snprintf(tpath, sizeof tpath, "%s.truth", outp);
    FILE *ft = fopen(tpath, "w");
    if (!ft)
        die(tpath);
    fprintf(ft, "format=%s\nrequests=%lld\nbytes=%lld\nfirst_time=%lld\nlast_time=%lld\n",
            fmt, requests, written, (long long)first, (long long)now);
    if (fclose(ft))
        die(tpath);
    return 0;
}
