# truth-mariadb.awk - ground truth of the MariaDB incident recording,
# measured from the raw slow and general logs with gawk alone (never with
# faultline).
#
# Usage: TZ=ZONE gawk -f truth-mariadb.awk -v hot=ERE -v wl_start=EPOCH_S
#            -v first_step=EPOCH_S [-v culprit=SQL] [-v fix=SQL] [-v bw=10]
#            [-v minn=5] [-v buckets=OUT.tsv] slow.log general.log
#   TZ       the server's zone: the general log's local times are read in it
#            (mktime), only to cross-check them against the slow log.
#   hot      ERE matched against the first line of each statement.
# Slow log (long_query_time = 0): an entry is "# Query_time: X" ...
# "SET timestamp=N;" then its statement up to the next "# " line; N is the
# query's START in epoch seconds (MariaDB writes query_start there), so an
# entry starts at N and ends at N + X; "use DB;" lines are skipped.
# General log: "YYMMDD HH:MM:SS\t ID Command\tArgument" (the time only when it
# changed since the previous line; lines with leading tabs reuse it).
# Rules (as truth-incident.awk): 10 s buckets of start times; baseline =
# entries starting before first_step; onset = first bucket (>= minn entries)
# whose median > 3 x the baseline median; recovery = first later bucket
# < 1.5 x; medians are lower medians (rank ceil(n/2)); durations in integer us.

BEGIN {
    if (bw == "") bw = 10
    if (minn == "") minn = 5
    nchg = 0; minb = ""; maxb = ""
}

function us(s,   p) { split(s, p, "."); return p[1] * 1000000 + substr(p[2] "000000", 1, 6) }
function utc(t) { return strftime("%Y-%m-%d %H:%M:%S UTC", t, 1) }
function utc_us(u) { return strftime("%Y-%m-%d %H:%M:%S", int(u / 1000000), 1) sprintf(".%06d UTC", u % 1000000) }
function norm(s) { sub(/[ \t\r\n;]+$/, "", s); return s }
function kv(k, v) { printf "%s=%s\n", k, v }

# --- slow log ---------------------------------------------------------------
FILENAME ~ /slow\.log$/ && /^# Query_time: / { flush(); qt = us($3); next }
FILENAME ~ /slow\.log$/ && /^SET timestamp=[0-9]+;$/ { ts = substr($0, 15) + 0; stmt = ""; instmt = 1; next }
FILENAME ~ /slow\.log$/ && /^# / { flush(); next }
FILENAME ~ /slow\.log$/ && instmt { stmt = (stmt == "") ? $0 : stmt "\n" $0; next }
FILENAME ~ /slow\.log$/ { next }

# flush - close the pending slow log entry.
function flush(   first, b, v) {
    if (!instmt) return
    instmt = 0
    first = stmt; sub(/\n.*/, "", first)
    v = toupper(first)
    if (v ~ /^(CREATE|DROP|ALTER|RENAME|TRUNCATE) /) {
        nchg++; cstart[nchg] = ts; cqt[nchg] = qt; ctext[nchg] = norm(stmt)
    }
    entries_all++
    if (ts < wl_start) { before_wl++; return }
    if (first !~ hot) return
    b = int(ts / bw)
    if (minb == "" || b < minb) minb = b
    if (maxb == "" || b > maxb) maxb = b
    n++; bv[b, ++bn[b]] = qt; if (qt > mx) mx = qt
    if (ts < first_step) base[++nb] = qt
}

# --- general log ------------------------------------------------------------
FILENAME ~ /general\.log$/ {
    if (match($0, /^([0-9]{2})([0-9]{2})([0-9]{2}) +([0-9]{1,2}):([0-9]{2}):([0-9]{2})\t/, m)) {
        gtime = substr($0, 1, RLENGTH - 1)
        gepoch = mktime("20" m[1] " " m[2] " " m[3] " " m[4] " " m[5] " " m[6])
    }
    if (match($0, /^[^\t]*\t+ *[0-9]+ Query\t/)) {
        q = substr($0, RLENGTH + 1)
        if (toupper(q) ~ /^(CREATE|DROP|ALTER|RENAME|TRUNCATE) /) { ng++; gtext[ng] = norm(q); gt[ng] = gtime; ge[ng] = gepoch }
        gqueries++
    }
    next
}

function median(arr, cnt,   tmp, i) {
    for (i = 1; i <= cnt; i++) tmp[i] = arr[i]
    asort(tmp)
    return tmp[int((cnt + 1) / 2)]
}

function bmed(b,   tmp, k) {
    for (k = 1; k <= bn[b]; k++) tmp[k] = bv[b, k]
    return median(tmp, bn[b])
}

function find(sql,   k) {
    if (sql == "") return 0
    for (k = 1; k <= nchg; k++) if (ctext[k] == norm(sql)) return k
    return -1
}

END {
    flush()
    basem = nb ? median(base, nb) : ""
    on = ""; rec = ""; pk = ""; pkb = ""
    for (b = minb; b <= maxb; b++) {
        if (bn[b] < minn) continue
        v = bmed(b)
        if (on == "" && v > 3 * basem) on = b
        if (on != "" && rec == "" && b > on && v < 1.5 * basem) rec = b
        if (on != "" && rec == "" && (pk == "" || v > pk)) { pk = v; pkb = b }
    }
    kv("bucket_seconds", bw)
    kv("min_bucket_entries", minn)
    kv("baseline_end", utc(first_step))
    kv("slow_entries", entries_all + 0)
    kv("entries_started_before_workload", before_wl + 0)
    kv("general_queries", gqueries + 0)
    kv("changes", nchg)
    for (k = 1; k <= nchg; k++) {
        kv("change." k ".start", utc(cstart[k]))
        kv("change." k ".query_time_us", cqt[k])
        kv("change." k ".end", utc_us(cstart[k] * 1000000 + cqt[k]))
        kv("change." k ".statement", ctext[k])
        for (g = 1; g <= ng; g++)
            if (gtext[g] == ctext[k]) {
                kv("change." k ".general_log_time", gt[g])
                kv("change." k ".general_log_utc", utc(ge[g]))
                break
            }
    }
    c = find(culprit); f = find(fix)
    if (c < 0 || f < 0) { print "truth-mariadb.awk: culprit/fix statement not in the slow log" > "/dev/stderr"; exit 2 }
    kv("culprit", c ? "change." c : "none")
    kv("culprit_statement", c ? ctext[c] : "none")
    kv("fix", f ? "change." f : "none")
    kv("fix_statement", f ? ctext[f] : "none")
    kv("hot.entries", n + 0)
    kv("hot.max_us", mx + 0)
    kv("hot.baseline.entries", nb + 0)
    kv("hot.baseline_median_us", basem == "" ? "none" : basem)
    kv("hot.onset", on == "" ? "none" : utc(on * bw))
    kv("hot.onset_median_us", on == "" ? "none" : bmed(on))
    kv("hot.peak", pkb == "" ? "none" : utc(pkb * bw))
    kv("hot.peak_median_us", pk == "" ? "none" : pk)
    kv("hot.peak_ratio", pk == "" ? "none" : sprintf("%.2f", pk / basem))
    kv("hot.recovery", rec == "" ? "none" : utc(rec * bw))
    kv("hot.recovery_median_us", rec == "" ? "none" : bmed(rec))
    kv("first_bucket", utc(minb * bw))
    kv("last_bucket", utc(maxb * bw))
    if (buckets != "") {
        print "# bucket_start_utc\tentries\tmedian_us\tmax_us (hot shape)" > buckets
        for (b = minb; b <= maxb; b++)
            if (bn[b]) {
                m2 = 0; for (k = 1; k <= bn[b]; k++) if (bv[b, k] > m2) m2 = bv[b, k]
                printf "%s\t%d\t%d\t%d\n", utc(b * bw), bn[b], bmed(b), m2 > buckets
            }
    }
}
