/* html.c - the frame every HTML page shares (see fl_html.h): the head
 * with its Content-Security-Policy and inline style, escaping of log
 * text, shortened statements, placeholders, the inputs section and the
 * small script that sorts a table.  The page needs no network and reads
 * the same without the script. */
#include <inttypes.h>
#include <string.h>

#include "report/fl_html.h"

void fl_html_esc(struct fl_buf *out, const char *s, size_t n)
{
    size_t run = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default:
            if (c < 0x20 || c == 0x7f)
                rep = " ";
        }
        if (!rep)
            continue;
        fl_buf_add(out, s + run, i - run);
        fl_buf_adds(out, rep);
        run = i + 1;
    }
    fl_buf_add(out, s + run, n - run);
}

void fl_html_escs(struct fl_buf *out, const char *s)
{
    if (s)
        fl_html_esc(out, s, strlen(s));
}

/* Where to cut s (length n) near max bytes without splitting a UTF-8
 * sequence. */
static size_t cut_at(const char *s, size_t n, size_t max)
{
    size_t k = n < max ? n : max;

    while (k > 0 && k < n && ((unsigned char)s[k] & 0xc0) == 0x80)
        k--;
    return k;
}

void fl_html_code(struct fl_buf *out, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    size_t k = cut_at(s ? s : "", n, FL_HTML_CUT);

    if (k == n) {
        fl_buf_adds(out, "<code>");
        fl_html_esc(out, s ? s : "", n);
        fl_buf_adds(out, "</code>");
        return;
    }
    fl_buf_adds(out, "<details class=\"stmt\"><summary><code>");
    fl_html_esc(out, s, k);
    fl_buf_adds(out, "\xe2\x80\xa6</code></summary><code class=\"full\">");
    fl_html_esc(out, s, n);
    fl_buf_adds(out, "</code></details>");
}

void fl_html_todo(struct fl_buf *out, const char *what)
{
    fl_buf_adds(out, "<span class=\"todo\">[TODO: ");
    fl_html_escs(out, what);
    fl_buf_adds(out, "]</span>");
}

static const char style[] =
    ":root{color-scheme:light dark;--fg:#1b1f24;--bg:#fff;--mute:#5b6470;"
    "--grid:#d8dde3;--card:#f5f7f9;--p50:#1f6feb;--p95:#d1242f;"
    "--calls:#1a7f37;--err:#bc4c00;--shade:rgba(209,36,47,.10);"
    "--mark:#8250df;--todo:#fff3bf}\n"
    "@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;"
    "--mute:#9aa4ae;--grid:#30363d;--card:#161b22;--p50:#58a6ff;"
    "--p95:#ff7b72;--calls:#3fb950;--err:#f0883e;"
    "--shade:rgba(255,123,114,.16);--mark:#d2a8ff;--todo:#5a4a00}}\n"
    "body{margin:0;background:var(--bg);color:var(--fg);"
    "font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif}\n"
    "main{max-width:1100px;margin:0 auto;padding:1rem 1.5rem 3rem}\n"
    "h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin:2rem 0 "
    ".6rem;border-bottom:1px solid var(--grid)}h3{font-size:1.05rem}\n"
    ".sub,.mute,figcaption{color:var(--mute)}\n"
    ".verdict{display:inline-block;padding:.1rem .55rem;border-radius:1rem;"
    "background:var(--card);border:1px solid var(--grid);font-weight:600}\n"
    "dl.figs{display:grid;grid-template-columns:max-content 1fr;gap:.25rem "
    "1rem}dl.figs dt{font-weight:600}dl.figs dd{margin:0}\n"
    "table{border-collapse:collapse;width:100%;font-size:.9rem}\n"
    "th,td{border-bottom:1px solid var(--grid);padding:.3rem .45rem;"
    "text-align:left;vertical-align:top}td.n,th.n{text-align:right;"
    "font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "th[data-sort]{cursor:pointer}th[aria-sort=descending]::after{content:"
    "' \\25BE'}th[aria-sort=ascending]::after{content:' \\25B4'}\n"
    "code{font:.85rem/1.4 ui-monospace,Menlo,Consolas,monospace;"
    "overflow-wrap:anywhere}details.stmt summary{cursor:pointer}\n"
    "code.full{display:block;white-space:pre-wrap;background:var(--card);"
    "padding:.4rem;margin:.3rem 0}\n"
    ".todo{background:var(--todo);padding:0 .2rem}\n"
    "figure{margin:1rem 0}svg.chart{width:100%;height:auto;display:block;"
    "background:var(--card);border-radius:4px}\n"
    "svg .axis{stroke:var(--grid)}svg text{fill:var(--mute);font-size:11px;"
    "font-family:system-ui,sans-serif}svg .line{fill:none;stroke-width:1.6}"
    "\nsvg .p50{stroke:var(--p50)}svg .p95{stroke:var(--p95)}svg .calls{"
    "stroke:var(--calls)}svg .errors{stroke:var(--err)}\n"
    "svg .incident-window{fill:var(--shade)}svg .marker line{stroke:"
    "var(--mark);stroke-dasharray:4 3}svg .marker text{fill:var(--mark)}\n"
    ".key{font-size:.8rem;margin-left:.5rem}.key i{display:inline-block;"
    "width:1.2rem;height:3px;vertical-align:middle;margin:0 .3rem}\n"
    "ol.culprits>li{margin-bottom:1rem}ol.culprits ul{margin:.3rem 0}\n"
    "@media print{body{font-size:11pt;background:#fff;color:#000}main{"
    "max-width:none;padding:0}figure,tr,li{break-inside:avoid}details>"
    "*{display:block}h2{break-after:avoid}svg.chart{background:#fff}}\n";

void fl_html_begin(struct fl_buf *out, const char *title)
{
    fl_buf_adds(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                "<meta charset=\"utf-8\">\n"
                "<meta http-equiv=\"Content-Security-Policy\" content=\""
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                "script-src 'unsafe-inline'\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, "
                "initial-scale=1\">\n<meta name=\"generator\" "
                "content=\"faultline\">\n<title>");
    fl_html_escs(out, title);
    fl_buf_adds(out, "</title>\n<style>\n");
    fl_buf_adds(out, style);
    fl_buf_adds(out, "</style>\n</head>\n<body>\n<main>\n");
}

/* Sorting of the tables of class "sortable": a click on a header whose
 * cells carry data-v orders the body rows by it; no log text is read or
 * written as markup. */
static const char script[] =
    "(function(){'use strict';\n"
    "function sortBy(t,th){var col=th.cellIndex,b=t.tBodies[0];\n"
    "var rows=Array.prototype.slice.call(b.rows);\n"
    "var dir=th.getAttribute('aria-sort')==='descending'?1:-1;\n"
    "var num=th.getAttribute('data-sort')==='num';\n"
    "Array.prototype.forEach.call(t.tHead.rows[0].cells,function(h){"
    "h.removeAttribute('aria-sort');});\n"
    "th.setAttribute('aria-sort',dir<0?'descending':'ascending');\n"
    "rows.sort(function(a,c){var x=a.cells[col].getAttribute('data-v'),"
    "y=c.cells[col].getAttribute('data-v');\n"
    "if(num){x=+x;y=+y;return dir*(x-y)||a.rowIndex-c.rowIndex;}\n"
    "return dir*(x<y?-1:x>y?1:0);});\n"
    "rows.forEach(function(r){b.appendChild(r);});}\n"
    "Array.prototype.forEach.call(document.querySelectorAll('table.sortable')"
    ",function(t){Array.prototype.forEach.call(t.querySelectorAll("
    "'th[data-sort]'),function(th){th.tabIndex=0;\n"
    "th.addEventListener('click',function(){sortBy(t,th);});\n"
    "th.addEventListener('keydown',function(e){if(e.key==='Enter')"
    "sortBy(t,th);});});});\n"
    "})();\n";

void fl_html_end(struct fl_buf *out, bool with_script)
{
    fl_buf_adds(out, "<p class=\"mute\">Generated by faultline. This page "
                "loads nothing from the network.</p>\n</main>\n");
    if (with_script) {
        fl_buf_adds(out, "<script>\n");
        fl_buf_adds(out, script);
        fl_buf_adds(out, "</script>\n");
    }
    fl_buf_adds(out, "</body>\n</html>\n");
}

static void input_item(const struct fl_report_input *in, struct fl_buf *out)
{
    fl_buf_adds(out, "<li><code>");
    fl_html_escs(out, in->path);
    fl_buf_adds(out, "</code>: ");
    if (in->skipped) {
        fl_buf_adds(out, "skipped, nothing parsed</li>\n");
        return;
    }
    fl_html_escs(out, in->format);
    fl_buf_printf(out, " (%s), %" PRIu64 " lines, %" PRIu64 " events, %"
                  PRIu64 " lines not understood%s</li>\n", in->compression,
                  in->lines, in->events, in->unparsed,
                  in->partial ? "; read incompletely" : "");
}

void fl_html_inputs(const struct fl_report *r, struct fl_buf *out)
{
    const struct fl_report_left_out *lo = &r->left_out;

    fl_buf_adds(out, "<section id=\"inputs\">\n<h2>Inputs</h2>\n<ul>\n");
    for (size_t i = 0; i < r->ninputs; i++)
        input_item(&r->inputs[i], out);
    if (!r->ninputs)
        fl_buf_adds(out, "<li>no input file was recorded</li>\n");
    if (r->ninputs_not_logs)
        fl_buf_printf(out, "<li>%zu other file%s in the directories: not a "
                      "log in any known format</li>\n", r->ninputs_not_logs,
                      r->ninputs_not_logs == 1 ? "" : "s");
    if (lo->journal_events || lo->journal_changes)
        fl_buf_printf(out, "<li>Left out: %" PRIu64 " lock waits, deadlocks "
                      "and errors and %" PRIu64 " changes past the journal's "
                      "bound were counted but not analysed</li>\n",
                      lo->journal_events, lo->journal_changes);
    if (lo->classes_folded)
        fl_buf_printf(out, "<li>Left out: too many distinct classes; %" PRIu64
                      " calls were counted as (other)</li>\n",
                      lo->calls_folded);
    if (lo->series_buckets)
        fl_buf_printf(out, "<li>Left out: %" PRIu64 " buckets past the bound "
                      "of the chart series</li>\n", lo->series_buckets);
    fl_buf_adds(out, "</ul>\n</section>\n");
}
