#!/usr/bin/env bash
# state.sh - incremental reading (issue 10): the second cron run over an
# unchanged log must take under 1% of the first.
#
# Generates the PostgreSQL log of run-events.sh (genlog -f pg, PG_SIZE,
# default 1G, reused when present), then, with a fresh state directory,
# times statebench (bench/statebench.c: open the state, read what is new
# through the ingest, commit) three times: the first run (reads it all),
# the second (unchanged: the file is looked at and left out), and, after
# appending 1,000 lines, a third (grown: reads only those).  Prints a table
# and checks: run 2 < 1% of run 1, run 2 reads 0 events, run 3 reads
# exactly the events of the appended lines read alone.  The times are of
# whole runs (loading the formats included, about 0.2 s here), not of the
# decision alone.
#
# Usage: bench/state.sh      (after `make`; ~1 min once the log exists)
# Environment: BENCH_DIR, PG_SIZE (1G), SEED (1), PIN_CPU.
# Exit: 0 passed, 1 a check failed, 2 a tool or the build is missing.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"

PG_SIZE=${PG_SIZE:-1G}
SEED=${SEED:-1}
PG=pg-$(lc "$PG_SIZE").log
[ -f "$ROOT/libfaultline.a" ] || die "libfaultline.a is missing: run make first"
build_genlog
ensure_log "$PG" -f pg -s "$PG_SIZE" -S "$SEED"

SB=$OUT/statebench
if [ ! -x "$SB" ] || [ "$HERE/statebench.c" -nt "$SB" ] || [ "$ROOT/libfaultline.a" -nt "$SB" ]; then
    say "building $SB"
    cc -O2 -D_GNU_SOURCE -I"$ROOT" -I"$ROOT/include" -o "$SB" "$HERE/statebench.c" \
        "$ROOT/libfaultline.a" -lpcre2-8 -lcjson -lz -lbz2 -lm -pthread || die "cannot build statebench"
fi

LOG=$OUT/state-$PG          # a copy: the appended lines must not touch the shared log
STATE=$OUT/state-dir
rm -rf "$STATE" "$LOG"
cp "$OUT/$PG" "$LOG"
pin=()
[ -z "${PIN_CPU:-}" ] || pin=(taskset -c "$PIN_CPU")

# run N: one statebench run, its key=value output in $OUT/state-run-N.txt
run() { "${pin[@]}" "$SB" "$STATE" "$LOG" > "$OUT/state-run-$1.txt" || die "statebench failed"; }
val() { sed -n "s/^$2=//p" "$OUT/state-run-$1.txt" | head -n 1; }
verdict() { sed -n 's/^file=[^ ]* \([a-z]*\) .*/\1/p' "$OUT/state-run-$1.txt"; }

run 1
run 2
# 1,000 more entries: the log's own last 1,000 lines again (complete entries)
tail -n 1000 "$OUT/$PG" > "$OUT/state-more.log"
cat "$OUT/state-more.log" >> "$LOG"
run 3
# what those lines are alone (a fresh state): the grown run must read exactly that
rm -rf "$OUT/state-dir-more"
"$SB" "$OUT/state-dir-more" "$OUT/state-more.log" > "$OUT/state-run-more.txt" || die "statebench failed"
more_entries=$(val more events)
rm -rf "$OUT/state-dir-more"

rc=0
printf '%-28s %12s %12s %10s\n' run seconds events verdict
for n in 1 2 3; do
    printf '%-28s %12s %12s %10s\n' "$(case $n in 1) echo 'first (all)';; 2) echo 'second (unchanged)';; \
        3) echo 'third (+1000 lines)';; esac)" "$(val $n seconds)" "$(val $n events)" "$(verdict $n)"
done
ratio=$(awk -v a="$(val 2 seconds)" -v b="$(val 1 seconds)" 'BEGIN { printf "%.5f", a / b }')
printf 'second / first = %s (target < 0.01)\n' "$ratio"
awk -v r="$ratio" 'BEGIN { exit !(r < 0.01) }' || { say "FAIL: the unchanged run took ${ratio} of the first"; rc=1; }
[ "$(val 2 events)" = 0 ] && [ "$(verdict 2)" = unchanged ] || { say "FAIL: the unchanged run read events"; rc=1; }
[ "$(verdict 3)" = grown ] || { say "FAIL: the third run is not 'grown'"; rc=1; }
[ "$(val 3 events)" = "$more_entries" ] ||
    { say "FAIL: the grown run read $(val 3 events) events, the appended lines alone give $more_entries"; rc=1; }
rm -f "$LOG" "$OUT/state-more.log"
exit "$rc"
