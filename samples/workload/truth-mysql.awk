# truth-mysql.awk - ground truth counts for one MariaDB/MySQL slow or general
# query log, computed with gawk alone (never with faultline), so end-to-end
# tests can assert exact numbers against an independent reading.
#
# Usage: gawk -f truth-mysql.awk -v kind=slow|general [-v name=FILE]
#             [-v extra='key=value;key=value'] [FILE...]
#
# Invariant: every count is a pure function of the bytes read; output is
# key=value lines in a fixed order.

function verb(s) {
    sub(/^[ \t]+/, "", s)
    if (match(s, /^[A-Za-z]+/)) return toupper(substr(s, 1, RLENGTH))
    return "?"
}

# us(sec, frac) - "S.FFFFFF" as exact integer microseconds.
function us(a, b) { return a * 1000000 + b }

BEGIN {
    split("CREATE ALTER DROP TRUNCATE RENAME OPTIMIZE GRANT REVOKE", a, " ")
    for (i in a) ddlverb[a[i]] = 1
}

{ lines++ }

kind == "slow" && /^[^#].*, Version: .* started with:$/ { headers++; next }
kind == "slow" && /^# Time: / { time_lines++; next }
kind == "slow" && /^# User@Host: / { user_host++; next }
kind == "slow" && /^# Query_time: / {
    if (match($0, /^# Query_time: ([0-9]+)\.([0-9]{6})  Lock_time: ([0-9]+)\.([0-9]{6})  Rows_sent: ([0-9]+)  Rows_examined: ([0-9]+)/, m)) {
        entries++
        q = us(m[1], m[2]); qsum += q; if (q > qmax) qmax = q
        lsum += us(m[3], m[4])
        rows_sent += m[5]; rows_examined += m[6]
        want_verb = 0
    } else bad_query_time++
    next
}
kind == "slow" && /^# Rows_affected: / { if (match($0, /Rows_affected: ([0-9]+)/, m)) rows_affected += m[1]; next }
kind == "slow" && /^# Full_scan: / {
    plan_lines++
    if ($0 ~ /Full_scan: Yes/) full_scan++
    if ($0 ~ /Tmp_table_on_disk: Yes/) tmp_disk++
    next
}
kind == "slow" && /^# Filesort: / { if ($0 ~ /Filesort: Yes/) filesort++; if ($0 ~ /Filesort_on_disk: Yes/) filesort_disk++; next }
kind == "slow" && /^# explain: / { explain_lines++; next }
kind == "slow" && /^SET timestamp=[0-9]+;$/ { set_ts++; want_verb = 1; next }
kind == "slow" && /^use [^ ]+;$/ { use_lines++; next }
kind == "slow" && want_verb { v = verb($0); if ($0 ~ /^# administrator command: /) v = "ADMIN"; sverb[v]++; want_verb = 0; next }

kind == "general" && /^[^\t0-9].*, Version: .* started with:$/ { headers++; next }
kind == "general" {
    if (match($0, /^([0-9]{6} +[0-9]{1,2}:[0-9]{2}:[0-9]{2})?\t+ *([0-9]+) ([A-Za-z][A-Za-z ]*)\t/, m)) {
        commands++
        cmd[m[3]]++
        if (m[1] != "") stamped++
        rest = substr($0, RLENGTH + 1)
        if (m[3] == "Query") gverb[verb(rest)]++
        if (m[3] == "Connect" && rest ~ /^Access denied/) denied++
        if (m[3] == "Connect" && rest ~ / using TCP\/IP$/) tcp++
        if (m[3] == "Connect" && rest ~ / using Socket$/) socket++
        threads[m[2]] = 1
    } else if ($0 ~ /^(Tcp port: |Time +Id Command)/) headers++
    else continuation++
}

END {
    PROCINFO["sorted_in"] = "@ind_str_asc"
    if (kind == "slow") {
        print "# Ground truth for a MariaDB slow query log, computed by samples/workload/truth-mysql.awk"
        print "# (gawk only, independent of faultline). entries = \"# Query_time:\" lines; sums are exact"
        print "# integer microseconds of the printed 6-decimal seconds; verb.X counts entries by the first"
        print "# keyword of the line after \"SET timestamp=N;\"; plan_lines = \"# Full_scan:\" lines"
        print "# (log_slow_verbosity=query_plan); explain_lines = \"# explain:\" lines; ddl_entries = entries"
        print "# whose verb is CREATE ALTER DROP TRUNCATE RENAME OPTIMIZE GRANT or REVOKE."
    } else {
        print "# Ground truth for a MariaDB general query log, computed by samples/workload/truth-mysql.awk"
        print "# (gawk only, independent of faultline). commands = lines \"[YYMMDD H:MM:SS]<TAB>+ ID Command<TAB>\";"
        print "# command.X counts them by command; continuation_lines are further lines of multi-line"
        print "# queries; query_verb.X counts Query commands by first SQL keyword; ddl_queries = Query"
        print "# commands whose verb is CREATE ALTER DROP TRUNCATE RENAME OPTIMIZE GRANT or REVOKE."
    }
    if (name != "") print "file=" name
    print "format=mysql-" kind
    print "lines=" lines + 0
    print "server_headers=" headers + 0
    if (kind == "slow") {
        print "entries=" entries + 0
        print "query_time_sum_us=" sprintf("%d", qsum)
        print "query_time_max_us=" sprintf("%d", qmax)
        print "lock_time_sum_us=" sprintf("%d", lsum)
        print "rows_sent_sum=" sprintf("%d", rows_sent)
        print "rows_examined_sum=" sprintf("%d", rows_examined)
        print "rows_affected_sum=" sprintf("%d", rows_affected)
        print "time_lines=" time_lines + 0
        print "user_host_lines=" user_host + 0
        print "set_timestamp_lines=" set_ts + 0
        print "use_lines=" use_lines + 0
        print "plan_lines=" plan_lines + 0
        print "full_scan_entries=" full_scan + 0
        print "filesort_entries=" filesort + 0
        print "filesort_on_disk_entries=" filesort_disk + 0
        print "tmp_table_on_disk_entries=" tmp_disk + 0
        print "explain_lines=" explain_lines + 0
        print "malformed_query_time_lines=" bad_query_time + 0
        for (v in sverb) { print "verb." v "=" sverb[v]; if (v in ddlverb) ddl += sverb[v] }
        print "ddl_entries=" ddl + 0
    } else {
        print "commands=" commands + 0
        print "timestamped_commands=" stamped + 0
        print "continuation_lines=" continuation + 0
        for (c in cmd) { k = c; gsub(/ /, "_", k); print "command." k "=" cmd[c] }
        print "connect_tcp=" tcp + 0
        print "connect_socket=" socket + 0
        print "connect_access_denied=" denied + 0
        print "thread_ids=" length(threads)
        for (v in gverb) { print "query_verb." v "=" gverb[v]; if (v in ddlverb) ddl += gverb[v] }
        print "ddl_queries=" ddl + 0
    }
    n = split(extra, kv, ";")
    for (i = 1; i <= n; i++) if (kv[i] != "") print kv[i]
}
