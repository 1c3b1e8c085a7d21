/* ddltext.c - a schema change's text as logged, redacted only where it
 * can carry a secret (see fl_ddltext.h). */
#include <ctype.h>
#include <string.h>

#include "sql/fl_ddltext.h"
#include "sql/fl_fingerprint.h"

static bool word_at(const char *s, size_t n, size_t i, const char *w)
{
    size_t k = strlen(w);

    if (i + k > n || (i > 0 && (isalnum((unsigned char)s[i - 1]) ||
                                s[i - 1] == '_')))
        return false;
    for (size_t j = 0; j < k; j++)
        if (tolower((unsigned char)s[i + j]) != w[j])
            return false;
    return true;
}

bool fl_ddl_may_hold_secret(const char *sql, size_t n)
{
    static const char *const words[] = {
        "password", "passwd", "identified", "secret", "connection",
        "options", "credential", "encrypted",
    };

    for (size_t i = 0; i < n; i++)
        for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
            if (word_at(sql, n, i, words[w]))
                return true;
    return false;
}

bool fl_ddl_text(const char *sql, size_t n, struct fl_buf *out)
{
    bool space = false;

    if (fl_ddl_may_hold_secret(sql, n)) {
        fl_sql_fingerprint(sql, n, out);
        return true;
    }
    fl_buf_reset(out);
    while (n && (isspace((unsigned char)sql[n - 1]) || sql[n - 1] == ';'))
        n--;
    for (size_t i = 0; i < n; i++) {
        if (isspace((unsigned char)sql[i])) {
            space = out->len > 0;
            continue;
        }
        if (space)
            fl_buf_addc(out, ' ');
        space = false;
        fl_buf_addc(out, sql[i]);
    }
    return false;
}
