#!/bin/sh
# e2e_compare_data.sh - the two-period recordings of tests/data/compare
# (issue 10) read as their truth says: for each set (change, control) and
# period (before, after), faultline events finds, per query shape of
# shapes.tsv, the calls, their total duration and the errors that truth.awk
# measured with gawk from the raw logs (truth.json), exactly; and the
# change set's after period carries the release's three DDL statements,
# the control set none.  This pins the recordings for the compare tests:
# any class text the comparison reports can be traced back to a shape.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_faultline
need_jq
D=$top_srcdir/tests/data/compare
T=$FL_TMP

for set in change control; do
    for side in before after; do
        run_fl "$T/ev" "$T/err" events "$D/$set/$side/postgresql.log.gz"
        check_rc "$set/$side: events" 0 || continue
        # one line per shape: name calls total_us errors (by the shape's ERE
        # on the statement's first line; jq's test() is Oniguruma, where $
        # is the end of a line as in the ERE on a line)
        grep -v '^#' "$D/shapes.tsv" | cut -f 1,4 | while IFS="$(printf '\t')" read -r name re; do
            jq -r --arg re "$re" --arg name "$name" -s '
                [ .[] | select(.statement != null and (.statement | split("\n")[0] | test($re))) ] as $m
                | "\($name) \([$m[] | select(.kind == "query")] | length) \([$m[] | select(.kind == "query") | .duration_us] | add // 0) \([$m[] | select(.kind == "error")] | length)"
            ' "$T/ev"
        done > "$T/got"
        jq -r --arg side "$side" '.classes[] | "\(.shape) \(.[$side].calls) \(.[$side].total_us) \(.[$side].errors)"' \
            "$D/$set/truth.json" > "$T/want"
        # shapes absent from truth.json (no calls in either period) must be absent here too
        awk 'NR == FNR { want[$1] = $0; next } ($1 in want) || $2 + $4 > 0' "$T/want" "$T/got" > "$T/got.kept"
        if cmp -s "$T/got.kept" "$T/want"; then
            pass "$set/$side: calls, total duration and errors per shape match truth.json ($(wc -l < "$T/want") shapes)"
        else
            fail "$set/$side: per-shape figures differ from truth.json" "$(diff "$T/want" "$T/got.kept" | head -n 8 | tr '\n' '|')"
        fi
        ddl=$(jq -r 'select(.kind == "ddl") | .statement' "$T/ev" | wc -l | tr -d ' ')
        want=$(jq --arg side "$side" '[.changes[] | select(.period == $side)] | length' "$D/$set/truth.json")
        check_eq "$set/$side: DDL statements" "$ddl" "$want"
    done
done
check_eq "change: the release has three DDL statements" \
    "$(jq '.changes | length' "$D/change/truth.json")" 3
check_eq "control: no change at all" "$(jq '.changes | length' "$D/control/truth.json")" 0
fl_finish
