#!/usr/bin/env bash
# e2e_timeline.sh - `faultline timeline` on incidents recorded from a real
# PostgreSQL 15 server (samples/incident/, tests/data/incidents/*/, recorded
# by samples/incident/record-incident.sh).  Each scenario's truth file was
# computed with gawk from the raw log and the recorder's clock, never with
# faultline.  Asserted: the culprit is ranked first where there is one,
# nothing is blamed (no high or medium confidence) where there is none, and
# onset and recovery are within two buckets of the truth.
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
secs() { date -u -d "$(sed 's/\([0-9]\)T\([0-9]\)/\1 \2/; s/Z$/ UTC/' <<<"$1")" +%s.%N; }
near() { # name got want tolerance-seconds
    local d
    d=$(awk -v a="$(secs "$2")" -v b="$(secs "$3")" 'BEGIN { d = a - b; print (d < 0 ? -d : d) }')
    if awk -v d="$d" -v t="$4" 'BEGIN { exit !(d <= t) }'; then
        echo "ok   $1: $2 (truth $3, off by ${d}s, tolerance $4s)"
    else
        echo "FAIL $1: $2, truth $3 (off by ${d}s > $4s)"; fails=$((fails + 1))
    fi
}

scenario() { # dir
    local dir=$1 t=$1/scenario.truth name out hot culprit onset rec width tol
    name=$(truth "$t" scenario)
    out="$tmp/$name.json"
    "$FAULTLINE" timeline -q -O json "$dir" > "$out" || { check "$name exit status" $? 0; return; }
    n=$((n + 1))
    culprit=$(truth "$t" culprit)
    if [ -n "$culprit" ] && [ "$culprit" != none ]; then
        check "$name verdict" "$(jq -r .verdict "$out")" change
        # Ranked first: the top culprit is the truth's change, identified by
        # the time of its "duration:" line (an event is timed when the entry
        # completes; log times have millisecond precision).
        near "$name culprit ranked first" "$(jq -r '.culprits[0].time' "$out")" \
            "$(truth "$t" "$culprit.end_log_time")" 0.0015
        check "$name culprit confidence" "$(jq -r '.culprits[0].confidence' "$out")" high
    else
        check "$name blames nothing" \
            "$(jq '[.culprits[] | select(.confidence != "low")] | length' "$out")" 0
        # exact: a load surge is called load, a quiet log none
        case $(truth "$t" scenario) in
            load-surge) want=load ;;
            *) want=none ;;
        esac
        check "$name verdict" "$(jq -r .verdict "$out")" "$want"
    fi
    hot=$(truth "$t" hot_shape)
    onset=$(truth "$t" "$hot.onset")
    rec=$(truth "$t" "$hot.recovery")
    width=$(jq -r '.bucket_us / 1000000' "$out")
    tol=$(awk -v a="$width" -v b="$(truth "$t" bucket_seconds)" 'BEGIN { print 2 * (a > b ? a : b) }')
    if [ -n "$onset" ] && [ "$onset" != none ]; then
        check "$name incident found" "$(jq '.incident != null' "$out")" true
        near "$name onset" "$(jq -r '.incident.onset' "$out")" "$onset" "$tol"
        if [ -n "$rec" ] && [ "$rec" != none ]; then
            check "$name recovered" "$(jq '.incident.recovered' "$out")" true
            near "$name recovery" "$(jq -r '.incident.recovery' "$out")" "$rec" "$tol"
        else
            check "$name not recovered" "$(jq '.incident.recovered' "$out")" false
        fi
    elif [ "$(truth "$t" scenario)" = quiet ]; then
        check "$name: no latency incident" "$(jq -r .verdict "$out")" none
    fi
    # The Markdown draft has every section and escapes log text.
    "$FAULTLINE" timeline -q "$dir" > "$tmp/$name.md"
    for h in "Issue Summary" "Timeline" "Root Cause Candidates" "Resolution" \
             "Corrective and Preventative Measures"; do
        check "$name draft has '$h'" "$(grep -c "^## $h" "$tmp/$name.md")" 1
    done
}

# --tz shows the draft's times in that zone (the sample ran in November: EST).
"$FAULTLINE" timeline -q --tz America/New_York "$top_srcdir/samples/incident" > "$tmp/ny.md"
check "--tz America/New_York: times in EST" "$(grep -c '[0-9] EST' "$tmp/ny.md" | awk '{print ($1 > 3)}')" 1
check "--tz America/New_York: no UTC times left" "$(grep -c '[0-9] UTC' "$tmp/ny.md")" 0

# --min-effect: with the floor above the incident's rise (3 ms), the
# sample has no incident and the draft names the shift it set aside.
"$FAULTLINE" timeline -q -O json --min-effect 10s "$top_srcdir/samples/incident" > "$tmp/floor.json"
check "--min-effect 10s: verdict" "$(jq -r .verdict "$tmp/floor.json")" none
check "--min-effect 10s: the floor in JSON" "$(jq .no_incident.min_effect_us "$tmp/floor.json")" 10000000
check "--min-effect 10s: the shift set aside, and why" \
    "$(jq -r '.no_incident.largest_shift | "\(.onset) \(.below)"' "$tmp/floor.json")" \
    "2026-11-24T08:47:28.000000Z min_effect"
"$FAULTLINE" timeline -q --min-effect xyz "$top_srcdir/samples/incident" > /dev/null 2> "$tmp/floor.err"
check "--min-effect xyz: usage error" "$?:$(grep -c 'min-effect: cannot read duration' "$tmp/floor.err")" "2:1"

# One server, two logs: the MariaDB slow and general logs of one run log the
# same 30 DDL statements (their .truth files); read together, each change is
# counted once: as many changes as either log alone.
gen="$top_srcdir/samples/mariadb-general.log.gz" slow="$top_srcdir/samples/mariadb-slow.log.gz"
one=$("$FAULTLINE" timeline -q -O json "$gen" | jq .changes_seen)
both=$("$FAULTLINE" timeline -q -O json "$gen" "$slow" | jq .changes_seen)
check "slow + general log: each change once ($one)" "$both" "$one"
check "slow + general log: the slow log alone has the same changes" \
    "$("$FAULTLINE" timeline -q -O json "$slow" | jq .changes_seen)" "$one"

# Files given together whose times disagree by whole hours: a copy of the
# incident with its clock 5 hours ahead (a log in local time) is named, with
# the options that fix it; the rotated set alone gives no such warning.
inc="$top_srcdir/samples/incident"
(zcat "$inc/postgresql.log.3.gz" "$inc/postgresql.log.2.gz"; cat "$inc/postgresql.log.1" "$inc/postgresql.log") > "$tmp/utc.log"
sed -E 's/^2026-11-24 08:/2026-11-24 13:/' "$tmp/utc.log" > "$tmp/local.log"
"$FAULTLINE" stats -q "$tmp/utc.log" "$tmp/local.log" > /dev/null 2> "$tmp/zones.err"
check "files 5 hours apart: warned once" "$(grep -c 'run 5 hours ahead of' "$tmp/zones.err")" 1
check "files 5 hours apart: the option named" "$(grep -c -- '--clock-offset .*local.log=-18000' "$tmp/zones.err")" 1
"$FAULTLINE" stats -q "$inc" > /dev/null 2> "$tmp/rotated.err"
check "a rotated set: no hours warning" "$(grep -c 'hours\? ahead' "$tmp/rotated.err")" 0

for d in "$top_srcdir/samples/incident" "$top_srcdir"/tests/data/incidents/*/; do
    case $d in */app-*/) continue ;; esac   # record-app.sh's: other truth keys
    # issue-9 scenarios (a truth with a verdict key): tests/e2e_scenarios.sh
    grep -q '^verdict=' "$d/scenario.truth" 2>/dev/null && continue
    [ -f "$d/scenario.truth" ] && scenario "${d%/}"
done
[ "$n" -gt 0 ] || { echo "FAIL: no recorded incidents found"; exit 1; }
echo "$n scenarios, $fails failures"
[ "$fails" -eq 0 ]
