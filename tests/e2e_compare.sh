#!/usr/bin/env bash
# e2e_compare.sh - saved summaries and `faultline compare` on logs cut from
# the recorded PostgreSQL samples:
# - stats over summaries (per file, merged in several orders, nested, a
#   directory of them) gives the same JSON bytes as stats over the logs;
# - the sample incident cut at its culprit (truth: culprit_log_time, the
#   DROP INDEX) compares as a regression of the hot class with the DROP
#   INDEX among its changes, exit 3, in files, ranges and summaries alike;
# - a control pair cut from the quiet recording reports nothing, exit 0,
#   and --quiet prints nothing;
# - bad input: a damaged summary is named and skipped (exit 1), a summary
#   of another format names the version that wrote it, an empty period
#   says "no data for <label>" (exit 4), usage errors exit 2;
# - the GNU parallel recipe of the README on two local "hosts".
set -u
FAULTLINE=${FAULTLINE:-./faultline}
top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/lib.sh"
need_jq
tmp=$FL_TMP
inc="$top_srcdir/samples/incident"
quiet="$top_srcdir/tests/data/incidents/quiet"

check() { check_eq "$@"; } # name got want
truth() { sed -n "s/^$2=//p" "$1" | head -n 1; }

# cut OUT_BEFORE OUT_AFTER TIME FILE...: split logs at TIME ("YYYY-MM-DD
# HH:MM:SS.mmm", compared as text); lines without a time stay with the entry
# they continue.
cut_logs() {
    b=$1 a=$2 t=$3
    shift 3
    for f in "$@"; do
        case $f in *.gz) gzip -dc "$f" ;; *) cat "$f" ;; esac
    done | awk -v t="$t" -v b="$b" -v a="$a" '
        /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]/ {
            out = (substr($0, 1, 23) < t) ? b : a }
        { print > out }'
}

# ---- summaries are inputs like logs --------------------------------------------
mkdir -p "$tmp/sums"
for f in "$inc"/postgresql.log*; do
    run_fl /dev/null "$tmp/err" summarize -q -o "$tmp/sums/$(basename "$f").summary" "$f"
    check "summarize $(basename "$f")" "$FL_RC" 0
done
"$FAULTLINE" stats -q -O json "$inc" > "$tmp/union.json"
s=$tmp/sums
for order in "log log.1 log.2.gz log.3.gz" "log.3.gz log log.2.gz log.1" "log.2.gz log.1 log.3.gz log"; do
    set --
    for x in $order; do set -- "$@" "$s/postgresql.$x.summary"; done
    "$FAULTLINE" stats -q -O json "$@" > "$tmp/merged.json"
    check "stats on summaries ($order) = stats on the logs" "$(cmp -s "$tmp/union.json" "$tmp/merged.json" && echo same)" same
done
"$FAULTLINE" stats -q -O json "$s" > "$tmp/dir.json"
check "a directory of summaries = the logs" "$(cmp -s "$tmp/union.json" "$tmp/dir.json" && echo same)" same
# nested: a summary of two summaries and two logs
run_fl /dev/null /dev/null summarize -q -o "$tmp/nested.summary" "$s/postgresql.log.summary" \
    "$inc/postgresql.log.1" "$s/postgresql.log.3.gz.summary" "$inc/postgresql.log.2.gz"
"$FAULTLINE" stats -q -O json "$tmp/nested.summary" > "$tmp/nested.json"
check "summary of summaries and logs = the logs" "$(cmp -s "$tmp/union.json" "$tmp/nested.json" && echo same)" same
# detected by its bytes, not its name
cp "$tmp/nested.summary" "$tmp/renamed.log"
"$FAULTLINE" stats -q -O json "$tmp/renamed.log" > "$tmp/renamed.json"
check "a summary named .log is still a summary" "$(cmp -s "$tmp/union.json" "$tmp/renamed.json" && echo same)" same
check "a summary is compact (< 300 KB for 80k events)" "$(wc -c < "$tmp/nested.summary" | awk '{ print ($1 < 300000) }')" 1

# ---- the incident, cut at its culprit ---------------------------------------
t=$(truth "$inc/scenario.truth" culprit_log_time | cut -c1-23)
culprit=$(truth "$inc/scenario.truth" culprit_statement)
cut_logs "$tmp/before.log" "$tmp/after.log" "$t" "$inc/postgresql.log.3.gz" \
    "$inc/postgresql.log.2.gz" "$inc/postgresql.log.1" "$inc/postgresql.log"
run_fl "$tmp/cmp.json" "$tmp/err" compare -q -O json "$tmp/before.log" "$tmp/after.log"
check "incident before/after the culprit: exit 3 (regressed)" "$FL_RC" 3
hot='select(.text | test("customer_id = \\?") and test("order_items"))'
check "the hot class regressed" "$(jq -r "[.classes[] | $hot][0].category" "$tmp/cmp.json")" regressed
check "the hot class ranks first (most extra time)" "$(jq -r ".classes[0] | $hot | .category" "$tmp/cmp.json")" regressed
check "its changes name the culprit" \
    "$(jq -r --arg c "$culprit" "[.classes[] | $hot][0].changes | map(select(.text == \$c)) | length" "$tmp/cmp.json")" 1
check "p95 before < after" "$(jq "[.classes[] | $hot][0] | .before.p95_us < .after.p95_us" "$tmp/cmp.json")" true
check "JSON: every class has id, text, category, before, after, changes" \
    "$(jq '(.classes | length) as $n | [.classes[] | select(has("id") and has("text") and has("category") and has("before") and has("after") and has("changes"))] | length == $n' "$tmp/cmp.json")" true
check "JSON: counts add up" "$(jq '([.counts[]] | add) == (.classes | length)' "$tmp/cmp.json")" true
# the same through summaries and --before/--after sets
run_fl /dev/null /dev/null summarize -q -o "$tmp/b.summary" "$tmp/before.log"
run_fl /dev/null /dev/null summarize -q -o "$tmp/a.summary" "$tmp/after.log"
run_fl "$tmp/cmp2.json" "$tmp/err" compare -q -O json --before "$tmp/b.summary" --after "$tmp/a.summary"
check "the same from summaries: exit 3" "$FL_RC" 3
check "the same from summaries: same classes" \
    "$(jq -c '[.classes[] | [.id, .category]]' "$tmp/cmp2.json")" "$(jq -c '[.classes[] | [.id, .category]]' "$tmp/cmp.json")"
# ranges of one set of inputs, with a gap holding the culprit
tb=$(echo "$t" | cut -c1-19)
run_fl "$tmp/cmp3.json" "$tmp/err" compare -q -O json --before-range "2026-11-24 08:44..$tb" \
    --after-range "2026-11-24 08:47:28..2026-11-24 08:53" "$inc"
check "ranges: exit 3" "$FL_RC" 3
check "ranges: the culprit, made in the gap, is linked" \
    "$(jq -r --arg c "$culprit" "[.classes[] | $hot][0].changes | map(select(.text == \$c)) | length" "$tmp/cmp3.json")" 1
check "ranges: the periods are the bounds" "$(jq -r '.after.start' "$tmp/cmp3.json")" "2026-11-24T08:47:28.000000Z"
run_fl "$tmp/cmp.md" /dev/null compare -q "$tmp/before.log" "$tmp/after.log"
check "Markdown: the regressed section" "$(grep -c '^## Regressed' "$tmp/cmp.md")" 1
check "Markdown: the culprit under its regression" "$(grep -c "DROP INDEX orders_customer_id_idx" "$tmp/cmp.md" | awk '{ print ($1 >= 1) }')" 1
run_fl "$tmp/cmp.txt" /dev/null compare -q -O text "$tmp/before.log" "$tmp/after.log"
check "text: names the regressions" "$(grep -c '^Regressed' "$tmp/cmp.txt")" 1

# ---- a control pair with no change at all --------------------------------------
mid=$(gzip -dc "$quiet/postgresql.log.gz" | awk 'NR == 1 { a = substr($0, 1, 19) } /^2026/ { z = substr($0, 1, 19) } END { print a "|" z }')
cut_logs "$tmp/q1.log" "$tmp/q2.log" "2026-11-24 09:03:27.000" "$quiet/postgresql.log.gz"
run_fl "$tmp/q.json" "$tmp/err" compare -O json "$tmp/q1.log" "$tmp/q2.log"
check "quiet control pair ($mid): exit 0" "$FL_RC" 0
check "quiet control pair: nothing regressed" "$(jq .counts.regressed "$tmp/q.json")" 0
check "quiet control pair: nothing improved" "$(jq .counts.improved "$tmp/q.json")" 0
run_fl "$tmp/q.out" "$tmp/q.err" compare --quiet "$tmp/q1.log" "$tmp/q2.log"
check "--quiet with nothing regressed: exit 0" "$FL_RC" 0
check "--quiet with nothing regressed: prints nothing" "$(cat "$tmp/q.out" "$tmp/q.err" | wc -c)" 0
run_fl "$tmp/q.out" /dev/null compare --quiet "$tmp/before.log" "$tmp/after.log"
check "--quiet with a regression: the report" "$(grep -c '^## Regressed' "$tmp/q.out")" 1
run_fl "$tmp/q.json" /dev/null compare -O json --min-effect 1s "$tmp/before.log" "$tmp/after.log"
check "--min-effect 1s: no regression is material" "$FL_RC:$(jq .counts.regressed "$tmp/q.json")" 0:0
run_fl "$tmp/q.json" /dev/null compare -O json --min-ratio 2000% "$tmp/before.log" "$tmp/after.log"
check "--min-ratio 2000%: no regression is material" "$FL_RC:$(jq .counts.regressed "$tmp/q.json")" 0:0

# ---- bad input -------------------------------------------------------------------
head -c 400 "$tmp/b.summary" > "$tmp/cut.summary"
run_fl "$tmp/o" "$tmp/err" stats -q -O json "$tmp/cut.summary" "$s/postgresql.log.summary"
check "a truncated summary: exit 1 (partial)" "$FL_RC" 1
check "a truncated summary: named" "$(grep -c 'cut.summary: .*damaged summary' "$tmp/err")" 1
check "a truncated summary: the rest is reported" "$(jq '.total.calls > 0' "$tmp/o")" true
{ printf 'faultline-summary format=7 version=9.1.0\n'; tail -c +2 "$tmp/b.summary" | sed 1d; } > "$tmp/future.summary"
run_fl "$tmp/o" "$tmp/err" stats -q "$tmp/future.summary"
check "a summary of another format: refused" "$FL_RC" 1
check "... naming the version that wrote it" "$(grep -c 'format 7 written by faultline 9.1.0' "$tmp/err")" 1
run_fl "$tmp/o" "$tmp/err" compare -q --period day --at "2026-11-25 12:00" "$inc"
check "an empty period: its own exit status" "$FL_RC" 4
check "an empty period: no data for its label" "$(grep -c 'no data for 2026-11-23' "$tmp/err")" 1
run_fl "$tmp/o" "$tmp/err" compare -q --period week --at "2026-12-01 12:00" "$inc"
check "the last complete week against the one before: W48 has data, W47 none" \
    "$FL_RC:$(grep -c 'no data for 2026-W47' "$tmp/err"):$(grep -c 'no data for 2026-W48' "$tmp/err")" 4:1:0
# summaries are taken whole in a period, never cut: per-day summaries (a
# state directory) fall in their day or out of it; one across a bound is
# named and left out
mkdir -p "$tmp/days" && cp "$tmp/b.summary" "$tmp/a.summary" "$tmp/days/"
run_fl "$tmp/o" "$tmp/err" compare -q -O json --period day --at "2026-11-25 12:00" "$tmp/days"
check "per-day summaries: the day before has none (exit 4)" "$FL_RC:$(grep -c 'no data for 2026-11-23' "$tmp/err")" 4:1
run_fl "$tmp/o" "$tmp/err" compare -O json --period day --at "2026-11-26 12:00" "$tmp/days" "$tmp/after.log"
check "per-day summaries and a log: 2026-11-24 against 2026-11-25 (no data)" \
    "$FL_RC:$(grep -c 'no data for 2026-11-25' "$tmp/err")" 4:1
run_fl "$tmp/o" "$tmp/err" stats -q -O json --since "2026-11-24 08:46" "$tmp/b.summary" "$tmp/a.summary"
check "a summary across --since: exit 1" "$FL_RC" 1
check "... named, the other one read" "$(grep -c 'b.summary: left out: its data crosses a bound' "$tmp/err"):$(jq '.total.calls > 0' "$tmp/o")" 1:true
run_fl /dev/null "$tmp/err" compare -q "$tmp/before.log"
check "compare with one input: usage (2)" "$FL_RC" 2
run_fl /dev/null "$tmp/err" compare -q --period fortnight "$inc"
check "--period fortnight: usage (2)" "$FL_RC" 2
run_fl /dev/null "$tmp/err" summarize -q "$inc"
check "summarize without -o: usage (2)" "$FL_RC" 2

# ---- the GNU parallel recipe (README) on two local "hosts" -----------------------
if command -v parallel >/dev/null 2>&1; then
    mkdir -p "$tmp/host1" "$tmp/host2" "$tmp/central"
    cp "$tmp/before.log" "$tmp/host1/postgresql.log"
    cp "$tmp/after.log" "$tmp/host2/postgresql.log"
    # as in the README: one summary per host, written where the logs are,
    # then fetched and compared centrally (here both "hosts" are this one)
    printf '%s\n' host1 host2 | parallel --will-cite -S : \
        "$FAULTLINE summarize -q -o $tmp/{}/day.summary $tmp/{}/postgresql.log"
    check "parallel: one summary per host" "$(ls "$tmp"/host*/day.summary | wc -l)" 2
    run_fl "$tmp/par.json" "$tmp/err" compare -q -O json --before "$tmp/host1/day.summary" --after "$tmp/host2/day.summary"
    check "parallel: compare of the hosts' summaries: exit 3" "$FL_RC" 3
    check "parallel: the same classes as the logs" \
        "$(jq -c '[.classes[] | [.id, .category]]' "$tmp/par.json")" "$(jq -c '[.classes[] | [.id, .category]]' "$tmp/cmp.json")"
else
    note "GNU parallel not installed: the recipe is not run"
fi
fl_finish
