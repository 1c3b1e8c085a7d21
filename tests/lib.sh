# tests/lib.sh - shared helpers for the end-to-end shell tests of faultline.
#
# Source it from a test script:   . "${top_srcdir:-.}/tests/lib.sh"
# It reads FAULTLINE (the binary under test; default $top_srcdir/faultline)
# and top_srcdir (default: the directory above this file), creates a private
# scratch directory $FL_TMP that is removed when the script exits, and
# offers checks that print one line each ("ok - ..." / "FAIL - ...").  A
# failed check does not stop the script; call fl_finish at the end: it exits
# 1 if any check failed, else 0.  Exit codes follow automake's test driver:
# 0 pass, 1 fail, 77 skip (skip exits at once).
#
# Invariants: POSIX sh (works under dash and bash); no global state outside
# the FL_* variables; nothing is written outside $FL_TMP.  The binary is run
# through run_fl, which bounds its run time, and which counts a signal, a
# timeout or a sanitizer report as a crash (FL_RC >= 124), so a sanitizer
# build that exits with status 1 cannot pass for "partial input".

# ---- set-up ----------------------------------------------------------------

if [ -z "${top_srcdir:-}" ]; then
    top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
fi
FAULTLINE=${FAULTLINE:-$top_srcdir/faultline}
FL_TIMEOUT=${FL_TIMEOUT:-120}
FL_PASSES=0
FL_FAILS=0
FL_RC=0
export top_srcdir FAULTLINE

# Sanitizer builds: make a sanitizer report exit with a status no faultline
# code path uses, unless the caller chose one.
case ":${ASAN_OPTIONS:-}:" in
*:exitcode=*) ;;
*) ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"; export ASAN_OPTIONS ;;
esac
case ":${UBSAN_OPTIONS:-}:" in
*:exitcode=*) ;;
*) UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=87:print_stacktrace=1"; export UBSAN_OPTIONS ;;
esac

FL_TMP=$(mktemp -d "${TMPDIR:-/tmp}/fl-e2e.XXXXXX") || {
    echo "FAIL - cannot create a scratch directory"
    exit 1
}
# Restore permissions first: a test may have made a file unreadable.
trap 'chmod -R u+rwx "$FL_TMP" 2>/dev/null; rm -rf "$FL_TMP"' EXIT
trap 'exit 1' HUP INT TERM

# ---- reporting ---------------------------------------------------------------

# note TEXT: an informational line.
note() {
    echo "# $*"
}

# pass WHAT: record a passed check.
pass() {
    FL_PASSES=$((FL_PASSES + 1))
    echo "ok - $*"
}

# fail WHAT [DETAIL...]: record a failed check; each DETAIL goes on its own
# indented line.
fail() {
    FL_FAILS=$((FL_FAILS + 1))
    echo "FAIL - $1"
    shift
    for d in "$@"; do
        echo "       $d"
    done
}

# skip WHY: skip the whole test (exit 77).
skip() {
    echo "SKIP: $*"
    exit 77
}

# fl_finish: print the tally and exit 0 (all passed) or 1.
fl_finish() {
    echo "# $FL_PASSES passed, $FL_FAILS failed"
    [ "$FL_FAILS" -eq 0 ] && exit 0
    exit 1
}

# ---- prerequisites ----------------------------------------------------------

# need_cmd NAME...: skip unless every command exists.
need_cmd() {
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 || skip "$c is not installed"
    done
}

# need_jq: skip unless jq is installed.
need_jq() {
    need_cmd jq
}

# need_faultline: fail unless $FAULTLINE is an executable file.
need_faultline() {
    if [ ! -x "$FAULTLINE" ]; then
        echo "FAIL - faultline binary not found or not executable: $FAULTLINE"
        exit 1
    fi
    note "binary: $FAULTLINE"
}

# ---- running the binary -------------------------------------------------------

# run_fl OUT ERR ARG...: run faultline with ARGs, stdout to file OUT and
# stderr to file ERR (either may be /dev/null), stdin from /dev/null.
# Sets FL_RC to the exit status; a timeout (FL_TIMEOUT seconds) is 124, a
# signal 128+N, a sanitizer report 86/87 (or 99 when one is found in ERR
# whatever the status).  Always returns 0.
run_fl() {
    _out=$1 _err=$2
    shift 2
    FL_RC=0
    if command -v timeout >/dev/null 2>&1; then
        timeout "$FL_TIMEOUT" "$FAULTLINE" "$@" >"$_out" 2>"$_err" </dev/null \
            || FL_RC=$?
    else
        "$FAULTLINE" "$@" >"$_out" 2>"$_err" </dev/null || FL_RC=$?
    fi
    if [ "$_err" != /dev/null ] &&
       grep -E -q 'ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:' "$_err"; then
        FL_RC=99
    fi
    return 0
}

# run_fl_in IN OUT ERR ARG...: as run_fl, with stdin from file IN.
run_fl_in() {
    _in=$1 _out=$2 _err=$3
    shift 3
    FL_RC=0
    if command -v timeout >/dev/null 2>&1; then
        timeout "$FL_TIMEOUT" "$FAULTLINE" "$@" >"$_out" 2>"$_err" <"$_in" \
            || FL_RC=$?
    else
        "$FAULTLINE" "$@" >"$_out" 2>"$_err" <"$_in" || FL_RC=$?
    fi
    if [ "$_err" != /dev/null ] &&
       grep -E -q 'ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:' "$_err"; then
        FL_RC=99
    fi
    return 0
}

# fl_crashed: true when the last run_fl ended by a signal, a timeout or a
# sanitizer report.
fl_crashed() {
    [ "$FL_RC" -ge 124 ] || [ "$FL_RC" -eq 86 ] || [ "$FL_RC" -eq 87 ]
}

# rc_name: the last status in words, for messages.
rc_name() {
    case $FL_RC in
    124) echo "timeout after ${FL_TIMEOUT}s" ;;
    86|87|99) echo "sanitizer report (status $FL_RC)" ;;
    *) if [ "$FL_RC" -gt 128 ]; then
           echo "killed by signal $((FL_RC - 128))"
       else
           echo "exit status $FL_RC"
       fi ;;
    esac
}

# ---- checks ---------------------------------------------------------------------

# check_rc WHAT CODE...: the last run_fl exited with one of CODEs.
check_rc() {
    _what=$1
    shift
    for c in "$@"; do
        if [ "$FL_RC" -eq "$c" ]; then
            pass "$_what: exit status $FL_RC"
            return 0
        fi
    done
    fail "$_what: expected exit status $*, got $(rc_name)"
    return 1
}

# check_eq WHAT GOT WANT: string equality.
check_eq() {
    if [ "$2" = "$3" ]; then
        pass "$1: $2"
        return 0
    fi
    fail "$1" "expected: $3" "got:      $2"
    return 1
}

# check_grep WHAT FILE ERE: FILE has a line matching the extended regex.
check_grep() {
    if grep -E -q -- "$3" "$2"; then
        pass "$1"
        return 0
    fi
    fail "$1" "no line of $(basename "$2") matches: $3" \
        "content: $(head -c 600 "$2" | tr '\n' '|')"
    return 1
}

# check_no_grep WHAT FILE ERE: no line of FILE matches the extended regex.
check_no_grep() {
    if grep -E -q -- "$3" "$2"; then
        fail "$1" "unexpected line: $(grep -E -m1 -- "$3" "$2" | head -c 300)"
        return 1
    fi
    pass "$1"
    return 0
}

# check_json WHAT FILE: every line of FILE is a JSON value (needs jq).
check_json() {
    if jq -c . "$2" >/dev/null 2>"$FL_TMP/.jq.err"; then
        pass "$1: valid JSON lines"
        return 0
    fi
    fail "$1: output is not valid JSON lines" "$(head -c 300 "$FL_TMP/.jq.err")"
    return 1
}

# ---- event helpers (need jq) ----------------------------------------------

# count_events FILE [JQ-BOOLEAN]: number of events (lines) in FILE for
# which the jq expression is true (all when omitted).
count_events() {
    jq -c "select(${2:-true})" "$1" | wc -l | tr -d ' '
}

# sum_field FILE FIELD [JQ-BOOLEAN]: integer sum of FIELD over the events
# selected (absent values count 0).
sum_field() {
    jq -n "[inputs | select(${3:-true}) | .$2 // 0] | add // 0" "$1"
}

# summary_line ERR PATH: the per-file summary line faultline printed on
# stderr for PATH ("PATH: FORMAT (COMP): ..." or "PATH: skipped ...").
summary_line() {
    grep -F "faultline: $2: " "$1" |
        grep -E ': (skipped|[^ ]+ \((none|gzip|bzip2)\): [0-9]+ lines)' | tail -n 1
}

# ---- manual page helpers ------------------------------------------------------

# extract_man_examples MANPAGE DIR: write each example of MANPAGE that sits
# between the roff comments '.\" example-begin NAME' and '.\" example-end'
# to DIR/NAME, with the roff escapes turned back into text (\- \(aq \(dq
# \& \e) and the .nf/.fi/.RS/.RE requests dropped.  Prints the number of
# examples written.
extract_man_examples() {
    awk -v dir="$2" '
        /^\.\\" example-begin / { name = $3; on = 1; n++; next }
        /^\.\\" example-end/ { on = 0; next }
        on && !/^\.(nf|fi|RS|RE)( |$)/ { print > (dir "/" name) }
        END { print n + 0 }' "$1" >"$2/.count"
    for _f in "$2"/*; do
        [ -f "$_f" ] || continue
        sed -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\(dq/"/g' -e 's/\\&//g' \
            -e 's/\\e/\\/g' "$_f" >"$_f.tmp" && mv "$_f.tmp" "$_f"
    done
    cat "$2/.count"
    rm -f "$2/.count"
}
