# truth.awk - ground truth of one compare recording pair (record.sh),
# measured from the two raw PostgreSQL logs with gawk alone (never with
# faultline) and written as JSON.
#
# Usage: gawk -f truth.awk -v set=change|control -v seconds=N -v shapes=FILE
#             BEFORE.log AFTER.log
# Input: stderr logs, log_line_prefix '%m [%p] %q%u@%d ', log_timezone UTC.
# Per shape (shapes.tsv) and period: calls (entries "LOG:  duration: X ms
# statement: ..." whose first line matches the shape), errors ("STATEMENT:"
# lines of an ERROR that match it), total_us, p50_us/p95_us (lower rank
# ceil(q*n) of the sorted durations, integer us), first/last log time.
# changes: every "LOG:  statement:" line (log_statement = ddl) with its log
# time and the period it is in.  Integers only; fixed output order.

BEGIN {
    pre = "^([0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+ UTC) \\[[0-9]+\\] ([^ ]*@[^ ]* )?"
    ns = 0
    while ((getline line < shapes) > 0) {
        if (line ~ /^#/ || line == "") continue
        split(line, f, "\t")
        ns++; sname[ns] = f[1]; scat[ns] = f[2]; scause[ns] = f[3]; sre[ns] = f[4]
    }
    close(shapes)
    nchg = 0
}

FNR == 1 { per = (per == "" ? "before" : "after"); file[per] = FILENAME }

# us_of(s) - "12.345" ms -> 12345 us, without floating point.
function us_of(s,   a, frac) {
    split(s, a, ".")
    frac = substr(a[2] "000", 1, 3)
    return a[1] * 1000 + frac
}

function shape_of(text,   i) {
    for (i = 1; i <= ns; i++) if (text ~ sre[i]) return i
    return 0
}

function note_time(p, t) {
    if (!((p, "first") in span)) span[p, "first"] = t
    span[p, "last"] = t
}

match($0, pre, m) {
    t = m[1]; rest = substr($0, RLENGTH + 1)
    note_time(per, t)
    if (rest ~ /^LOG:  duration: [0-9.]+ ms  statement: /) {
        d = rest; sub(/^LOG:  duration: /, "", d); sub(/ ms .*/, "", d)
        txt = rest; sub(/^LOG:  duration: [0-9.]+ ms  statement: /, "", txt)
        s = shape_of(txt)
        if (s) {
            k = ++calls[per, s]; dur[per, s, k] = us_of(d); total[per, s] += us_of(d)
            if (!((s) in example)) example[s] = txt
        }
    } else if (rest ~ /^LOG:  statement: /) {
        txt = rest; sub(/^LOG:  statement: /, "", txt); sub(/[; ]+$/, "", txt)
        nchg++; chg_t[nchg] = t; chg_s[nchg] = txt; chg_p[nchg] = per
    } else if (rest ~ /^STATEMENT:  /) {
        txt = rest; sub(/^STATEMENT:  /, "", txt)
        s = shape_of(txt)
        if (s) { errors[per, s]++; if (!((s) in example)) example[s] = txt }
    }
}

function jstr(s) {
    gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, "\\t", s)
    return "\"" s "\""
}

# q(p, s, frac) - lower rank ceil(frac * n) of the sorted durations.
function q(p, s, frac,   n, i, a, r) {
    n = calls[p, s] + 0
    if (n == 0) return 0
    for (i = 1; i <= n; i++) a[i] = dur[p, s, i]
    asort(a)
    r = int(frac * n); if (r < frac * n) r++
    if (r < 1) r = 1
    return a[r]
}

function figures(p, s) {
    return sprintf("{\"calls\": %d, \"errors\": %d, \"total_us\": %d, \"p50_us\": %d, \"p95_us\": %d}",
        calls[p, s], errors[p, s], total[p, s], q(p, s, 0.5), q(p, s, 0.95))
}

END {
    printf "{\n  \"set\": %s,\n", jstr(set)
    print "  \"recorded_by\": \"tests/data/compare/record.sh (PostgreSQL 15 under libfaketime)\","
    printf "  \"load_seconds_per_period\": %d,\n", seconds
    printf "  \"periods\": {\n"
    printf "    \"before\": {\"file\": \"before/postgresql.log.gz\", \"iso_week\": \"2026-W47\", \"first\": %s, \"last\": %s},\n",
        jstr(span["before", "first"]), jstr(span["before", "last"])
    printf "    \"after\": {\"file\": \"after/postgresql.log.gz\", \"iso_week\": \"2026-W48\", \"first\": %s, \"last\": %s}\n  },\n",
        jstr(span["after", "first"]), jstr(span["after", "last"])
    printf "  \"changes\": ["
    for (i = 1; i <= nchg; i++)
        printf "%s\n    {\"log_time\": %s, \"period\": %s, \"statement\": %s}", (i > 1 ? "," : ""),
            jstr(chg_t[i]), jstr(chg_p[i]), jstr(chg_s[i])
    printf "%s],\n", (nchg ? "\n  " : "")
    printf "  \"classes\": ["
    n = 0
    for (s = 1; s <= ns; s++) {
        if (calls["before", s] + errors["before", s] + calls["after", s] + errors["after", s] == 0) continue
        cat = (set == "control" ? "unchanged" : scat[s])
        cause = (set == "control" ? "" : scause[s])
        printf "%s\n    {\"shape\": %s, \"category\": %s, \"cause\": %s,\n     \"match\": %s,\n     \"example\": %s,\n     \"before\": %s,\n     \"after\": %s}",
            (n++ ? "," : ""), jstr(sname[s]), jstr(cat), (cause == "" ? "null" : jstr(cause)),
            jstr(sre[s]), jstr(example[s]), figures("before", s), figures("after", s)
    }
    printf "\n  ]\n}\n"
}
