#!/usr/bin/env bash
# run-events.sh - throughput, peak memory and correctness of `faultline events`, measured
# side by side with `zcat` and `wc -l` on the same logs in one hyperfine run per log.
#
# usage: bench/run-events.sh [--baseline-only]
#   --baseline-only   measure only zcat and wc -l (for when faultline is not built yet)
# env:  FAULTLINE (./faultline), BENCH_DIR (bench/out), RUNS (5), WARMUP (1),
#       PG_SIZE (1G), MY_SIZE (512M), SEED (1), EVENTS_ARGS (extra `faultline events`
#       options), DURATION_KEY (duration_us) and DURATION_SCALE (1: the key is in
#       microseconds) for the duration-sum check, PIN_CPU (run every command under
#       taskset -c PIN_CPU).
# exit: 0 all checks and targets pass; 1 a count/sum differs from the truth or a target is
#       missed; 2 faultline missing or not functional, or a tool is missing.

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

BASELINE=0
case "${1:-}" in
    --baseline-only) BASELINE=1 ;;
    "") ;;
    *) die "usage: $0 [--baseline-only]" ;;
esac
PG_SIZE=${PG_SIZE:-1G}
MY_SIZE=${MY_SIZE:-512M}
SEED=${SEED:-1}
EVENTS_ARGS=${EVENTS_ARGS:-}
DURATION_KEY=${DURATION_KEY:-duration_us}
DURATION_SCALE=${DURATION_SCALE:-1}
PIN=${PIN_CPU:+taskset -c $PIN_CPU }
PG=pg-$(lc "$PG_SIZE").log
MY=my-$(lc "$MY_SIZE").log
SMOKE=pg-8m.log
CHECK_FAILED=0

check_tools
build_genlog
ensure_log "$PG" -f pg -s "$PG_SIZE" -S "$SEED"
ensure_log "$MY" -f mysql -s "$MY_SIZE" -S "$SEED"
ensure_log "$SMOKE" -f pg -s 8M -S "$SEED"
ensure_gz "$PG"
ensure_gz "$MY"

# count_events FILE: "<events> <sum of DURATION_KEY in us> <events with the key>".
count_events() {
    # shellcheck disable=SC2086
    "$FL" events --kind query $EVENTS_ARGS "$1" |
    awk -v key="$DURATION_KEY" -v scale="$DURATION_SCALE" '
        { n++ }
        match($0, "\"" key "\" *: *-?[0-9.]+") {
            v = substr($0, RSTART, RLENGTH); sub(/^[^:]*: */, "", v)
            s += int(v * scale + 0.5); k++
        }
        END { printf "%d %.0f %d\n", n, s, k }'
}

# check_truth LABEL FILE TRUTH-FILE: compare the query events of FILE with the truth.
check_truth() {
    local want_n want_s n s k
    want_n=$(truth "$3" query_events)
    want_s=$(truth "$3" duration_sum_us)
    read -r n s k < <(count_events "$2")
    if [ "$n" = "$want_n" ]; then
        say "ok    $1: $n query events (truth $want_n)"
    else
        say "FAIL  $1: $n query events, truth says $want_n"; CHECK_FAILED=1
    fi
    if [ "$k" = 0 ]; then
        say "skip  $1: duration sum not checked (no \"$DURATION_KEY\" field in the output)"
    elif [ "$k" = "$n" ] && [ "$s" = "$want_s" ]; then
        say "ok    $1: duration sum $s us (truth $want_s)"
    else
        say "FAIL  $1: duration sum $s us over $k events, truth says $want_s"; CHECK_FAILED=1
    fi
}

# Fail fast and clearly if faultline cannot do the job at all.
functional_check() {
    local f=$OUT/$SMOKE rc=0 n
    [ -x "$FL" ] || die "faultline binary not found at $FL (run make, or set FAULTLINE)"
    # shellcheck disable=SC2086
    "$FL" events --kind query $EVENTS_ARGS "$f" > "$OUT/smoke.out" 2> "$OUT/smoke.err" || rc=$?
    n=$(wc -l < "$OUT/smoke.out")
    if [ "$rc" != 0 ] || [ "$n" = 0 ]; then
        say "bench: faultline events is not functional yet: exit status $rc, $n output lines"
        say "       on $f ($(truth "$f" query_events) query events expected)."
        say "       command: $FL events --kind query $EVENTS_ARGS $f"
        [ -s "$OUT/smoke.err" ] && say "       stderr: $(head -c 400 "$OUT/smoke.err")"
        say "       (use --baseline-only to measure zcat and wc -l alone)"
        exit 2
    fi
}

[ "$BASELINE" = 1 ] || functional_check

# run_group TAG LOG: hyperfine over the commands for one log; prints its table.
run_group() {
    local tag=$1 f=$OUT/$2 cmds=()
    if [ "$BASELINE" = 0 ]; then
        cmds+=("faultline events $tag" "$PIN$(q "$FL") events $EVENTS_ARGS $(q "$f") > /dev/null"
               "faultline events $tag.gz" "$PIN$(q "$FL") events $EVENTS_ARGS $(q "$f.gz") > /dev/null")
    fi
    cmds+=("zcat $tag.gz" "${PIN}zcat $(q "$f.gz") > /dev/null"
           "wc -l $tag" "${PIN}wc -l $(q "$f") > /dev/null")
    say "== $2: hyperfine --warmup $WARMUP --runs $RUNS"
    bench "events-$tag" --warmup "$WARMUP" --runs "$RUNS" -- "${cmds[@]}"
}

report_group() {
    local tag=$1 f=$OUT/$2
    printf '\n%s: %.1f MB uncompressed, %.1f MB compressed (%s), %s query events\n' \
        "$2" "$(fsize "$f" | awk '{print $1/1e6}')" "$(fsize "$f.gz" | awk '{print $1/1e6}')" \
        "$(gz_how "$2")" "$(truth "$f" query_events)"
    table "events-$tag" "$(fsize "$f")" "zcat $tag.gz" "wc -l $tag"
}

run_group pg "$PG"
run_group mysql "$MY"
report_group pg "$PG"
report_group mysql "$MY"
echo

[ "$BASELINE" = 1 ] && { say "baseline only: faultline not measured"; exit 0; }

say "== correctness: faultline events --kind query vs the generator's truth"
check_truth "$PG" "$OUT/$PG" "$OUT/$PG"
check_truth "$PG.gz" "$OUT/$PG.gz" "$OUT/$PG"
check_truth "$MY" "$OUT/$MY" "$OUT/$MY"

for tag in pg mysql; do
    f=$OUT/$([ $tag = pg ] && echo "$PG" || echo "$MY")
    mbs=$(awk -v b="$(fsize "$f")" -v m="$(median "events-$tag" "faultline events $tag")" \
        'BEGIN { printf "%.1f", b/1e6/m }')
    target "events $tag plain text >= 250 MB/s" "$(ge "$mbs" 250)" "$mbs MB/s"
    for v in "" .gz; do
        rss=$(peak_mb "faultline events $tag$v")
        target "events $tag$v peak memory < 50 MB" "$(lt "$rss" 50)" "$rss MB"
    done
done
printf '\ntargets:\n%s' "$TARGET_LINES"

if [ "$CHECK_FAILED" = 1 ] || [ "$TARGETS_FAILED" = 1 ]; then
    say "bench: some checks or targets failed (see above)"
    exit 1
fi
