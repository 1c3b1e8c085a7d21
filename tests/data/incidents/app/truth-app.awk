# truth-app.awk - ground truth of the recorded app incidents, measured from
# the raw logs with gawk (never with faultline); run by
# tests/data/incidents/record-app.sh.  Prints key=value lines.
#
#   gawk -v mode=access -v prefix=access -v t0=E -v t1=E [-v width=10] access.log
#     per route (the URL with its numbers replaced by :id): requests, the
#     median duration before t0 (baseline), and the onset / peak / recovery
#     10-second buckets of the median duration by request START time
#     ($time_local, when nginx ended the request, whole seconds, minus
#     $request_time).  Onset: the first bucket starting at or after t0 - width
#     whose median exceeds 3x the baseline and the baseline + 2 ms; recovery:
#     the first later bucket back under 1.5x, or within 2 ms, of the baseline
#     (2 ms: two ticks of $request_time's millisecond resolution, so that a
#     1 ms baseline read as 2 ms is no shift; 2 us for the database's
#     durations); buckets with fewer than 5 requests are ignored.
#     Also: requests, 5xx responses, first/last request end.
#   FL_SHAPES="name=ERE;..." gawk -v mode=pg -v prefix=db -v t0=E postgresql.log
#     the same for the query shapes (EREs matched against the statement text
#     of "duration: X ms  statement: ..." lines; start = log time - X), and
#     the "statement:" lines (DDL under log_statement = ddl) as change.N.*
#     (change.N.end_log_time: the "duration: X ms" line of the same process
#     that ends it, when the statement ran long enough to be logged),
#     and the entries of 250 ms or more (slow_entries).
#   gawk -v mode=skew -v ids=900001,... access.log postgresql.log
#     the clock skew of the access log against the database log, from marker
#     requests GET /products/ID: a statement logged at t_d (end of the
#     statement) and a request ending at e in [t_d, t_d + request_time],
#     logged by nginx at whole second T = floor(e + skew): so
#     skew lies in [T - t_d - request_time, T + 1 - t_d) for every marker;
#     skew_lo / skew_hi is the intersection over all markers.
# t0 is in epoch seconds (the first scripted step, recorder clock).
# Needs TZ=UTC (times in both logs are UTC).

BEGIN {
    if (width == "") width = 10
    # two ticks of the log's duration resolution: nginx's $request_time has
    # 1 ms, so a 1 ms baseline going to 2 ms is no shift; PostgreSQL's 1 us
    tick = mode == "access" ? 2 : 0.002
    split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", mn, " ")
    for (i = 1; i <= 12; i++) MON[mn[i]] = i
    nshape = 0
    shapes = ENVIRON["FL_SHAPES"]     # not -v: it would eat the EREs' backslashes
    if (shapes != "") {
        n = split(shapes, sp, ";")
        for (i = 1; i <= n; i++) {
            eq = index(sp[i], "=")
            SNAME[++nshape] = substr(sp[i], 1, eq - 1)
            SRE[nshape] = substr(sp[i], eq + 1)
        }
    }
    if (ids != "") { n = split(ids, ip, ","); for (i = 1; i <= n; i++) MARK[ip[i]] = 1 }
}

function iso(t,   s) {
    s = int(t)
    return strftime("%Y-%m-%dT%H:%M:%S", s, 1) sprintf(".%03dZ", int((t - s) * 1000 + 0.5) % 1000)
}
function bucket_iso(b) { return strftime("%Y-%m-%dT%H:%M:%SZ", b * width, 1) }
# nginx $time_local "05/Dec/2026:21:30:01 +0000" -> epoch seconds
function ngx_time(s,   a) {
    split(s, a, /[\/: ]/)
    return mktime(sprintf("%d %d %d %d %d %d", a[3], MON[a[2]], a[1], a[4], a[5], a[6]), 1)
}
# PostgreSQL %m "2026-12-05 21:30:01.123 UTC" -> epoch seconds (fraction kept)
function pg_time(d, t,   a) {
    split(d " " t, a, /[-: ]/)
    return mktime(sprintf("%d %d %d %d %d %d", a[1], a[2], a[3], a[4], a[5], int(a[6])), 1) + (a[6] - int(a[6]))
}
function add(key, start, dur_ms,   b) {
    b = int(start / width)
    N[key]++
    BN[key, b]++
    BV[key, b, BN[key, b]] = dur_ms
    if (!((key, b) in SEEN)) { SEEN[key, b] = 1; BLIST[key] = BLIST[key] " " b }
    if (start < t0) { NB[key]++; BASE[key, NB[key]] = dur_ms }
}
function median_of(arr, n, pre,   v, i) {
    delete v
    for (i = 1; i <= n; i++) v[i] = (pre == "" ? arr[i] : arr[pre, i])
    asort(v)
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
function bucket_median(key, b,   v, i, n) {
    n = BN[key, b]; delete v
    for (i = 1; i <= n; i++) v[i] = BV[key, b, i]
    asort(v)
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
function report(key, name,   bl, nb, base, i, b, m, onset, rec, peak, peakb, cnt) {
    printf "%s.%s.entries=%d\n", prefix, name, N[key]
    if (NB[key] == 0) return
    for (i = 1; i <= NB[key]; i++) tmp[i] = BASE[key, i]
    base = median_of(tmp, NB[key], ""); delete tmp
    printf "%s.%s.baseline_median_ms=%.3f\n", prefix, name, base
    nb = split(BLIST[key], bl, " ")
    asort(bl)
    onset = ""; rec = ""; peak = 0
    for (i = 1; i <= nb; i++) {
        b = bl[i]
        if (BN[key, b] < 5 || b * width < t0 - width) continue
        m = bucket_median(key, b)
        if (onset == "" && m > 3 * base && m > base + tick) onset = b
        if (onset != "" && rec == "") {
            if (m > peak) { peak = m; peakb = b }
            if ((m < 1.5 * base || m <= base + tick) && b > onset) rec = b
        }
    }
    printf "%s.%s.onset=%s\n", prefix, name, onset == "" ? "none" : bucket_iso(onset)
    if (onset == "") return
    printf "%s.%s.peak_bucket=%s\n", prefix, name, bucket_iso(peakb)
    printf "%s.%s.peak_median_ms=%.3f\n", prefix, name, peak
    printf "%s.%s.recovery=%s\n", prefix, name, rec == "" ? "none" : bucket_iso(rec)
}

mode == "access" {
    if (!match($0, /\[([^\]]+)\] "([A-Z]+) ([^ "]+)[^"]*" ([0-9]+) /, m)) next
    end = ngx_time(m[1]); rt = $(NF - 1) * 1000
    route = m[3]; gsub(/[0-9]+/, ":id", route)
    total++; if (m[4] >= 500) err++
    if (first == "" || end < first) first = end
    if (end > last) last = end
    add(route, end - rt / 1000, rt)
    ROUTES[route] = 1
    next
}
mode == "pg" && pend != "" {   # a statement whose text starts on the next line
    sub(/^\t/, ""); printf "%s=%s\n", pend, $0; pend = ""; next
}
mode == "pg" {
    t = pg_time($1, $2)
    if (match($0, / LOG:  statement: (.*)$/, m)) {
        nch++
        printf "%s.change.%d.log_time=%s\n", prefix, nch, iso(t)
        if (m[1] == "") pend = prefix ".change." nch ".statement"
        else printf "%s.change.%d.statement=%s\n", prefix, nch, m[1]
        ENDOF[$4] = nch
        next
    }
    if (($4 in ENDOF) && match($0, / LOG:  duration: [0-9.]+ ms$/)) {
        printf "%s.change.%d.end_log_time=%s\n", prefix, ENDOF[$4], iso(t)
        delete ENDOF[$4]
        next
    }
    if (!match($0, / LOG:  duration: ([0-9.]+) ms  statement: (.*)$/, m)) next
    entries++
    if (m[1] + 0 >= 250) slow++
    for (i = 1; i <= nshape; i++)
        if (m[2] ~ SRE[i]) { add(SNAME[i], t - m[1] / 1000, m[1] + 0); break }
    next
}
mode == "skew" && FNR == 1 { file++ }
mode == "skew" && file == 1 {
    if (!match($0, /\[([^\]]+)\] "GET \/products\/([0-9]+) /, m) || !(m[2] in MARK)) next
    AT[m[2]] = ngx_time(m[1]); ART[m[2]] = $(NF - 1) + 0
    next
}
mode == "skew" && file == 2 {
    if (!match($0, /statement: SELECT name, price FROM products WHERE id = ([0-9]+)$/, m) || !(m[1] in MARK)) next
    DT[m[1]] = pg_time($1, $2)
    next
}

END {
    if (mode == "access") {
        printf "%s.requests=%d\n%s.requests_5xx=%d\n", prefix, total, prefix, err
        printf "%s.first_end=%s\n%s.last_end=%s\n", prefix, iso(first), prefix, iso(last)
        n = asorti(ROUTES, rs)
        for (i = 1; i <= n; i++) report(rs[i], rs[i])
    } else if (mode == "pg") {
        printf "%s.statement_entries=%d\n%s.slow_entries=%d\n%s.changes=%d\n", prefix, entries, prefix, slow + 0, prefix, nch + 0
        for (i = 1; i <= nshape; i++) report(SNAME[i], SNAME[i])
    } else if (mode == "skew") {
        lo = -1e9; hi = 1e9; k = 0
        for (id in MARK) {
            if (!(id in AT) || !(id in DT)) continue
            k++
            l = AT[id] - DT[id] - ART[id]; h = AT[id] + 1 - DT[id]
            if (l > lo) lo = l
            if (h < hi) hi = h
        }
        printf "skew_markers=%d\nskew_lo_s=%.3f\nskew_hi_s=%.3f\nskew_s=%.3f\n", k, lo, hi, (lo + hi) / 2
    }
}
