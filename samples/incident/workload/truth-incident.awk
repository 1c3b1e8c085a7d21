# truth-incident.awk - ground truth of one recorded incident, measured from
# the raw PostgreSQL log with gawk alone (never with faultline), so the
# timeline command can be tested against an independent reading.
#
# Usage: gawk -f truth-incident.awk -v shapes=FILE -v wl_start_us=N
#             -v first_step_us=N [-v culprit=SQL] [-v fix=SQL] [-v bw=10]
#             [-v minn=5] [-v buckets=OUT.tsv] LOG...
#   shapes   file of "name<TAB>ERE" lines; an entry belongs to a shape when
#            its statement text matches the ERE ("all" is built in).
#   wl_start_us, first_step_us  the recorder's clock (UTC epoch microseconds)
#            when the workload started and when its first scripted step ran.
#   culprit, fix  statement text of the change that caused the shift and of
#            the one that ended it ("" = none); compared with the logged text
#            with trailing blanks and ';' removed.
# Input: stderr logs with log_line_prefix '%m [%p] %q%u@%d ' and
# log_timezone UTC, oldest first.  A line starting with the prefix opens an
# entry; other lines continue it.
# Invariants: times are integer microseconds since the epoch (ms as logged
# x 1000; durations "X.YYY ms" read as integers without floating point), so
# every number printed is exact; output is key=value lines in a fixed order.

BEGIN {
    if (bw == "") bw = 10
    if (minn == "") minn = 5
    bwus = bw * 1000000
    prefre = "^([0-9]{4})-([0-9]{2})-([0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2})\\.([0-9]{3}) UTC \\[([0-9]+)\\] "
    nshape = 0
    while ((getline line < shapes) > 0) {
        if (line ~ /^#/ || line == "") continue
        split(line, fld, "\t")
        sname[++nshape] = fld[1]; sre[nshape] = fld[2]
    }
    close(shapes)
    sname[++nshape] = "all"; sre[nshape] = ""
    baseline_end = first_step_us + 0
    nchg = 0; minb = ""; maxb = ""
}

# us(m) - epoch microseconds of the prefix captured in m[1..7].
function us(m,   key) {
    key = m[1] " " m[2] " " m[3] " " m[4] " " m[5] " " m[6]
    if (!(key in epoch)) epoch[key] = mktime(key, 1)
    return epoch[key] * 1000000 + m[7] * 1000
}

# dus(s) - "12.345" (ms, three decimals as logged) -> 12345 (us).
function dus(s,   p) {
    split(s, p, ".")
    return p[1] * 1000 + substr(p[2] "000", 1, 3)
}

function norm(s) {
    sub(/[ \t\r\n;]+$/, "", s)
    return s
}

function fmt_us(t) {
    return strftime("%Y-%m-%d %H:%M:%S", int(t / 1000000), 1) sprintf(".%06d UTC", t % 1000000)
}

function fmt_b(b) {
    return strftime("%Y-%m-%d %H:%M:%S UTC", b * bw, 1)
}

# A primary line: close the pending statement of this pid, classify.
match($0, prefre, m) {
    t = us(m); pid = m[8]; ts = substr($0, 1, 27)
    rest = substr($0, RLENGTH + 1)
    sub(/^[^ ]*@[^ ]* /, "", rest)
    lastchg = 0
    if (rest ~ /^LOG:  statement: /) {
        text = substr(rest, 18)
        nchg++; ctime[nchg] = ts; cus[nchg] = t; cpid[nchg] = pid
        ctext[nchg] = text; cend[nchg] = ""; ctx[nchg] = ""
        if (intx[pid]) ctxopen[nchg] = 1
        laststmt[pid] = text; pending[pid] = nchg; lastchg = nchg
        if (nchg == 1 && (baseline_end == 0 || t < baseline_end)) baseline_end = t
        next
    }
    if (rest ~ /^LOG:  duration: [0-9]+\.[0-9]+ ms/) {
        match(rest, /^LOG:  duration: [0-9]+\.[0-9]+ ms/)
        d = rest; sub(/^LOG:  duration: /, "", d); sub(/ ms.*/, "", d)
        after = substr(rest, RLENGTH + 1)
        if (after == "") {
            text = laststmt[pid]
            if (pid in pending) {
                k = pending[pid]; delete pending[pid]
                cend[k] = ts; cdur[k] = d
            }
        } else if (after ~ /^  statement: /) {
            text = substr(after, 14)
        } else if (after ~ /^  execute [^:]*: /) {
            text = after; sub(/^  execute [^:]*: /, "", text)
        } else {
            parse_bind++
            next
        }
        entry(t, dus(d), text, pid, ts)
        next
    }
    if (rest ~ /^LOG:  process [0-9]+ still waiting for /) { lockwait++; if (lw_first == "") lw_first = ts; lw_last = ts }
    else if (rest ~ /^LOG:  process [0-9]+ acquired /) lockacq++
    else if (rest ~ /^ERROR:  /) errors++
    else if (rest ~ /^LOG:  checkpoint starting/) checkpoints++
    else if (rest ~ /^LOG:  automatic (vacuum|analyze)/) autovac++
    else if (rest ~ /^LOG:  connection authorized/) conns++
    next
}
# A continuation line (multi-line SQL, autovacuum details): a multi-line
# DDL statement keeps its full text.
{
    continuation++
    if (lastchg) { ctext[lastchg] = ctext[lastchg] "\n" $0; laststmt[cpid[lastchg]] = ctext[lastchg] }
}

# entry - one query entry: placed at its start time (log time - duration).
function entry(t, d, text, pid, ts,   s, v, b, i, k) {
    v = text; sub(/^[ \t]*(\/\*([^*]|\*+[^*\/])*\*+\/[ \t\n]*)*/, "", v)
    if (v ~ /^(BEGIN|START TRANSACTION)/) intx[pid] = 1
    else if (v ~ /^(COMMIT|END|ROLLBACK)/) {
        intx[pid] = 0
        for (k = nchg; k >= 1; k--)
            if (cpid[k] == pid && ctxopen[k] && ctx[k] == "") ctx[k] = ts
    }
    s = t - d
    if (s < wl_start_us) { before_wl++; return }
    b = int(s / bwus)
    if (minb == "" || b < minb) minb = b
    if (maxb == "" || b > maxb) maxb = b
    for (i = 1; i <= nshape; i++) {
        if (sre[i] != "" && text !~ sre[i]) continue
        n[i]++; sum[i] += d; if (d > mx[i]) mx[i] = d
        k = ++bn[i, b]; bv[i, b, k] = d; bs[i, b] += d
        if (d > bm[i, b]) bm[i, b] = d
        sv[i, n[i]] = s; dv[i, n[i]] = d
        if (s < baseline_end) { nb[i]++; base[i, nb[i]] = d; bsum[i] += d }
    }
}

# median of arr[1..cnt] (the lower median: the value of rank ceil(cnt/2)).
function median(arr, cnt,   tmp, i) {
    if (cnt == 0) return ""
    for (i = 1; i <= cnt; i++) tmp[i] = arr[i]
    asort(tmp)
    return tmp[int((cnt + 1) / 2)]
}

function bmedian(i, b,   tmp, k, c) {
    c = bn[i, b]
    for (k = 1; k <= c; k++) tmp[k] = bv[i, b, k]
    return median(tmp, c)
}

function kv(k, v) { printf "%s=%s\n", k, v }

# phase(i, lo, hi) - "n median" of the entries of shape i starting in [lo, hi).
function phase(i, lo, hi,   tmp, c, k) {
    c = 0
    for (k = 1; k <= n[i]; k++)
        if (sv[i, k] >= lo && (hi == "" || sv[i, k] < hi)) tmp[++c] = dv[i, k]
    return c " " (c ? median(tmp, c) : "none")
}

# detect(i, stat) - onset/recovery/peak by bucket median (stat "median") or
# bucket mean (stat "mean"); fills the global arrays on/rec/pk/pkb/bl.
# (c0: a plain number; passing an unset nb[i] itself to median() leaves it
# untyped, and gawk 5.2.1 then misjudges it, or crashes, for a shape with no
# entries)
function detect(i, stat,   b, v, basev, tmp, k, c0) {
    c0 = (i in nb) ? nb[i] + 0 : 0
    if (stat == "median") { for (k = 1; k <= c0; k++) tmp[k] = base[i, k]; basev = median(tmp, c0) }
    else basev = c0 ? bsum[i] / c0 : ""
    bl = basev; on = ""; rec = ""; pk = ""; pkb = ""; mxv = ""; mxb = ""
    if (basev == "") return
    for (b = minb; b <= maxb; b++) {
        # the workload's first, partial bucket (clients connecting, a cold
        # start) is not judged
        if (bn[i, b] < minn || b * bwus < wl_start_us) continue
        v = (stat == "median") ? bmed[i, b] : bs[i, b] / bn[i, b]
        if (mxv == "" || v > mxv) { mxv = v; mxb = b }
        if (on == "" && v > 3 * basev) on = b
        if (on != "" && rec == "" && b > on && v < 1.5 * basev) rec = b
        if (on != "" && rec == "" && (pk == "" || v > pk)) { pk = v; pkb = b }
    }
}

function report(i, nm,   b, ph, f) {
    kv(nm ".entries", n[i] + 0)
    kv(nm ".sum_us", sum[i] + 0)
    kv(nm ".max_us", mx[i] + 0)
    kv(nm ".baseline.entries", nb[i] + 0)
    detect(i, "median")
    kv(nm ".baseline_median_us", bl == "" ? "none" : bl)
    kv(nm ".onset", on == "" ? "none" : fmt_b(on))
    kv(nm ".onset_median_us", on == "" ? "none" : bmed[i, on])
    kv(nm ".peak", pkb == "" ? "none" : fmt_b(pkb))
    kv(nm ".peak_median_us", pk == "" ? "none" : pk)
    kv(nm ".peak_ratio", pk == "" ? "none" : sprintf("%.2f", pk / bl))
    kv(nm ".recovery", rec == "" ? "none" : fmt_b(rec))
    kv(nm ".recovery_median_us", rec == "" ? "none" : bmed[i, rec])
    kv(nm ".max_bucket", mxb == "" ? "none" : fmt_b(mxb))
    kv(nm ".max_bucket_median_us", mxv == "" ? "none" : mxv)
    if (on != "") {
        split(phase(i, on * bwus, rec == "" ? "" : rec * bwus), ph, " ")
        kv(nm ".incident.entries", ph[1]); kv(nm ".incident.median_us", ph[2])
        if (rec != "") {
            split(phase(i, rec * bwus, ""), ph, " ")
            kv(nm ".after.entries", ph[1]); kv(nm ".after.median_us", ph[2])
        }
    }
    detect(i, "mean")
    f = "%.1f"
    kv(nm ".mean.baseline_us", bl == "" ? "none" : sprintf(f, bl))
    kv(nm ".mean.onset", on == "" ? "none" : fmt_b(on))
    kv(nm ".mean.peak", pkb == "" ? "none" : fmt_b(pkb))
    kv(nm ".mean.peak_us", pk == "" ? "none" : sprintf(f, pk))
    kv(nm ".mean.recovery", rec == "" ? "none" : fmt_b(rec))
}

function find_change(sql,   k) {
    if (sql == "") return 0
    for (k = 1; k <= nchg; k++) if (norm(ctext[k]) == norm(sql)) return k
    return -1
}

END {
    for (i = 1; i <= nshape; i++)
        for (b = minb; b <= maxb; b++) if (bn[i, b]) bmed[i, b] = bmedian(i, b)
    kv("bucket_seconds", bw)
    kv("min_bucket_entries", minn)
    kv("baseline_end", fmt_us(baseline_end))
    kv("changes", nchg)
    for (k = 1; k <= nchg; k++) {
        kv("change." k ".log_time", ctime[k])
        kv("change." k ".end_log_time", cend[k] == "" ? "none" : cend[k])
        kv("change." k ".duration_ms", cend[k] == "" ? "none" : cdur[k])
        if (ctxopen[k]) kv("change." k ".transaction_end_log_time", ctx[k] == "" ? "none" : ctx[k])
        kv("change." k ".pid", cpid[k])
        kv("change." k ".statement", norm(ctext[k]))
    }
    c = find_change(culprit); f = find_change(fix)
    if (c < 0 || f < 0) { print "truth-incident.awk: culprit/fix statement not in the log" > "/dev/stderr"; exit 2 }
    kv("culprit", c ? "change." c : "none")
    kv("culprit_statement", c ? norm(ctext[c]) : "none")
    kv("culprit_log_time", c ? ctime[c] : "none")
    kv("fix", f ? "change." f : "none")
    kv("fix_statement", f ? norm(ctext[f]) : "none")
    kv("fix_log_time", f ? ctime[f] : "none")
    kv("fix_end_log_time", f ? cend[f] : "none")
    kv("lock_wait_lines", lockwait + 0)
    kv("lock_acquired_lines", lockacq + 0)
    kv("lock_wait_first_log_time", lw_first == "" ? "none" : lw_first)
    kv("lock_wait_last_log_time", lw_last == "" ? "none" : lw_last)
    kv("error_lines", errors + 0)
    kv("checkpoint_starts", checkpoints + 0)
    kv("autovacuum_lines", autovac + 0)
    kv("connections_authorized", conns + 0)
    kv("parse_bind_duration_lines", parse_bind + 0)
    kv("entries_started_before_workload", before_wl + 0)
    kv("first_bucket", fmt_b(minb))
    kv("last_bucket", fmt_b(maxb))
    for (i = 1; i <= nshape; i++) report(i, sname[i])
    if (buckets != "") {
        print "# bucket_start_utc\tshape\tentries\tmedian_us\tmean_us\tmax_us" > buckets
        for (i = 1; i <= nshape; i++)
            for (b = minb; b <= maxb; b++)
                if (bn[i, b])
                    printf "%s\t%s\t%d\t%d\t%.1f\t%d\n", fmt_b(b), sname[i], bn[i, b],
                        bmed[i, b], bs[i, b] / bn[i, b], bm[i, b] > buckets
    }
}
