#!/usr/bin/env bash
# run-stats.sh - throughput and peak memory of `faultline stats`, side by side with zcat,
# wc -l, pgBadger (PostgreSQL) and pt-query-digest (MySQL), plus a memory check on the
# many-distinct-statements logs.  Each group of commands is one hyperfine run.
#
# usage: bench/run-stats.sh [--baseline-only]
#   --baseline-only   measure only zcat, wc -l and the peers (faultline not needed)
# env:  FAULTLINE, BENCH_DIR, RUNS (5), WARMUP (1), PG_SIZE (1G), MY_SIZE (512M), SEED (1),
#       PEER_SIZE (128M: the peers are slow - pgBadger ~2 MB/s, pt-query-digest ~5 MB/s -
#       so they run on a smaller log of the same kind, next to faultline on that same log;
#       PEER_SIZE=1G compares on the big log), PEER_RUNS (3), STATS_ARGS (extra
#       `faultline stats` options), PIN_CPU (run every command under taskset -c PIN_CPU).
# exit: 0 all targets pass; 1 a target is missed; 2 faultline missing or not functional,
#       or a tool is missing.

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
PEER_SIZE=${PEER_SIZE:-128M}
PEER_RUNS=${PEER_RUNS:-3}
SEED=${SEED:-1}
STATS_ARGS=${STATS_ARGS:-}
PIN=${PIN_CPU:+taskset -c $PIN_CPU }
PGPREFIX='%m [%p] %q%u@%d '
PG=pg-$(lc "$PG_SIZE").log
MY=my-$(lc "$MY_SIZE").log
PGP=pg-$(lc "$PEER_SIZE").log
MYP=my-$(lc "$PEER_SIZE").log
TEXTS=pg-texts-1m.log
FPS=pg-fingerprints-1m.log
SMOKE=pg-8m.log

check_tools
need pgbadger
need pt-query-digest "percona-toolkit"
build_genlog
ensure_log "$PG" -f pg -s "$PG_SIZE" -S "$SEED"
ensure_log "$MY" -f mysql -s "$MY_SIZE" -S "$SEED"
ensure_log "$PGP" -f pg -s "$PEER_SIZE" -S "$SEED"
ensure_log "$MYP" -f mysql -s "$PEER_SIZE" -S "$SEED"
ensure_log "$TEXTS" -f pg -m texts -n 1000000 -F 100 -S "$SEED"
ensure_log "$FPS" -f pg -m fingerprints -n 2000000 -F 1000000 -S "$SEED"
ensure_log "$SMOKE" -f pg -s 8M -S "$SEED"
ensure_gz "$PG"
ensure_gz "$MY"

# fl_stats FILE: the timed faultline command; exit status 1 means "findings", not failure.
fl_stats() {
    printf '%s%s stats %s %s > /dev/null || [ $? -eq 1 ]' "$PIN" "$(q "$FL")" "$STATS_ARGS" "$(q "$1")"
}

functional_check() {
    local f=$OUT/$SMOKE rc=0
    [ -x "$FL" ] || die "faultline binary not found at $FL (run make, or set FAULTLINE)"
    # shellcheck disable=SC2086
    "$FL" stats $STATS_ARGS "$f" > "$OUT/smoke-stats.out" 2> "$OUT/smoke-stats.err" || rc=$?
    if [ "$rc" -gt 1 ] || [ ! -s "$OUT/smoke-stats.out" ]; then
        say "bench: faultline stats is not functional yet: exit status $rc," \
            "$(wc -c < "$OUT/smoke-stats.out") bytes of output on $f."
        say "       command: $FL stats $STATS_ARGS $f"
        [ -s "$OUT/smoke-stats.err" ] && say "       stderr: $(head -c 400 "$OUT/smoke-stats.err")"
        say "       (use --baseline-only to measure zcat, wc -l and the peers alone)"
        exit 2
    fi
}

[ "$BASELINE" = 1 ] || functional_check

# main_group TAG LOG: faultline on plain and gzip next to zcat and wc -l.
main_group() {
    local tag=$1 f=$OUT/$2 cmds=()
    [ "$BASELINE" = 1 ] || cmds+=("faultline stats $tag" "$(fl_stats "$f")"
                                  "faultline stats $tag.gz" "$(fl_stats "$f.gz")")
    cmds+=("zcat $tag.gz" "${PIN}zcat $(q "$f.gz") > /dev/null"
           "wc -l $tag" "${PIN}wc -l $(q "$f") > /dev/null")
    say "== $2: hyperfine --warmup $WARMUP --runs $RUNS"
    bench "stats-$tag" --warmup "$WARMUP" --runs "$RUNS" -- "${cmds[@]}"
}

# peer_group TAG LOG NAME CMD: faultline next to a peer tool on the same (smaller) log.
peer_group() {
    local tag=$1 f=$OUT/$2 cmds=()
    [ "$BASELINE" = 1 ] || cmds+=("faultline stats $tag" "$(fl_stats "$f")")
    cmds+=("$3" "$4")
    say "== $2: hyperfine --warmup 0 --runs $PEER_RUNS (peer: $3)"
    bench "stats-$tag" --warmup 0 --runs "$PEER_RUNS" -- "${cmds[@]}"
}

main_group pg "$PG"
main_group mysql "$MY"
peer_group pg-peer "$PGP" "pgbadger" \
    "${PIN}pgbadger -j 1 -x text -q -o $(q "$OUT/pgbadger.txt") -f stderr -p $(q "$PGPREFIX") $(q "$OUT/$PGP")"
peer_group mysql-peer "$MYP" "pt-query-digest" \
    "${PIN}pt-query-digest $(q "$OUT/$MYP") > /dev/null"

# Memory on the many-distinct-statements logs: faultline alone, two runs each.
if [ "$BASELINE" = 0 ]; then
    say "== memory: $TEXTS, $FPS"
    bench "stats-texts" --warmup 0 --runs 2 -- "faultline stats texts" "$(fl_stats "$OUT/$TEXTS")"
    bench "stats-fingerprints" --warmup 0 --runs 2 -- \
        "faultline stats fingerprints" "$(fl_stats "$OUT/$FPS")"
fi

mb() { awk -v b="$(fsize "$1")" 'BEGIN { printf "%.1f", b/1e6 }'; }
printf '\n%s: %s MB uncompressed, %s MB compressed (%s)\n' "$PG" "$(mb "$OUT/$PG")" \
    "$(mb "$OUT/$PG.gz")" "$(gz_how "$PG")"
table stats-pg "$(fsize "$OUT/$PG")" "zcat pg.gz" "wc -l pg"
printf '\n%s: %s MB uncompressed, %s MB compressed (%s)\n' "$MY" "$(mb "$OUT/$MY")" \
    "$(mb "$OUT/$MY.gz")" "$(gz_how "$MY")"
table stats-mysql "$(fsize "$OUT/$MY")" "zcat mysql.gz" "wc -l mysql"
printf '\n%s: %s MB (peer comparison)\n' "$PGP" "$(mb "$OUT/$PGP")"
table stats-pg-peer "$(fsize "$OUT/$PGP")" "faultline stats pg-peer" ""
printf '\n%s: %s MB (peer comparison)\n' "$MYP" "$(mb "$OUT/$MYP")"
table stats-mysql-peer "$(fsize "$OUT/$MYP")" "faultline stats mysql-peer" ""
echo

[ "$BASELINE" = 1 ] && { say "baseline only: faultline not measured"; exit 0; }

printf '%s: %s MB, %s statements, %s distinct texts, %s fingerprints\n' "$TEXTS" \
    "$(mb "$OUT/$TEXTS")" "$(truth "$OUT/$TEXTS" query_events)" \
    "$(truth "$OUT/$TEXTS" distinct_texts)" "$(truth "$OUT/$TEXTS" fingerprints)"
printf '%s: %s MB, %s statements, %s fingerprints\n' "$FPS" "$(mb "$OUT/$FPS")" \
    "$(truth "$OUT/$FPS" query_events)" "$(truth "$OUT/$FPS" fingerprints)"
table stats-texts "$(fsize "$OUT/$TEXTS")" "" ""
table stats-fingerprints "$(fsize "$OUT/$FPS")" "" "" | tail -n +2

m() { median "$@"; }
gzr=$(awk -v a="$(m stats-pg "faultline stats pg.gz")" -v z="$(m stats-pg "zcat pg.gz")" \
    'BEGIN { printf "%.2f", a/z }')
target "stats pg.gz wall time <= 1.3x zcat" "$(lt "$gzr" 1.3001)" "${gzr}x"
mbs=$(awk -v b="$(fsize "$OUT/$PG")" -v t="$(m stats-pg "faultline stats pg")" \
    'BEGIN { printf "%.1f", b/1e6/t }')
target "stats pg plain >= 400 MB/s" "$(ge "$mbs" 400)" "$mbs MB/s"
r=$(awk -v p="$(m stats-pg-peer pgbadger)" -v f="$(m stats-pg-peer "faultline stats pg-peer")" \
    'BEGIN { printf "%.1f", p/f }')
target "stats >= 50x faster than pgBadger -j 1" "$(ge "$r" 50)" "${r}x on $PGP"
r=$(awk -v p="$(m stats-mysql-peer pt-query-digest)" \
    -v f="$(m stats-mysql-peer "faultline stats mysql-peer")" 'BEGIN { printf "%.1f", p/f }')
target "stats >= 20x faster than pt-query-digest" "$(ge "$r" 20)" "${r}x on $MYP"
for n in "faultline stats pg" "faultline stats pg.gz" "faultline stats texts"; do
    target "$n peak memory < 100 MB" "$(lt "$(peak_mb "$n")" 100)" "$(peak_mb "$n") MB"
done
target "faultline stats fingerprints peak memory < 1 GiB" \
    "$(lt "$(peak_mb "faultline stats fingerprints")" 1073.74)" \
    "$(peak_mb "faultline stats fingerprints") MB"
printf '\ntargets:\n%s' "$TARGET_LINES"
[ "$TARGETS_FAILED" = 0 ] || { say "bench: some targets were missed (see above)"; exit 1; }
