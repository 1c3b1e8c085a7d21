#!/usr/bin/env bash
# e2e_layers.sh - the dependency rule: a library file may include headers of
# its own stage or of an earlier one, never of a later stage (nor the front's).
#
# The stage order below is the pipeline (docs/ARCHITECTURE.md explains each
# stage); it is the one place it is written.  Files under src/cli/ (the
# front) may include anything.  Fails listing every backwards include as
# "file:line: stage A includes B/...".
set -u
top_srcdir=${top_srcdir:-.}
STAGES="base time input event format parse sql http mongo deploy series summary analysis report run"
rank() { local i=0 s; for s in $STAGES; do [ "$s" = "$1" ] && { echo $i; return; }; i=$((i + 1)); done; echo -1; }
bad=0 n=0
cd "$top_srcdir" || exit 1
for f in $(find src include -name '*.[ch]' ! -path 'src/cli/*' ! -path 'include/cli/*' | sort); do
    stage=$(echo "$f" | cut -d/ -f2)
    r=$(rank "$stage")
    if [ "$r" -lt 0 ]; then echo "FAIL $f: folder \"$stage\" is not a known stage ($STAGES)"; bad=$((bad + 1)); continue; fi
    n=$((n + 1))
    while IFS=: read -r line inc; do
        dep=${inc%%/*}
        dr=$(rank "$dep")
        if [ "$dr" -lt 0 ] || [ "$dr" -gt "$r" ]; then
            echo "FAIL $f:$line: stage $stage includes $inc"
            bad=$((bad + 1))
        fi
    done < <(grep -n '^#include "[a-z]*/' "$f" | sed 's/^\([0-9]*\):#include "\([^"]*\)".*/\1:\2/')
    if grep -n '^#include "fl_' "$f" >/dev/null; then
        echo "FAIL $f: includes a header without its stage folder"; bad=$((bad + 1))
    fi
done
echo "$n library files checked, $bad backwards includes"
[ "$bad" = 0 ]
