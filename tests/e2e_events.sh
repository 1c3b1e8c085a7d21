#!/usr/bin/env bash
# e2e_events.sh - `faultline events` on logs recorded from real PostgreSQL 15
# and MariaDB servers (samples/, tests/data/), checked against the truth files
# written next to them by the recorders (computed with awk from the raw log,
# independently of faultline): exact event counts per kind and exact sums of
# durations in microseconds.
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
echo "$n logs checked, $fails failures"
[ "$fails" -eq 0 ]
