# truth-pg.awk - ground truth counts for one PostgreSQL log, computed with
# gawk alone (never with faultline), so end-to-end tests can assert exact
# numbers against an independent reading of the same bytes.
#
# Usage: gawk -f truth-pg.awk -v fmt=stderr|csv|json [-v name=FILE]
#             [-v extra='key=value;key=value'] [FILE...]
#
# Each input is reduced to messages (timestamp, pid, severity, text):
#   stderr  a line starting "YYYY-MM-DD HH:MM:SS[.fff] ZONE [PID]" opens a
#           message; its severity is the first "SEV:  " after that; lines
#           without the prefix continue the open message (multi-line SQL,
#           autovacuum details).  DETAIL/HINT/STATEMENT/CONTEXT/QUERY lines
#           are messages of their own here, as the server writes them.
#   csv     one record per message (quoted fields may span lines).
#   json    one line per message.
# Invariant: the same counting rules apply to every format; only the
# splitting into messages differs.  Output is key=value lines in a fixed
# order, so two runs over the same bytes print the same text.

BEGIN {
    if (fmt == "") fmt = "stderr"
    split("LOG ERROR FATAL PANIC WARNING NOTICE INFO DEBUG1 DEBUG2 DEBUG3 DEBUG4 DEBUG5", a, " ")
    for (i in a) primary[a[i]] = 1
    split("CREATE ALTER DROP TRUNCATE VACUUM COMMENT GRANT REVOKE REINDEX CLUSTER", a, " ")
    for (i in a) ddlverb[a[i]] = 1
    sevre = "(LOG|ERROR|FATAL|PANIC|WARNING|NOTICE|INFO|DEBUG[1-5]|DETAIL|HINT|STATEMENT|CONTEXT|QUERY|LOCATION):  "
    prefre = "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)? [^ ]+ \\[[0-9]+\\]"
    have = 0; inrec = 0; quotes = 0
}

# verb(sql) - upper-cased first keyword after blanks and comments.
function verb(s) {
    while (1) {
        sub(/^[ \t\r\n]+/, "", s)
        if (s ~ /^--/) { if (!sub(/^--[^\n]*/, "", s)) return "?"; continue }
        if (s ~ /^\/\*/) { if (!sub(/^\/\*([^*]|\*+[^*\/])*\*+\//, "", s)) return "?"; continue }
        break
    }
    if (match(s, /^[A-Za-z]+/)) return toupper(substr(s, 1, RLENGTH))
    return "?"
}

# zone(ts) - last blank-separated token of a timestamp ("UTC", "EST", "+0530").
function zone(ts,   n, p) {
    n = split(ts, p, " ")
    return n ? p[n] : ""
}

function query_duration(us, v, how) {
    qdur++; qsum += us; if (us > qmax) qmax = us
    qhow[how]++
    qverb[v]++
    if (v in ddlverb) ddl_dur++
}

function phase_duration(us) { pdur++; psum += us }

function on_log(pid, msg,   m, us, rest, v) {
    if (match(msg, /^duration: ([0-9]+)\.([0-9]{3}) ms/, m)) {
        us = m[1] * 1000 + m[2]
        rest = substr(msg, RLENGTH + 1)
        if (rest ~ /^  (parse|bind) /) phase_duration(us)
        else if (rest ~ /^  statement: /) query_duration(us, verb(substr(rest, 14)), "with_text")
        else if (rest ~ /^  execute [^:]*: /) {
            sub(/^  execute [^:]*: /, "", rest)
            query_duration(us, verb(rest), "with_text")
        } else if (rest == "" && (pid in pending)) {
            query_duration(us, pending[pid], "split")
            delete pending[pid]
        } else if (rest == "") {
            phase_duration(us)
            if (debug) print "lone duration: " pid " " msg > "/dev/stderr"
        } else other_duration++
        return
    }
    if (msg ~ /^statement: /) { v = verb(substr(msg, 12)); pending[pid] = v; logged_stmt(v); return }
    if (msg ~ /^execute [^:]*: /) { sub(/^execute [^:]*: /, "", msg); v = verb(msg); pending[pid] = v; logged_stmt(v); return }
    if (msg ~ /still waiting for /) lock_wait++
    if (msg ~ /detected deadlock while waiting for /) lock_deadlock_wait++
    if (msg ~ /^process [0-9]+ acquired /) lock_acquired++
    if (msg ~ /^checkpoint starting: /) ckpt_start++
    if (msg ~ /^checkpoint complete: /) ckpt_done++
    if (msg ~ /^checkpoints are occurring too frequently/) ckpt_frequent++
    if (msg ~ /^automatic (aggressive )?vacuum (to prevent wraparound )?of table /) autovac++
    if (msg ~ /^automatic analyze of table /) autoanalyze++
    if (msg ~ /^connection received: /) conn_received++
    if (msg ~ /^connection authorized: /) conn_auth++
    if (msg ~ /^disconnection: /) disconn++
    if (match(msg, /^temporary file: path "[^"]*", size ([0-9]+)/, m)) { tmpfiles++; tmpbytes += m[1] }
}

function logged_stmt(v) { logstmt++; if (v in ddlverb) ddl_logged++ }

function on_error(sev, msg) {
    if (sev == "ERROR") {
        errors++
        if (msg ~ /^deadlock detected/) err["deadlock_detected"]++
        else if (msg ~ /^duplicate key value violates unique constraint/) err["unique_violation"]++
        else if (msg ~ /^syntax error at or near/) err["syntax_error"]++
        else if (msg ~ /^division by zero/) err["division_by_zero"]++
        else if (msg ~ /^relation "[^"]*" does not exist/) err["undefined_table"]++
        else if (msg ~ /^canceling statement due to statement timeout/) err["statement_timeout"]++
        else if (msg ~ /^canceling statement due to lock timeout/) err["lock_timeout"]++
        else err["other"]++
    } else if (sev == "FATAL") {
        fatals++
        if (msg ~ /^database "[^"]*" does not exist/) fat["database_does_not_exist"]++
        else if (msg ~ /^role "[^"]*" does not exist/) fat["role_does_not_exist"]++
        else if (msg ~ /^terminating connection due to administrator command/) fat["admin_shutdown"]++
        else fat["other"]++
    } else if (sev == "PANIC") panics++
}

# message - one complete message from any format.
function message(ts, pid, sev, msg) {
    messages++
    if (debug && sev == "?") print "no severity: " ts " [" pid "] " msg > "/dev/stderr"
    sevcount[sev]++
    if (sev in primary) entries++
    if (ts != "") {
        if (first_ts == "") first_ts = ts
        last_ts = ts
        z = zone(ts)
        zones[z] = 1
        if (prevzone != "" && z != prevzone) zone_changes++
        prevzone = z
    }
    if (sev == "LOG") on_log(pid, msg)
    else if (sev == "ERROR" || sev == "FATAL" || sev == "PANIC") {
        delete pending[pid]
        on_error(sev, msg)
    } else if (sev == "WARNING") warnings++
    if (sev == "DETAIL" && msg ~ /^parameters: /) detail_params++
}

function header() {
    print "# Ground truth for a PostgreSQL " fmt " log, computed by samples/workload/truth-pg.awk"
    print "# (gawk only, independent of faultline). Rules:"
    print "# - lines: physical lines. messages: log messages (stderr: each prefixed line;"
    print "#   csv/json: each record). entries: messages whose severity is LOG, ERROR, FATAL,"
    print "#   PANIC, WARNING, NOTICE, INFO or DEBUGn (not DETAIL/HINT/STATEMENT/CONTEXT/QUERY)."
    print "# - query_durations: one per executed statement. A LOG \"duration: X ms\" message counts"
    print "#   when it is followed by \"  statement: SQL\" or \"  execute NAME: SQL\" (with_text), or"
    print "#   when it stands alone and the same PID's previous LOG was \"statement: SQL\" or"
    print "#   \"execute NAME: SQL\" (split: log_statement logged the text first). An ERROR/FATAL"
    print "#   of that PID forgets the pending statement. \"duration: X ms  parse|bind ...\" and"
    print "#   lone durations with no pending statement (log_duration of parse/bind) are"
    print "#   phase_durations, not queries. verb.X counts query durations by first SQL keyword."
    print "# - detail_parameters: DETAIL \"parameters: ...\" (stderr: a DETAIL message; csv/json: the detail field)."
    print "# - *_sum_us: exact integer sums of the printed milliseconds (3 decimals) in microseconds."
    print "# - deadlocks: ERROR \"deadlock detected\". lock_waits: messages containing \"still waiting for\"."
    print "# - checkpoints: \"checkpoint complete:\". autovacuum/autoanalyze: \"automatic vacuum|analyze of table\"."
    print "# - ddl_statements_logged: \"statement:\"/\"execute\" LOG messages (log_statement) whose verb is one of"
    print "#   CREATE ALTER DROP TRUNCATE VACUUM COMMENT GRANT REVOKE REINDEX CLUSTER; with log_statement=ddl"
    print "#   the server logs CREATE/ALTER/DROP/COMMENT/GRANT/CLUSTER but not TRUNCATE/VACUUM/REINDEX."
    print "#   ddl_statements_with_duration: query durations with one of those verbs."
    print "# - workload_*: counted by the recorder from the workload files it ran, not from the log."
}

function flush() {
    if (have) message(cur_ts, cur_pid, cur_sev, cur_msg)
    have = 0
}

# csv_split(rec, f) - RFC 4180 fields of one csvlog record into f[1..n].
function csv_split(rec, f,   n, i, c, len, q, v) {
    n = 1; v = ""; q = 0; len = length(rec)
    for (i = 1; i <= len; i++) {
        c = substr(rec, i, 1)
        if (q) {
            if (c == "\"") {
                if (substr(rec, i + 1, 1) == "\"") { v = v "\""; i++ }
                else q = 0
            } else v = v c
        } else if (c == "\"") q = 1
        else if (c == ",") { f[n++] = v; v = "" }
        else v = v c
    }
    f[n] = v
    return n
}

function json_str(line, key,   m, s) {
    if (!match(line, "\"" key "\":\"(([^\"\\\\]|\\\\.)*)\"", m)) return ""
    s = m[1]
    gsub(/\\n/, "\n", s); gsub(/\\t/, "\t", s); gsub(/\\"/, "\"", s); gsub(/\\\\/, "\\", s)
    return s
}

{ lines++ }

fmt == "stderr" {
    if ($0 ~ prefre) {
        flush()
        match($0, prefre)
        head = substr($0, 1, RLENGTH); rest = substr($0, RLENGTH + 1)
        match(head, /\[[0-9]+\]$/); cur_pid = substr(head, RSTART + 1, RLENGTH - 2)
        cur_ts = substr(head, 1, RSTART - 2)
        if (match(rest, sevre)) {
            cur_sev = substr(rest, RSTART, RLENGTH - 3)
            cur_msg = substr(rest, RSTART + RLENGTH)
        } else { cur_sev = "?"; cur_msg = rest }
        have = 1
    } else if (have) cur_msg = cur_msg "\n" $0
    else orphans++
    next
}

fmt == "csv" {
    rec = inrec ? rec "\n" $0 : $0
    tmp = $0; quotes += gsub(/"/, "", tmp)
    if (quotes % 2) { inrec = 1; next }
    inrec = 0; quotes = 0
    csv_split(rec, f)
    message(f[1], f[4], f[12], f[14])
    if (f[15] ~ /^parameters: /) detail_params++
    if (f[20] != "") stmt_fields++
    delete f
    next
}

fmt == "json" {
    if (!match($0, /"pid":([0-9]+)/, m)) { orphans++; next }
    message(json_str($0, "timestamp"), m[1], json_str($0, "error_severity"), json_str($0, "message"))
    if (json_str($0, "detail") ~ /^parameters: /) detail_params++
    if (json_str($0, "statement") != "") stmt_fields++
    next
}

END {
    flush()
    PROCINFO["sorted_in"] = "@ind_str_asc"
    header()
    if (name != "") print "file=" name
    print "format=" fmt
    print "lines=" lines + 0
    print "messages=" messages + 0
    print "entries=" entries + 0
    print "unattached_lines=" orphans + 0
    print "first_timestamp=" first_ts
    print "last_timestamp=" last_ts
    zl = ""; for (z in zones) zl = zl (zl == "" ? "" : ",") z
    print "zones=" zl
    print "zone_changes=" zone_changes + 0
    for (s in sevcount) print "severity." s "=" sevcount[s]
    print "query_durations=" qdur + 0
    print "query_duration_sum_us=" sprintf("%d", qsum)
    print "query_duration_max_us=" sprintf("%d", qmax)
    print "query_durations_with_text=" qhow["with_text"] + 0
    print "query_durations_split=" qhow["split"] + 0
    for (v in qverb) print "query_durations.verb." v "=" qverb[v]
    print "phase_durations=" pdur + 0
    print "phase_duration_sum_us=" sprintf("%d", psum)
    print "other_durations=" other_duration + 0
    print "logged_statements=" logstmt + 0
    print "detail_parameters=" detail_params + 0
    if (fmt != "stderr") print "records_with_statement_field=" stmt_fields + 0
    print "errors=" errors + 0
    for (e in err) print "errors." e "=" err[e]
    print "fatals=" fatals + 0
    for (e in fat) print "fatals." e "=" fat[e]
    print "panics=" panics + 0
    print "warnings=" warnings + 0
    print "deadlocks=" err["deadlock_detected"] + 0
    print "lock_waits=" lock_wait + 0
    print "lock_waits_acquired=" lock_acquired + 0
    print "lock_waits_deadlock_detected=" lock_deadlock_wait + 0
    print "checkpoints_started=" ckpt_start + 0
    print "checkpoints=" ckpt_done + 0
    print "checkpoints_too_frequent=" ckpt_frequent + 0
    print "autovacuum=" autovac + 0
    print "autoanalyze=" autoanalyze + 0
    print "connections_received=" conn_received + 0
    print "connections_authorized=" conn_auth + 0
    print "disconnections=" disconn + 0
    print "temp_files=" tmpfiles + 0
    print "temp_file_bytes=" sprintf("%d", tmpbytes)
    print "ddl_statements_logged=" ddl_logged + 0
    print "ddl_statements_with_duration=" ddl_dur + 0
    n = split(extra, kv, ";")
    for (i = 1; i <= n; i++) if (kv[i] != "") print kv[i]
}
