#!/usr/bin/env bash
# e2e_events.sh - `faultline events` on logs recorded from real PostgreSQL 15
# and MariaDB servers (samples/, tests/data/), checked against the truth files
# written next to them by the recorders (computed with awk from the raw log,
# independently of faultline): exact event counts per kind and exact sums of
# durations in microseconds.  Also: a definition loaded with --formats whose
# name holds a quote and a backslash gives valid JSON (jq reads it back),
# with the fields captured by name, the attributes and the error flag.
set -u
FAULTLINE=${FAULTLINE:-./faultline}
top_srcdir=${top_srcdir:-.}
command -v jq >/dev/null || { echo "SKIP: jq not installed"; exit 77; }
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

truth() { sed -n "s/^$2=//p" "$1" | head -n1; }

check() { # name got want
    if [ "$2" = "$3" ]; then
        echo "ok   $1: $2"
    else
        echo "FAIL $1: got $2, want $3"
        fails=$((fails + 1))
    fi
}

# Aggregate events into "kind count" lines plus duration sums.
summarise() { # jsonl-file
    jq -rs '
      def q: map(select((.kind == "query" or .kind == "ddl") and .duration_us != null));
      {
        queries: (q | length),
        sum: (q | map(.duration_us) | add // 0),
        lock: (q | map(.lock_us // 0) | add // 0),
        rexam: (q | map(.rows_examined // 0) | add // 0),
        rsent: (q | map(.rows_sent // 0) | add // 0),
        kinds: (group_by(.kind) | map({key: .[0].kind, value: length}) | from_entries)
      }' "$1"
}

kind() { jq -r ".kinds.\"$2\" // 0" "$1"; }

pg_case() { # log truth
    local log=$1 t=$2 s="$tmp/s.json" n
    n=$(basename "$log")
    "$FAULTLINE" events -q "$log" > "$tmp/ev.jsonl" || { check "$n exit status" $? 0; return; }
    summarise "$tmp/ev.jsonl" > "$s"
    check "$n query events with duration" "$(jq .queries "$s")" "$(truth "$t" query_durations)"
    check "$n summed durations (us)" "$(jq .sum "$s")" "$(truth "$t" query_duration_sum_us)"
    check "$n errors (ERROR+FATAL+PANIC-deadlocks)" "$(kind "$s" error)" \
        "$(( $(truth "$t" errors) + $(truth "$t" fatals) + $(truth "$t" panics) - $(truth "$t" deadlocks) ))"
    check "$n deadlocks" "$(kind "$s" deadlock)" "$(truth "$t" deadlocks)"
    check "$n lock waits" "$(kind "$s" lock_wait)" "$(truth "$t" lock_waits)"
    check "$n checkpoints" "$(kind "$s" checkpoint)" "$(truth "$t" checkpoints)"
    check "$n autovacuum" "$(kind "$s" autovacuum)" "$(truth "$t" autovacuum)"
    check "$n autoanalyze" "$(kind "$s" autoanalyze)" "$(truth "$t" autoanalyze)"
    check "$n connections" "$(kind "$s" connect)" "$(truth "$t" connections_authorized)"
    check "$n disconnections" "$(kind "$s" disconnect)" "$(truth "$t" disconnections)"
    check "$n temp files" "$(kind "$s" tempfile)" "$(truth "$t" temp_files)"
    # Every event has a time, and the first one is the log's first timestamp.
    check "$n events without time" "$(jq -s 'map(select(.time == null)) | length' "$tmp/ev.jsonl")" 0
}

mysql_slow_case() {
    local log=$1 t=$2 s="$tmp/s.json" n
    n=$(basename "$log")
    "$FAULTLINE" events -q "$log" > "$tmp/ev.jsonl" || { check "$n exit status" $? 0; return; }
    summarise "$tmp/ev.jsonl" > "$s"
    check "$n entries" "$(jq .queries "$s")" "$(truth "$t" entries)"
    check "$n Query_time sum (us)" "$(jq .sum "$s")" "$(truth "$t" query_time_sum_us)"
    check "$n Lock_time sum (us)" "$(jq .lock "$s")" "$(truth "$t" lock_time_sum_us)"
    check "$n Rows_examined sum" "$(jq .rexam "$s")" "$(truth "$t" rows_examined_sum)"
    check "$n Rows_sent sum" "$(jq .rsent "$s")" "$(truth "$t" rows_sent_sum)"
}

mysql_general_case() {
    local log=$1 t=$2 s="$tmp/s.json" n
    n=$(basename "$log")
    "$FAULTLINE" events -q "$log" > "$tmp/ev.jsonl" || { check "$n exit status" $? 0; return; }
    summarise "$tmp/ev.jsonl" > "$s"
    check "$n Query+Execute commands" \
        "$(( $(kind "$s" query) + $(kind "$s" ddl) ))" \
        "$(( $(truth "$t" command.Query) + $(truth "$t" command.Execute) ))"
    check "$n Connect" "$(kind "$s" connect)" "$(truth "$t" command.Connect)"
    check "$n Quit" "$(kind "$s" disconnect)" "$(truth "$t" command.Quit)"
    check "$n all commands" "$(jq '[.kinds[]] | add' "$s")" "$(truth "$t" commands)"
}

n=0
for t in "$top_srcdir"/samples/*.truth "$top_srcdir"/tests/data/pg/*.truth \
         "$top_srcdir"/tests/data/mysql/*.truth; do
    [ -f "$t" ] || continue
    log=${t%.truth}
    [ -e "$log" ] || log=$log.gz
    case "$(truth "$t" format)" in
        stderr|csvlog|jsonlog|csv|json) [ -e "$log" ] && { pg_case "$log" "$t"; n=$((n+1)); } ;;
        mysql-slow) mysql_slow_case "$log" "$t"; n=$((n+1)) ;;
        mysql-general) mysql_general_case "$log" "$t"; n=$((n+1)) ;;
        *) [ -e "$log" ] && { pg_case "$log" "$t"; n=$((n+1)); } ;;
    esac
done
[ "$n" -gt 0 ] || { echo "FAIL: no recorded logs with truth files found"; exit 1; }

# --prefix builds the parser from a log_line_prefix value: same events as
# the built-in detection on a log written with that prefix.
log="$top_srcdir/tests/data/pg/split-statement-duration.log"
if [ -f "$log" ]; then
    a=$("$FAULTLINE" events -q "$log" | jq -s 'length')
    b=$("$FAULTLINE" events -q --prefix '%m [%p] %q%u@%d ' "$log" | jq -s 'length')
    check "--prefix '%m [%p] %q%u@%d ' gives the same events" "$b" "$a"
    check "--prefix picks the prefix parser" \
        "$("$FAULTLINE" events -q --prefix '%m [%p] %q%u@%d ' "$log" | jq -r .format | sort -u)" postgresql-prefix
fi

# The rotated set is read oldest first whatever order the names are given in.
rot="$top_srcdir/samples/rotated"
if [ -d "$rot" ]; then
    "$FAULTLINE" events -q "$rot/postgresql.log" "$rot"/postgresql.log.[0-9]* \
        | jq -r '.file' | uniq | sed 's|.*/||' | tr '\n' ' ' > "$tmp/order"
    check "rotated set read oldest first" "$(cat "$tmp/order")" \
        "$(cd "$rot" && ls postgresql.log* | sort -t. -k3,3nr | tr '\n' ' ')"
fi
# A format whose name needs JSON escaping; an access log whose captures are
# event fields by name (method, url, status, bytes), parser fields
# (duration_ms) and one attribute (upstream).
mkdir "$tmp/fmts"
cat > "$tmp/fmts/access.json" <<'JSON'
{
  "name": "acc\"ess\\q",
  "type": "line",
  "patterns": [ "^(?<time>\\S+) (?<host>\\S+) \"(?<method>[A-Z]+) (?<url>\\S+)\" (?<status>\\d+) (?<bytes>\\d+) (?<duration_ms>[\\d.]+) (?<upstream>\\S+)$" ],
  "time": [ { "field": "time", "style": "iso" } ],
  "rules": [ { "kind": "log" } ],
  "samples": [ { "lines": [ "2024-05-15T10:00:00Z 10.0.0.1 \"GET /a\" 200 5 1.5 up" ],
                 "expect": { "status": 200, "url": "/a", "upstream": "up" } } ]
}
JSON
printf '%s\n' \
  '2024-05-15T10:00:00Z 10.0.0.1 "POST /orders?id=7" 503 1234 250.5 10.1.2.3:8080' \
  '2024-05-15T10:00:01Z 10.0.0.2 "GET /health" 200 2 0.1 10.1.2.3:8080' > "$tmp/access.log"
if "$FAULTLINE" events -q --formats "$tmp/fmts" "$tmp/access.log" > "$tmp/acc.jsonl" 2> "$tmp/acc.err"; then
    check "escaped format name: every line is JSON" \
        "$(jq -c . "$tmp/acc.jsonl" 2>/dev/null | wc -l | tr -d ' ')" 2
    check "escaped format name read back" "$(jq -r .format "$tmp/acc.jsonl" | sort -u)" 'acc"ess\q'
    check "access 5xx: kind, status, error, duration, method, url" \
        "$(jq -r 'select(.status == 503) | [.kind, .status, .error, .duration_us, .method, .url, (.statement // "-")] | join(" ")' "$tmp/acc.jsonl")" \
        "log 503 true 250500 POST /orders?id=7 -"
    check "access 200: no error flag" \
        "$(jq -r 'select(.status == 200) | has("error")' "$tmp/acc.jsonl")" false
    check "access attributes" "$(jq -r -c '.attrs' "$tmp/acc.jsonl" | sort -u)" '{"upstream":"10.1.2.3:8080"}'
else
    check "events with an access-log definition: exit status" "$? $(cat "$tmp/acc.err")" 0
fi

# More captures than an event keeps: 16 attributes, the rest counted and
# said once per run on stderr (not per event, not per file).
caps=$(for i in $(seq -w 0 17); do printf ' (?<a%s>\\\\S+)' "$i"; done)
printf '{"name":"many","type":"line","patterns":["^(?<time>\\\\S+)%s$"],"time":[{"field":"time","style":"iso"}],"rules":[{"kind":"log"}],"samples":[]}\n' "$caps" > "$tmp/fmts/many.json"
for i in 1 2 3; do printf '2024-05-15T10:00:0%sZ' "$i"; for j in $(seq 0 17); do printf ' v%s' "$j"; done; echo; done > "$tmp/many.log"
cp "$tmp/many.log" "$tmp/many2.log"
"$FAULTLINE" events --formats "$tmp/fmts" --format many "$tmp/many.log" "$tmp/many2.log" > "$tmp/many.jsonl" 2> "$tmp/many.err"
check "attributes kept per event" "$(jq -r '.attrs | length' "$tmp/many.jsonl" | sort -u)" 16
check "dropped captures said once per run" "$(grep -c 'named captures were not kept' "$tmp/many.err")" 1

echo "$n logs checked, $fails failures"
[ "$fails" -eq 0 ]
