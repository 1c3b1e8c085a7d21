#!/usr/bin/env bash
# e2e_golden.sh - golden end-to-end outputs of the real binary on the shipped
# samples (timeline Markdown/text/JSON, stats text/JSON, events JSON lines).
#
# The cases are listed in tests/golden/cases; each golden file is a real
# output that was read and checked by a person (tests/golden/README.md says
# what was checked).  A difference fails with a unified diff.  To accept a
# deliberate change, run with FL_GOLDEN_UPDATE=1, read the new files, and
# say in the commit what changed and why.
set -u
FAULTLINE=${FAULTLINE:-./faultline}
top_srcdir=${top_srcdir:-.}
gdir=$top_srcdir/tests/golden
fails=0 n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run_case() { # golden args...
    local golden=$1 out=$tmp/$1 a args=() stdin=/dev/null
    shift
    for a in "$@"; do
        case $a in
        @stdin:*)
            IFS=: read -r _ src lines <<<"$a"
            gzip -dc "$top_srcdir/$src" | head -n "$lines" > "$tmp/in"
            stdin=$tmp/in; args+=(-) ;;
        *) args+=("$a") ;;
        esac
    done
    (cd "$top_srcdir" && "$FAULTLINE" "${args[@]}") < "$stdin" > "$out" 2> "$tmp/err"
    local rc=$?
    n=$((n + 1))
    if [ "$rc" != 0 ]; then
        echo "FAIL $golden: exit status $rc"; cat "$tmp/err"; fails=$((fails + 1)); return
    fi
    if [ "${FL_GOLDEN_UPDATE:-}" = 1 ]; then cp "$out" "$gdir/$golden"; echo "updated $golden"; return; fi
    if cmp -s "$out" "$gdir/$golden"; then echo "ok   $golden"
    else echo "FAIL $golden differs:"; diff -u "$gdir/$golden" "$out" | head -40; fails=$((fails + 1)); fi
}

case $FAULTLINE in /*) ;; *) FAULTLINE=$PWD/$FAULTLINE ;; esac
while read -r golden rest; do
    case $golden in '#'* | '') continue ;; esac
    # shellcheck disable=SC2086
    run_case "$golden" $rest
done < "$gdir/cases"
echo "$n golden runs, $fails failed"
[ "$fails" = 0 ]
