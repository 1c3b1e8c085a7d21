# csv2stderr.awk - turn a PostgreSQL csvlog into the stderr lines
# truth-incident.awk reads ('%m [%p] %q%u@%d ', times in UTC), so the
# csvlog-non-utc scenario's truth is measured by the same gawk code.
#
# Usage: gawk -f csv2stderr.awk postgresql.csv > stderr-like.log
# Input: csvlog rows (26 columns in PostgreSQL 15); a quoted field may span
# lines (a row ends when its double quotes balance). The time column is
# "YYYY-MM-DD HH:MM:SS.mmm ZONE" with ZONE an abbreviation of the server's
# log_timezone; only the abbreviations in the table below are accepted
# (others stop with exit status 2, never a guess).
# Output per row: "YYYY-MM-DD HH:MM:SS.mmm UTC [pid] user@db SEVERITY:  message"
# (user@db only when the row has a user, as %q does), the message's own
# newlines kept as continuation lines. DETAIL and other columns are dropped.

BEGIN {
    off["UTC"] = 0; off["GMT"] = 0
    off["CET"] = 3600; off["CEST"] = 7200
    off["EST"] = -18000; off["EDT"] = -14400
    row = ""
}

function quotes(s,   t) { t = s; return gsub(/"/, "", t) }

# split_csv(s, f) - the fields of one CSV row into f[1..n]; returns n.
function split_csv(s, f,   n, i, c, inq, cur, len) {
    n = 0; cur = ""; inq = 0; len = length(s)
    for (i = 1; i <= len; i++) {
        c = substr(s, i, 1)
        if (inq) {
            if (c == "\"") {
                if (substr(s, i + 1, 1) == "\"") { cur = cur "\""; i++ }
                else inq = 0
            } else cur = cur c
        } else if (c == "\"") inq = 1
        else if (c == ",") { f[++n] = cur; cur = "" }
        else cur = cur c
    }
    f[++n] = cur
    return n
}

function emit(s,   f, n, m, t, z, ms, who) {
    n = split_csv(s, f)
    if (n < 22) { print "csv2stderr.awk: short row: " substr(s, 1, 80) > "/dev/stderr"; exit 2 }
    if (!match(f[1], /^([0-9]{4})-([0-9]{2})-([0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2})\.([0-9]{3}) ([A-Z]+)$/, m)) {
        print "csv2stderr.awk: bad time: " f[1] > "/dev/stderr"; exit 2
    }
    z = m[8]
    if (!(z in off)) { print "csv2stderr.awk: unknown zone abbreviation " z > "/dev/stderr"; exit 2 }
    t = mktime(m[1] " " m[2] " " m[3] " " m[4] " " m[5] " " m[6], 1) - off[z]
    who = (f[2] != "") ? f[2] "@" f[3] " " : ""
    printf "%s.%s UTC [%s] %s%s:  %s\n", strftime("%Y-%m-%d %H:%M:%S", t, 1), m[7], f[4], who, f[12], f[14]
}

{
    row = (row == "") ? $0 : row "\n" $0
    if (quotes(row) % 2 == 0) { emit(row); row = "" }
}

END { if (row != "") { print "csv2stderr.awk: unterminated row at end" > "/dev/stderr"; exit 2 } }
