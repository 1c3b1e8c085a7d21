# lib.sh - shared helpers of the benchmark scripts (sourced by run-events.sh, run-stats.sh).
# shellcheck shell=bash disable=SC2034
#   (SC2034: the variables set here are used by the sourcing scripts)
#
# Everything generated goes to $OUT ($BENCH_DIR, default bench/out, git-ignored).  Logs are
# generated once and reused: a log counts as present only when its .truth file exists and
# records the log's exact size (genlog writes the truth last).  Timings come from hyperfine
# JSON exports; peak RSS from /usr/bin/time wrapped around every timed command (the same
# wrapper for all commands, so the comparison stays fair).

set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
OUT=${BENCH_DIR:-$HERE/out}
FL=${FAULTLINE:-$ROOT/faultline}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
TIME_BIN=${TIME_BIN:-/usr/bin/time}
mkdir -p "$OUT/rss"
OUT=$(cd "$OUT" && pwd)

say() { printf '%s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 2; }

need() {
    command -v "$1" >/dev/null 2>&1 || die "$1 is required but not installed${2:+ ($2)}"
}

check_tools() {
    need cc; need hyperfine; need jq; need gzip; need awk
    [ -x "$TIME_BIN" ] || die "$TIME_BIN is missing: apt-get install -y time"
}

now() { date +%s.%N; }
lc() { echo "$1" | tr '[:upper:]' '[:lower:]'; }

# build_genlog: (re)compile the generator when its source is newer than the binary.
build_genlog() {
    GENLOG=$OUT/genlog
    if [ ! -x "$GENLOG" ] || [ "$HERE/genlog.c" -nt "$GENLOG" ]; then
        say "building $GENLOG"
        cc -O2 -o "$GENLOG" "$HERE/genlog.c" -lm
    fi
}

# truth FILE KEY: a value from FILE.truth (empty when absent).
truth() { sed -n "s/^$2=//p" "$1.truth" 2>/dev/null | head -n 1; }

fsize() { stat -c %s "$1"; }

# ensure_log NAME GENLOG-ARGS...: generate $OUT/NAME unless a complete copy exists.
ensure_log() {
    local name=$1 f=$OUT/$1 t0 t1
    shift
    if [ -s "$f.truth" ] && [ -f "$f" ] && [ "$(truth "$f" bytes)" = "$(fsize "$f")" ]; then
        return 0
    fi
    rm -f "$f.truth"
    t0=$(now)
    "$GENLOG" "$@" -o "$f"
    t1=$(now)
    awk -v b="$(fsize "$f")" -v t0="$t0" -v t1="$t1" -v n="$name" 'BEGIN { s = t1 - t0
        printf "generated %s: %.1f MB in %.2f s (%.0f MB/s)\n", n, b/1e6, s, b/1e6/s }' >&2
}

# ensure_gz NAME: $OUT/NAME.gz from $OUT/NAME (pigz -1 when available, else gzip -1).
ensure_gz() {
    local f=$OUT/$1 tool t0 t1
    if [ -s "$f.gz" ] && [ -s "$f.gz.how" ] && [ "$f.gz" -nt "$f.truth" ]; then
        return 0
    fi
    if command -v pigz >/dev/null 2>&1; then tool="pigz -1"; else tool="gzip -1"; fi
    t0=$(now)
    $tool -c "$f" > "$f.gz.tmp"
    t1=$(now)
    mv "$f.gz.tmp" "$f.gz"
    echo "$tool" > "$f.gz.how"
    awk -v b="$(fsize "$f.gz")" -v t0="$t0" -v t1="$t1" -v n="$1.gz" -v tool="$tool" \
        'BEGIN { printf "compressed %s with %s: %.1f MB in %.1f s\n", n, tool, b/1e6, t1 - t0 }' >&2
}

gz_how() { cat "$OUT/$1.gz.how" 2>/dev/null || echo "gzip (unknown level)"; }

# q WORD...: shell-quote for hyperfine command strings.
q() { printf '%q' "$1"; }

# timed NAME CMD: CMD wrapped to append its peak RSS (KiB) to $OUT/rss/NAME.
timed() {
    printf '%s -f %%M -a -o %s %s' "$TIME_BIN" "$(q "$OUT/rss/$1")" "$2"
}

# bench JSON-NAME HYPERFINE-OPTS... -- NAME CMD [NAME CMD]...: one hyperfine run
# measuring all commands side by side; results in $OUT/JSON-NAME.json.
bench() {
    local json=$OUT/$1.json opts=() args=()
    shift
    while [ "$1" != "--" ]; do opts+=("$1"); shift; done
    shift
    while [ $# -gt 0 ]; do
        rm -f "$OUT/rss/$1"
        args+=(-n "$1" "$(timed "$1" "$2")")
        shift 2
    done
    if ! hyperfine "${opts[@]}" --export-json "$json" "${args[@]}" >&2; then
        die "hyperfine failed on $(basename "$json" .json): a command above exited non-zero" \
            "(127: not found; the binary may have been rebuilt meanwhile)"
    fi
}

# peak_mb NAME: highest peak RSS seen over all runs of NAME, in MB (1e6 bytes).
peak_mb() {
    awk 'NF && $1+0 > m { m = $1+0 } END { if (m) printf "%.1f", m*1024/1e6; else printf "-" }' \
        "$OUT/rss/$1" 2>/dev/null || printf -- '-'
}

# median JSON-NAME NAME: median seconds of one command of a hyperfine export.
median() {
    jq -r --arg n "$2" '.results[] | select(.command == $n) | .median' "$OUT/$1.json"
}

# table JSON-NAME BYTES REF1 REF2: per command the median wall seconds, MB/s of the
# uncompressed input, the median divided by the median of command REF1 / REF2 (empty or
# not measured: "-"; the column is headed by REF's first word), mean CPU seconds (user +
# system: steadier than wall time when the machine is shared), peak RSS, stddev.
table() {
    local json=$1 bytes=$2 r1=${3:-} r2=${4:-} m1="" m2=""
    [ -n "$r1" ] && m1=$(median "$json" "$r1")
    [ -n "$r2" ] && m2=$(median "$json" "$r2")
    printf '%-34s %9s %8s %9.9s %9.9s %7s %12s   %s\n' command "median s" "MB/s" \
        "${r1:+x ${r1%% *}}" "${r2:+x ${r2%% *}}" "cpu s" "peak RSS MB" "(stddev s)"
    jq -r '.results[] | [.command, .median, .stddev, .user + .system] | @tsv' "$OUT/$json.json" |
    while IFS=$'\t' read -r name med sd cpu; do
        awk -v n="$name" -v m="$med" -v sd="$sd" -v b="$bytes" -v m1="$m1" -v m2="$m2" \
            -v cpu="$cpu" -v rss="$(peak_mb "$name")" 'BEGIN {
                printf "%-34s %9.3f %8.1f %9s %9s %7.2f %12s   (%.3f)\n", n, m, b/1e6/m,
                    (m1 > 0 ? sprintf("%.2f", m/m1) : "-"), (m2 > 0 ? sprintf("%.2f", m/m2) : "-"),
                    cpu, rss, sd }'
    done
}

# target LABEL OK(0/1) DETAIL: one line of the targets summary.
target() {
    if [ "$2" = 1 ]; then TARGET_LINES+="PASS  $1 ($3)"$'\n'
    else TARGET_LINES+="FAIL  $1 ($3)"$'\n'; TARGETS_FAILED=1; fi
}
TARGET_LINES=""
TARGETS_FAILED=0

# ge A B / lt A B: numeric comparisons of decimals, as 1/0.
# A value that is not a number ("-": not measured) never passes.
ge() { awk -v a="$1" -v b="$2" 'BEGIN { print (a ~ /^[0-9.]+$/ && a + 0 >= b + 0) ? 1 : 0 }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { print (a ~ /^[0-9.]+$/ && a + 0 < b + 0) ? 1 : 0 }'; }
