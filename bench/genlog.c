/* genlog.c - deterministic generator of large synthetic database logs for the benchmark kit.
 *
 * Writes a realistic PostgreSQL stderr log (log_line_prefix '%m [%p] %q%u@%d ') or a
 * MySQL/MariaDB slow query log, and next to it FILE.truth: the counts and sums the
 * generator knows (query events, exact duration sum in microseconds, errors...), so the
 * benchmark can check an analyzer's numbers, not only its speed.
 *
 * Invariants: the output is a pure function of the options (seed included; no clock, no
 * environment).  Timestamps never go backwards.  Every duration is drawn as a whole
 * number of microseconds, so the printed value (ms with 3 decimals for PostgreSQL,
 * seconds with 6 for MySQL) is exact and the truth sums are exact.  Every entry is
 * bounded (ENTRY_MAX bytes), so the output buffer is checked once per entry, not per
 * byte.  Build: cc -O2 -o genlog genlog.c -lm
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define OUT_CAP   (8u << 20)   /* output buffer */
#define ENTRY_MAX (256u << 10) /* upper bound of one step's output (entries are < 16 KiB) */
#define SCRATCH   (64u << 10)  /* statement / parameter scratch buffers */
#define ZBITS     16           /* standard normal quantile table: 2^ZBITS entries */
#define NSLOTS    50           /* concurrently connected sessions */
#define MAXPARAMS 16

/* ---------------------------------------------------------------- small tools */

static void die(const char *what)
{
    fprintf(stderr, "genlog: %s: %s\n", what, errno ? strerror(errno) : "failed");
    exit(2);
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (!p)
        die("out of memory");
    return p;
}

/* xoshiro256**: fast, good enough, and identical everywhere for a given seed. */
struct rng { uint64_t s[4]; };

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s, res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t; s[3] = rotl(s[3], 45);
    return res;
}

static void rng_seed(struct rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++) {   /* splitmix64 */
        uint64_t z = (seed += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        r->s[i] = z ^ (z >> 31);
    }
}

/* Uniform in [0, n), n < 2^32 (Lemire's multiply-shift, bias negligible here). */
static uint32_t rnd(struct rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Inverse standard normal CDF (Acklam's rational approximation, |rel err| < 1.2e-9). */
static double inv_norm(double p)
{
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
        -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01,
        2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
        -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
        -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00,
        2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
        2.445134137142996e+00, 3.754408661907416e+00};
    double q, r;
    if (p < 0.02425 || p > 1 - 0.02425) {
        q = sqrt(-2 * log(p < 0.5 ? p : 1 - p));
        r = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        return p < 0.5 ? r : -r;
    }
    q = p - 0.5;
    r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/* ---------------------------------------------------------------- byte buffers */

/* Unchecked append buffer: callers guarantee room (see ENTRY_MAX / SCRATCH). */
struct sb { char *p; size_t n; };

static inline void sb_put(struct sb *b, const void *s, size_t n)
{
    memcpy(b->p + b->n, s, n);
    b->n += n;
}
#define SB_LIT(b, s) sb_put((b), (s), sizeof(s) - 1)
static inline void sb_c(struct sb *b, char c) { b->p[b->n++] = c; }
static void sb_str(struct sb *b, const char *s) { sb_put(b, s, strlen(s)); }
static void sb_sb(struct sb *b, const struct sb *s) { sb_put(b, s->p, s->n); }

static void sb_u64(struct sb *b, uint64_t v)
{
    char t[20];
    int i = 20;
    do { t[--i] = (char)('0' + v % 10); v /= 10; } while (v);
    sb_put(b, t + i, (size_t)(20 - i));
}

static void sb_pad(struct sb *b, uint64_t v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        b->p[b->n + (size_t)i] = (char)('0' + v % 10);
        v /= 10;
    }
    b->n += (size_t)width;
}

/* v / unit, a dot, then v % unit on `width` digits: exact fixed-point printing. */
static void sb_fix(struct sb *b, uint64_t v, uint64_t unit, int width)
{
    sb_u64(b, v / unit);
    sb_c(b, '.');
    sb_pad(b, v % unit, width);
}

/* A quoted SQL string literal.  Embedded quotes are doubled (PostgreSQL) or
 * backslash-escaped (MySQL clients, mysql_real_escape_string). */
static void sb_quoted(struct sb *b, const char *s, size_t n, bool backslash)
{
    sb_c(b, '\'');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'')
            sb_c(b, backslash ? '\\' : '\'');
        sb_c(b, s[i]);
    }
    sb_c(b, '\'');
}

static struct sb sb_alloc(size_t cap)
{
    struct sb b = { xcalloc(1, cap), 0 };
    return b;
}

/* ---------------------------------------------------------------- options, state */

enum dialect { D_PG, D_MY };
enum mode { M_NORMAL, M_TEXTS, M_FPS };
enum role { R_APP, R_REPORT, R_BATCH, R_ADMIN, R_N };

struct opts {
    enum dialect dialect;
    enum mode mode;
    uint64_t size;       /* normal mode: stop after this many bytes */
    uint64_t events;     /* texts/fingerprints modes: number of query events */
    uint64_t fps;        /* texts/fingerprints modes: number of fingerprints */
    uint64_t seed;
    int64_t start_us;    /* first timestamp */
    int64_t span_us;     /* timestamps run from start to start + span */
    const char *path;
};

/* A query shape: one fingerprint.  Templates use {placeholders} (see ph_names);
 * '\n' is a line break (PostgreSQL writes it followed by a tab). */
struct shape_def {
    const char *sql;
    unsigned short weight;  /* relative frequency within the role */
    unsigned char role;
    unsigned char ext;      /* PostgreSQL: sent with the extended protocol ($n parameters) */
    float median_ms;        /* log-normal duration: median and sigma */
    float sigma;
    unsigned short rows;    /* MySQL: max rows sent; 0 = DML (rows affected) */
    unsigned scan;          /* MySQL: rows examined per row sent */
    const char *tag;        /* name used by errors / lock waits / the incident */
};

enum ph {
    PH_LIT, PH_ID, PH_SMALL, PH_LIM, PH_OFF, PH_EMAIL, PH_WORD, PH_NAME, PH_STATUS,
    PH_SHIPST, PH_METHOD, PH_ACTION, PH_NUM, PH_FACTOR, PH_LIKE, PH_ARR, PH_IN, PH_SID,
    PH_JSON, PH_TS, PH_DATE
};

static const struct { const char *name; enum ph ph; bool str; } ph_names[] = {
    {"id", PH_ID, false}, {"small", PH_SMALL, false}, {"lim", PH_LIM, false},
    {"off", PH_OFF, false}, {"email", PH_EMAIL, true}, {"word", PH_WORD, true},
    {"name", PH_NAME, true}, {"status", PH_STATUS, true}, {"shipst", PH_SHIPST, true},
    {"method", PH_METHOD, true}, {"action", PH_ACTION, true}, {"num", PH_NUM, false},
    {"factor", PH_FACTOR, false}, {"like", PH_LIKE, true}, {"arr", PH_ARR, true},
    {"in", PH_IN, false}, {"sid", PH_SID, true}, {"json", PH_JSON, true},
    {"ts", PH_TS, true}, {"date", PH_DATE, true},
};

struct op { unsigned char ph; bool str; unsigned short len; const char *lit; };

struct shape {
    const struct shape_def *def;
    struct op *ops;
    unsigned nops;
    double mu, sigma;
    bool used;
};

struct roletab { unsigned n, idx[64]; uint32_t cum[64]; };

struct counts {
    uint64_t query, dur_sum, lock_sum, rows_sent, rows_exam, rows_aff;
    uint64_t parse, bind, errors, fatals, deadlocks, lock_waits, lock_acq;
    uint64_t ckpt_start, ckpt_done, vacuum, analyze, conn_recv, conn_auth, disc;
    uint64_t ddl, ddl_dur_sum, tempfiles, texts, fps;
};

struct sess {
    uint32_t pid;          /* PostgreSQL pid / MySQL thread id */
    unsigned char user;    /* index into the dialect's user table */
    uint32_t left;         /* statements before this session disconnects */
    uint32_t port, ip;
    int64_t start_us;
};

/* The single pending lock wait (PostgreSQL): the waiter is stepped again later. */
struct lockwait {
    int slot;              /* -1 when none */
    uint32_t holder, xid, block, item;
    int64_t wait_us;
    const struct shape *sh;
    struct sb sql, par;
    const char *rel;
};

struct gen {
    struct opts o;
    struct rng rng;
    int fd;
    struct sb out;
    uint64_t flushed, lines;
    struct sb sql, par, val;       /* rendered statement, parameters, one raw value */
    struct sb rawv;                /* raw values of the last render, for DETAIL lines */
    size_t rv_off[MAXPARAMS + 1];
    unsigned nrv;
    int64_t t;                     /* current time, microseconds since the epoch */
    int64_t tc_sec;                /* second cached in tc_pg / tc_my */
    char tc_pg[20], tc_my[16];
    double z[1u << ZBITS];
    struct shape *shapes;
    unsigned nshapes;
    struct roletab roles[R_N];
    struct sess sess[NSLOTS];
    uint32_t next_pid;
    struct counts c;
    /* PostgreSQL schedule */
    int64_t next_ckpt, ckpt_done_at, next_av, ddl_done_at, ddl_dur;
    uint32_t ckpt_pid;
    unsigned next_ddl;
    bool incident;
    int64_t incident_from, incident_to;
    struct lockwait lock;
    /* MySQL */
    int64_t my_last_sec;
    const char *my_last_db;
};

/* ---------------------------------------------------------------- output */

static void out_flush(struct gen *g)
{
    const char *p = g->out.p;
    for (const char *e = p + g->out.n; (p = memchr(p, '\n', (size_t)(e - p))); p++)
        g->lines++;
    for (size_t off = 0; off < g->out.n;) {
        ssize_t w = write(g->fd, g->out.p + off, g->out.n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            die(g->o.path);
        off += (size_t)w;
    }
    g->flushed += g->out.n;
    g->out.n = 0;
}

static void out_room(struct gen *g)
{
    if (g->out.n > OUT_CAP - ENTRY_MAX)
        out_flush(g);
}

static uint64_t out_bytes(const struct gen *g) { return g->flushed + g->out.n; }

/* Advance the clock: in size mode time follows the bytes written, in count modes the
 * events written, so the log always spans [start, start + span]. */
static int64_t gen_now(struct gen *g)
{
    double frac = g->o.mode == M_NORMAL ? (double)out_bytes(g) / (double)g->o.size
                                        : (double)g->c.query / (double)g->o.events;
    int64_t t = g->o.start_us + (int64_t)(frac * (double)g->o.span_us);
    if (t > g->t)
        g->t = t;
    return g->t;
}

static void tc_set(struct gen *g, int64_t sec)
{
    time_t tt = (time_t)sec;
    struct tm tm;
    struct sb b = { g->tc_pg, 0 };
    gmtime_r(&tt, &tm);
    sb_pad(&b, (uint64_t)tm.tm_year + 1900, 4); sb_c(&b, '-');
    sb_pad(&b, (uint64_t)tm.tm_mon + 1, 2); sb_c(&b, '-');
    sb_pad(&b, (uint64_t)tm.tm_mday, 2); sb_c(&b, ' ');
    sb_pad(&b, (uint64_t)tm.tm_hour, 2); sb_c(&b, ':');
    sb_pad(&b, (uint64_t)tm.tm_min, 2); sb_c(&b, ':');
    sb_pad(&b, (uint64_t)tm.tm_sec, 2);
    /* MySQL 5.x / MariaDB "# Time:" is %02d%02d%02d %2d:%02d:%02d (hour space-padded) */
    memcpy(g->tc_my, g->tc_pg + 2, 2);
    memcpy(g->tc_my + 2, g->tc_pg + 5, 2);
    memcpy(g->tc_my + 4, g->tc_pg + 8, 2);
    memcpy(g->tc_my + 6, g->tc_pg + 10, 9);
    if (g->tc_my[7] == '0')
        g->tc_my[7] = ' ';
    g->tc_sec = sec;
}

static void put_pg_time(struct gen *g, int64_t us)
{
    if (us / 1000000 != g->tc_sec)
        tc_set(g, us / 1000000);
    sb_put(&g->out, g->tc_pg, 19);
    sb_c(&g->out, '.');
    sb_pad(&g->out, (uint64_t)(us % 1000000) / 1000, 3);
    SB_LIT(&g->out, " UTC");
}

/* Text with line breaks as PostgreSQL's stderr writes them: a tab after each '\n'. */
static void put_pg_text(struct gen *g, const char *s, size_t n)
{
    const char *e = s + n, *nl;
    while ((nl = memchr(s, '\n', (size_t)(e - s)))) {
        sb_put(&g->out, s, (size_t)(nl - s) + 1);
        sb_c(&g->out, '\t');
        s = nl + 1;
    }
    sb_put(&g->out, s, (size_t)(e - s));
}

/* ---------------------------------------------------------------- shapes */

#define S(sql, w, role, ext, med, sig, rows, scan, tag) \
    { sql, w, role, ext, (float)(med), (float)(sig), rows, scan, tag }

static const struct shape_def pg_shapes[] = {
    S("SELECT id, email, name, created_at FROM users WHERE id = {id}", 900, R_APP, 1, 0.06, 0.5, 1, 1, NULL),
    S("SELECT id, email, name FROM users WHERE email = {email}", 300, R_APP, 0, 0.09, 0.6, 1, 1, NULL),
    S("UPDATE users SET last_seen_at = now() WHERE id = {id}", 500, R_APP, 1, 0.2, 0.7, 0, 1, NULL),
    S("INSERT INTO users (email, name, created_at) VALUES ({email}, {name}, now()) RETURNING id", 60, R_APP, 0, 0.35, 0.6, 0, 1, "users_insert"),
    S("SELECT o.id, o.status, o.total, o.created_at\n  FROM orders o\n WHERE o.customer_id = {id}\n ORDER BY o.created_at DESC\n LIMIT {lim}", 500, R_APP, 0, 0.8, 0.6, 10, 3, "hot"),
    S("SELECT * FROM orders WHERE id = {id}", 800, R_APP, 1, 0.05, 0.5, 1, 1, NULL),
    S("INSERT INTO orders (customer_id, status, total, created_at) VALUES ({id}, {status}, {num}, now()) RETURNING id", 200, R_APP, 1, 0.3, 0.6, 0, 1, NULL),
    S("UPDATE orders SET status = {status}, updated_at = now() WHERE id = {id}", 300, R_APP, 1, 0.25, 0.8, 0, 1, "orders_update"),
    S("SELECT oi.product_id, oi.quantity, oi.unit_price FROM order_items oi WHERE oi.order_id = {id}", 600, R_APP, 1, 0.12, 0.6, 5, 1, NULL),
    S("INSERT INTO order_items (order_id, product_id, quantity, unit_price) VALUES ({id}, {id}, {small}, {num})", 400, R_APP, 1, 0.18, 0.6, 0, 1, "items_insert"),
    S("SELECT id, name, price, stock FROM products WHERE id IN ({in})", 400, R_APP, 0, 0.35, 0.7, 20, 1, NULL),
    S("SELECT id, name, price FROM products WHERE category_id = {small} AND active ORDER BY name LIMIT {lim} OFFSET {off}", 300, R_APP, 0, 1.1, 0.7, 20, 10, NULL),
    S("SELECT id, name, price FROM products WHERE name ILIKE {like}", 80, R_APP, 0, 7.5, 0.6, 5, 4000, NULL),
    S("UPDATE inventory SET quantity = quantity - {small} WHERE product_id = {id} AND warehouse_id = {small}", 300, R_APP, 1, 0.28, 0.9, 0, 1, "inventory_update"),
    S("SELECT product_id, quantity FROM inventory WHERE product_id = ANY({arr}) AND warehouse_id = {small}", 300, R_APP, 1, 0.22, 0.6, 10, 1, NULL),
    S("SELECT id, name, email FROM customers WHERE id = {id}", 700, R_APP, 1, 0.06, 0.5, 1, 1, NULL),
    S("UPDATE customers SET name = {name}, email = {email} WHERE id = {id}", 40, R_APP, 0, 0.3, 0.6, 0, 1, "customers_update"),
    S("INSERT INTO payments (order_id, amount, method, status, created_at) VALUES ({id}, {num}, {method}, 'pending', now())", 200, R_APP, 1, 0.45, 0.6, 0, 1, NULL),
    S("UPDATE payments SET status = 'captured', captured_at = now() WHERE id = {id} AND status = 'pending'", 180, R_APP, 1, 0.3, 0.6, 0, 1, NULL),
    S("SELECT * FROM payments WHERE order_id = {id}", 300, R_APP, 1, 0.08, 0.5, 1, 1, NULL),
    S("SELECT user_id, data FROM sessions WHERE token = {sid} AND expires_at > now()", 1200, R_APP, 1, 0.04, 0.5, 1, 1, NULL),
    S("INSERT INTO sessions (token, user_id, data, expires_at) VALUES ({sid}, {id}, {json}, now() + interval '30 days')", 100, R_APP, 0, 0.22, 0.6, 0, 1, NULL),
    S("DELETE FROM sessions WHERE token = {sid}", 80, R_APP, 0, 0.12, 0.6, 0, 1, NULL),
    S("INSERT INTO audit_log (user_id, action, object_id, created_at) VALUES ({id}, {action}, {id}, now())", 600, R_APP, 1, 0.13, 0.7, 0, 1, NULL),
    S("SELECT s.id, s.carrier, s.tracking_no, s.status\n  FROM shipments s\n  JOIN orders o ON o.id = s.order_id\n WHERE o.customer_id = {id}\n   AND s.status <> 'delivered'", 150, R_APP, 0, 1.4, 0.7, 3, 20, NULL),
    S("UPDATE shipments SET status = {shipst}, updated_at = now() WHERE tracking_no = {word}", 100, R_APP, 0, 0.5, 0.7, 0, 1, NULL),
    S("BEGIN", 900, R_APP, 0, 0.008, 0.4, 0, 0, NULL),
    S("COMMIT", 880, R_APP, 0, 0.4, 0.9, 0, 0, NULL),
    S("ROLLBACK", 20, R_APP, 0, 0.01, 0.4, 0, 0, NULL),
    S("SELECT 1", 300, R_APP, 0, 0.01, 0.4, 1, 0, NULL),
    S("SELECT count(*) FROM order_items WHERE order_id = {id}", 200, R_APP, 1, 0.09, 0.5, 1, 5, NULL),
    S("/* app:cart */ SELECT p.id, p.name, p.price, i.quantity\n  FROM products p\n  JOIN inventory i ON i.product_id = p.id\n WHERE p.id IN ({in})\n   AND i.warehouse_id = {small}", 250, R_APP, 0, 0.9, 0.7, 20, 2, NULL),
    S("SELECT date_trunc('hour', created_at) AS h, count(*), sum(total)\n  FROM orders\n WHERE created_at >= {ts} AND created_at < {ts}\n GROUP BY 1\n ORDER BY 1", 300, R_REPORT, 0, 350, 0.5, 24, 50000, "report"),
    S("SELECT c.id, c.name, sum(o.total) AS revenue\n  FROM customers c\n  JOIN orders o ON o.customer_id = c.id\n WHERE o.created_at >= {date}\n GROUP BY c.id, c.name\n ORDER BY revenue DESC\n LIMIT 100", 200, R_REPORT, 0, 1200, 0.6, 100, 9000, "report"),
    S("SELECT p.category_id, count(*) FROM order_items oi JOIN products p ON p.id = oi.product_id GROUP BY p.category_id", 150, R_REPORT, 0, 800, 0.4, 20, 90000, "report"),
    S("SELECT status, count(*) FROM orders WHERE created_at > now() - interval '1 day' GROUP BY status", 350, R_REPORT, 0, 120, 0.5, 5, 20000, "report"),
    S("DELETE FROM sessions WHERE expires_at < now() - interval '1 day'", 100, R_BATCH, 0, 45, 0.8, 0, 5000, NULL),
    S("INSERT INTO audit_log_archive SELECT * FROM audit_log WHERE created_at < {ts}", 60, R_BATCH, 0, 900, 0.7, 0, 80000, NULL),
    S("UPDATE products SET price = price * {factor} WHERE category_id = {small}", 100, R_BATCH, 0, 60, 0.6, 0, 800, NULL),
    S("COPY (SELECT id, email FROM users WHERE created_at >= {date}) TO STDOUT WITH CSV", 40, R_BATCH, 0, 300, 0.5, 0, 30000, NULL),
    S("SELECT pid, usename, state, query_start, left(query, 100) FROM pg_stat_activity WHERE state <> 'idle'", 500, R_ADMIN, 0, 0.6, 0.4, 8, 60, NULL),
    S("SELECT relname, n_live_tup, n_dead_tup FROM pg_stat_user_tables ORDER BY n_dead_tup DESC LIMIT 20", 300, R_ADMIN, 0, 1.5, 0.4, 20, 40, NULL),
};

static const struct shape_def my_shapes[] = {
    S("SELECT id, email, name, created_at FROM users WHERE id = {id}", 900, R_APP, 0, 0.06, 0.5, 1, 1, NULL),
    S("SELECT id, email, name FROM users WHERE email = {email}", 300, R_APP, 0, 0.09, 0.6, 1, 1, NULL),
    S("UPDATE users SET last_seen_at = NOW() WHERE id = {id}", 500, R_APP, 0, 0.2, 0.7, 0, 1, NULL),
    S("INSERT INTO users (email, name, created_at) VALUES ({email}, {name}, NOW())", 60, R_APP, 0, 0.35, 0.6, 0, 1, NULL),
    S("SELECT o.id, o.status, o.total, o.created_at\n  FROM orders o\n WHERE o.customer_id = {id}\n ORDER BY o.created_at DESC\n LIMIT {lim}", 500, R_APP, 0, 0.8, 0.6, 10, 3, "hot"),
    S("SELECT * FROM orders WHERE id = {id}", 800, R_APP, 0, 0.05, 0.5, 1, 1, NULL),
    S("INSERT INTO orders (customer_id, status, total, created_at) VALUES ({id}, {status}, {num}, NOW())", 200, R_APP, 0, 0.3, 0.6, 0, 1, NULL),
    S("UPDATE orders SET status = {status}, updated_at = NOW() WHERE id = {id}", 300, R_APP, 0, 0.25, 0.8, 0, 1, NULL),
    S("SELECT product_id, quantity, unit_price FROM order_items WHERE order_id = {id}", 600, R_APP, 0, 0.12, 0.6, 5, 1, NULL),
    S("INSERT INTO order_items (order_id, product_id, quantity, unit_price) VALUES ({id}, {id}, {small}, {num})", 400, R_APP, 0, 0.18, 0.6, 0, 1, NULL),
    S("SELECT id, name, price, stock FROM products WHERE id IN ({in})", 400, R_APP, 0, 0.35, 0.7, 20, 1, NULL),
    S("SELECT id, name, price FROM products WHERE category_id = {small} AND active = 1 ORDER BY name LIMIT {off}, {lim}", 300, R_APP, 0, 1.1, 0.7, 20, 10, NULL),
    S("SELECT id, name, price FROM products WHERE name LIKE {like}", 80, R_APP, 0, 7.5, 0.6, 5, 4000, NULL),
    S("UPDATE inventory SET quantity = quantity - {small} WHERE product_id = {id} AND warehouse_id = {small}", 300, R_APP, 0, 0.28, 0.9, 0, 1, NULL),
    S("SELECT quantity FROM inventory WHERE product_id = {id} AND warehouse_id = {small} FOR UPDATE", 300, R_APP, 0, 0.15, 0.9, 1, 1, NULL),
    S("SELECT id, name, email FROM customers WHERE id = {id}", 700, R_APP, 0, 0.06, 0.5, 1, 1, NULL),
    S("UPDATE customers SET name = {name}, email = {email} WHERE id = {id}", 40, R_APP, 0, 0.3, 0.6, 0, 1, NULL),
    S("INSERT INTO payments (order_id, amount, method, status, created_at) VALUES ({id}, {num}, {method}, 'pending', NOW())", 200, R_APP, 0, 0.45, 0.6, 0, 1, NULL),
    S("UPDATE payments SET status = 'captured', captured_at = NOW() WHERE id = {id} AND status = 'pending'", 180, R_APP, 0, 0.3, 0.6, 0, 1, NULL),
    S("SELECT * FROM payments WHERE order_id = {id}", 300, R_APP, 0, 0.08, 0.5, 1, 1, NULL),
    S("SELECT user_id, data FROM sessions WHERE token = {sid} AND expires_at > NOW()", 1200, R_APP, 0, 0.04, 0.5, 1, 1, NULL),
    S("INSERT INTO sessions (token, user_id, data, expires_at) VALUES ({sid}, {id}, {json}, NOW() + INTERVAL 30 DAY) ON DUPLICATE KEY UPDATE data = VALUES(data), expires_at = VALUES(expires_at)", 100, R_APP, 0, 0.22, 0.6, 0, 1, NULL),
    S("DELETE FROM sessions WHERE token = {sid}", 80, R_APP, 0, 0.12, 0.6, 0, 1, NULL),
    S("INSERT INTO audit_log (user_id, action, object_id, created_at) VALUES ({id}, {action}, {id}, NOW())", 600, R_APP, 0, 0.13, 0.7, 0, 1, NULL),
    S("SELECT s.id, s.carrier, s.tracking_no, s.status\n  FROM shipments s\n  JOIN orders o ON o.id = s.order_id\n WHERE o.customer_id = {id}\n   AND s.status <> 'delivered'", 150, R_APP, 0, 1.4, 0.7, 3, 20, NULL),
    S("UPDATE shipments SET status = {shipst}, updated_at = NOW() WHERE tracking_no = {word}", 100, R_APP, 0, 0.5, 0.7, 0, 1, NULL),
    S("START TRANSACTION", 900, R_APP, 0, 0.008, 0.4, 0, 0, NULL),
    S("COMMIT", 880, R_APP, 0, 0.4, 0.9, 0, 0, NULL),
    S("ROLLBACK", 20, R_APP, 0, 0.01, 0.4, 0, 0, NULL),
    S("SELECT 1", 300, R_APP, 0, 0.01, 0.4, 1, 0, NULL),
    S("SELECT COUNT(*) FROM order_items WHERE order_id = {id}", 200, R_APP, 0, 0.09, 0.5, 1, 5, NULL),
    S("/* app:cart */ SELECT p.id, p.name, p.price, i.quantity\n  FROM products p\n  JOIN inventory i ON i.product_id = p.id\n WHERE p.id IN ({in})\n   AND i.warehouse_id = {small}", 250, R_APP, 0, 0.9, 0.7, 20, 2, NULL),
    S("SET NAMES utf8mb4", 60, R_APP, 0, 0.005, 0.3, 0, 0, NULL),
    S("SELECT `id`, `sku`, `price` FROM `products` WHERE `sku` = {word}", 150, R_APP, 0, 0.07, 0.5, 1, 1, NULL),
    S("SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:00') AS h, COUNT(*), SUM(total)\n  FROM orders\n WHERE created_at >= {ts} AND created_at < {ts}\n GROUP BY h\n ORDER BY h", 300, R_REPORT, 0, 350, 0.5, 24, 50000, NULL),
    S("SELECT c.id, c.name, SUM(o.total) AS revenue\n  FROM customers c\n  JOIN orders o ON o.customer_id = c.id\n WHERE o.created_at >= {date}\n GROUP BY c.id, c.name\n ORDER BY revenue DESC\n LIMIT 100", 200, R_REPORT, 0, 1200, 0.6, 100, 9000, NULL),
    S("SELECT p.category_id, COUNT(*) FROM order_items oi JOIN products p ON p.id = oi.product_id GROUP BY p.category_id", 150, R_REPORT, 0, 800, 0.4, 20, 90000, NULL),
    S("SELECT status, COUNT(*) FROM orders WHERE created_at > NOW() - INTERVAL 1 DAY GROUP BY status", 350, R_REPORT, 0, 120, 0.5, 5, 20000, NULL),
    S("DELETE FROM sessions WHERE expires_at < NOW() - INTERVAL 1 DAY", 100, R_BATCH, 0, 45, 0.8, 0, 5000, NULL),
    S("INSERT INTO audit_log_archive SELECT * FROM audit_log WHERE created_at < {ts}", 60, R_BATCH, 0, 900, 0.7, 0, 80000, NULL),
    S("UPDATE products SET price = price * {factor} WHERE category_id = {small}", 100, R_BATCH, 0, 60, 0.6, 0, 800, NULL),
    S("SELECT * FROM information_schema.processlist WHERE command <> 'Sleep'", 500, R_ADMIN, 0, 0.6, 0.4, 8, 60, NULL),
    S("SHOW GLOBAL STATUS LIKE 'Threads_%'", 300, R_ADMIN, 0, 0.9, 0.4, 4, 400, NULL),
};

#undef S

static enum ph ph_lookup(const char *name, size_t n, bool *str)
{
    for (size_t i = 0; i < sizeof ph_names / sizeof ph_names[0]; i++)
        if (strlen(ph_names[i].name) == n && !memcmp(ph_names[i].name, name, n)) {
            *str = ph_names[i].str;
            return ph_names[i].ph;
        }
    fprintf(stderr, "genlog: bad placeholder {%.*s}\n", (int)n, name);
    exit(2);
}

/* Split a template into literal runs and placeholders once, at start-up. */
static void shape_compile(struct shape *sh, const struct shape_def *def)
{
    const char *s = def->sql;
    sh->def = def;
    sh->ops = xcalloc(strlen(s) + 1, sizeof *sh->ops);
    sh->mu = log(def->median_ms * 1000.0);
    sh->sigma = def->sigma;
    while (*s) {
        struct op *op = &sh->ops[sh->nops++];
        if (*s == '{') {
            const char *e = strchr(s, '}');
            if (!e)
                die("unterminated placeholder");
            op->ph = (unsigned char)ph_lookup(s + 1, (size_t)(e - s - 1), &op->str);
            if (op->ph == PH_IN && def->ext)
                die("{in} cannot be a bound parameter");
            s = e + 1;
            continue;
        }
        size_t n = strcspn(s, "{");
        op->ph = PH_LIT;
        op->lit = s;
        op->len = (unsigned short)n;
        s += n;
    }
}

static void shapes_setup(struct gen *g, const struct shape_def *defs, unsigned n)
{
    g->shapes = xcalloc(n, sizeof *g->shapes);
    g->nshapes = n;
    for (unsigned i = 0; i < n; i++) {
        struct roletab *rt = &g->roles[defs[i].role];
        shape_compile(&g->shapes[i], &defs[i]);
        rt->idx[rt->n] = i;
        rt->cum[rt->n] = (rt->n ? rt->cum[rt->n - 1] : 0) + defs[i].weight;
        rt->n++;
    }
}

static const struct shape *shape_pick(struct gen *g, unsigned role)
{
    const struct roletab *rt = &g->roles[role];
    uint32_t r = rnd(&g->rng, rt->cum[rt->n - 1]);
    unsigned i = 0;
    while (rt->cum[i] <= r)
        i++;
    return &g->shapes[rt->idx[i]];
}

static const struct shape *shape_by_tag(struct gen *g, const char *tag, unsigned nth)
{
    for (unsigned i = 0; i < g->nshapes; i++)
        if (g->shapes[i].def->tag && !strcmp(g->shapes[i].def->tag, tag) && !nth--)
            return &g->shapes[i];
    fprintf(stderr, "genlog: no shape tagged %s\n", tag);
    exit(2);
}

/* ---------------------------------------------------------------- literal values */

static const char *const syll[] = {
    "ka", "lo", "mi", "ra", "ten", "vo", "shi", "an", "bel", "cor", "da", "el", "fi", "gur",
    "ho", "is", "jun", "ke", "lar", "mon", "ne", "or", "pa", "qui", "ros", "sa", "tu", "ul",
    "ve", "wen", "xi", "zo",
};

static void val_word(struct gen *g, struct sb *b)
{
    unsigned n = 2 + rnd(&g->rng, 2);
    for (unsigned i = 0; i < n; i++)
        sb_str(b, syll[rnd(&g->rng, 32)]);
}

static void val_pick(struct gen *g, struct sb *b, const char *const *list, unsigned n)
{
    sb_str(b, list[rnd(&g->rng, n)]);
}
#define PICK(g, b, ...) do { static const char *const l_[] = {__VA_ARGS__}; \
    val_pick(g, b, l_, sizeof l_ / sizeof l_[0]); } while (0)

static void val_name(struct gen *g, struct sb *b)
{
    size_t at = b->n;
    if (rnd(&g->rng, 50) == 0) {
        SB_LIT(b, "O'");     /* needs quoting: O''Brien */
    }
    val_word(g, b);
    b->p[at] = (char)(b->p[at] - 'a' + 'A');
    sb_c(b, ' ');
    at = b->n;
    val_word(g, b);
    b->p[at] = (char)(b->p[at] - 'a' + 'A');
}

static void val_list(struct gen *g, struct sb *b, unsigned max, const char *sep)
{
    unsigned n = 1 + rnd(&g->rng, max);
    for (unsigned i = 0; i < n; i++) {
        if (i)
            sb_str(b, sep);
        sb_u64(b, 1 + rnd(&g->rng, 200000));
    }
}

static void val_date(struct gen *g, struct sb *b, bool with_time)
{
    int64_t back = (int64_t)rnd(&g->rng, 30 * 24) * 3600;
    int64_t sec = g->t / 1000000 - back;
    sec -= sec % 3600;
    if (sec != g->tc_sec)
        tc_set(g, sec);
    sb_put(b, g->tc_pg, with_time ? 19 : 10);
    tc_set(g, g->t / 1000000);
}

static void val_json(struct gen *g, struct sb *b)
{
    SB_LIT(b, "{\"cart\":[");
    val_list(g, b, 4, ",");
    SB_LIT(b, "],\"theme\":\"");
    PICK(g, b, "dark", "light");
    SB_LIT(b, "\"}");
}

/* Write the raw (unquoted) text of one placeholder value. */
static void val_gen(struct gen *g, struct sb *b, enum ph ph)
{
    struct rng *r = &g->rng;
    switch (ph) {
    case PH_ID: sb_u64(b, 1 + rnd(r, 2000000)); break;
    case PH_SMALL: sb_u64(b, 1 + rnd(r, 20)); break;
    case PH_LIM: PICK(g, b, "10", "20", "25", "50", "100"); break;
    case PH_OFF: sb_u64(b, 20 * rnd(r, 50)); break;
    case PH_EMAIL: val_word(g, b); sb_u64(b, rnd(r, 1000));
        PICK(g, b, "@example.com", "@mail.test", "@corp.example"); break;
    case PH_WORD: val_word(g, b); sb_u64(b, rnd(r, 100000)); break;
    case PH_NAME: val_name(g, b); break;
    case PH_STATUS: PICK(g, b, "new", "paid", "shipped", "cancelled", "refunded"); break;
    case PH_SHIPST: PICK(g, b, "label_created", "in_transit", "delivered", "returned"); break;
    case PH_METHOD: PICK(g, b, "card", "paypal", "bank_transfer", "gift_card"); break;
    case PH_ACTION: PICK(g, b, "login", "logout", "checkout", "view_order", "add_to_cart"); break;
    case PH_NUM: sb_fix(b, 100 + rnd(r, 5000000), 100, 2); break;
    case PH_FACTOR: sb_fix(b, 90 + rnd(r, 21), 100, 2); break;
    case PH_LIKE: sb_c(b, '%'); val_word(g, b); sb_c(b, '%'); break;
    case PH_ARR: sb_c(b, '{'); val_list(g, b, 20, ","); sb_c(b, '}'); break;
    case PH_IN: val_list(g, b, 60, ", "); break;
    case PH_SID: for (int i = 0; i < 2; i++) {
            uint64_t v = rng_next(r);
            for (int k = 0; k < 16; k++, v >>= 4)
                sb_c(b, "0123456789abcdef"[v & 15]);
        }
        break;
    case PH_JSON: val_json(g, b); break;
    case PH_TS: val_date(g, b, true); break;
    case PH_DATE: val_date(g, b, false); break;
    case PH_LIT: break;
    }
}

/* Render a shape into g->sql (statement text) and, for extended-protocol shapes,
 * g->par (the "$1 = '42', $2 = 'abc'" list).  Raw values are kept in g->rawv. */
static void render(struct gen *g, const struct shape *sh, bool ext)
{
    unsigned np = 0;
    g->sql.n = g->par.n = g->rawv.n = 0;
    g->nrv = 0;
    for (unsigned i = 0; i < sh->nops; i++) {
        const struct op *op = &sh->ops[i];
        if (op->ph == PH_LIT) {
            sb_put(&g->sql, op->lit, op->len);
            continue;
        }
        g->val.n = 0;
        val_gen(g, &g->val, (enum ph)op->ph);
        if (g->nrv < MAXPARAMS) {
            g->rv_off[g->nrv++] = g->rawv.n;
            sb_sb(&g->rawv, &g->val);
            g->rv_off[g->nrv] = g->rawv.n;
        }
        if (ext) {
            np++;
            sb_c(&g->sql, '$');
            sb_u64(&g->sql, np);
            if (np > 1)
                SB_LIT(&g->par, ", ");
            sb_c(&g->par, '$');
            sb_u64(&g->par, np);
            SB_LIT(&g->par, " = ");
            sb_quoted(&g->par, g->val.p, g->val.n, false);
        } else if (op->str) {
            sb_quoted(&g->sql, g->val.p, g->val.n, g->o.dialect == D_MY);
        } else {
            sb_sb(&g->sql, &g->val);
        }
    }
}

static void raw_value(const struct gen *g, unsigned i, struct sb *b)
{
    sb_put(b, g->rawv.p + g->rv_off[i], g->rv_off[i + 1] - g->rv_off[i]);
}

/* A log-normal duration in whole microseconds, with a rare stall (I/O, cache miss). */
static int64_t draw_us(struct gen *g, const struct shape *sh)
{
    double z = g->z[rng_next(&g->rng) >> (64 - ZBITS)];
    double v = exp(sh->mu + sh->sigma * z);
    if (rnd(&g->rng, 2000) == 0)
        v *= 5 + rnd(&g->rng, 45);
    if (g->incident && sh->def->tag && !strcmp(sh->def->tag, "hot"))
        v *= 25;
    if (v < 2)
        v = 2;
    return (int64_t)v;
}

/* ---------------------------------------------------------------- sessions */

struct user {
    const char *user, *db, *app, *host;
    unsigned char role, ssl;
    const char *userdb;       /* PostgreSQL prefix part "user@db" */
};

static const struct user pg_users[] = {
    {"app", "shop", "PostgreSQL JDBC Driver", NULL, R_APP, 1, "app@shop"},
    {"report", "shop", "Metabase v0.49.3", NULL, R_REPORT, 1, "report@shop"},
    {"batch", "shop", "nightly_jobs", NULL, R_BATCH, 0, "batch@shop"},
    {"admin", "shop", "psql", NULL, R_ADMIN, 0, "admin@shop"},
    {"monitor", "postgres", "postgres_exporter", NULL, R_ADMIN, 0, "monitor@postgres"},
};

static const struct user my_users[] = {
    {"app", "shop", NULL, NULL, R_APP, 0, NULL},
    {"report", "reporting", NULL, "bi-1.internal", R_REPORT, 0, NULL},
    {"batch", "shop", NULL, NULL, R_BATCH, 0, NULL},
    {"root", "shop", NULL, "localhost", R_ADMIN, 0, NULL},
    {"monitor", "shop", NULL, "localhost", R_ADMIN, 0, NULL},
};

#define ADMIN_SLOT 47

static unsigned slot_user(unsigned slot)
{
    return slot < 42 ? 0 : slot < 45 ? 1 : slot < 47 ? 2 : slot == ADMIN_SLOT ? 3 : 4;
}

/* Mostly application traffic; the admin session is busy while its DDL runs. */
static unsigned slot_pick(struct gen *g)
{
    uint32_t r = rnd(&g->rng, 1000);
    if (r < 960 || (r >= 985 && r < 990 && g->ddl_done_at))
        return rnd(&g->rng, 42);
    if (r < 975)
        return 42 + rnd(&g->rng, 3);
    if (r < 985)
        return 45 + rnd(&g->rng, 2);
    if (r < 990)
        return ADMIN_SLOT;
    return 48 + rnd(&g->rng, 2);
}

static uint32_t pid_new(struct gen *g)
{
    g->next_pid += 1 + rnd(&g->rng, 40);
    if (g->next_pid > 4000000)
        g->next_pid = 1000 + rnd(&g->rng, 1000);
    return g->next_pid;
}

static void sess_new(struct gen *g, unsigned slot, int64_t t)
{
    struct sess *s = &g->sess[slot];
    s->pid = pid_new(g);
    s->user = (unsigned char)slot_user(slot);
    s->left = s->user == 0 ? 200 + rnd(&g->rng, 5000) : 5 + rnd(&g->rng, 300);
    s->port = 32768 + rnd(&g->rng, 28000);
    s->ip = 10 + rnd(&g->rng, 40);
    s->start_us = t;
}

/* ---------------------------------------------------------------- PostgreSQL lines */

/* "2024-05-15 10:00:00.123 UTC [12345] app@shop LOG:  "; userdb NULL for background
 * processes, where %q ends the prefix. */
static void pg_head(struct gen *g, int64_t t, uint32_t pid, const char *userdb, const char *sev)
{
    put_pg_time(g, t);
    SB_LIT(&g->out, " [");
    sb_u64(&g->out, pid);
    SB_LIT(&g->out, "] ");
    if (userdb) {
        sb_str(&g->out, userdb);
        sb_c(&g->out, ' ');
    }
    sb_str(&g->out, sev);
    SB_LIT(&g->out, ":  ");
}

static void pg_shead(struct gen *g, const struct sess *s, int64_t t, const char *sev)
{
    pg_head(g, t, s->pid, pg_users[s->user].userdb, sev);
}

static void pg_stmt_line(struct gen *g, const struct sess *s, int64_t t, const char *sev,
                         const struct sb *sql)
{
    pg_shead(g, s, t, sev);
    put_pg_text(g, sql->p, sql->n);
    sb_c(&g->out, '\n');
}

static void pg_params(struct gen *g, const struct sess *s, int64_t t, const struct sb *par)
{
    if (!par->n)
        return;   /* PostgreSQL omits the DETAIL when there are no parameters */
    pg_shead(g, s, t, "DETAIL");
    SB_LIT(&g->out, "parameters: ");
    sb_sb(&g->out, par);
    sb_c(&g->out, '\n');
}

/* "duration: 0.532 ms  statement: ..." or "... execute S_3: ..." (+ DETAIL). */
static void pg_duration(struct gen *g, const struct sess *s, int64_t t, int64_t d,
                        const char *what, const struct sb *name, const struct sb *sql,
                        const struct sb *par)
{
    pg_shead(g, s, t, "LOG");
    SB_LIT(&g->out, "duration: ");
    sb_fix(&g->out, (uint64_t)d, 1000, 3);
    SB_LIT(&g->out, " ms  ");
    sb_str(&g->out, what);
    if (name) {
        sb_c(&g->out, ' ');
        sb_sb(&g->out, name);
    }
    SB_LIT(&g->out, ": ");
    put_pg_text(g, sql->p, sql->n);
    sb_c(&g->out, '\n');
    if (par)
        pg_params(g, s, t, par);
}

/* sh is NULL for the synthetic shapes of the many-statements modes. */
static void count_query(struct gen *g, const struct shape *sh, int64_t d)
{
    g->c.query++;
    g->c.dur_sum += (uint64_t)d;
    if (sh)
        g->shapes[sh - g->shapes].used = true;
}

/* Statement name as JDBC uses them: unnamed, S_n, rarely with a portal S_n/C_m. */
static void pg_stmt_name(struct gen *g, const struct shape *sh, struct sb *name)
{
    uint32_t r = rnd(&g->rng, 1000);
    name->n = 0;
    if (r < 400) {
        SB_LIT(name, "<unnamed>");
        return;
    }
    SB_LIT(name, "S_");
    sb_u64(name, (uint64_t)(sh - g->shapes) + 1);
    if (r < 405) {
        SB_LIT(name, "/C_");
        sb_u64(name, 1 + rnd(&g->rng, 9));
    }
}

static void pg_query_ext(struct gen *g, const struct sess *s, const struct shape *sh,
                         int64_t t, int64_t d)
{
    char nb[64];
    struct sb name = { nb, 0 };
    pg_stmt_name(g, sh, &name);
    if (rnd(&g->rng, 10) == 0) {
        pg_duration(g, s, t, 20 + rnd(&g->rng, 400), "parse", &name, &g->sql, NULL);
        g->c.parse++;
    }
    if (rnd(&g->rng, 4) == 0) {
        pg_duration(g, s, t, 5 + rnd(&g->rng, 150), "bind", &name, &g->sql, &g->par);
        g->c.bind++;
    }
    pg_duration(g, s, t, d, "execute", &name, &g->sql, &g->par);
}

static void pg_tempfile(struct gen *g, const struct sess *s, int64_t t)
{
    pg_shead(g, s, t, "LOG");
    SB_LIT(&g->out, "temporary file: path \"base/pgsql_tmp/pgsql_tmp");
    sb_u64(&g->out, s->pid);
    sb_c(&g->out, '.');
    sb_u64(&g->out, rnd(&g->rng, 8));
    SB_LIT(&g->out, "\", size ");
    sb_u64(&g->out, (uint64_t)(1 + rnd(&g->rng, 4096)) * 65536);
    sb_c(&g->out, '\n');
    pg_stmt_line(g, s, t, "STATEMENT", &g->sql);
    g->c.tempfiles++;
}

static void pg_query(struct gen *g, const struct sess *s, int64_t t)
{
    const struct shape *sh = shape_pick(g, pg_users[s->user].role);
    int64_t d;
    render(g, sh, sh->def->ext);
    d = draw_us(g, sh);
    if (sh->def->ext) {
        pg_query_ext(g, s, sh, t, d);
    } else {
        if (sh->def->role == R_REPORT && rnd(&g->rng, 4) == 0)
            pg_tempfile(g, s, t);
        pg_duration(g, s, t, d, "statement", NULL, &g->sql, NULL);
    }
    count_query(g, sh, d);
}

static void pg_connect(struct gen *g, unsigned slot, int64_t t)
{
    const struct user *u;
    sess_new(g, slot, t);
    u = &pg_users[g->sess[slot].user];
    pg_head(g, t, g->sess[slot].pid, "[unknown]@[unknown]", "LOG");
    SB_LIT(&g->out, "connection received: host=10.0.1.");
    sb_u64(&g->out, g->sess[slot].ip);
    SB_LIT(&g->out, " port=");
    sb_u64(&g->out, g->sess[slot].port);
    sb_c(&g->out, '\n');
    g->c.conn_recv++;
    if (rnd(&g->rng, 200) == 0) {   /* a failed login; the slot retries with a new pid */
        pg_shead(g, &g->sess[slot], t, "FATAL");
        SB_LIT(&g->out, "password authentication failed for user \"");
        sb_str(&g->out, u->user);
        SB_LIT(&g->out, "\"\n");
        pg_shead(g, &g->sess[slot], t, "DETAIL");
        SB_LIT(&g->out, "Connection matched file \"/etc/postgresql/16/main/pg_hba.conf\" line 102: \"host all all 10.0.0.0/8 scram-sha-256\"\n");
        g->c.fatals++;
        g->c.errors++;
        pg_connect(g, slot, t);
        return;
    }
    pg_shead(g, &g->sess[slot], t, "LOG");
    SB_LIT(&g->out, "connection authenticated: identity=\"");
    sb_str(&g->out, u->user);
    SB_LIT(&g->out, "\" method=scram-sha-256 (/etc/postgresql/16/main/pg_hba.conf:102)\n");
    pg_shead(g, &g->sess[slot], t, "LOG");
    SB_LIT(&g->out, "connection authorized: user=");
    sb_str(&g->out, u->user);
    SB_LIT(&g->out, " database=");
    sb_str(&g->out, u->db);
    SB_LIT(&g->out, " application_name=");
    sb_str(&g->out, u->app);
    if (u->ssl)
        SB_LIT(&g->out, " SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)");
    sb_c(&g->out, '\n');
    g->c.conn_auth++;
}

static void pg_disconnect(struct gen *g, const struct sess *s, int64_t t)
{
    uint64_t ms = (uint64_t)(t - s->start_us) / 1000;
    const struct user *u = &pg_users[s->user];
    pg_shead(g, s, t, "LOG");
    SB_LIT(&g->out, "disconnection: session time: ");
    sb_u64(&g->out, ms / 3600000);
    sb_c(&g->out, ':');
    sb_pad(&g->out, ms / 60000 % 60, 2);
    sb_c(&g->out, ':');
    sb_pad(&g->out, ms / 1000 % 60, 2);
    sb_c(&g->out, '.');
    sb_pad(&g->out, ms % 1000, 3);
    SB_LIT(&g->out, " user=");
    sb_str(&g->out, u->user);
    SB_LIT(&g->out, " database=");
    sb_str(&g->out, u->db);
    SB_LIT(&g->out, " host=10.0.1.");
    sb_u64(&g->out, s->ip);
    SB_LIT(&g->out, " port=");
    sb_u64(&g->out, s->port);
    sb_c(&g->out, '\n');
    g->c.disc++;
}

/* ---------------------------------------------------------------- PostgreSQL errors */

static void pg_err_head(struct gen *g, const struct sess *s, int64_t t)
{
    pg_shead(g, s, t, "ERROR");
    g->c.errors++;
}

static void pg_err_unique_email(struct gen *g, const struct sess *s, int64_t t)
{
    render(g, shape_by_tag(g, "users_insert", 0), false);
    pg_err_head(g, s, t);
    SB_LIT(&g->out, "duplicate key value violates unique constraint \"users_email_key\"\n");
    pg_shead(g, s, t, "DETAIL");
    SB_LIT(&g->out, "Key (email)=(");
    raw_value(g, 0, &g->out);
    SB_LIT(&g->out, ") already exists.\n");
    pg_stmt_line(g, s, t, "STATEMENT", &g->sql);
}

static void pg_err_unique_items(struct gen *g, const struct sess *s, int64_t t)
{
    render(g, shape_by_tag(g, "items_insert", 0), true);
    pg_err_head(g, s, t);
    SB_LIT(&g->out, "duplicate key value violates unique constraint \"order_items_pkey\"\n");
    pg_shead(g, s, t, "DETAIL");
    SB_LIT(&g->out, "Key (order_id, product_id)=(");
    raw_value(g, 0, &g->out);
    SB_LIT(&g->out, ", ");
    raw_value(g, 1, &g->out);
    SB_LIT(&g->out, ") already exists.\n");
    pg_stmt_line(g, s, t, "STATEMENT", &g->sql);
}

static void pg_err_timeout(struct gen *g, const struct sess *s, int64_t t)
{
    render(g, shape_by_tag(g, "report", rnd(&g->rng, 4)), false);
    pg_err_head(g, s, t);
    SB_LIT(&g->out, "canceling statement due to statement timeout\n");
    pg_stmt_line(g, s, t, "STATEMENT", &g->sql);
}

static void pg_err_deadlock(struct gen *g, const struct sess *s, int64_t t)
{
    uint32_t other = g->sess[rnd(&g->rng, 42)].pid, x = 7000000 + rnd(&g->rng, 900000);
    if (other == s->pid)
        other = g->sess[(s - g->sess + 1) % 42].pid;
    render(g, shape_by_tag(g, "orders_update", 0), true);
    pg_err_head(g, s, t);
    g->c.deadlocks++;
    SB_LIT(&g->out, "deadlock detected\n");
    pg_shead(g, s, t, "DETAIL");
    SB_LIT(&g->out, "Process ");
    sb_u64(&g->out, s->pid);
    SB_LIT(&g->out, " waits for ShareLock on transaction ");
    sb_u64(&g->out, x);
    SB_LIT(&g->out, "; blocked by process ");
    sb_u64(&g->out, other);
    SB_LIT(&g->out, ".\n\tProcess ");
    sb_u64(&g->out, other);
    SB_LIT(&g->out, " waits for ShareLock on transaction ");
    sb_u64(&g->out, x + 1 + rnd(&g->rng, 50));
    SB_LIT(&g->out, "; blocked by process ");
    sb_u64(&g->out, s->pid);
    SB_LIT(&g->out, ".\n\tProcess ");
    sb_u64(&g->out, s->pid);
    SB_LIT(&g->out, ": ");
    sb_sb(&g->out, &g->sql);
    SB_LIT(&g->out, "\n\tProcess ");
    sb_u64(&g->out, other);
    SB_LIT(&g->out, ": ");
    sb_sb(&g->out, &g->sql);
    sb_c(&g->out, '\n');
    pg_shead(g, s, t, "HINT");
    SB_LIT(&g->out, "See server log for query details.\n");
    pg_shead(g, s, t, "CONTEXT");
    SB_LIT(&g->out, "while updating tuple (");
    sb_u64(&g->out, rnd(&g->rng, 90000));
    sb_c(&g->out, ',');
    sb_u64(&g->out, 1 + rnd(&g->rng, 60));
    SB_LIT(&g->out, ") in relation \"orders\"\n");
    pg_stmt_line(g, s, t, "STATEMENT", &g->sql);
}

static void pg_err_serialize(struct gen *g, const struct sess *s, int64_t t)
{
    render(g, shape_by_tag(g, "orders_update", 0), true);
    pg_err_head(g, s, t);
    SB_LIT(&g->out, "could not serialize access due to concurrent update\n");
    pg_stmt_line(g, s, t, "STATEMENT", &g->sql);
}

static void pg_err_syntax(struct gen *g, const struct sess *s, int64_t t)
{
    g->sql.n = 0;
    SB_LIT(&g->sql, "SELECT id, name FORM products WHERE id = ");
    sb_u64(&g->sql, 1 + rnd(&g->rng, 100000));
    pg_err_head(g, s, t);
    SB_LIT(&g->out, "syntax error at or near \"FORM\" at character 17\n");
    pg_stmt_line(g, s, t, "STATEMENT", &g->sql);
}

static void pg_err_norel(struct gen *g, const struct sess *s, int64_t t)
{
    g->sql.n = 0;
    SB_LIT(&g->sql, "SELECT count(*) FROM order_item WHERE order_id = ");
    sb_u64(&g->sql, 1 + rnd(&g->rng, 2000000));
    pg_err_head(g, s, t);
    SB_LIT(&g->out, "relation \"order_item\" does not exist at character 22\n");
    pg_stmt_line(g, s, t, "STATEMENT", &g->sql);
}

static void pg_err_notnull(struct gen *g, const struct sess *s, int64_t t)
{
    render(g, shape_by_tag(g, "customers_update", 0), false);
    pg_err_head(g, s, t);
    SB_LIT(&g->out, "null value in column \"email\" of relation \"customers\" violates not-null constraint\n");
    pg_shead(g, s, t, "DETAIL");
    SB_LIT(&g->out, "Failing row contains (");
    raw_value(g, 2, &g->out);
    SB_LIT(&g->out, ", ");
    raw_value(g, 0, &g->out);
    SB_LIT(&g->out, ", null).\n");
    pg_stmt_line(g, s, t, "STATEMENT", &g->sql);
}

typedef void (*pg_err_fn)(struct gen *, const struct sess *, int64_t);

static const struct { pg_err_fn fn; unsigned weight; } pg_errs[] = {
    {pg_err_unique_email, 30}, {pg_err_unique_items, 20}, {pg_err_deadlock, 5}, {pg_err_serialize, 10}, {pg_err_syntax, 5}, {pg_err_norel, 5},
    {pg_err_notnull, 15},
};

static void pg_error(struct gen *g, const struct sess *s, int64_t t)
{
    unsigned total = 0, r, i = 0;
    for (size_t k = 0; k < sizeof pg_errs / sizeof pg_errs[0]; k++)
        total += pg_errs[k].weight;
    r = rnd(&g->rng, total);
    while (r >= pg_errs[i].weight)
        r -= pg_errs[i++].weight;
    pg_errs[i].fn(g, s, t);
}

/* ---------------------------------------------------------------- PostgreSQL lock waits */

static void pg_lock_lines(struct gen *g, const struct sess *s, int64_t t, bool acquired)
{
    struct lockwait *lw = &g->lock;
    pg_shead(g, s, t, "LOG");
    SB_LIT(&g->out, "process ");
    sb_u64(&g->out, s->pid);
    sb_str(&g->out, acquired ? " acquired" : " still waiting for");
    SB_LIT(&g->out, " ShareLock on transaction ");
    sb_u64(&g->out, lw->xid);
    SB_LIT(&g->out, " after ");
    sb_fix(&g->out, (uint64_t)(acquired ? lw->wait_us : 1000000 + rnd(&g->rng, 400)), 1000, 3);
    SB_LIT(&g->out, " ms\n");
    if (!acquired) {
        pg_shead(g, s, t, "DETAIL");
        SB_LIT(&g->out, "Process holding the lock: ");
        sb_u64(&g->out, lw->holder);
        SB_LIT(&g->out, ". Wait queue: ");
        sb_u64(&g->out, s->pid);
        SB_LIT(&g->out, ".\n");
    }
    pg_shead(g, s, t, "CONTEXT");
    SB_LIT(&g->out, "while updating tuple (");
    sb_u64(&g->out, lw->block);
    sb_c(&g->out, ',');
    sb_u64(&g->out, lw->item);
    SB_LIT(&g->out, ") in relation \"");
    sb_str(&g->out, lw->rel);
    SB_LIT(&g->out, "\"\n");
    pg_stmt_line(g, s, t, "STATEMENT", &lw->sql);
}

static void pg_lock_wait(struct gen *g, unsigned slot, int64_t t)
{
    struct lockwait *lw = &g->lock;
    bool inv = rnd(&g->rng, 2);
    lw->sh = shape_by_tag(g, inv ? "inventory_update" : "orders_update", 0);
    lw->rel = inv ? "inventory" : "orders";
    render(g, lw->sh, true);
    lw->sql.n = lw->par.n = 0;
    sb_sb(&lw->sql, &g->sql);
    sb_sb(&lw->par, &g->par);
    lw->slot = (int)slot;
    lw->holder = g->sess[(slot + 1 + rnd(&g->rng, 40)) % 42].pid;
    lw->xid = 7000000 + rnd(&g->rng, 900000);
    lw->block = rnd(&g->rng, 50000);
    lw->item = 1 + rnd(&g->rng, 80);
    lw->wait_us = 1000000 + (int64_t)(exp(log(800000.0) + 0.8 * g->z[rng_next(&g->rng) >> (64 - ZBITS)]));
    pg_lock_lines(g, &g->sess[slot], t, false);
    g->c.lock_waits++;
}

/* The waiter gets its lock, then its statement completes: a query event. */
static void pg_lock_acquired(struct gen *g, const struct sess *s, int64_t t)
{
    struct lockwait *lw = &g->lock;
    char nb[] = "<unnamed>";
    struct sb name = { nb, sizeof nb - 1 };
    int64_t d = lw->wait_us + 50 + rnd(&g->rng, 2000);
    pg_lock_lines(g, s, t, true);
    pg_duration(g, s, t, d, "execute", &name, &lw->sql, &lw->par);
    count_query(g, lw->sh, d);
    g->c.lock_acq++;
    lw->slot = -1;
}

/* ---------------------------------------------------------------- PostgreSQL background */

static const char *const pg_tables[] = {
    "users", "orders", "order_items", "products", "inventory", "customers", "payments",
    "sessions", "audit_log", "shipments",
};

static void pg_checkpoint(struct gen *g, int64_t t)
{
    if (t >= g->next_ckpt && !g->ckpt_done_at) {
        pg_head(g, t, g->ckpt_pid, NULL, "LOG");
        SB_LIT(&g->out, "checkpoint starting: time\n");
        g->c.ckpt_start++;
        g->ckpt_done_at = t + 240000000 + (int64_t)rnd(&g->rng, 30000000);
        g->next_ckpt += 300000000;
    }
    if (g->ckpt_done_at && t >= g->ckpt_done_at) {
        uint32_t buf = 2000 + rnd(&g->rng, 40000), w = 240000 + rnd(&g->rng, 30000);
        uint32_t sy = 5 + rnd(&g->rng, 300), dist = 20000 + rnd(&g->rng, 400000);
        pg_head(g, t, g->ckpt_pid, NULL, "LOG");
        SB_LIT(&g->out, "checkpoint complete: wrote ");
        sb_u64(&g->out, buf);
        SB_LIT(&g->out, " buffers (");
        sb_fix(&g->out, buf * 1000ull / 16384, 10, 1);
        SB_LIT(&g->out, "%); 0 WAL file(s) added, 0 removed, ");
        sb_u64(&g->out, rnd(&g->rng, 8));
        SB_LIT(&g->out, " recycled; write=");
        sb_fix(&g->out, w, 1000, 3);
        SB_LIT(&g->out, " s, sync=");
        sb_fix(&g->out, sy, 1000, 3);
        SB_LIT(&g->out, " s, total=");
        sb_fix(&g->out, w + sy + rnd(&g->rng, 40), 1000, 3);
        SB_LIT(&g->out, " s; sync files=");
        sb_u64(&g->out, 10 + rnd(&g->rng, 90));
        SB_LIT(&g->out, ", longest=0.0");
        sb_pad(&g->out, rnd(&g->rng, 40), 2);
        SB_LIT(&g->out, " s, average=0.001 s; distance=");
        sb_u64(&g->out, dist);
        SB_LIT(&g->out, " kB, estimate=");
        sb_u64(&g->out, dist + rnd(&g->rng, 50000));
        SB_LIT(&g->out, " kB\n");
        g->c.ckpt_done++;
        g->ckpt_done_at = 0;
    }
}

static void put_kv(struct gen *g, const char *k, uint64_t v, const char *after)
{
    sb_str(&g->out, k);
    sb_u64(&g->out, v);
    sb_str(&g->out, after);
}

static void pg_av_tail(struct gen *g)
{
    SB_LIT(&g->out, "\tavg read rate: ");
    sb_fix(&g->out, rnd(&g->rng, 90000), 1000, 3);
    SB_LIT(&g->out, " MB/s, avg write rate: ");
    sb_fix(&g->out, rnd(&g->rng, 40000), 1000, 3);
    SB_LIT(&g->out, " MB/s\n");
    put_kv(g, "\tbuffer usage: ", 100 + rnd(&g->rng, 90000), " hits, ");
    put_kv(g, "", rnd(&g->rng, 5000), " misses, ");
    put_kv(g, "", rnd(&g->rng, 3000), " dirtied\n");
}

static void pg_autovacuum(struct gen *g, int64_t t)
{
    uint32_t pid = pid_new(g), pages = 100 + rnd(&g->rng, 200000);
    const char *tbl = pg_tables[rnd(&g->rng, 10)];
    bool vac = rnd(&g->rng, 5) < 3;
    pg_head(g, t, pid, NULL, "LOG");
    SB_LIT(&g->out, "automatic ");
    sb_str(&g->out, vac ? "vacuum" : "analyze");
    SB_LIT(&g->out, " of table \"shop.public.");
    sb_str(&g->out, tbl);
    sb_c(&g->out, '"');
    if (vac) {
        put_kv(g, ": index scans: ", rnd(&g->rng, 2), "\n");
        put_kv(g, "\tpages: 0 removed, ", pages, " remain, ");
        put_kv(g, "", pages / 5, " scanned (20.00% of total)\n");
        put_kv(g, "\ttuples: ", rnd(&g->rng, 50000), " removed, ");
        put_kv(g, "", pages * 40ull, " remain, ");
        put_kv(g, "", rnd(&g->rng, 100), " are dead but not yet removable\n");
        put_kv(g, "\tremovable cutoff: ", 7000000 + rnd(&g->rng, 900000), ", which was ");
        put_kv(g, "", rnd(&g->rng, 500), " XIDs old when operation ended\n");
        SB_LIT(&g->out, "\tindex \"");
        sb_str(&g->out, tbl);
        put_kv(g, "_pkey\": pages: ", pages / 8 + 1, " in total, 0 newly deleted, 0 currently deleted, 0 reusable\n");
        pg_av_tail(g);
        put_kv(g, "\tWAL usage: ", rnd(&g->rng, 20000), " records, ");
        put_kv(g, "", rnd(&g->rng, 500), " full page images, ");
        put_kv(g, "", rnd(&g->rng, 9000000), " bytes\n");
        g->c.vacuum++;
    } else {
        sb_c(&g->out, '\n');
        pg_av_tail(g);
        g->c.analyze++;
    }
    SB_LIT(&g->out, "\tsystem usage: CPU: user: ");
    sb_fix(&g->out, rnd(&g->rng, 300), 100, 2);
    SB_LIT(&g->out, " s, system: 0.0");
    sb_u64(&g->out, rnd(&g->rng, 10));
    SB_LIT(&g->out, " s, elapsed: ");
    sb_fix(&g->out, rnd(&g->rng, 2000), 100, 2);
    SB_LIT(&g->out, " s\n");
}

/* DDL run by the admin session at fixed points of the timeline.  Dropping
 * orders_customer_id_idx starts an incident on the "hot" shape (25x slower) that ends
 * when the index is rebuilt: the culprit a change-point analysis should name. */
static const struct ddl_def { double at; const char *sql; double ms; int incident; } pg_ddl[] = {
    {0.15, "CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at)", 48000, 0},
    {0.35, "ALTER TABLE users ADD COLUMN last_login_at timestamptz", 12, 0},
    {0.45, "CREATE TABLE tmp_import (\n    id bigint PRIMARY KEY,\n    payload jsonb NOT NULL,\n    imported_at timestamptz DEFAULT now()\n)", 9, 0},
    {0.50, "DROP TABLE tmp_import", 15, 0},
    {0.60, "DROP INDEX CONCURRENTLY orders_customer_id_idx", 250, 1},
    {0.68, "CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id)", 61000, -1},
    {0.80, "DROP INDEX orders_created_at_idx", 35, 0},
};
#define N_DDL (sizeof pg_ddl / sizeof pg_ddl[0])

static void pg_ddl_step(struct gen *g, int64_t t)
{
    const struct sess *s = &g->sess[ADMIN_SLOT];
    if (g->ddl_done_at && t >= g->ddl_done_at) {
        /* log_statement already printed the text: PostgreSQL logs the duration alone */
        pg_shead(g, s, t, "LOG");
        SB_LIT(&g->out, "duration: ");
        sb_fix(&g->out, (uint64_t)g->ddl_dur, 1000, 3);
        SB_LIT(&g->out, " ms\n");
        g->c.ddl_dur_sum += (uint64_t)g->ddl_dur;
        if (pg_ddl[g->next_ddl - 1].incident < 0) {
            g->incident = false;
            g->incident_to = t;
        }
        g->ddl_done_at = 0;
    }
    if (g->ddl_done_at || g->next_ddl >= N_DDL ||
        t < g->o.start_us + (int64_t)(pg_ddl[g->next_ddl].at * (double)g->o.span_us))
        return;
    pg_shead(g, s, t, "LOG");
    SB_LIT(&g->out, "statement: ");
    put_pg_text(g, pg_ddl[g->next_ddl].sql, strlen(pg_ddl[g->next_ddl].sql));
    sb_c(&g->out, '\n');
    g->ddl_dur = (int64_t)(pg_ddl[g->next_ddl].ms * (900 + rnd(&g->rng, 200)));
    g->ddl_done_at = t + g->ddl_dur;
    if (pg_ddl[g->next_ddl].incident > 0) {
        g->incident = true;
        g->incident_from = t;
    }
    g->next_ddl++;
    g->c.ddl++;
}

static void pg_scheduled(struct gen *g, int64_t t)
{
    pg_checkpoint(g, t);
    if (t >= g->next_av) {
        pg_autovacuum(g, t);
        g->next_av = t + 20000000 + (int64_t)rnd(&g->rng, 140000000);
    }
    pg_ddl_step(g, t);
}

/* ---------------------------------------------------------------- PostgreSQL driver */

static void pg_step(struct gen *g, unsigned slot, int64_t t)
{
    struct sess *s = &g->sess[slot];
    uint32_t r;
    if (g->lock.slot == (int)slot) {
        pg_lock_acquired(g, s, t);
        return;
    }
    if (s->left == 0) {
        pg_disconnect(g, s, t);
        pg_connect(g, slot, t);
        return;
    }
    s->left--;
    r = rnd(&g->rng, 100000);
    if (r < 1000 && pg_users[s->user].role == R_REPORT)
        pg_err_timeout(g, s, t);   /* statement_timeout hits the slow reports */
    else if (r < 150 && slot < 42)
        pg_error(g, s, t);
    else if (r < 190 && slot < 42 && g->lock.slot < 0)
        pg_lock_wait(g, slot, t);
    else
        pg_query(g, s, t);
}

/* The log starts mid-run: sessions are already connected. */
static void sessions_init(struct gen *g)
{
    for (unsigned i = 0; i < NSLOTS; i++) {
        sess_new(g, i, g->o.start_us - (int64_t)rnd(&g->rng, 3600) * 1000000);
        g->sess[i].left = rnd(&g->rng, g->sess[i].left);
    }
}

static void pg_run(struct gen *g)
{
    shapes_setup(g, pg_shapes, sizeof pg_shapes / sizeof pg_shapes[0]);
    g->ckpt_pid = 800 + rnd(&g->rng, 100);
    g->next_pid = 20000;
    g->next_ckpt = g->o.start_us + 17000000;
    g->next_av = g->o.start_us + 5000000;
    g->lock.slot = -1;
    g->lock.sql = sb_alloc(SCRATCH);
    g->lock.par = sb_alloc(SCRATCH);
    sessions_init(g);
    while (out_bytes(g) < g->o.size) {
        int64_t t;
        out_room(g);
        t = gen_now(g);
        pg_scheduled(g, t);
        pg_step(g, slot_pick(g), t);
    }
}

/* ---------------------------------------------------------------- many-statements modes */

/* Fingerprint k -> one of four statement forms over table t_<k>.  `uniq` >= 0 makes
 * the text unique (texts mode); otherwise literals are random. */
static void synth_sql(struct gen *g, uint64_t k, int64_t uniq)
{
    struct sb *b = &g->sql;
    uint64_t v = uniq >= 0 ? (uint64_t)uniq : 1 + rnd(&g->rng, 1000000);
    b->n = 0;
    switch (k % 4) {
    case 0: SB_LIT(b, "SELECT c"); sb_u64(b, k % 7); SB_LIT(b, ", c"); sb_u64(b, k % 11 + 7);
        SB_LIT(b, " FROM t_"); sb_u64(b, k); SB_LIT(b, " WHERE id = "); sb_u64(b, v); break;
    case 1: SB_LIT(b, "UPDATE t_"); sb_u64(b, k); SB_LIT(b, " SET c"); sb_u64(b, k % 5);
        SB_LIT(b, " = "); sb_u64(b, rnd(&g->rng, 1000)); SB_LIT(b, " WHERE id = "); sb_u64(b, v); break;
    case 2: SB_LIT(b, "INSERT INTO t_"); sb_u64(b, k); SB_LIT(b, " (c1, c2) VALUES (");
        sb_u64(b, v); SB_LIT(b, ", '"); val_word(g, b); SB_LIT(b, "')"); break;
    default: SB_LIT(b, "DELETE FROM t_"); sb_u64(b, k); SB_LIT(b, " WHERE c3 < ");
        sb_u64(b, v); break;
    }
}

static uint64_t gcd(uint64_t a, uint64_t b)
{
    while (b) { uint64_t t = a % b; a = b; b = t; }
    return a;
}

static void pg_run_many(struct gen *g)
{
    static const struct shape_def def = {"", 1, R_APP, 0, 0.5f, 1.0f, 0, 0, NULL};
    struct shape sh = { &def, NULL, 0, log(500.0), 1.0, false };
    uint64_t stride = 1000003;   /* visits every fingerprint once per F events */
    while (gcd(stride, g->o.fps) != 1)
        stride += 2;
    g->next_pid = 20000;
    sessions_init(g);
    for (uint64_t i = 0; i < g->o.events; i++) {
        unsigned slot = rnd(&g->rng, 42);
        int64_t t, d;
        out_room(g);
        t = gen_now(g);
        if (g->sess[slot].left == 0) {
            pg_disconnect(g, &g->sess[slot], t);
            pg_connect(g, slot, t);
        }
        g->sess[slot].left--;
        synth_sql(g, i * stride % g->o.fps, g->o.mode == M_TEXTS ? (int64_t)i + 1 : -1);
        d = draw_us(g, &sh);
        pg_duration(g, &g->sess[slot], t, d, "statement", NULL, &g->sql, NULL);
        count_query(g, NULL, d);
    }
    g->c.fps = g->o.events < g->o.fps ? g->o.events : g->o.fps;
    g->c.texts = g->o.mode == M_TEXTS ? g->o.events : 0;
}

/* ---------------------------------------------------------------- MySQL slow log */

static const struct ddl_def my_ddl[] = {
    {0.15, "ALTER TABLE orders ADD INDEX idx_created_at (created_at)", 48000, 0},
    {0.45, "CREATE TABLE tmp_import (\n  id BIGINT PRIMARY KEY,\n  payload JSON NOT NULL\n) ENGINE=InnoDB", 9, 0},
    {0.50, "DROP TABLE tmp_import", 15, 0},
    {0.60, "ALTER TABLE orders DROP INDEX idx_customer_id", 250, 1},
    {0.68, "ALTER TABLE orders ADD INDEX idx_customer_id (customer_id)", 61000, -1},
};
#define N_MY_DDL (sizeof my_ddl / sizeof my_ddl[0])

static void my_header(struct gen *g)
{
    SB_LIT(&g->out, "/usr/sbin/mariadbd, Version: 10.11.6-MariaDB-log (MariaDB Server). started with:\n"
                    "Tcp port: 3306  Unix socket: /run/mysqld/mysqld.sock\n"
                    "Time                 Id Command    Argument\n");
}

static void my_user_host(struct gen *g, const struct sess *s, bool mariadb)
{
    const struct user *u = &my_users[s->user];
    SB_LIT(&g->out, "# User@Host: ");
    sb_str(&g->out, u->user);
    sb_c(&g->out, '[');
    sb_str(&g->out, u->user);
    SB_LIT(&g->out, "] @ ");
    if (u->host) {
        sb_str(&g->out, u->host);
        SB_LIT(&g->out, " []");
    } else {   /* no reverse DNS: empty host name, address in brackets */
        SB_LIT(&g->out, " [10.0.2.");
        sb_u64(&g->out, s->ip);
        sb_c(&g->out, ']');
    }
    if (!mariadb) {
        char id[32];
        snprintf(id, sizeof id, "  Id: %5u", (unsigned)s->pid);
        sb_str(&g->out, id);
    }
    sb_c(&g->out, '\n');
    if (mariadb) {
        put_kv(g, "# Thread_id: ", s->pid, "  Schema: ");
        sb_str(&g->out, u->db);
        SB_LIT(&g->out, "  QC_hit: No\n");
    }
}

struct my_stats { int64_t d, lock; uint64_t sent, exam, aff; };

static void my_stats_for(struct gen *g, const struct shape_def *def, int64_t d, struct my_stats *st)
{
    st->d = d;
    st->lock = def->scan ? 20 + rnd(&g->rng, 150) : 0;
    if (st->lock > d)
        st->lock = d / 2;
    st->sent = def->rows ? 1 + rnd(&g->rng, def->rows) : 0;
    st->exam = def->rows ? st->sent * def->scan : def->scan * (1 + rnd(&g->rng, 3));
    st->aff = def->rows || !def->scan ? 0 : 1 + (def->role == R_BATCH) * rnd(&g->rng, 5000);
}

/* One slow-log entry; `sql` is the statement without its terminating ';'. */
static void my_entry(struct gen *g, const struct sess *s, int64_t t, const struct my_stats *st,
                     const char *sql, size_t n)
{
    bool mariadb = rnd(&g->rng, 10) < 3;
    const char *db = my_users[s->user].db;
    if (t / 1000000 != g->my_last_sec) {
        if (t / 1000000 != g->tc_sec)
            tc_set(g, t / 1000000);
        SB_LIT(&g->out, "# Time: ");
        sb_put(&g->out, g->tc_my, 15);
        sb_c(&g->out, '\n');
        g->my_last_sec = t / 1000000;
    }
    my_user_host(g, s, mariadb);
    SB_LIT(&g->out, "# Query_time: ");
    sb_fix(&g->out, (uint64_t)st->d, 1000000, 6);
    SB_LIT(&g->out, "  Lock_time: ");
    sb_fix(&g->out, (uint64_t)st->lock, 1000000, 6);
    put_kv(g, "  Rows_sent: ", st->sent, "");
    put_kv(g, "  Rows_examined: ", st->exam, "\n");
    if (mariadb) {
        put_kv(g, "# Rows_affected: ", st->aff, "");
        put_kv(g, "  Bytes_sent: ", 11 + st->sent * (40 + rnd(&g->rng, 80)), "\n");
    }
    if (!g->my_last_db || strcmp(db, g->my_last_db)) {   /* as mysqld: when the db changes */
        SB_LIT(&g->out, "use ");
        sb_str(&g->out, db);
        SB_LIT(&g->out, ";\n");
        g->my_last_db = db;
    }
    put_kv(g, "SET timestamp=", (uint64_t)((t - st->d) / 1000000), ";\n");
    sb_put(&g->out, sql, n);
    SB_LIT(&g->out, ";\n");
}

static void my_query(struct gen *g, struct sess *s, int64_t t)
{
    const struct shape *sh = shape_pick(g, my_users[s->user].role);
    struct my_stats st;
    render(g, sh, false);
    my_stats_for(g, sh->def, draw_us(g, sh), &st);
    my_entry(g, s, t, &st, g->sql.p, g->sql.n);
    count_query(g, sh, st.d);
    g->c.lock_sum += (uint64_t)st.lock;
    g->c.rows_sent += st.sent;
    g->c.rows_exam += st.exam;
    g->c.rows_aff += st.aff;
}

/* DDL appear in the slow log like any statement; counted apart from query events. */
static void my_ddl_step(struct gen *g, int64_t t)
{
    struct my_stats st = {0, 0, 0, 0, 0};
    const struct ddl_def *dd;
    if (g->next_ddl >= N_MY_DDL ||
        t < g->o.start_us + (int64_t)(my_ddl[g->next_ddl].at * (double)g->o.span_us))
        return;
    dd = &my_ddl[g->next_ddl++];
    st.d = (int64_t)(dd->ms * (900 + rnd(&g->rng, 200)));
    my_entry(g, &g->sess[ADMIN_SLOT], t, &st, dd->sql, strlen(dd->sql));
    g->c.ddl++;
    g->c.ddl_dur_sum += (uint64_t)st.d;
    if (dd->incident > 0) {
        g->incident = true;
        g->incident_from = t - st.d;
    } else if (dd->incident < 0) {
        g->incident = false;
        g->incident_to = t;
    }
}

static void my_run(struct gen *g)
{
    shapes_setup(g, my_shapes, sizeof my_shapes / sizeof my_shapes[0]);
    g->next_pid = 100;
    g->my_last_sec = -1;
    sessions_init(g);
    my_header(g);
    while (out_bytes(g) < g->o.size) {
        unsigned slot;
        int64_t t;
        out_room(g);
        t = gen_now(g);
        my_ddl_step(g, t);
        slot = slot_pick(g);
        if (g->sess[slot].left == 0)
            sess_new(g, slot, t);   /* the slow log has no connect lines */
        g->sess[slot].left--;
        my_query(g, &g->sess[slot], t);
    }
}

/* ---------------------------------------------------------------- truth file */

static void iso_time(int64_t us, char *buf, size_t n)
{
    time_t tt = (time_t)(us / 1000000);
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

#define TRUTH(k, v) fprintf(f, "%s=%llu\n", k, (unsigned long long)(v))

static void truth_counts(const struct gen *g, FILE *f)
{
    unsigned shapes = 0;
    for (unsigned i = 0; i < g->nshapes; i++)
        shapes += g->shapes[i].used;
    TRUTH("query_events", g->c.query);
    TRUTH("duration_sum_us", g->c.dur_sum);
    TRUTH("fingerprints", g->o.mode == M_NORMAL ? shapes : g->c.fps);
    if (g->o.mode == M_TEXTS)
        TRUTH("distinct_texts", g->c.texts);
    TRUTH("ddl", g->c.ddl);
    TRUTH("ddl_duration_sum_us", g->c.ddl_dur_sum);
    if (g->o.dialect == D_MY) {
        TRUTH("lock_time_sum_us", g->c.lock_sum);
        TRUTH("rows_sent_sum", g->c.rows_sent);
        TRUTH("rows_examined_sum", g->c.rows_exam);
        TRUTH("rows_affected_sum", g->c.rows_aff);
        return;
    }
    TRUTH("parse_phase_lines", g->c.parse);
    TRUTH("bind_phase_lines", g->c.bind);
    TRUTH("errors", g->c.errors);
    TRUTH("fatals", g->c.fatals);
    TRUTH("deadlocks", g->c.deadlocks);
    TRUTH("lock_waits", g->c.lock_waits);
    TRUTH("lock_acquired", g->c.lock_acq);
    TRUTH("checkpoint_starting", g->c.ckpt_start);
    TRUTH("checkpoint_complete", g->c.ckpt_done);
    TRUTH("autovacuum", g->c.vacuum);
    TRUTH("autoanalyze", g->c.analyze);
    TRUTH("connection_received", g->c.conn_recv);
    TRUTH("connection_authorized", g->c.conn_auth);
    TRUTH("disconnections", g->c.disc);
    TRUTH("temp_files", g->c.tempfiles);
}

static void truth_write(const struct gen *g)
{
    static const char *const modes[] = {"normal", "texts", "fingerprints"};
    char path[4096], a[32], b[32];
    FILE *f;
    snprintf(path, sizeof path, "%s.truth", g->o.path);
    if (!(f = fopen(path, "w")))
        die(path);
    fprintf(f, "# genlog truth: what the generator wrote (exact). query_events counts completed\n"
               "# statements (PostgreSQL: 'duration: ... statement:' and '... execute ...:' lines;\n"
               "# not parse/bind phases, not the bare 'duration:' lines ending DDL; MySQL: entries\n"
               "# that are not DDL). fingerprints assumes literals, IN lists and $n are normalised.\n");
    fprintf(f, "format=%s\nmode=%s\nseed=%llu\n",
            g->o.dialect == D_PG ? "postgresql-stderr" : "mysql-slow", modes[g->o.mode],
            (unsigned long long)g->o.seed);
    TRUTH("bytes", g->flushed);
    TRUTH("lines", g->lines);
    iso_time(g->o.start_us, a, sizeof a);
    iso_time(g->t, b, sizeof b);
    fprintf(f, "first_time=%s\nlast_time=%s\n", a, b);
    truth_counts(g, f);
    if (g->incident_from) {
        iso_time(g->incident_from, a, sizeof a);
        iso_time(g->incident_to ? g->incident_to : g->t, b, sizeof b);
        fprintf(f, "incident_shape=orders by customer_id (25x slower)\nincident_from=%s\nincident_to=%s\n", a, b);
    }
    if (fclose(f))
        die(path);
}

/* ---------------------------------------------------------------- command line */

static void usage(FILE *f)
{
    fprintf(f,
        "usage: genlog [options] -o FILE\n"
        "  -f pg|mysql     log format (default pg: PostgreSQL stderr, prefix '%%m [%%p] %%q%%u@%%d ')\n"
        "  -m MODE         normal (default) | texts (N distinct texts, F fingerprints)\n"
        "                  | fingerprints (N statements over F distinct fingerprints); pg only\n"
        "  -s SIZE         normal mode: bytes to write, K/M/G suffixes (default 1G pg, 512M mysql)\n"
        "  -n N            texts/fingerprints: statements (default 1000000 / 2000000)\n"
        "  -F F            texts/fingerprints: fingerprints (default 100 / 1000000)\n"
        "  -S SEED         random seed (default 1)\n"
        "  -d DAYS         time span of the log (default 3)\n"
        "  -t EPOCH        first timestamp, seconds (default 1715580000 = 2024-05-13 06:00 UTC)\n"
        "Writes FILE and FILE.truth (exact counts and duration sums).\n");
}

static uint64_t parse_size(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    uint64_t mul = 1;
    switch (*end) {
    case 'k': case 'K': mul = 1ull << 10; end++; break;
    case 'm': case 'M': mul = 1ull << 20; end++; break;
    case 'g': case 'G': mul = 1ull << 30; end++; break;
    case 't': case 'T': mul = 1ull << 40; end++; break;
    }
    if (mul > 1 && *end == 'i')
        end++;
    if (*end == 'B')
        end++;
    if (end == s || *end || v <= 0) {
        fprintf(stderr, "genlog: bad number: %s\n", s);
        exit(2);
    }
    return (uint64_t)(v * (double)mul);
}

static void parse_args(int argc, char **argv, struct opts *o)
{
    int c;
    uint64_t n = 0, fps = 0, size = 0;
    double days = 3;
    o->start_us = 1715580000ll * 1000000;
    o->seed = 1;
    while ((c = getopt(argc, argv, "f:m:s:n:F:S:d:t:o:h")) != -1) {
        switch (c) {
        case 'f': o->dialect = !strcmp(optarg, "mysql") ? D_MY : D_PG;
            if (strcmp(optarg, "mysql") && strcmp(optarg, "pg")) { usage(stderr); exit(2); }
            break;
        case 'm': o->mode = !strcmp(optarg, "texts") ? M_TEXTS
                          : !strcmp(optarg, "fingerprints") ? M_FPS : M_NORMAL;
            if (o->mode == M_NORMAL && strcmp(optarg, "normal")) { usage(stderr); exit(2); }
            break;
        case 's': size = parse_size(optarg); break;
        case 'n': n = parse_size(optarg); break;
        case 'F': fps = parse_size(optarg); break;
        case 'S': o->seed = strtoull(optarg, NULL, 10); break;
        case 'd': days = strtod(optarg, NULL); break;
        case 't': o->start_us = strtoll(optarg, NULL, 10) * 1000000; break;
        case 'o': o->path = optarg; break;
        case 'h': usage(stdout); exit(0);
        default: usage(stderr); exit(2);
        }
    }
    if (!o->path || optind != argc || days <= 0 || (o->mode != M_NORMAL && o->dialect == D_MY)) {
        usage(stderr);
        exit(2);
    }
    o->span_us = (int64_t)(days * 86400e6);
    o->size = size ? size : o->dialect == D_PG ? 1ull << 30 : 512ull << 20;
    o->events = n ? n : o->mode == M_FPS ? 2000000 : 1000000;
    o->fps = fps ? fps : o->mode == M_FPS ? 1000000 : 100;
}

int main(int argc, char **argv)
{
    static struct gen g;   /* large (quantile table): keep it off the stack */
    parse_args(argc, argv, &g.o);
    rng_seed(&g.rng, g.o.seed);
    for (unsigned i = 0; i < (1u << ZBITS); i++)
        g.z[i] = inv_norm((i + 0.5) / (double)(1u << ZBITS));
    g.out = sb_alloc(OUT_CAP);
    g.sql = sb_alloc(SCRATCH);
    g.par = sb_alloc(SCRATCH);
    g.val = sb_alloc(SCRATCH);
    g.rawv = sb_alloc(SCRATCH);
    g.t = g.o.start_us;
    g.tc_sec = -1;
    g.fd = open(g.o.path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (g.fd < 0)
        die(g.o.path);
    if (g.o.dialect == D_MY)
        my_run(&g);
    else if (g.o.mode == M_NORMAL)
        pg_run(&g);
    else
        pg_run_many(&g);
    out_flush(&g);
    if (close(g.fd))
        die(g.o.path);
    truth_write(&g);
    return 0;
}
