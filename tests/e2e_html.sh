#!/bin/sh
# e2e_html.sh - the HTML report (-O html, -o FILE.html) of `timeline` and
# `stats`, read in a real browser.
#
# Without a browser: the page is self-contained (the CSP meta tag, no
# remote address, no src= or href= at all), -O html
# and -o FILE.html give the same bytes, and hostile log text
# (tests/data/html/hostile.log.gz: statements and messages holding
# `</script><script>alert(1)</script>`, `<img src=x onerror=alert(1)>` and
# `javascript:` links) is escaped in the file.  A log of 100,000 classes
# gives pages under 3 MB.
#
# In headless Chromium (Debian's `chromium`), for samples/incident,
# samples/incident-app and the hostile log: no console message (errors,
# CSP violations, uncaught exceptions) and no hang (an alert would block
# the page); the DOM holds the charts (svg.chart with latency and rate
# lines), the incident window and the change markers; the hostile strings
# are text, with no script, img or javascript: link made of them; the
# screenshot is not blank (decoded here: pixel variety).  Without chromium
# the browser part skips, unless FL_REQUIRE_CHROMIUM=1 (CI), where it
# fails.  FL_HTML_SCREENSHOT=FILE keeps the incident page's screenshot
# (docs/report.png is made so).
. "${top_srcdir:-.}/tests/lib.sh"
need_faultline
need_cmd python3 awk

S=$top_srcdir/samples
H=$top_srcdir/tests/data/html/hostile.log.gz
T=$FL_TMP

# render NAME CMD ARGS...: write $T/NAME.html with -O html; check status 0.
render() {
    _n=$1
    shift
    run_fl "$T/$_n.html" "$T/$_n.err" "$@" -O html
    check_rc "$_n: faultline $1 -O html" 0
}

render tl-incident timeline "$S/incident"
render st-incident stats "$S/incident"
render tl-app timeline "$S/incident-app"
render st-app stats "$S/incident-app"
render tl-hostile timeline "$H"
render st-hostile stats --by user "$H"

# ---- the file itself -----------------------------------------------------

for p in tl-incident st-incident tl-app st-app tl-hostile st-hostile; do
    f=$T/$p.html
    check_grep "$p: an HTML document" "$f" '^<!DOCTYPE html>$'
    check_grep "$p: CSP forbids remote loads" "$f" \
        "http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
    check_no_grep "$p: no remote address" "$f" '(https?|ftp):|//[a-z]'
    check_no_grep "$p: nothing loaded or linked (no src=, href=)" "$f" \
        "(src|href)=[\"']"
done
check_grep "timeline page: charts" "$T/tl-incident.html" '<svg class="chart latency"'
check_grep "stats page: sortable table" "$T/st-incident.html" '<table class="sortable'

run_fl "$T/same.html" /dev/null timeline -o "$T/by-ext.html" "$S/incident"
check_rc "timeline -o FILE.html" 0
if cmp -s "$T/by-ext.html" "$T/tl-incident.html"; then
    pass "-o FILE.html writes the same page as -O html"
else
    fail "-o FILE.html differs from -O html"
fi

for p in tl-hostile st-hostile; do
    check_no_grep "$p: no raw <script> from the log" "$T/$p.html" '<script>alert'
    check_no_grep "$p: no raw <img from the log" "$T/$p.html" '<img'
    check_no_grep "$p: no raw <a from the log" "$T/$p.html" '<a '
done
check_grep "tl-hostile: the statement is shown escaped" "$T/tl-hostile.html" \
    '&lt;/script&gt;&lt;script&gt;alert\(1\)&lt;/script&gt;'
check_grep "tl-hostile: the message is shown escaped" "$T/tl-hostile.html" \
    '&lt;img src=x onerror=alert\(1\)&gt;'

# ---- size bound: 100,000 classes -------------------------------------------

awk 'BEGIN { for (i = 0; i < 100000; i++)
    printf "2026-11-24 10:%02d:%02d.%03d UTC [%d] app@shop LOG:  duration: %d.%03d ms  statement: SELECT c%d, note FROM t%d WHERE id = %d\n",
        int(i / 2000) % 60, int(i / 40) % 50, i % 1000, 100 + i % 50,
        i % 9, i % 997, i, i, i }' > "$T/many.log"
run_fl "$T/many-st.html" "$T/many.err" stats -O html "$T/many.log"
check_rc "stats -O html of 100,000 classes" 0
run_fl "$T/many-tl.html" "$T/many.err" timeline -O html "$T/many.log"
check_rc "timeline -O html of 100,000 classes" 0
for p in many-st many-tl; do
    sz=$(wc -c < "$T/$p.html")
    if [ "$sz" -lt 3000000 ]; then
        pass "$p: $sz bytes, under 3 MB"
    else
        fail "$p: $sz bytes, not under 3 MB"
    fi
done
check_grep "many-st: the rest summarised in one row" "$T/many-st.html" \
    '<tr class="rest"><td></td><td>99900 more'

# ---- in the browser ------------------------------------------------------------

CHROMIUM=
for c in chromium chromium-browser; do
    command -v "$c" >/dev/null 2>&1 && { CHROMIUM=$c; break; }
done
if [ -z "$CHROMIUM" ]; then
    if [ "${FL_REQUIRE_CHROMIUM:-}" = 1 ]; then
        fail "chromium is not installed (FL_REQUIRE_CHROMIUM=1)"
        fl_finish
    fi
    [ "$FL_FAILS" -eq 0 ] || fl_finish
    skip "chromium is not installed (the browser checks need it)"
fi

# browse NAME: load $T/NAME.html; DOM in NAME.dom, screenshot NAME.png,
# browser log in NAME.log.  A page that does not finish loading in time
# (an alert blocks it) fails.
browse() {
    _rc=0
    DBUS_SESSION_BUS_ADDRESS=disabled: timeout 90 "$CHROMIUM" --headless=new \
        --no-sandbox --disable-gpu --no-first-run --disable-extensions \
        --disable-dev-shm-usage --user-data-dir="$T/profile" \
        --hide-scrollbars --window-size=1000,1100 \
        --enable-logging=stderr --v=0 --dump-dom \
        --screenshot="$T/$1.png" "file://$T/$1.html" \
        > "$T/$1.dom" 2> "$T/$1.log" || _rc=$?
    if [ "$_rc" != 0 ]; then
        fail "$1: chromium exit status $_rc (a blocking dialog?)" \
            "$(grep -v -i dbus "$T/$1.log" | tail -n 3 | tr '\n' '|')"
        return 1
    fi
    pass "$1: loaded in chromium"
    check_no_grep "$1: no console message, CSP violation or uncaught error" \
        "$T/$1.log" 'CONSOLE|Uncaught'
}

# The DOM's elements, counted by python3's HTML parser: lines NAME=COUNT.
cat > "$T/dom.py" <<'EOF'
import sys
from html.parser import HTMLParser

class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.n = {}
        self.text = []
    def bump(self, k):
        self.n[k] = self.n.get(k, 0) + 1
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        self.bump(tag)
        for c in cls:
            self.bump(tag + "." + c)
        for k, v in attrs:
            if k.startswith("on"):
                self.bump("on-attribute")
            if v and v.strip().lower().startswith("javascript:"):
                self.bump("javascript-url")
    def handle_data(self, d):
        self.text.append(d)

p = P()
p.feed(open(sys.argv[1], encoding="utf-8", errors="replace").read())
for k in sorted(p.n):
    print("%s=%d" % (k, p.n[k]))
t = "".join(p.text)
for name, s in (("payload-script", "</script><script>alert(1)</script>"),
                ("payload-img", "<img src=x onerror=alert(1)>"),
                ("payload-js", "javascript:alert(1)")):
    print("%s=%d" % (name, t.count(s)))
EOF

# Pixel variety of a PNG, decoded here (zlib + the PNG row filters), over
# its first 700 rows (the title, the summary and the first chart or the
# totals): prints "COLOURS SHARE" (distinct colours among sampled pixels,
# and the share of pixels that differ from the most common one, in
# percent).
cat > "$T/png.py" <<'EOF'
import sys, zlib, struct
d = open(sys.argv[1], "rb").read()
assert d[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w = 8, b"", 0
while pos < len(d):
    n, typ = struct.unpack(">I4s", d[pos:pos + 8])
    body = d[pos + 8:pos + 8 + n]
    if typ == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and ctype in (2, 6), "unexpected PNG type"
        bpp = 3 if ctype == 2 else 4
    elif typ == b"IDAT":
        idat += body
    pos += 12 + n
raw, stride = zlib.decompress(idat), w * bpp
prev, counts, seen = bytearray(stride), {}, 0
for y in range(min(h, 700)):
    f, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    if f == 1:
        for i in range(bpp, stride): row[i] = (row[i] + row[i - bpp]) & 255
    elif f == 2:
        for i in range(stride): row[i] = (row[i] + prev[i]) & 255
    elif f == 3:
        for i in range(stride):
            row[i] = (row[i] + ((row[i - bpp] if i >= bpp else 0) + prev[i]) // 2) & 255
    elif f == 4:
        for i in range(stride):
            a = row[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
            row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = row
    if y % 4 == 0:
        for x in range(0, w, 4):
            px = bytes(row[x * bpp:x * bpp + 3])
            counts[px] = counts.get(px, 0) + 1
            seen += 1
top = max(counts.values())
print(len(counts), int(100 * (seen - top) / seen))
EOF

# dom NAME KEY: the count of KEY in NAME's DOM (0 when absent).
dom() {
    awk -F= -v k="$2" '$1 == k { print $2; f = 1 } END { if (!f) print 0 }' "$T/$1.count"
}

# at_least WHAT GOT MIN
at_least() {
    if [ "$2" -ge "$3" ]; then pass "$1: $2"; else fail "$1: $2, want at least $3"; fi
}

for p in tl-incident st-incident tl-app st-app tl-hostile st-hostile; do
    browse "$p" || continue
    python3 "$T/dom.py" "$T/$p.dom" > "$T/$p.count"
    at_least "$p: svg charts in the DOM" "$(dom "$p" svg.chart)" 3
    at_least "$p: latency lines (p95)" "$(dom "$p" path.p95)" 1
    at_least "$p: call-rate line" "$(dom "$p" path.calls)" 1
    check_eq "$p: no img element" "$(dom "$p" img)" 0
    check_eq "$p: no on* attribute" "$(dom "$p" on-attribute)" 0
    check_eq "$p: no javascript: URL" "$(dom "$p" javascript-url)" 0
    case $p in
    tl-*) check_eq "$p: no script element" "$(dom "$p" script)" 0
          check_eq "$p: the incident window is shaded" \
              "$([ "$(dom "$p" rect.incident-window)" -ge 1 ] && echo yes)" yes
          at_least "$p: change markers" "$(dom "$p" g.marker)" 2 ;;
    st-*) check_eq "$p: only the sorting script" "$(dom "$p" script)" 1 ;;
    esac
    case $p in
    st-incident|st-app)
        at_least "$p: per-class charts on demand" "$(dom "$p" details.chart)" 1 ;;
    esac
    set -- $(python3 "$T/png.py" "$T/$p.png")
    if [ "${1:-0}" -ge 16 ] && [ "${2:-0}" -ge 3 ]; then
        pass "$p: screenshot not blank ($1 colours, $2% not background)"
    else
        fail "$p: screenshot looks blank (${1:-?} colours, ${2:-?}% not background)"
    fi
done
at_least "tl-app: deploy markers" "$(dom tl-app g.deploy)" 1
at_least "tl-app: rollback markers" "$(dom tl-app g.rollback)" 1
for p in tl-hostile st-hostile; do
    at_least "$p: the </script> statement shown as text" "$(dom "$p" payload-script)" 1
done
at_least "tl-hostile: the <img> message shown as text" "$(dom tl-hostile payload-img)" 1
at_least "tl-hostile: the javascript: link shown as text" "$(dom tl-hostile payload-js)" 1
if [ -n "${FL_HTML_SCREENSHOT:-}" ] && [ -f "$T/tl-app.png" ]; then
    cp "$T/tl-app.png" "$FL_HTML_SCREENSHOT"
    note "screenshot kept in $FL_HTML_SCREENSHOT"
fi
fl_finish
