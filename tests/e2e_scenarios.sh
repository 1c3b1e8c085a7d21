#!/usr/bin/env bash
# e2e_scenarios.sh - the issue-9 scenarios recorded from real servers
# (samples/incident/record-incident.sh quiet-sampled load-surge-early-end
# migration-same-second csvlog-non-utc lock-queue, and
# samples/incident/record-mariadb-incident.sh), checked against their
# scenario.truth (gawk and the recorder's clock, never faultline):
#   - the EXACT verdict (`none`, `load` or `change`, the truth's verdict key);
#   - with a culprit: the change ranked first is the truth's culprit, by its
#     statement text (compared lowercased, blanks removed) and by its time
#     (the end of the statement: PostgreSQL's "duration:" line, 1.5 ms; the
#     MariaDB slow log's start + query time, 1 s, its times are whole seconds);
#   - without one: nothing blamed with more than low confidence;
#   - onset and recovery within two buckets (the larger of faultline's and
#     the truth's width) of the truth's hot shape (by bucket median; by bucket
#     mean where the median does not move, as in a lock queue).
# MariaDB logs carry local times with no zone: faultline runs with --tz and
# the truth's zone.
set -u
FAULTLINE=${FAULTLINE:-./faultline}
top_srcdir=${top_srcdir:-.}
command -v jq >/dev/null || { echo "SKIP: jq not installed"; exit 77; }
fails=0 n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

truth() { sed -n "s/^$2=//p" "$1" | head -n1; }
check() { # name got want
    if [ "$2" = "$3" ]; then echo "ok   $1: $2"
    else echo "FAIL $1: got $2, want $3"; fails=$((fails + 1)); fi
}
# Seconds since the epoch of "YYYY-MM-DD HH:MM:SS[.fff] UTC" or RFC 3339.
secs() { date -u -d "$(sed 's/\([0-9]\)T\([0-9]\)/\1 \2/; s/Z$/ UTC/' <<<"$1")" +%s.%N 2>/dev/null || echo nan; }
near() { # name got want tolerance-seconds
    local d
    d=$(awk -v a="$(secs "$2")" -v b="$(secs "$3")" 'BEGIN { d = a - b; print (d < 0 ? -d : d) }')
    if awk -v d="$d" -v t="$4" 'BEGIN { exit !(d <= t) }'; then
        echo "ok   $1: $2 (truth $3, off by ${d}s, tolerance $4s)"
    else
        echo "FAIL $1: $2, truth $3 (off by ${d}s > $4s)"; fails=$((fails + 1))
    fi
}
squash() { tr 'A-Z' 'a-z' | tr -d ' \t\n;'; }

scenario() { # dir
    local dir=$1 t=$1/scenario.truth name out tz culprit hot onset rec width tol want c_end tol_c
    name=$(truth "$t" scenario)
    out="$tmp/$name.json"
    tz=$(truth "$t" tz)
    "$FAULTLINE" timeline -q -O json ${tz:+--tz "$tz"} "$dir" > "$out" || { check "$name exit status" $? 0; return; }
    n=$((n + 1))
    want=$(truth "$t" verdict)
    check "$name verdict" "$(jq -r .verdict "$out")" "$want"
    culprit=$(truth "$t" culprit)
    if [ -n "$culprit" ] && [ "$culprit" != none ]; then
        check "$name culprit ranked first (statement)" \
            "$(jq -r '.culprits[0].statement // "none"' "$out" | squash)" \
            "$(truth "$t" "$culprit.statement" | squash)"
        if [ -n "$tz" ]; then c_end=$(truth "$t" "$culprit.end"); tol_c=1
        else c_end=$(truth "$t" "$culprit.end_log_time"); tol_c=0.0015; fi
        near "$name culprit ranked first (time)" "$(jq -r '.culprits[0].time // "none"' "$out")" "$c_end" "$tol_c"
    else
        check "$name blames nothing" \
            "$(jq '[.culprits[] | select(.confidence != "low")] | length' "$out")" 0
    fi
    hot=$(truth "$t" hot_shape)
    onset=$(truth "$t" "$hot.onset") rec=$(truth "$t" "$hot.recovery")
    if [ "$onset" = none ] && [ -n "$(truth "$t" "$hot.mean.onset")" ] && [ "$want" != none ]; then
        onset=$(truth "$t" "$hot.mean.onset") rec=$(truth "$t" "$hot.mean.recovery")
    fi
    width=$(jq -r '.bucket_us / 1000000' "$out")
    tol=$(awk -v a="$width" -v b="$(truth "$t" bucket_seconds)" 'BEGIN { print 2 * (a > b ? a : b) }')
    if [ -n "$onset" ] && [ "$onset" != none ]; then
        check "$name incident found" "$(jq '.incident != null' "$out")" true
        near "$name onset" "$(jq -r '.incident.onset // "none"' "$out")" "$onset" "$tol"
        if [ -n "$rec" ] && [ "$rec" != none ]; then
            check "$name recovered" "$(jq '.incident.recovered' "$out")" true
            near "$name recovery" "$(jq -r '.incident.recovery // "none"' "$out")" "$rec" "$tol"
        fi
    fi
}

for s in quiet-sampled load-surge-early-end migration-same-second csvlog-non-utc lock-queue \
         mariadb-incident; do
    d=$top_srcdir/tests/data/incidents/$s
    if [ -f "$d/scenario.truth" ]; then scenario "$d"
    else echo "FAIL $s: no recording in $d"; fails=$((fails + 1)); fi
done
# One migration, two statements in one second: one candidate, named by the
# DROP INDEX, the CREATE INDEX beside it listed as its member (JSON).
d=$top_srcdir/tests/data/incidents/migration-same-second
if [ -f "$d/scenario.truth" ]; then
    "$FAULTLINE" timeline -q -O json "$d" > "$tmp/mss.json"
    check "migration-same-second: its CREATE INDEX is a member, not a rival" \
        "$(jq -r '.culprits[0] | "\(.tie) \([.members[].kind] | join(","))"' "$tmp/mss.json")" \
        "false create_index"
    check "migration-same-second: no other candidate at high confidence" \
        "$(jq '[.culprits[1:][] | select(.confidence == "high")] | length' "$tmp/mss.json")" 0
fi

# The MariaDB server ran in a zone: without --tz, the slow log's '# Time:'
# against its 'SET timestamp=' gives the offset (said once), the general log
# beside it (local times only) is read at the same offset (said once), and
# the answer is the one --tz gives, each change listed once.
d=$top_srcdir/tests/data/incidents/mariadb-incident
if [ -f "$d/scenario.truth" ]; then
    want=$(truth "$d/scenario.truth" culprit_statement)
    "$FAULTLINE" timeline -O json "$d/slow.log.gz" > "$tmp/slow.json" 2> "$tmp/slow.err"
    check "mariadb slow log without --tz: zone read from its epochs" \
        "$(grep -c 'slow.log.gz: its zone-less times were read at UTC-5:00' "$tmp/slow.err")" 1
    check "mariadb slow log without --tz: verdict" "$(jq -r .verdict "$tmp/slow.json")" change
    check "mariadb slow log without --tz: culprit" \
        "$(jq -r '.culprits[0].statement' "$tmp/slow.json" | tr -d ';')" "$want"
    "$FAULTLINE" timeline -O json "$d" > "$tmp/both.json" 2> "$tmp/both.err"
    check "mariadb slow + general without --tz: the general log read at the slow log's zone" \
        "$(grep -c 'general.log.gz: its zone-less times were read at UTC-5:00, the zone learned from .*slow.log.gz' "$tmp/both.err")" 1
    check "mariadb slow + general without --tz: no hours warning" \
        "$(grep -c 'hours behind\|hours ahead' "$tmp/both.err")" 0
    "$FAULTLINE" timeline -q -O json --tz "$(truth "$d/scenario.truth" tz)" "$d" > "$tmp/tz.json"
    for k in .verdict .culprits[0].statement .incident.onset .changes_seen; do
        check "mariadb without --tz = with --tz: $k" "$(jq -r "$k" "$tmp/both.json")" \
            "$(jq -r "$k" "$tmp/tz.json")"
    done
fi

echo "$n scenarios, $fails failures"
[ "$fails" -eq 0 ]
