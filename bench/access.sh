#!/usr/bin/env bash
# access.sh - throughput and peak memory of `faultline stats --by route` on HTTP access logs
# (nginx-timed, nginx-combined, apache-combined), next to `wc -l` on the same file.  The logs
# are replicated from the real nginx fixtures of tests/data/http by genaccess.c (varied ids,
# paths, clients, times and durations).  One hyperfine run per format.
#
# usage: bench/access.sh
# env:   FAULTLINE, BENCH_DIR, RUNS (5), WARMUP (1), ACCESS_SIZE (96M), SEED (1),
#        ACCESS_ARGS (extra `faultline stats` options), PIN_CPU (taskset -c PIN_CPU).
# exit:  0 all targets pass; 1 a target is missed or a count differs from the truth;
#        2 faultline missing or not functional, or a tool is missing.

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

ACCESS_SIZE=${ACCESS_SIZE:-96M}
SEED=${SEED:-1}
ACCESS_ARGS=${ACCESS_ARGS:-}
PIN=${PIN_CPU:+taskset -c $PIN_CPU }
FORMATS="nginx-timed nginx-combined apache-combined"

check_tools
[ -x "$FL" ] || die "faultline binary not found at $FL (run make, or set FAULTLINE)"

GENACCESS=$OUT/genaccess
if [ ! -x "$GENACCESS" ] || [ "$HERE/genaccess.c" -nt "$GENACCESS" ]; then
    say "building $GENACCESS"
    cc -O2 -o "$GENACCESS" "$HERE/genaccess.c" -lm
fi

# fixture FORMAT: the real log a format's input is replicated from.
fixture() {
    case "$1" in
        nginx-timed) echo "$ROOT/tests/data/http/nginx-timed.log" ;;
        *) echo "$ROOT/tests/data/http/nginx-combined.log" ;;
    esac
}

# ensure_access FORMAT: $OUT/FORMAT-SIZE.log unless a complete copy exists.
ensure_access() {
    local f=$OUT/$1-$(lc "$ACCESS_SIZE").log
    if [ -s "$f.truth" ] && [ -f "$f" ] && [ "$(truth "$f" bytes)" = "$(fsize "$f")" ]; then
        return 0
    fi
    rm -f "$f.truth"
    "$GENACCESS" -i "$(fixture "$1")" -f "$1" -s "$ACCESS_SIZE" -S "$SEED" -o "$f"
    say "generated $(basename "$f"): $(fsize "$f") bytes"
}

fl_access() {
    printf '%s%s stats -q --by route %s %s > /dev/null || [ $? -eq 1 ]' "$PIN" "$(q "$FL")" \
        "$ACCESS_ARGS" "$(q "$1")"
}

# check_counts FORMAT: faultline's request count must be the generator's (exact).
check_counts() {
    local f=$OUT/$1-$(lc "$ACCESS_SIZE").log n rc=0
    # shellcheck disable=SC2086
    n=$("$FL" stats -q --by route -O json $ACCESS_ARGS "$f" | jq '.total.calls + .total.calls_without_duration') || rc=$?
    [ "$rc" -le 1 ] || die "faultline stats failed (exit $rc) on $f"
    if [ "$n" != "$(truth "$f" requests)" ]; then
        target "$1 request count = truth" 0 "$n vs $(truth "$f" requests)"
    else
        target "$1 request count = truth" 1 "$n"
    fi
}

for fmt in $FORMATS; do
    ensure_access "$fmt"
    check_counts "$fmt"
done
for fmt in $FORMATS; do
    f=$OUT/$fmt-$(lc "$ACCESS_SIZE").log
    say "== $(basename "$f"): hyperfine --warmup $WARMUP --runs $RUNS"
    bench "access-$fmt" --warmup "$WARMUP" --runs "$RUNS" -- \
        "faultline stats $fmt" "$(fl_access "$f")" \
        "wc -l $fmt" "${PIN}wc -l $(q "$f") > /dev/null"
done

mb() { awk -v b="$(fsize "$1")" 'BEGIN { printf "%.1f", b/1e6 }'; }
for fmt in $FORMATS; do
    f=$OUT/$fmt-$(lc "$ACCESS_SIZE").log
    printf '\n%s: %s MB, %s requests\n' "$(basename "$f")" "$(mb "$f")" "$(truth "$f" requests)"
    table "access-$fmt" "$(fsize "$f")" "wc -l $fmt" ""
    mbs=$(awk -v b="$(fsize "$f")" -v t="$(median "access-$fmt" "faultline stats $fmt")" \
        'BEGIN { printf "%.1f", b/1e6/t }')
    target "stats --by route $fmt >= 300 MB/s" "$(ge "$mbs" 300)" "$mbs MB/s"
done
printf '\ntargets:\n%s' "$TARGET_LINES"
[ "$TARGETS_FAILED" = 0 ] || { say "bench: some targets were missed (see above)"; exit 1; }
