/* check_buf.c - the growable buffer and JSON string escaping of log text. */
#include <check.h>
#include <string.h>

#include "base/fl_buf.h"

struct esc {
    const char *in;
    size_t n;
    const char *out;
};

static const struct esc escs[] = {
    { "plain", 5, "plain" },
    { "quote\" back\\", 12, "quote\\\" back\\\\" },
    { "nl\ntab\tcr\r", 10, "nl\\ntab\\tcr\\r" },
    { "\x01\x1f", 2, "\\u0001\\u001f" },
    { "nul\0x", 5, "nul\\u0000x" },
    { "caf\xc3\xa9", 5, "caf\xc3\xa9" },
    { "bad\xff\xfe", 5, "bad\\ufffd\\ufffd" },
    { "trunc\xe2\x82", 7, "trunc\\ufffd\\ufffd" },
    { "overlong\xc0\xaf", 10, "overlong\\ufffd\\ufffd" },
    { "surrogate\xed\xa0\x80", 12, "surrogate\\ufffd\\ufffd\\ufffd" },
    { "emoji\xf0\x9f\x98\x80", 9, "emoji\xf0\x9f\x98\x80" },
};

START_TEST(test_buf_json_escapes_control_and_invalid_utf8)
{
    struct fl_buf b;
    fl_buf_init(&b);
    fl_buf_add_json_str(&b, escs[_i].in, escs[_i].n);
    ck_assert_str_eq(b.p, escs[_i].out);
    fl_buf_cleanup(&b);
}
END_TEST

START_TEST(test_buf_grows_and_resets_keeping_storage)
{
    struct fl_buf b;
    char big[100000];
    size_t cap;

    memset(big, 'x', sizeof big);
    fl_buf_init(&b);
    fl_buf_add(&b, big, sizeof big);
    fl_buf_printf(&b, "%d-%s", 42, "end");
    ck_assert_uint_eq(b.len, sizeof big + 6);
    ck_assert_str_eq(b.p + sizeof big, "42-end");
    cap = b.cap;
    fl_buf_reset(&b);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_str_eq(b.p, "");
    ck_assert_uint_eq(b.cap, cap);
    fl_buf_cleanup(&b);
    ck_assert_ptr_null(b.p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("buf");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_add_loop_test(tc, test_buf_json_escapes_control_and_invalid_utf8, 0,
                        (int)(sizeof escs / sizeof escs[0]));
    tcase_add_test(tc, test_buf_grows_and_resets_keeping_storage);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
