#!/bin/sh
# e2e_app.sh - `faultline timeline -O json` on the application incidents
# recorded with a real nginx, a psycopg2 app, PostgreSQL 15 and Alembic
# (tests/data/incidents/app-*/, recorded by
# tests/data/incidents/record-app.sh).  Each scenario.truth was measured by
# the recorder's clock and gawk (app/truth-app.awk), never by faultline; the
# answers asserted here are the truth's:
#   app-thresholded  the incident is found in the access log (the database
#                    logs only DDL and statements >= 250 ms), verdict change,
#                    the culprit is the DROP INDEX, onset and recovery in the
#                    truth's buckets, the most affected route GET /orders/:id
#   app-migration    the culprit DROP INDEX, with the Alembic revision and
#                    message that ran it and the release that ran Alembic
#                    (also on its copy, samples/incident-app/)
#   app-deploy       verdict deploy, the release's version, the query shape
#                    only that release runs, the slowed route
#   app-clock-skew   the access log's clock offset (within 1 s of the truth)
#                    and the --clock-offset advice; with that option given,
#                    no offset is left
# Tolerances come from the JSON's bucket_us and the truth's bucket_seconds.
. "${top_srcdir:-.}/tests/lib.sh"
need_jq
need_faultline
need_cmd awk date sed

DATA=$top_srcdir/tests/data/incidents

# truth FILE KEY: the value of KEY in a scenario.truth ('' when absent).
truth() {
    awk -v k="$2=" 'index($0, k) == 1 { print substr($0, length(k) + 1); exit }' "$1"
}

# secs TIME: epoch seconds of an RFC 3339 time ('' for null / none).
secs() {
    case $1 in null | none | '') echo '' ; return ;; esac
    date -u -d "$(echo "$1" | sed 's/\([0-9]\)T\([0-9]\)/\1 \2/; s/Z$/ UTC/')" +%s.%N
}

# within WHAT TIME LO HI: LO <= TIME <= HI (RFC 3339 times, HI may be
# LO + seconds written "+N").
within() {
    _t=$(secs "$2") _lo=$(secs "$3") _hi=$(secs "$4")
    if [ -n "$_t" ] && [ -n "$_lo" ] && [ -n "$_hi" ] &&
       awk -v t="$_t" -v a="$_lo" -v b="$_hi" 'BEGIN { exit !(t >= a && t <= b) }'; then
        pass "$1: $2 in [$3, $4]"
    else
        fail "$1" "expected between $3 and $4" "got:     $2"
    fi
}

# shifted TIME SECONDS: TIME plus SECONDS, RFC 3339.
shifted() {
    date -u -d "@$(awk -v t="$(secs "$1")" -v d="$2" 'BEGIN { printf "%.6f", t + d }')" \
        +%Y-%m-%dT%H:%M:%S.%6NZ
}

# in_bucket WHAT GOT TRUTH_BUCKET: the truth's onset bucket B is the first
# whose median is over 3x the baseline: more than half of its requests were
# slow, and not of the bucket before it, so the change came in
# [B - W/2, B + W/2] (W: the truth's bucket width); the same for the
# recovery bucket, the first back near the baseline.  Widened by SLACK (two
# of faultline's buckets) each side.
in_bucket() {
    _h=$(awk -v b="$BUCKET_S" -v s="$SLACK" 'BEGIN { print b / 2 + s }')
    within "$1" "$2" "$(shifted "$3" "-$_h")" "$(shifted "$3" "$_h")"
}

# norm SQL: a statement lower-cased and without blanks, to compare.
norm() {
    echo "$1" | tr 'A-Z' 'a-z' | tr -d ' \t'
}

# run_json NAME ARGS...: faultline timeline -O json into $FL_TMP/NAME.json.
run_json() {
    _n=$1
    shift
    run_fl "$FL_TMP/$_n.json" "$FL_TMP/$_n.err" timeline -q -O json "$@"
    check_rc "$_n: timeline -O json" 0
    J=$FL_TMP/$_n.json
}

# jqv FILTER: jq -r FILTER on the current JSON ($J).
jqv() {
    jq -r "$1" "$J"
}


# setup DIR: T (its truth), the scenario's JSON (J), SLACK and BUCKET_S.
setup() {
    T=$1/scenario.truth
    NAME=$(truth "$T" scenario)
    run_json "$NAME" "$1"
    BUCKET_S=$(truth "$T" bucket_seconds)
    # two of faultline's buckets either side of the truth's bucket
    SLACK=$(jqv '.bucket_us * 2 / 1000000')
    note "$NAME: bucket $(jqv .bucket_us) us, truth buckets ${BUCKET_S} s, slack ${SLACK} s"
}

# http_part FIELD: FIELD of the analysis of the access log: the incident
# itself when its domain is http, else its http side.
http_part() {
    jqv "if .domain == \"http\" then .incident.$1
         else (.incident.sides[] | select(.domain == \"http\") | .$1) end"
}

# http_timing: the access log's onset and recovery vs the truth of
# the hot route (recovery only when the access log is the incident's own).
http_timing() {
    _hot=$(truth "$T" hot_route)
    in_bucket "$NAME: access-log onset" "$(http_part onset)" "$(truth "$T" "access.$_hot.onset")"
    if [ "$(jqv .domain)" = http ]; then
        check_eq "$NAME: recovered" "$(jqv .incident.recovered)" true
        in_bucket "$NAME: recovery" "$(jqv .incident.recovery)" \
            "$(truth "$T" "access.$_hot.recovery")"
    fi
    check_eq "$NAME: most affected route" "$(http_part 'affected[0].fingerprint')" "GET $_hot"
}

# sql_timing SHAPE: when the incident is the database log's, its onset and
# recovery vs the truth of the hot query shape.
sql_timing() {
    [ "$(jqv .domain)" = sql ] || return 0
    in_bucket "$NAME: onset (database log)" "$(jqv .incident.onset)" "$(truth "$T" "db.$1.onset")"
    check_eq "$NAME: recovered" "$(jqv .incident.recovered)" true
    in_bucket "$NAME: recovery (database log)" "$(jqv .incident.recovery)" \
        "$(truth "$T" "db.$1.recovery")"
}

# culprit_ddl: the top culprit is the truth's statement, timed when the
# database logged its end ("duration:" line; else its "statement:" line);
# log times have millisecond precision.
culprit_ddl() {
    check_eq "$NAME: culprit statement" "$(norm "$(jqv '.culprits[0].statement')")" \
        "$(norm "$(truth "$T" culprit_statement)")"
    _lt=$(truth "$T" db.change.1.end_log_time)
    [ -n "$_lt" ] || _lt=$(truth "$T" db.change.1.log_time)
    within "$NAME: culprit time" "$(jqv '.culprits[0].time')" \
        "$(shifted "$_lt" -0.0015)" "$(shifted "$_lt" 0.0015)"
}

# ---- app-thresholded -------------------------------------------------------
setup "$DATA/app-thresholded"
check_eq "$NAME: incident found" "$(jqv '.incident != null')" true
check_eq "$NAME: found through the access log" "$(jqv .domain)" http
check_eq "$NAME: verdict" "$(jqv .verdict)" change
culprit_ddl
http_timing

# ---- app-migration (and its copy, samples/incident-app) --------------------
migration() {
    setup "$1"
    check_eq "$NAME: verdict" "$(jqv .verdict)" change
    culprit_ddl
    check_eq "$NAME: culprit's migration revision" "$(jqv '.culprits[0].migration.version')" \
        "$(truth "$T" culprit_revision)"
    check_eq "$NAME: culprit's migration message" "$(jqv '.culprits[0].migration.text')" \
        "$(truth "$T" culprit_message)"
    check_eq "$NAME: culprit's release" "$(jqv '.culprits[0].release.version')" \
        "$(truth "$T" culprit_release)"
    check_eq "$NAME: confidence" "$(jqv '.culprits[0].confidence')" high
    sql_timing customer_orders
    http_timing
}
migration "$DATA/app-migration"
migration "$top_srcdir/samples/incident-app"

# ---- app-deploy ----------------------------------------------------------------
setup "$DATA/app-deploy"
check_eq "$NAME: verdict" "$(jqv .verdict)" deploy
check_eq "$NAME: culprit version" "$(jqv '.culprits[0].version')" "$(truth "$T" culprit_release)"
in_bucket "$NAME: onset" "$(http_part onset)" "$(truth "$T" "access.$(truth "$T" hot_route).onset")"
check_eq "$NAME: slowed route" \
    "$(jqv '[.incident.affected[], .incident.sides[].affected[] | .fingerprint] | index("GET /orders/:id") != null')" true
# The new query shape (an ERE over the statement) among the classes found
# slowed or first seen in the incident.
shape=$(truth "$T" "db.shape.$(truth "$T" new_query_shape)")
# It is named among the classes first seen after the release (or slowed).
found=$(jqv '.incident.affected[], .incident.sides[].affected[], .culprits[0].fresh[] |
             .fingerprint // .text' | grep -E -i -c -- "$shape")
check_eq "$NAME: new query shape ($(truth "$T" new_query_shape)) named" \
    "$([ "$found" -gt 0 ] && echo yes || echo no)" yes
check_eq "$NAME: classes first seen after the release" \
    "$(jqv '.culprits[0].evidence.fresh_classes >= 1')" true

# ---- app-clock-skew ------------------------------------------------------------
setup "$DATA/app-clock-skew"
skew=$(truth "$T" skew_s)
check_eq "$NAME: verdict" "$(jqv .verdict)" change
culprit_ddl
# clock_offset.seconds: its domain's clock minus the incident's
got=$(jqv '.incident.clock_offset | if . == null then "null"
           elif .domain == "http" then .seconds else -.seconds end')
# Edges are measured to a bucket (1 s here): within 1 s of the truth.
ok=no
[ "$got" != null ] &&
    awk -v g="$got" -v s="$skew" 'BEGIN { d = g - s; exit !(d <= 1 && d >= -1) }' && ok=yes
check_eq "$NAME: access log clock offset within 1 s of $skew s ($got s)" "$ok" yes
ok=no
[ "$got" != null ] &&
    awk -v g="$got" -v s="$skew" 'BEGIN { d = g - s; exit !(d <= 2 && d >= -2) }' && ok=yes
check_eq "$NAME: access log clock offset within 2 s of $skew s ($got s)" "$ok" yes
run_fl "$FL_TMP/skew.md" "$FL_TMP/skew.err" timeline -q "$DATA/app-clock-skew"
check_grep "$NAME: the draft names --clock-offset" "$FL_TMP/skew.md" '--clock-offset'
fix=$(awk -v s="$skew" 'BEGIN { printf "%.3f", -s }')
run_json skew-fixed --clock-offset "access.log=$fix" "$DATA/app-clock-skew"
left=$(jqv '.incident.clock_offset | if . == null then 0 else .seconds end')
ok=no
awk -v g="$left" 'BEGIN { exit !(g <= 1 && g >= -1) }' && ok=yes
check_eq "$NAME: --clock-offset access.log=$fix leaves at most one bucket ($left s)" "$ok" yes
run_fl "$FL_TMP/fixed.md" "$FL_TMP/fixed.err" timeline -q --clock-offset "access.log=$fix" "$DATA/app-clock-skew"
check_grep "$NAME: with the offset, the draft says the logs agree" "$FL_TMP/fixed.md" 'logs agree within'
check_eq "$NAME: --clock-offset access.log=$fix reduces the offset ($got s -> $left s)" \
    "$(awk -v g="$got" -v l="$left" 'BEGIN { print (l * l < g * g) ? "yes" : "no" }')" yes
check_eq "$NAME: same culprit with --clock-offset" \
    "$(norm "$(jqv '.culprits[0].statement')")" "$(norm "$(truth "$T" culprit_statement)")"

fl_finish
