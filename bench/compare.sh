#!/usr/bin/env bash
# compare.sh - saved summaries and `faultline compare` at scale (issue 10's targets):
#   1. a day's summary of a log with 100,000 query classes stays under 20 MB;
#   2. comparing 52 weekly summaries (51 before, 1 after) takes under a second.
# The logs are PostgreSQL stderr lines made here with awk (deterministic: class k is
# "SELECT c FROM t_k WHERE id = N", so every class has its own table; durations are a
# function of the line number), 10 calls per class over one day; the weeks hold 2,000
# classes each, shifted by 7 days.
#
# usage: bench/compare.sh            env: FAULTLINE (./faultline), BENCH_DIR (bench/out),
#                                         CLASSES (100000), WEEKS (52)
# exit:  0 both targets met, 1 a target missed, 2 a tool is missing.

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

CLASSES=${CLASSES:-100000}
WEEKS=${WEEKS:-52}
need awk
mkdir -p "$OUT/compare"
D=$OUT/compare
fails=0

# gen_log FILE CLASSES CALLS_PER_CLASS START_EPOCH SPAN_SECONDS
gen_log() {
    awk -v k="$2" -v r="$3" -v t0="$4" -v span="$5" 'BEGIN {
        n = k * r
        for (i = 0; i < n; i++) {
            t = t0 + int(i * span / n)
            ms = (i * 7) % 1000
            c = i % k
            dur = 0.05 + (i * 37 % 5000) / 1000
            printf "%s.%03d UTC [%d] LOG:  duration: %.3f ms  statement: SELECT c FROM t_%d WHERE id = %d\n",
                strftime("%Y-%m-%d %H:%M:%S", t, 1), ms, 1000 + i % 50, dur, c, i
        }
    }' > "$1"
}

# 1. a day of 100,000 classes
day=$D/day-$CLASSES.log
[ -s "$day" ] || gen_log "$day" "$CLASSES" 10 1795737600 86400
t0=$(now)
"$FL" summarize -q -o "$D/day.summary" "$day" || die "summarize failed"
t1=$(now)
size=$(fsize "$D/day.summary")
classes=$("$FL" stats -q -O json "$D/day.summary" | jq .classes)
say "day: $(fsize "$day") bytes of log, $classes classes -> summary of $size bytes in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s"
if [ "$(lt "$size" 20000000)" = 1 ] && [ "$classes" -ge "$CLASSES" ]; then
    say "ok: a day's summary of $CLASSES classes is under 20 MB"
else
    say "MISSED: summary of $size bytes ($classes classes)"; fails=$((fails + 1))
fi

# 2. 52 weekly summaries
set --
for w in $(seq 1 "$WEEKS"); do
    s=$D/week-$w.summary
    if [ ! -s "$s" ]; then
        gen_log "$D/week.log" 2000 10 $((1764547200 + w * 604800)) 604800
        "$FL" summarize -q -o "$s" "$D/week.log" || die "summarize week $w failed"
    fi
    [ "$w" -lt "$WEEKS" ] && set -- "$@" --before "$s"
done
rm -f "$D/week.log"
# CPU time (user + sys) is the measure: on a shared machine the wall clock
# mostly measures the other processes; both are shown.
rc=0
$TIME_BIN -f "%e %U %S" -o "$D/compare.time" "$FL" compare -O json "$@" \
    --after "$D/week-$WEEKS.summary" > "$D/compare.json" 2>/dev/null || rc=$?
read -r wall user sys < "$D/compare.time"
secs=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')
say "compare of $WEEKS weekly summaries: ${secs} s CPU, ${wall} s wall, load $(cut -d' ' -f1 /proc/loadavg) (exit $rc, $(jq '.classes | length' "$D/compare.json") classes)"
if [ "$(lt "$secs" 1)" = 1 ] && [ "$rc" -le 3 ]; then
    say "ok: comparing $WEEKS weekly summaries takes under a second"
else
    say "MISSED: ${secs} s"; fails=$((fails + 1))
fi
[ "$fails" = 0 ] || exit 1
