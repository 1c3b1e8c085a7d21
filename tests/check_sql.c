/* check_sql.c - Check tests for fl_sql: fingerprints, class ids, tables,
 * statement types and the lexer, plus agreement with the peers' expected
 * outputs in the shared corpus (pt-fingerprint pairs, percona/go-mysql
 * golden classes, pt-query-digest report classes, pgBadger's statement
 * types).  Corpus tests are only registered when the corpus is found at
 * "$top_srcdir/../shared/corpus"; they print their agreement numbers. */
#include <check.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/fl_buf.h"
#include "base/fl_err.h"
#include "sql/fl_sql.h"

/* ------------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------- */

struct fp_case {
    const char *in;
    const char *out;
};

static char *fp_str(const char *sql, struct fl_buf *b)
{
    ck_assert_int_eq(fl_sql_fingerprint(sql, strlen(sql), b), FL_OK);
    ck_assert_uint_eq(strlen(b->p), b->len);
    return b->p;
}

static void check_cases(const struct fp_case *cases, size_t n)
{
    struct fl_buf b;
    fl_buf_init(&b);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(strcmp(fp_str(cases[i].in, &b), cases[i].out) == 0,
                      "fingerprint of [%s]\n  got      [%s]\n  expected [%s]",
                      cases[i].in, b.p, cases[i].out);
    fl_buf_cleanup(&b);
}

#define CHECK_CASES(arr) check_cases((arr), sizeof(arr) / sizeof((arr)[0]))

/* Assert that every query of a group has the same fingerprint. */
static void check_same(const char *const *q, size_t n)
{
    struct fl_buf a, b;
    fl_buf_init(&a);
    fl_buf_init(&b);
    fp_str(q[0], &a);
    for (size_t i = 1; i < n; i++)
        ck_assert_msg(strcmp(fp_str(q[i], &b), a.p) == 0,
                      "[%s] -> [%s] but [%s] -> [%s]", q[0], a.p, q[i], b.p);
    fl_buf_cleanup(&a);
    fl_buf_cleanup(&b);
}

static void check_differ(const char *x, const char *y)
{
    struct fl_buf a, b;
    fl_buf_init(&a);
    fl_buf_init(&b);
    fp_str(x, &a);
    fp_str(y, &b);
    ck_assert_msg(strcmp(a.p, b.p) != 0, "[%s] and [%s] both -> [%s]", x, y, a.p);
    fl_buf_cleanup(&a);
    fl_buf_cleanup(&b);
}

/* ------------------------------------------------------------------------
 * Fingerprints: table-driven behaviour
 * ---------------------------------------------------------------------- */

START_TEST(test_sql_literals_replaced)
{
    static const struct fp_case c[] = {
        {"SELECT * FROM t WHERE a = 'x' AND b = 42", "select * from t where a = ? and b = ?"},
        {"select 'it''s', 'a\\'b', 1.5, .5, 1e-9, 2E+10, 0x1F, 0b101, X'ff', B'01', N'n'",
         "select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"},
        {"select E'a\\'b' from t", "select ? from t"},
        {"select U&'d\\0061t' , _utf8mb4'abc'", "select ?, ?"},
        {"select TRUE, false, NULL", "select ?, ?, ?"},
        {"update t set a = -1, b = +2, c = a-1, d = a - -3",
         "update t set a = ?, b = ?, c = a - ?, d = a - ?"},
        {"select 1_000_000 from t", "select ? from t"},
    };
    CHECK_CASES(c);
}
END_TEST

START_TEST(test_sql_in_list_collapses)
{
    static const struct fp_case c[] = {
        {"select * from t where id in (1, 2, 3)", "select * from t where id in(?+)"},
        {"select * from t where id IN ('a')", "select * from t where id in(?+)"},
        {"select * from t where id not in (?, ?, $3)", "select * from t where id not in(?+)"},
        {"select * from t where (a, b) in ((1, 2), (3, 4))", "select * from t where (a, b) in(?+)"},
        {"select * from t where id in (select x from u where y in (1,2))",
         "select * from t where id in (select x from u where y in(?+))"},
        {"select * from t where id in (a.x, 2)", "select * from t where id in (a.x, ?)"},
        {"select * from t where x = any(array[1, 2, 3])", "select * from t where x = any(array[?+])"},
    };
    CHECK_CASES(c);
    static const char *const same[] = {
        "select * from t where id in (1)",
        "select * from t where id in (1,2,3,4,5,6,7,8,9,10)",
        "SELECT * FROM t WHERE id IN ( -1 , 'a' , NULL )",
    };
    check_same(same, 3);
}
END_TEST

START_TEST(test_sql_values_rows_collapse)
{
    static const struct fp_case c[] = {
        {"INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (3, 'z');", "insert into t(a, b) values(?+)"},
        {"insert into t values (now(), 1), (now(), 2)", "insert into t values (now(), ?)"},
        {"INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = VALUES(a), b = VALUES(b)",
         "insert into t(a) values(?+) on duplicate key update a = values (a), b = values (b)"},
        {"insert into t values (\"a\", \"b\")", "insert into t values(?+)"},
    };
    CHECK_CASES(c);
}
END_TEST

START_TEST(test_sql_comments_removed)
{
    static const struct fp_case c[] = {
        {"select /* hello 'x' */ a -- trailing 'y'\nfrom t", "select a from t"},
        {"# mysql comment\nselect a from t # another\n", "select a from t"},
        {"SELECT /*!40001 SQL_NO_CACHE */ * FROM `t`", "select * from t"},
        {"/* leading */ select 1 /* unterminated", "select ?"},
        {"select data #> '{a}' from t", "select data #> ? from t"},
    };
    CHECK_CASES(c);
}
END_TEST

START_TEST(test_sql_dollar_quotes)
{
    static const struct fp_case c[] = {
        {"select $$it's $1 'quoted'$$", "select ?"},
        {"select $fn$ body ; $$ nested $$ $fn$ , $1", "select ?, ?"},
        {"DO $$BEGIN PERFORM 1; END$$", "do ?"},
        {"select $unterminated$ secret", "select ?"},
    };
    CHECK_CASES(c);
}
END_TEST

START_TEST(test_sql_spacing_and_case_canonical)
{
    static const char *const same[] = {
        "SELECT a,b FROM t WHERE id=1",
        "select a , b from t where id = 2",
        "select\n\ta,\n\tb\nfrom t\nwhere id =   3;",
        "Select A, B From t Where id=4",
    };
    /* identifiers keep their case: A/a differ, but keywords fold */
    check_same(same, 3);
    check_differ(same[0], same[3]);
    static const struct fp_case c[] = {
        {"SELECT COUNT( * ),Sum(x) FROM t GROUP BY y", "select count(*), sum(x) from t group by y"},
        {"select t.* , f ( 1 ) from t", "select t.*, f(?) from t"},
        {"select a::text, b [1] from t", "select a::text, b[?] from t"},
    };
    CHECK_CASES(c);
}
END_TEST

START_TEST(test_sql_quoted_identifiers)
{
    static const struct fp_case c[] = {
        {"select \"foo\", \"Foo\", `bar`, `Bar`, `my col` from \"s\".\"T\"",
         "select foo, \"Foo\", bar, Bar, `my col` from s.\"T\""},
        /* content that cannot be an identifier: a MySQL string */
        {"select \"a\"\"b\" from t", "select ? from t"},
    };
    CHECK_CASES(c);
}
END_TEST

START_TEST(test_sql_double_quoted_strings_mysql)
{
    static const struct fp_case c[] = {
        {"select * from t where name = \"bob\"", "select * from t where name = ?"},
        {"select * from t where name like \"b%\"", "select * from t where name like ?"},
        {"select * from t where name in (\"a\", \"b\")", "select * from t where name in(?+)"},
        {"select \"Lorem ipsum dolor sit amet\"", "select ?"},
        {"select \"t\".\"c\" from t where \"c\" = 1", "select t.c from t where c = ?"},
    };
    CHECK_CASES(c);
}
END_TEST

START_TEST(test_sql_typed_literals_and_casts)
{
    static const struct fp_case c[] = {
        {"select * from t where d > now() - interval '1 day'", "select * from t where d > now() - ?"},
        {"select * from t where d = date '2024-01-01' and ts < timestamp '2024-01-01 00:00'",
         "select * from t where d = ? and ts < ?"},
        {"select '5'::int, $1::text[], 'x'::character varying(10), '1'::timestamp with time zone",
         "select ?, ?, ?, ?"},
        {"select a::int from t", "select a::int from t"},
        {"select date_sub(now(), interval 1 day)", "select date_sub(now(), interval ? day)"},
        {"select date(created_at) from t", "select date(created_at) from t"},
    };
    CHECK_CASES(c);
}
END_TEST

START_TEST(test_sql_bind_parameters)
{
    static const struct fp_case c[] = {
        {"select * from t where a = $1 and b = ? and c = :name and d = :1",
         "select * from t where a = ? and b = ? and c = ? and d = ?"},
        {"select a := 1, b::int", "select a := ?, b::int"},
    };
    CHECK_CASES(c);
    static const char *const same[] = {
        "select * from t where id = $1",
        "select * from t where id = ?",
        "select * from t where id = 12",
    };
    check_same(same, 3);
}
END_TEST

START_TEST(test_sql_limit_folds)
{
    static const char *const same[] = {
        "select * from t limit 10",
        "select * from t limit 10, 20",
        "select * from t LIMIT 5 OFFSET 100",
        "select * from t limit ?",
    };
    check_same(same, 4);
    check_differ("select * from t limit 1", "select * from t offset 1 limit 1");
}
END_TEST

START_TEST(test_sql_order_by_asc_dropped)
{
    static const char *const same[] = {
        "SELECT * FROM `products` ORDER BY name ASC, shape ASC",
        "SELECT * FROM `products` ORDER BY name, shape",
        "SELECT * FROM `products` ORDER BY name asc, shape",
    };
    check_same(same, 3);
    check_differ(same[0], "SELECT * FROM `products` ORDER BY name DESC, shape");
}
END_TEST

START_TEST(test_sql_null_rules)
{
    static const struct fp_case c[] = {
        {"select * from t where a is null and b is not null and c = null",
         "select * from t where a is null and b is not null and c = ?"},
        {"create table t (a int not null default null)", "create table t(a int not null default ?)"},
    };
    CHECK_CASES(c);
}
END_TEST

START_TEST(test_sql_use_call_admin)
{
    static const struct fp_case c[] = {
        {"use db1", "use ?"},
        {"USE `db2`;", "use ?"},
        {"use db1; select 1", "select ?"},
        {"use a;\nuse b;\nselect x from t", "select x from t"},
        {"call proc(1, 'a')", "call proc"},
        {"CALL s.Proc()", "call s.Proc"},
        {"administrator command: Quit;", "administrator command: Quit"},
        {"  administrator command:   Init DB  ", "administrator command: Init DB"},
        {"# administrator command: Quit;", "administrator command: Quit"},
        {"# administrator command: Refresh;", "administrator command: Refresh"},
        {"select * from t use index (ix) where a = 1", "select * from t use index (ix) where a = ?"},
    };
    CHECK_CASES(c);
}
END_TEST

START_TEST(test_sql_generated_names)
{
    static const char *const sp[] = {
        "SAVEPOINT s140245_x1", "savepoint \"s99_x7\"",
    };
    check_same(sp, 2);
    static const struct fp_case c[] = {
        {"RELEASE SAVEPOINT s1_x2", "release savepoint ?"},
        {"ROLLBACK TO SAVEPOINT s1_x2", "rollback to savepoint ?"},
        {"DECLARE c_123 CURSOR FOR SELECT 1", "declare ? cursor for select ?"},
        {"FETCH 100 FROM _django_curs_1_sync_2", "fetch ? from ?"},
        {"CLOSE c_1", "close ?"},
        {"DEALLOCATE pdo_stmt_00000001", "deallocate ?"},
    };
    CHECK_CASES(c);
}
END_TEST

START_TEST(test_sql_semicolons)
{
    static const struct fp_case c[] = {
        {"select 1;", "select ?"},
        {"select 1 ; ; ", "select ?"},
        {"begin; select 1; commit;", "begin; select ?; commit"},
        {"", ""},
        {"   \n\t ", ""},
    };
    CHECK_CASES(c);
}
END_TEST

START_TEST(test_sql_backslash_rules)
{
    static const struct fp_case c[] = {
        /* MySQL escapes */
        {"select * from t where a = 'it\\'s' and b = 'x'", "select * from t where a = ? and b = ?"},
        /* PostgreSQL standard string ending in a backslash */
        {"select * from t where path = 'C:\\' and b = 'x'", "select * from t where path = ? and b = ?"},
        {"select * from t where a = 'x\\\\' and b = 1", "select * from t where a = ? and b = ?"},
    };
    CHECK_CASES(c);
}
END_TEST

START_TEST(test_sql_numbers_in_identifiers_kept)
{
    static const struct fp_case c[] = {
        {"select t.a_123, 12_13_foo, 1abc from db.tbl1", "select t.a_123, 12_13_foo, 1abc from db.tbl1"},
    };
    CHECK_CASES(c);
    check_differ("select a_123 from t", "select a_124 from t");
}
END_TEST

/* No literal value may survive: every query embeds SECRET in literals. */
START_TEST(test_sql_no_literal_leaks)
{
    static const char *const q[] = {
        "select * from t where a = 'SECRET'",
        "select * from t where a = E'SECRET\\'SECRET'",
        "select $$SECRET$$, $x$SECRET$x$",
        "insert into t values ('SECRET', 1), ('SECRET', 2)",
        "select * from t where a in ('SECRET', 'SECRET')",
        "select * from t where a = \"SECRET with space\"",
        "select * from t where a = \"SECRET\"",
        "select * from t where a like \"SECRET%\"",
        "select x'5345435245', 'SECRET'::text, date 'SECRET'",
        "select * from t where a = 'unterminated SECRET",
        "select * from t where a = 'it\\'s SECRET",
        "select * from t where a = N'SECRET' and b = _utf8'SECRET'",
        "update t set a = 'SECRET' -- 'SECRET'\n where b = 'SECRET'",
        "select * from t where a = U&'SECRET'",
    };
    struct fl_buf b;
    fl_buf_init(&b);
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        fp_str(q[i], &b);
        ck_assert_msg(strstr(b.p, "SECRET") == NULL, "[%s] leaked: [%s]", q[i], b.p);
    }
    fl_buf_cleanup(&b);
}
END_TEST

/* Arbitrary bytes: no crash, output bounded and free of control bytes. */
START_TEST(test_sql_arbitrary_bytes_bounded)
{
    static const char alphabet[] = "'\"`$-/*#(),.;:?@[]\\\n eE0x1_aZ=<>!\x80\x01";
    char buf[512];
    struct fl_buf b;
    struct fl_sql_tables t;
    unsigned long long s = 0x9e3779b97f4a7c15ULL;
    fl_buf_init(&b);
    for (int round = 0; round < 3000; round++) {
        size_t n = (size_t)(round % 200);
        for (size_t i = 0; i < n; i++) {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            buf[i] = alphabet[s % (sizeof alphabet - 1)];
        }
        ck_assert_int_eq(fl_sql_fingerprint(buf, n, &b), FL_OK);
        ck_assert_uint_le(b.len, 2 * n + 16);
        for (size_t i = 0; i < b.len; i++)
            ck_assert_msg((unsigned char)b.p[i] >= 0x20 && b.p[i] != 0x7f,
                          "control byte in output");
        ck_assert_uint_eq(strlen(b.p), b.len);
        ck_assert_int_eq(fl_sql_tables(buf, n, &t), FL_OK);
        ck_assert_uint_le(t.count, FL_SQL_MAX_TABLES);
        (void)fl_sql_statement_type(buf, n);
    }
    fl_buf_cleanup(&b);
}
END_TEST

START_TEST(test_sql_deep_nesting)
{
    static char q[4096];
    size_t n = 0;
    n += (size_t)sprintf(q + n, "select * from t where a in ");
    for (int i = 0; i < 200; i++)
        q[n++] = '(';
    q[n++] = '1';
    for (int i = 0; i < 200; i++)
        q[n++] = ')';
    q[n] = '\0';
    struct fl_buf b;
    fl_buf_init(&b);
    ck_assert_int_eq(fl_sql_fingerprint(q, n, &b), FL_OK);
    ck_assert_ptr_null(strchr(b.p, '1'));
    fl_buf_cleanup(&b);
}
END_TEST

START_TEST(test_sql_bad_arguments)
{
    struct fl_buf b;
    struct fl_sql_tables t;
    fl_buf_init(&b);
    ck_assert_int_eq(fl_sql_fingerprint(NULL, 3, &b), FL_ERR_USAGE);
    ck_assert_int_eq(fl_sql_fingerprint("x", 1, NULL), FL_ERR_USAGE);
    ck_assert_int_eq(fl_sql_fingerprint(NULL, 0, &b), FL_OK);
    ck_assert_str_eq(b.p, "");
    ck_assert_int_eq(fl_sql_tables(NULL, 2, &t), FL_ERR_USAGE);
    ck_assert_int_eq(fl_sql_tables("x", 1, NULL), FL_ERR_USAGE);
    ck_assert_int_eq(fl_sql_statement_type(NULL, 0), FL_SQL_STMT_OTHER);
    fl_buf_cleanup(&b);
}
END_TEST

/* Input need not be NUL-terminated: bytes past n are never read. */
START_TEST(test_sql_length_is_respected)
{
    const char *q = "select * from t where a = 1 AND SECRET";
    struct fl_buf b;
    fl_buf_init(&b);
    fl_sql_fingerprint(q, 27, &b);
    ck_assert_str_eq(b.p, "select * from t where a = ?");
    fl_buf_cleanup(&b);
}
END_TEST

START_TEST(test_sql_fingerprint_id_stable)
{
    char hex[17];
    /* FNV-1a 64 reference values: never change these. */
    ck_assert_uint_eq(fl_sql_fingerprint_id("", 0), 0xcbf29ce484222325ULL);
    ck_assert_uint_eq(fl_sql_fingerprint_id("a", 1), 0xaf63dc4c8601ec8cULL);
    ck_assert_uint_eq(fl_sql_fingerprint_id("foobar", 6), 0x85944171f73967e8ULL);
    fl_sql_id_hex(0xaf63dc4c8601ec8cULL, hex);
    ck_assert_str_eq(hex, "af63dc4c8601ec8c");
    fl_sql_id_hex(0x1ULL, hex);
    ck_assert_str_eq(hex, "0000000000000001");
}
END_TEST

START_TEST(test_sql_keyword_table_sorted)
{
    size_t n = fl_sql_keyword_count();
    ck_assert_uint_gt(n, 100);
    for (size_t i = 0; i < n; i++) {
        const char *k = fl_sql_keyword_name(i);
        ck_assert_ptr_nonnull(k);
        if (i > 0)
            ck_assert_msg(strcmp(fl_sql_keyword_name(i - 1), k) < 0,
                          "keyword table out of order at %s", k);
        ck_assert_msg(fl_sql_is_keyword(k, strlen(k)), "%s not found", k);
    }
    ck_assert_ptr_null(fl_sql_keyword_name(n));
    ck_assert(fl_sql_is_keyword("SeLeCt", 6));
    ck_assert(!fl_sql_is_keyword("orders", 6));
}
END_TEST

START_TEST(test_sql_lexer_tokens)
{
    const char *q = "SELECT \"A\".b, 'x' FROM `T` WHERE c >= -1.5";
    static const int kinds[] = {
        FL_SQL_TOK_WORD, FL_SQL_TOK_QIDENT, FL_SQL_TOK_DOT, FL_SQL_TOK_WORD,
        FL_SQL_TOK_COMMA, FL_SQL_TOK_STRING, FL_SQL_TOK_WORD, FL_SQL_TOK_QIDENT,
        FL_SQL_TOK_WORD, FL_SQL_TOK_WORD, FL_SQL_TOK_OP, FL_SQL_TOK_NUMBER
    };
    struct fl_sql_lexer lx;
    struct fl_sql_tok t;
    size_t i = 0;
    fl_sql_lexer_init(&lx, q, strlen(q));
    while (fl_sql_lexer_next(&lx, &t)) {
        ck_assert_uint_lt(i, sizeof kinds / sizeof kinds[0]);
        ck_assert_int_eq(t.kind, kinds[i]);
        i++;
    }
    ck_assert_uint_eq(i, sizeof kinds / sizeof kinds[0]);
    ck_assert_int_eq(t.kind, FL_SQL_TOK_EOF);
    /* names */
    char buf[16];
    size_t len = 0;
    fl_sql_lexer_init(&lx, q, strlen(q));
    fl_sql_lexer_next(&lx, &t);
    ck_assert(fl_sql_tok_is(&lx, &t, "select"));
    fl_sql_lexer_next(&lx, &t);
    buf[0] = '\0';
    ck_assert(fl_sql_tok_name(&lx, &t, buf, sizeof buf, &len));
    ck_assert_str_eq(buf, "A");
}
END_TEST

/* ------------------------------------------------------------------------
 * Tables
 * ---------------------------------------------------------------------- */

struct tab_case {
    const char *sql;
    const char *want; /* "name:rw name:r ..." in order; "" for none */
};

static void tables_str(const char *sql, char *out, size_t cap)
{
    struct fl_sql_tables t;
    size_t len = 0;
    ck_assert_int_eq(fl_sql_tables(sql, strlen(sql), &t), FL_OK);
    out[0] = '\0';
    for (size_t i = 0; i < t.count; i++)
        len += (size_t)snprintf(out + len, cap - len, "%s%s:%s%s", i ? " " : "",
                                t.names[i], t.read[i] ? "r" : "", t.write[i] ? "w" : "");
}

static void check_tables(const struct tab_case *c, size_t n)
{
    char got[2048];
    for (size_t i = 0; i < n; i++) {
        tables_str(c[i].sql, got, sizeof got);
        ck_assert_msg(strcmp(got, c[i].want) == 0, "tables of [%s]\n  got  [%s]\n  want [%s]",
                      c[i].sql, got, c[i].want);
    }
}

#define CHECK_TABLES(arr) check_tables((arr), sizeof(arr) / sizeof((arr)[0]))

START_TEST(test_sql_tables_read_and_write)
{
    static const struct tab_case c[] = {
        {"SELECT * FROM orders o JOIN customers c ON c.id = o.cid", "orders:r customers:r"},
        {"UPDATE orders SET a = 1 FROM items WHERE items.o = orders.id", "orders:w items:r"},
        {"INSERT INTO log (a, b) SELECT a, b FROM src", "log:w src:r"},
        {"insert into t values (1)", "t:w"},
        {"INSERT `foo` VALUES(\"bar\")", "foo:w"},
        {"REPLACE INTO r1 (a) VALUES (1)", "r1:w"},
        {"DELETE FROM t USING u, v WHERE t.id = u.id", "t:w u:r v:r"},
        {"delete t1 from t1 join t2 on t1.id = t2.id", "t1:w t2:r"},
        {"MERGE INTO target t USING source s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v",
         "target:w source:r"},
        {"COPY country FROM '/data/country'", "country:w"},
        {"COPY country (a, b) FROM STDIN", "country:w"},
        {"COPY country TO STDOUT (DELIMITER '|')", "country:r"},
        {"COPY (SELECT * FROM a JOIN b USING (id)) TO STDOUT", "a:r b:r"},
        {"TRUNCATE TABLE ONLY t1, t2 CASCADE", "t1:w t2:w"},
        {"SELECT * INTO newtab FROM oldtab", "newtab:w oldtab:r"},
        {"SELECT a INTO @v FROM t5", "t5:r"},
        {"LOAD DATA LOCAL INFILE '/tmp/f' INTO TABLE `foo`", "foo:w"},
        {"update t set a = a + 1 where id in (select id from t)", "t:rw"},
        {"select * from t for update", "t:r"},
        {"insert into t (a) values (1) on conflict (a) do update set a = excluded.a", "t:w"},
        {"insert into t (a) values (1) on duplicate key update a = values(a)", "t:w"},
    };
    CHECK_TABLES(c);
}
END_TEST

START_TEST(test_sql_cte_names_not_tables)
{
    static const struct tab_case c[] = {
        {"WITH wf1 AS (SELECT id FROM t1) DELETE FROM test WHERE col1 = wf1.id", "t1:r test:w"},
        {"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r), "
         "s AS MATERIALIZED (SELECT * FROM base) SELECT * FROM r JOIN s ON true", "base:r"},
        {"with x as (update t set a = 1 returning *) insert into log select * from x", "t:w log:w"},
        {"with a as (select 1), b as (select * from a join real_t using (id)) select * from b",
         "real_t:r"},
        {"select * from t1 with (nolock)", "t1:r"},
        {"select now() at time zone 'utc', x from t2", "t2:r"},
    };
    CHECK_TABLES(c);
}
END_TEST

START_TEST(test_sql_tables_aliases_functions_subqueries)
{
    static const struct tab_case c[] = {
        {"select * from generate_series(1, 10) g, t2", "t2:r"},
        {"select * from unnest(array[1, 2]) with ordinality as u(x, n), real_t", "real_t:r"},
        {"select * from (select * from inner_t) x, t3 join t4 using (id)", "inner_t:r t3:r t4:r"},
        {"select * from a, b as bb, c cc where exists (select 1 from d)", "a:r b:r c:r d:r"},
        {"select extract(year from ts), substring(s from 2 for 3) from tt", "tt:r"},
        {"select * from x where a is distinct from b", "x:r"},
        {"select * from only parent *, lateral (select * from child) c", "parent:r child:r"},
        {"select coalesce((select max(v) from m), 0) from n", "m:r n:r"},
        {"select t.* from t", "t:r"},
    };
    CHECK_TABLES(c);
}
END_TEST

START_TEST(test_sql_tables_names_normalised)
{
    static const struct tab_case c[] = {
        {"SELECT * FROM Public.Orders, \"Customers\", `Db`.`Tbl`, s.\"Mixed\"",
         "public.orders:r Customers:r Db.Tbl:r s.Mixed:r"},
        {"select * from orders join ORDERS on true join public.orders on true",
         "orders:r public.orders:r"},
    };
    CHECK_TABLES(c);
}
END_TEST

START_TEST(test_sql_tables_ddl_targets)
{
    static const struct tab_case c[] = {
        {"ALTER TABLE IF EXISTS ONLY public.Orders ADD COLUMN x int", "public.orders:w"},
        {"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx ON public.orders USING btree (a, b)",
         "public.orders:w"},
        {"DROP INDEX idx ON t", "t:w"},
        {"DROP TABLE IF EXISTS a, b CASCADE", "a:w b:w"},
        {"RENAME TABLE a TO b, c TO d", "a:w b:w c:w d:w"},
        {"CREATE TABLE new_t AS SELECT * FROM old_t", "new_t:w old_t:r"},
        {"CREATE TABLE t (a int REFERENCES other (id))", "t:w"},
        {"LOCK TABLES t1 READ, t2 WRITE", "t1:r t2:r"},
    };
    CHECK_TABLES(c);
}
END_TEST

START_TEST(test_sql_tables_none_for_utility)
{
    static const struct tab_case c[] = {
        {"SET search_path = x", ""},
        {"SHOW TABLE STATUS FROM db LIKE 'x'", ""},
        {"FETCH 1 FROM test_curs1", ""},
        {"GRANT SELECT ON t TO bob", ""},
        {"BEGIN", ""},
        {"", ""},
        {"BEGIN; UPDATE t SET a = 1; COMMIT", "t:w"},
    };
    CHECK_TABLES(c);
}
END_TEST

START_TEST(test_sql_tables_bounded)
{
    char q[8192];
    size_t n = (size_t)sprintf(q, "select * from t0");
    for (int i = 1; i < 40; i++)
        n += (size_t)sprintf(q + n, ", t%d", i);
    struct fl_sql_tables t;
    ck_assert_int_eq(fl_sql_tables(q, n, &t), FL_OK);
    ck_assert_uint_eq(t.count, FL_SQL_MAX_TABLES);
    ck_assert_int_eq(t.truncated, 1);
    ck_assert_str_eq(t.names[31], "t31");
    /* an over-long name is cut and flagged */
    char longq[600];
    n = (size_t)sprintf(longq, "select * from ");
    for (int i = 0; i < 300; i++)
        longq[n++] = 'x';
    ck_assert_int_eq(fl_sql_tables(longq, n, &t), FL_OK);
    ck_assert_uint_eq(t.count, 1);
    ck_assert_uint_eq(strlen(t.names[0]), FL_SQL_NAME_MAX - 1);
    ck_assert_int_eq(t.truncated, 1);
}
END_TEST

/* ------------------------------------------------------------------------
 * Statement types
 * ---------------------------------------------------------------------- */

START_TEST(test_sql_statement_types)
{
    static const struct {
        const char *sql;
        int type;
    } c[] = {
        {"SELECT 1", FL_SQL_STMT_SELECT},
        {"(select 1) union (select 2)", FL_SQL_STMT_SELECT},
        {"/* c */ values (1)", FL_SQL_STMT_SELECT},
        {"INSERT INTO t VALUES (1)", FL_SQL_STMT_INSERT},
        {"replace into t values (1)", FL_SQL_STMT_INSERT},
        {"UPDATE t SET a = 1", FL_SQL_STMT_UPDATE},
        {"delete from t", FL_SQL_STMT_DELETE},
        {"COPY t FROM STDIN", FL_SQL_STMT_COPY_FROM},
        {"COPY (select 1) TO STDOUT", FL_SQL_STMT_COPY_TO},
        {"WITH x AS (SELECT 1) DELETE FROM t", FL_SQL_STMT_CTE},
        {"CREATE INDEX ON t (a)", FL_SQL_STMT_DDL},
        {"truncate t", FL_SQL_STMT_DDL},
        {"VACUUM FULL t", FL_SQL_STMT_DDL},
        {"VACUUM (FULL, VERBOSE) t", FL_SQL_STMT_DDL},
        {"VACUUM (FULL false) t", FL_SQL_STMT_OTHER},
        {"VACUUM t", FL_SQL_STMT_OTHER},
        {"ANALYZE t", FL_SQL_STMT_OTHER},
        {"COMMENT ON TABLE t IS 'x'", FL_SQL_STMT_DDL},
        {"GRANT SELECT ON t TO u", FL_SQL_STMT_DDL},
        {"BEGIN", FL_SQL_STMT_TCL},
        {"START TRANSACTION", FL_SQL_STMT_TCL},
        {"savepoint a", FL_SQL_STMT_TCL},
        {"PREPARE TRANSACTION 'x'", FL_SQL_STMT_TCL},
        {"PREPARE p AS SELECT 1", FL_SQL_STMT_OTHER},
        {"FETCH 1 FROM c", FL_SQL_STMT_CURSOR},
        {"CLOSE c", FL_SQL_STMT_CURSOR},
        {"SET a = 1", FL_SQL_STMT_SET},
        {"SHOW all", FL_SQL_STMT_SHOW},
        {"MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE", FL_SQL_STMT_MERGE},
        {"CALL p()", FL_SQL_STMT_OTHER},
        {"", FL_SQL_STMT_OTHER},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        ck_assert_msg(fl_sql_statement_type(c[i].sql, strlen(c[i].sql)) == c[i].type,
                      "[%s] is %s, expected %s", c[i].sql,
                      fl_sql_statement_type_name(fl_sql_statement_type(c[i].sql, strlen(c[i].sql))),
                      fl_sql_statement_type_name(c[i].type));
    ck_assert_str_eq(fl_sql_statement_type_name(FL_SQL_STMT_COPY_FROM), "COPY FROM");
    ck_assert_str_eq(fl_sql_statement_type_name(-1), "OTHER");
    ck_assert_str_eq(fl_sql_statement_type_name(FL_SQL_STMT_COUNT_), "OTHER");
}
END_TEST

/* ------------------------------------------------------------------------
 * Corpus: reading files, a minimal slow-log splitter
 * ---------------------------------------------------------------------- */

static char corpus_dir[1024];

static bool corpus_found(void)
{
    struct stat st;
    const char *top = getenv("top_srcdir");
    snprintf(corpus_dir, sizeof corpus_dir, "%s/../shared/corpus", top ? top : ".");
    return stat(corpus_dir, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Read a corpus file (relative path) into a NUL-terminated malloc'd
 * buffer; NULL if missing. */
static char *read_corpus(const char *rel, size_t *len)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", corpus_dir, rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(p);
    size_t got = fread(p, 1, (size_t)n, f);
    fclose(f);
    p[got] = '\0';
    if (len)
        *len = got;
    return p;
}

static bool starts_nocase(const char *p, size_t n, const char *pfx)
{
    size_t k = strlen(pfx);
    return n >= k && strncasecmp(p, pfx, k) == 0;
}

/* Lines a slow-log parser strips from an entry's statement (pt-query-digest
 * and go-mysql both turn them into attributes). */
static bool meta_line(const char *p, size_t n)
{
    return starts_nocase(p, n, "SET timestamp=") || starts_nocase(p, n, "SET insert_id=") ||
           starts_nocase(p, n, "SET last_insert_id=") ||
           (starts_nocase(p, n, "use ") && n > 4 && p[n - 1] == ';' && !memchr(p + 4, ' ', n - 5));
}

static bool banner_line(const char *p, size_t n)
{
    return memmem(p, n, ", Version:", 10) || starts_nocase(p, n, "Tcp port:") ||
           starts_nocase(p, n, "Time                 Id Command");
}

typedef void (*stmt_fn)(const char *sql, size_t n, void *ctx);

/* How an entry holding only meta lines ("use db;", "SET timestamp=")
 * counts: go-mysql makes "use db" its statement, pt-query-digest an empty
 * one ("/ * No query * /"). */
enum { LONE_USE_STMT, LONE_USE_EMPTY };

/* Emit the statement of one entry: its lines minus meta lines; an entry of
 * only meta lines per `lone` - unless the entry's statement is an
 * administrator command (!allow). */
static void flush_entry(struct fl_buf *e, int lone, bool allow, stmt_fn fn, void *ctx)
{
    struct fl_buf s;
    const char *use = NULL;
    size_t use_n = 0;
    fl_buf_init(&s);
    for (size_t i = 0; i < e->len;) {
        const char *nl = memchr(e->p + i, '\n', e->len - i);
        size_t n = nl ? (size_t)(nl - (e->p + i)) : e->len - i;
        const char *p = e->p + i;
        if (meta_line(p, n)) {
            if (starts_nocase(p, n, "use ")) {
                use = p;
                use_n = n;
            }
        } else {
            fl_buf_add(&s, p, n);
            fl_buf_addc(&s, '\n');
        }
        i += n + 1;
    }
    bool blank = true;
    for (size_t i = 0; i < s.len; i++)
        blank = blank && (s.p[i] == '\n' || s.p[i] == ' ' || s.p[i] == '\t');
    if (!blank)
        fn(s.p, s.len, ctx);
    else if (allow && lone == LONE_USE_EMPTY)
        fn("", 0, ctx);
    else if (use && allow)
        fn(use, use_n, ctx);
    fl_buf_cleanup(&s);
    fl_buf_reset(e);
}

/* Split a slow log into entries: '#' header lines, then statement lines. */
static void slowlog_statements(const char *log, int lone, stmt_fn fn, void *ctx)
{
    struct fl_buf e;
    bool in_stmt = false;
    fl_buf_init(&e);
    for (const char *p = log; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n && p[n - 1] == '\r')
            n--;
        if (starts_nocase(p, n, "# administrator command: ")) {
            if (in_stmt) /* "use db;" before it is its attribute */
                flush_entry(&e, lone, false, fn, ctx);
            fn(p + 2, n - 2, ctx); /* pt-query-digest: its own entry */
            in_stmt = false;
        } else if (p[0] == '#') {
            if (in_stmt)
                flush_entry(&e, lone, true, fn, ctx);
            in_stmt = false;
        } else if (!banner_line(p, n) && n > 0) {
            fl_buf_add(&e, p, n);
            fl_buf_addc(&e, '\n');
            in_stmt = true;
        }
        p = nl ? nl + 1 : p + n;
    }
    if (in_stmt)
        flush_entry(&e, lone, true, fn, ctx);
    fl_buf_cleanup(&e);
}

/* Our classes of a log: distinct fingerprints with counts. */
#define MAX_CLASSES 256
struct classes {
    size_t n;
    char *fp[MAX_CLASSES];
    int count[MAX_CLASSES];
    size_t total;
};

static void class_add(const char *sql, size_t n, void *ctx)
{
    struct classes *c = ctx;
    struct fl_buf b;
    size_t i;
    fl_buf_init(&b);
    fl_sql_fingerprint(sql, n, &b);
    for (i = 0; i < c->n && strcmp(c->fp[i], b.p) != 0; i++) {}
    if (i == c->n) {
        ck_assert_uint_lt(c->n, MAX_CLASSES);
        c->fp[c->n++] = strdup(b.p);
    }
    c->count[i]++;
    c->total++;
    fl_buf_cleanup(&b);
}

static int class_count(const struct classes *c, const char *fp)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->fp[i], fp) == 0)
            return c->count[i];
    return 0;
}

static void classes_free(struct classes *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->fp[i]);
    c->n = 0;
}

/* Compare ignoring white space and ASCII case. */
static bool loose_eq(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        if (!*a || !*b)
            return *a == *b;
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y)
            return false;
        a++;
        b++;
    }
}

/* pt's default rule we deliberately do not follow (digits inside words ->
 * ?), applied to our output so the rest of a pt fingerprint can be
 * compared. */
static void pt_embedded_numbers(char *s)
{
    char *w = s;
    for (char *r = s; *r;) {
        bool in_word = r > s && ((r[-1] >= 'a' && r[-1] <= 'z') || r[-1] == '_');
        if (in_word && *r >= '0' && *r <= '9') {
            while (*r >= '0' && *r <= '9')
                r++;
            *w++ = '?';
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}

/* ------------------------------------------------------------------------
 * Corpus tests
 * ---------------------------------------------------------------------- */

/* pt-fingerprint's query/expected pairs.  Compared modulo white space, and
 * with pt's default digits-in-identifiers rule applied to our output
 * (deliberate differences 2 and 3 in src/sql/fingerprint.c). */
START_TEST(test_sql_pt_fingerprint_pairs)
{
    int exact = 0, total = 0;
    struct fl_buf b;
    fl_buf_init(&b);
    for (int i = 1; i < 100; i++) {
        char rel[256];
        size_t n;
        snprintf(rel, sizeof rel, "percona-toolkit/pt-fingerprint/query%03d", i);
        char *q = read_corpus(rel, &n);
        if (!q)
            break;
        strcat(rel, ".fingerprint");
        char *want = read_corpus(rel, NULL);
        ck_assert_ptr_nonnull(want);
        want[strcspn(want, "\n")] = '\0';
        fl_sql_fingerprint(q, n, &b);
        exact += strcmp(b.p, want) == 0;
        pt_embedded_numbers(b.p);
        ck_assert_msg(loose_eq(b.p, want), "%s: got [%s] want [%s]", rel, b.p, want);
        total++;
        free(q);
        free(want);
    }
    ck_assert_int_gt(total, 0);
    fprintf(stderr, "pt-fingerprint pairs: %d/%d equal modulo spacing and embedded numbers, "
            "%d/%d byte-identical\n", total, total, exact, total);
    fl_buf_cleanup(&b);
}
END_TEST

/* For every go-mysql golden file: the queries of its slow log fall into our
 * classes exactly as into go-mysql's (golden classes are keyed by
 * fingerprint, user, host and db; we merge them by fingerprint).  Each
 * golden class's example query must map to one of our classes with the
 * golden count, distinct golden fingerprints to distinct classes, and the
 * log must give no extra classes.  slow001-no-examples has no examples:
 * there the number of classes and the multiset of counts are compared.
 * Logs with Log_slow_rate_limit have scaled counts: counts not compared. */
static const char *const goldens[] = {
    "mariadb102-with-explain", "slow001", "slow001-no-examples", "slow010", "slow018",
    "slow020", "slow021", "slow022", "slow023", "slow025", "slow027"
};

struct golden_class {
    const char *fp;
    const char *example;
    int count;
};

/* Merge golden classes by fingerprint. */
static size_t golden_classes(cJSON *root, struct golden_class *g, size_t cap)
{
    size_t n = 0;
    cJSON *cl, *classes = cJSON_GetObjectItem(root, "Class");
    cJSON_ArrayForEach(cl, classes) {
        const char *fp = cJSON_GetStringValue(cJSON_GetObjectItem(cl, "Fingerprint"));
        int cnt = cJSON_GetObjectItem(cl, "TotalQueries")->valueint;
        cJSON *ex = cJSON_GetObjectItem(cl, "Example");
        const char *q = ex ? cJSON_GetStringValue(cJSON_GetObjectItem(ex, "Query")) : NULL;
        size_t i;
        for (i = 0; i < n && strcmp(g[i].fp, fp) != 0; i++) {}
        if (i == n) {
            ck_assert_uint_lt(n, cap);
            g[n].fp = fp;
            g[n].example = NULL;
            g[n].count = 0;
            n++;
        }
        g[i].count += cnt;
        if (!g[i].example)
            g[i].example = q;
    }
    return n;
}

static int int_cmp(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

START_TEST(test_sql_go_mysql_golden_grouping)
{
    int classes_total = 0, grouped = 0, exact = 0, loose = 0;
    struct fl_buf b;
    fl_buf_init(&b);
    for (size_t f = 0; f < sizeof goldens / sizeof goldens[0]; f++) {
        char rel[256];
        snprintf(rel, sizeof rel, "percona-go-mysql/expected/%s.golden", goldens[f]);
        char *json = read_corpus(rel, NULL);
        ck_assert_msg(json != NULL, "missing %s", rel);
        char logname[128];
        snprintf(logname, sizeof logname, "%s", goldens[f]);
        char *dash = strstr(logname, "-no-examples");
        if (dash)
            *dash = '\0';
        snprintf(rel, sizeof rel, "percona-go-mysql/slow-logs/%s.log", logname);
        char *log = read_corpus(rel, NULL);
        ck_assert_msg(log != NULL, "missing %s", rel);
        bool rate = strstr(log, "Log_slow_rate_limit") != NULL;
        cJSON *root = cJSON_Parse(json);
        ck_assert_ptr_nonnull(root);
        struct golden_class g[64];
        size_t ng = golden_classes(root, g, 64);
        struct classes ours = {0};
        slowlog_statements(log, LONE_USE_STMT, class_add, &ours);
        ck_assert_msg(ours.n == ng, "%s: %zu classes, golden %zu", goldens[f], ours.n, ng);
        int gc[64], oc[MAX_CLASSES];
        for (size_t i = 0; i < ng; i++) {
            gc[i] = g[i].count;
            oc[i] = ours.count[i];
            classes_total++;
            if (!g[i].example)
                continue;
            fl_sql_fingerprint(g[i].example, strlen(g[i].example), &b);
            int cnt = class_count(&ours, b.p);
            ck_assert_msg(cnt > 0, "%s: example [%s] -> [%s] is no class of the log",
                          goldens[f], g[i].example, b.p);
            ck_assert_msg(rate || cnt == g[i].count, "%s: class [%s] has %d, golden %d",
                          goldens[f], b.p, cnt, g[i].count);
            for (size_t j = 0; j < i; j++) {
                if (!g[j].example)
                    continue;
                struct fl_buf o;
                fl_buf_init(&o);
                fl_sql_fingerprint(g[j].example, strlen(g[j].example), &o);
                ck_assert_msg(strcmp(o.p, b.p) != 0, "%s: golden classes [%s] and [%s] merged",
                              goldens[f], g[i].fp, g[j].fp);
                fl_buf_cleanup(&o);
            }
            grouped++;
            exact += strcmp(b.p, g[i].fp) == 0;
            loose += loose_eq(b.p, g[i].fp);
        }
        if (!rate) {
            qsort(gc, ng, sizeof gc[0], int_cmp);
            qsort(oc, ng, sizeof oc[0], int_cmp);
            ck_assert_msg(memcmp(gc, oc, ng * sizeof gc[0]) == 0, "%s: class counts differ",
                          goldens[f]);
        }
        classes_free(&ours);
        cJSON_Delete(root);
        free(json);
        free(log);
    }
    fprintf(stderr, "go-mysql goldens: %d/%d fingerprint classes grouped identically "
            "(%d with example queries checked one by one, the rest by count); "
            "fingerprint text: %d/%d byte-identical, %d/%d equal ignoring spacing and case\n",
            classes_total, classes_total, grouped, exact, grouped, loose, grouped);
    fl_buf_cleanup(&b);
}
END_TEST

/* pt-query-digest reports (query_report format) for slow logs: each
 * "# Query N" block gives Count and an example; our class of the example
 * must hold exactly Count statements of the log, examples of different
 * blocks must fall into different classes, and the log must not give more
 * classes than the report lists.  Reports run with time filters or
 * --group-by other than fingerprint are not used. */
static const char *const pt_reports[][2] = {
    {"slow001_report.txt", "slow001.txt"}, {"slow002_report.txt", "slow002.txt"},
    {"slow003_report.txt", "slow003.txt"}, {"slow004_report.txt", "slow004.txt"},
    {"slow006_report.txt", "slow006.txt"}, {"slow008_report.txt", "slow008.txt"},
    {"slow011_report.txt", "slow011.txt"}, {"slow013_report.txt", "slow013.txt"},
    {"slow014_report.txt", "slow014.txt"}, {"slow018_report.txt", "slow018.txt"},
    {"slow019_report.txt", "slow019.txt"}, {"slow023.txt", "slow023.txt"},
    {"slow024.txt", "slow024.txt"}, {"slow028.txt", "slow028.txt"},
    {"slow032.txt", "slow032.txt"}, {"slow035.txt", "slow035.txt"},
    {"slow048.txt", "slow048.txt"}, {"slow050.txt", "slow050.txt"},
    {"slow051.txt", "slow051.txt"}, {"slow052.txt", "slow052.txt"},
    {"slow054.txt", "slow054.txt"}, {"slow056.txt", "slow056.txt"},
    {"slow058.txt", "slow058.txt"}, {"slow059_report01.txt", "slow059.txt"},
};

/* Known deliberate differences (src/sql/fingerprint.c, "Deliberate differences"):
 * pt shortens a multi-row INSERT to its first row before fingerprinting,
 * dropping a trailing ON DUPLICATE KEY UPDATE, so in slow024 it merges the
 * upsert with the plain INSERT; we keep the clause: its class holds 1, and
 * the plain INSERT is one extra class. */
static const struct {
    const char *report;
    int query;      /* pt's "# Query N" */
    int ours;       /* statements in our class of that example */
    int extra;      /* classes we have beyond pt's */
} pt_deviations[] = {
    {"slow024.txt", 1, 1, 1},
};

/* Our count for pt's class `query` of `report` if it is a known
 * difference, else -1. */
static int deviation_count(const char *report, int query)
{
    for (size_t i = 0; i < sizeof pt_deviations / sizeof pt_deviations[0]; i++)
        if (!strcmp(pt_deviations[i].report, report) && pt_deviations[i].query == query)
            return pt_deviations[i].ours;
    return -1;
}

static size_t deviation_extra(const char *report)
{
    size_t extra = 0;
    for (size_t i = 0; i < sizeof pt_deviations / sizeof pt_deviations[0]; i++)
        if (!strcmp(pt_deviations[i].report, report))
            extra += (size_t)pt_deviations[i].extra;
    return extra;
}

struct pt_class {
    int count;
    char *example;
};

/* Parse the "# Query N" blocks of a report. */
static size_t pt_report_classes(const char *rep, struct pt_class *pc, size_t cap)
{
    size_t n = 0;
    const char *p = rep;
    while ((p = strstr(p, "\n# Query ")) != NULL) {
        p++;
        if (!(p[8] >= '0' && p[8] <= '9'))
            continue;
        const char *cnt = strstr(p, "\n# Count");
        ck_assert_ptr_nonnull(cnt);
        int pct, c;
        ck_assert_int_eq(sscanf(cnt + 9, "%d %d", &pct, &c), 2);
        /* example: first non-'#' non-empty lines up to one ending in \G */
        const char *l = cnt + 1;
        while (*l && (*l == '#' || *l == '\n'))
            l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l);
        const char *end = strstr(l, "\\G");
        ck_assert_ptr_nonnull(end);
        ck_assert_uint_lt(n, cap);
        pc[n].count = c;
        pc[n].example = strndup(l, (size_t)(end - l));
        n++;
        p = end;
    }
    return n;
}

START_TEST(test_sql_pt_query_digest_grouping)
{
    int classes_total = 0, files = 0, same = 0;
    struct fl_buf b, o;
    fl_buf_init(&b);
    fl_buf_init(&o);
    for (size_t f = 0; f < sizeof pt_reports / sizeof pt_reports[0]; f++) {
        char rel[256];
        snprintf(rel, sizeof rel, "percona-toolkit/expected/pt-query-digest/%s", pt_reports[f][0]);
        char *rep = read_corpus(rel, NULL);
        snprintf(rel, sizeof rel, "percona-toolkit/slowlogs/%s", pt_reports[f][1]);
        char *log = read_corpus(rel, NULL);
        ck_assert_msg(rep && log, "missing %s", pt_reports[f][0]);
        struct pt_class pc[32];
        size_t np = pt_report_classes(rep, pc, 32);
        ck_assert_uint_gt(np, 0);
        struct classes ours = {0};
        slowlog_statements(log, LONE_USE_EMPTY, class_add, &ours);
        for (size_t i = 0; i < np; i++) {
            fl_sql_fingerprint(pc[i].example, strlen(pc[i].example), &b);
            int cnt = class_count(&ours, b.p), dev = deviation_count(pt_reports[f][0], (int)i + 1);
            int want = dev >= 0 ? dev : pc[i].count;
            same += dev < 0;
            ck_assert_msg(cnt == want, "%s: example [%s] -> [%s]: %d queries, want %d",
                          pt_reports[f][0], pc[i].example, b.p, cnt, want);
            for (size_t j = 0; j < i; j++) {
                fl_sql_fingerprint(pc[j].example, strlen(pc[j].example), &o);
                ck_assert_msg(strcmp(o.p, b.p) != 0, "%s: pt classes %zu and %zu merged as [%s]",
                              pt_reports[f][0], i + 1, j + 1, b.p);
            }
        }
        ck_assert_msg(ours.n == np + deviation_extra(pt_reports[f][0]),
                      "%s: %zu classes, pt lists %zu", pt_reports[f][0], ours.n, np);
        classes_total += (int)np;
        files++;
        for (size_t i = 0; i < np; i++)
            free(pc[i].example);
        classes_free(&ours);
        free(rep);
        free(log);
    }
    fprintf(stderr, "pt-query-digest reports: %d/%d classes in %d reports grouped identically "
            "(the rest: documented deliberate differences)\n", same, classes_total, files);
    fl_buf_cleanup(&b);
    fl_buf_cleanup(&o);
}
END_TEST

/* pt-query-digest's "# Tables" sections list, per class, the tables of
 * its example (SHOW CREATE TABLE `db`.`t`, the db defaulted by pt from the
 * session).  Our fl_sql_tables of the example must name the same tables:
 * compared as sets of last name parts, case-insensitively (pt qualifies
 * unqualified names with the current db, which the statement cannot
 * know). */
static bool list_has(char list[][FL_SQL_NAME_MAX], size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(list[i], name) == 0)
            return true;
    return false;
}

static const char *last_part(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot ? dot + 1 : name;
}

/* The tables of the "# Tables" section starting at p (bare, deduped). */
static size_t pt_tables(const char *p, const char *end, char out[][FL_SQL_NAME_MAX], size_t cap)
{
    size_t n = 0;
    const char *key = "#    SHOW CREATE TABLE ";
    while ((p = strstr(p, key)) != NULL && p < end) {
        p += strlen(key);
        const char *e = strstr(p, "\\G");
        char name[FL_SQL_NAME_MAX], *w = name;
        for (; p < e && w < name + sizeof name - 1; p++)
            if (*p != '`')
                *w++ = *p;
        *w = '\0';
        if (!list_has(out, n, last_part(name)) && n < cap)
            snprintf(out[n++], FL_SQL_NAME_MAX, "%s", last_part(name));
    }
    return n;
}

/* pt mistakes: its table parser reads "from Xid_log_event" inside a
 * comment as a table (pt-234.log).  Such blocks are counted, not compared. */
static const char *const pt_table_errors[] = {
    "COMMIT /* implicit, from Xid_log_event */",
};

static bool pt_table_error(const char *q)
{
    for (size_t i = 0; i < sizeof pt_table_errors / sizeof pt_table_errors[0]; i++)
        if (strncmp(q, pt_table_errors[i], strlen(pt_table_errors[i])) == 0)
            return true;
    return false;
}

START_TEST(test_sql_pt_query_digest_tables)
{
    static const char *const files[] = {
        "genlog001.txt", "genlog002.txt", "genlog003.txt", "genlog005.txt", "rawlog001.txt",
        "pt-234.log", "slow001_report.txt", "slow002_report.txt", "slow006_report.txt",
        "slow008_report.txt", "slow013_report.txt", "slow018_report.txt", "slow019_report.txt",
        "slow023.txt", "slow028.txt", "slow032.txt", "slow035.txt", "slow048.txt", "slow050.txt",
        "slow051.txt", "slow052.txt", "slow054.txt", "slow056.txt", "slow058.txt",
        "slow059_report01.txt", "slow033-rtm-interval-1d.txt",
    };
    int blocks = 0, pt_errors = 0;
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        char rel[256];
        snprintf(rel, sizeof rel, "percona-toolkit/expected/pt-query-digest/%s", files[f]);
        char *rep = read_corpus(rel, NULL);
        ck_assert_msg(rep != NULL, "missing %s", rel);
        for (const char *t = rep; (t = strstr(t, "\n# Tables\n")) != NULL;) {
            t += 10;
            /* the example follows the section's '#' lines */
            const char *q = t;
            while (*q == '#')
                q = strchr(q, '\n') + 1;
            const char *qe = strstr(q, "\\G");
            ck_assert_ptr_nonnull(qe);
            if (pt_table_error(q)) {
                pt_errors++;
                t = qe;
                continue;
            }
            char want[FL_SQL_MAX_TABLES][FL_SQL_NAME_MAX];
            size_t nw = pt_tables(t, q, want, FL_SQL_MAX_TABLES);
            struct fl_sql_tables got;
            fl_sql_tables(q, (size_t)(qe - q), &got);
            char bare[FL_SQL_MAX_TABLES][FL_SQL_NAME_MAX];
            size_t nb = 0;
            for (size_t i = 0; i < got.count; i++)
                if (!list_has(bare, nb, last_part(got.names[i])))
                    snprintf(bare[nb++], FL_SQL_NAME_MAX, "%s", last_part(got.names[i]));
            ck_assert_msg(nb == nw, "%s: [%.*s]: %zu tables, pt %zu", files[f], (int)(qe - q), q,
                          nb, nw);
            for (size_t i = 0; i < nw; i++)
                ck_assert_msg(list_has(bare, nb, want[i]), "%s: [%.*s]: missing %s", files[f],
                              (int)(qe - q), q, want[i]);
            blocks++;
            t = qe;
        }
        free(rep);
    }
    ck_assert_int_gt(blocks, 10);
    fprintf(stderr, "pt-query-digest table lists: %d/%d classes name the same tables "
            "(%d more skipped: pt reads a table name inside a comment)\n", blocks, blocks,
            pt_errors);
}
END_TEST

/* issue_1604834: two queries differing only in a number inside an
 * identifier (t.a_123 / t.a_124).  pt's default profile lists one class,
 * with --preserve-embedded-numbers two; we must match the latter
 * (deliberate difference 2). */
static int profile_rows(const char *rep)
{
    int rows = 0;
    for (const char *p = rep; (p = strstr(p, "\n#  ")) != NULL; p++) {
        int rank;
        char id[3];
        if (sscanf(p + 2, "%d %2s", &rank, id) == 2 && !strcmp(id, "0x"))
            rows++;
    }
    return rows;
}

START_TEST(test_sql_pt_embedded_numbers_preserved)
{
    char *log = read_corpus("percona-toolkit/pt-query-digest-inputs/issue_1604834.log", NULL);
    char *dflt = read_corpus("percona-toolkit/expected/pt-query-digest/issue_1604834-1.txt", NULL);
    char *pres = read_corpus("percona-toolkit/expected/pt-query-digest/issue_1604834-2.txt", NULL);
    ck_assert(log && dflt && pres);
    struct classes ours = {0};
    slowlog_statements(log, LONE_USE_EMPTY, class_add, &ours);
    ck_assert_int_eq(profile_rows(dflt), 1);
    ck_assert_int_eq(profile_rows(pres), 2);
    ck_assert_uint_eq(ours.total, 2);
    ck_assert_uint_eq(ours.n, (size_t)profile_rows(pres));
    classes_free(&ours);
    free(log);
    free(dflt);
    free(pres);
}
END_TEST

/* pgBadger's stmt_type.log: our classifier must give expected/stmt_type.out. */
START_TEST(test_sql_pgbadger_statement_types)
{
    char *log = read_corpus("pgbadger/stmt_type.log", NULL);
    char *exp = read_corpus("pgbadger/expected/stmt_type.out", NULL);
    ck_assert(log && exp);
    int counts[FL_SQL_STMT_COUNT_] = {0}, total = 0;
    for (char *line = strtok(log, "\n"); line; line = strtok(NULL, "\n")) {
        char *s = strstr(line, "statement: ");
        if (!s)
            continue;
        s += strlen("statement: ");
        counts[fl_sql_statement_type(s, strlen(s))]++;
        total++;
    }
    int expected_total = 0;
    for (char *line = strtok(exp, "\n"); line; line = strtok(NULL, "\n")) {
        char *colon = strrchr(line, ':');
        ck_assert_ptr_nonnull(colon);
        *colon = '\0';
        int want = atoi(colon + 1), got = -1;
        for (int t = 0; t < FL_SQL_STMT_COUNT_; t++)
            if (strcmp(fl_sql_statement_type_name(t), line) == 0)
                got = counts[t];
        ck_assert_msg(got == want, "%s: %d, pgBadger %d", line, got, want);
        expected_total += want;
    }
    ck_assert_int_eq(total, expected_total);
    free(log);
    free(exp);
}
END_TEST

/* ------------------------------------------------------------------------ */

static Suite *sql_suite(void)
{
    Suite *s = suite_create("sql");
    TCase *tc = tcase_create("fingerprint");
    tcase_add_test(tc, test_sql_literals_replaced);
    tcase_add_test(tc, test_sql_in_list_collapses);
    tcase_add_test(tc, test_sql_values_rows_collapse);
    tcase_add_test(tc, test_sql_comments_removed);
    tcase_add_test(tc, test_sql_dollar_quotes);
    tcase_add_test(tc, test_sql_spacing_and_case_canonical);
    tcase_add_test(tc, test_sql_quoted_identifiers);
    tcase_add_test(tc, test_sql_double_quoted_strings_mysql);
    tcase_add_test(tc, test_sql_typed_literals_and_casts);
    tcase_add_test(tc, test_sql_bind_parameters);
    tcase_add_test(tc, test_sql_limit_folds);
    tcase_add_test(tc, test_sql_order_by_asc_dropped);
    tcase_add_test(tc, test_sql_null_rules);
    tcase_add_test(tc, test_sql_use_call_admin);
    tcase_add_test(tc, test_sql_generated_names);
    tcase_add_test(tc, test_sql_semicolons);
    tcase_add_test(tc, test_sql_backslash_rules);
    tcase_add_test(tc, test_sql_numbers_in_identifiers_kept);
    tcase_add_test(tc, test_sql_no_literal_leaks);
    tcase_add_test(tc, test_sql_arbitrary_bytes_bounded);
    tcase_add_test(tc, test_sql_deep_nesting);
    tcase_add_test(tc, test_sql_bad_arguments);
    tcase_add_test(tc, test_sql_length_is_respected);
    tcase_add_test(tc, test_sql_fingerprint_id_stable);
    tcase_add_test(tc, test_sql_keyword_table_sorted);
    tcase_add_test(tc, test_sql_lexer_tokens);
    suite_add_tcase(s, tc);

    tc = tcase_create("tables");
    tcase_add_test(tc, test_sql_tables_read_and_write);
    tcase_add_test(tc, test_sql_cte_names_not_tables);
    tcase_add_test(tc, test_sql_tables_aliases_functions_subqueries);
    tcase_add_test(tc, test_sql_tables_names_normalised);
    tcase_add_test(tc, test_sql_tables_ddl_targets);
    tcase_add_test(tc, test_sql_tables_none_for_utility);
    tcase_add_test(tc, test_sql_tables_bounded);
    tcase_add_test(tc, test_sql_statement_types);
    suite_add_tcase(s, tc);

    if (corpus_found()) {
        tc = tcase_create("corpus");
        tcase_add_test(tc, test_sql_pt_fingerprint_pairs);
        tcase_add_test(tc, test_sql_go_mysql_golden_grouping);
        tcase_add_test(tc, test_sql_pt_query_digest_grouping);
        tcase_add_test(tc, test_sql_pt_embedded_numbers_preserved);
        tcase_add_test(tc, test_sql_pt_query_digest_tables);
        tcase_add_test(tc, test_sql_pgbadger_statement_types);
        suite_add_tcase(s, tc);
    } else {
        fprintf(stderr, "check_sql: corpus not found at %s: corpus tests skipped\n", corpus_dir);
    }
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(sql_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
