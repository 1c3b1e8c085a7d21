#!/usr/bin/env bash
# run-compare.sh - two faultline binaries side by side in one hyperfine run per command:
# `events`, `stats` and `timeline` on the same generated logs, to show that a change keeps
# the speed (a refactoring must stay within 5%).  Also checks that both binaries produce
# the same stats JSON (the numbers must not move).
#
# usage: bench/run-compare.sh BEFORE-BINARY [AFTER-BINARY]
# env:   BENCH_DIR (bench/out), RUNS (5), WARMUP (1), PG_SIZE (256M), SEED (1),
#        PIN_CPU (run every command under taskset -c PIN_CPU).
# exit:  0 done (the table is the result), 1 the outputs differ, 2 a tool or binary is
#        missing.
#
# Options differ between versions (-O vs --format for the output format); the commands
# below use only what both accept: `events`, `stats` in its default text table, and
# `timeline` in its default Markdown.

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

BEFORE=${1:-}
AFTER=${2:-$FL}
[ -x "$BEFORE" ] && [ -x "$AFTER" ] || die "usage: $0 BEFORE-BINARY [AFTER-BINARY]"
PG_SIZE=${PG_SIZE:-256M}
SEED=${SEED:-1}
PIN=${PIN_CPU:+taskset -c $PIN_CPU }
PG=pg-$(lc "$PG_SIZE").log

need hyperfine
build_genlog
ensure_log "$PG" -f pg -s "$PG_SIZE" -S "$SEED"
ensure_gz "$PG"

f=$OUT/$PG.gz
"$BEFORE" stats -q "$f" > "$OUT/cmp-before.txt" || [ $? -eq 1 ]
"$AFTER" stats -q "$f" > "$OUT/cmp-after.txt" || [ $? -eq 1 ]
SAME=1
cmp -s "$OUT/cmp-before.txt" "$OUT/cmp-after.txt" || SAME=0

for cmd in events stats timeline; do
    bench "cmp-$cmd" --warmup "$WARMUP" --runs "$RUNS" -- \
        "before $cmd" "$PIN$(q "$BEFORE") $cmd -q $(q "$f") > /dev/null || [ \$? -eq 1 ]" \
        "after $cmd" "$PIN$(q "$AFTER") $cmd -q $(q "$f") > /dev/null || [ \$? -eq 1 ]"
done

echo
echo "faultline before/after on $PG.gz ($(awk -v b="$(fsize "$OUT/$PG")" 'BEGIN { printf "%.0f MB", b/1e6 }') uncompressed), median of $RUNS runs, one hyperfine run per command"
echo
echo "| command | before (s) | after (s) | after / before | before RSS (MB) | after RSS (MB) |"
echo "|---|---|---|---|---|---|"
for cmd in events stats timeline; do
    b=$(median "cmp-$cmd" "before $cmd")
    a=$(median "cmp-$cmd" "after $cmd")
    awk -v c="$cmd" -v b="$b" -v a="$a" -v rb="$(peak_mb "before $cmd")" -v ra="$(peak_mb "after $cmd")" \
        'BEGIN { printf "| %s | %.3f | %.3f | %.3f | %s | %s |\n", c, b, a, a / b, rb, ra }'
done
echo
if [ "$SAME" = 1 ]; then echo "stats output: identical"; else echo "stats output: DIFFERS"; exit 1; fi
