/* csv.c - csv framing (PostgreSQL csvlog): a record spans lines while a
 * quoted field is open; its columns become the format's fields.
 *
 * Invariants: the record's raw text is kept in the arena and split in place
 * ("" unescaped), so column slots point into it; a quoted field still open
 * after MAX_CSV_LINES lines, too few columns or a failed "match" make the
 * record not understood, counted once per line.
 */
#include <string.h>

#include "base/fl_buf.h"
#include "parse/fl_parse_int.h"

#define MAX_CSV_LINES 100000           /* cap on lines of one CSV record */


/* Split the CSV record in the arena into column slots, unescaping "" in
 * place.  Returns the number of columns. */
static size_t csv_split(const struct fl_format *f, struct fl_entry *e)
{
    char *a = e->arena.p;
    size_t n = e->arena.len, i = 0, col = 0;

    while (i <= n) {
        uint32_t start = (uint32_t)i, w = (uint32_t)i;
        if (i < n && a[i] == '"') {
            i++;
            while (i < n) {
                if (a[i] == '"' && i + 1 < n && a[i + 1] == '"') {
                    a[w++] = '"';
                    i += 2;
                } else if (a[i] == '"') {
                    i++;
                    break;
                } else {
                    a[w++] = a[i++];
                }
            }
            while (i < n && a[i] != ',')
                i++;
        } else {
            while (i < n && a[i] != ',')
                i++;
            w = (uint32_t)i;
        }
        if (col < f->ncolumns && w > start) {
            e->slots[f->columns[col]].off = start;
            e->slots[f->columns[col]].len = w - start;
        }
        col++;
        i++;
    }
    return col;
}

static void csv_scan_quotes(struct fl_parser *p, const char *s, size_t n)
{
    for (const char *q = memchr(s, '"', n); q;
         q = memchr(q + 1, '"', n - (size_t)(q + 1 - s)))
        p->csv_in_quotes = !p->csv_in_quotes;
}

int fl_csv_frame(struct fl_parser *p, const char *s, size_t n,
                 uint64_t line_no)
{
    struct fl_entry *e = &p->cur;
    size_t cols;

    if (!e->active) {
        fl_entry_reset(p, e, line_no);
        p->csv_in_quotes = false;
    } else {
        fl_buf_addc(&e->arena, '\n');
    }
    if (!fl_entry_full(e, n))
        fl_buf_add(&e->arena, s, n);
    e->nlines++;
    csv_scan_quotes(p, s, n);
    if (p->csv_in_quotes && e->nlines < MAX_CSV_LINES)
        return 0;
    cols = csv_split(p->f, e);
    if (cols < p->f->min_columns || p->csv_in_quotes ||
        (p->f->has_match && !fl_classify_cond(p, e, &p->f->match))) {
        e->active = false;
        p->csv_in_quotes = false;
        for (uint64_t k = 0; k < e->nlines; k++)
            fl_parse_bad_line(p, e->line + k,
                              "not a CSV record of this format", s, n);
        return 0;
    }
    return fl_parse_finish_entry(p);
}
