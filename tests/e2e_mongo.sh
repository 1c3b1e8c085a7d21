#!/usr/bin/env bash
# e2e_mongo.sh - the mongo domain end to end on MongoDB's structured log
# (tests/data/mongo/, real lines quoted from their sources, see README.md):
# the format is detected, every "Slow query" line is one query event with
# its duration, the namespace as subject and the command's shape as class;
# `stats` on a Mongo-only log is a per-shape profile whose calls match a
# shape computed independently by jq from the raw lines, exactly; no
# string value of any command reaches a class; ok:0 and severities E/F are
# errors; index builds are create_index changes (the _id_ index and the
# server's own databases are not).
set -u
FAULTLINE=${FAULTLINE:-./faultline}
top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/lib.sh"
need_jq
tmp=$FL_TMP
data="$top_srcdir/tests/data/mongo"
hs="$data/hatchet-sample.log"
man="$data/manual.log"

check() { check_eq "$@"; } # name got want
# same NAME GOT WANT: equal multi-line texts, reported by their line count.
same() {
    if [ "$2" = "$3" ]; then
        pass "$1: $(printf '%s\n' "$2" | wc -l) lines"
    else
        check_eq "$@"
    fi
}

# The shape of a command, in jq, written from the rules of fl_mongo.h (not
# from the C code): keys kept in order, scalars as ?, the scalars of an
# array as one ?, generic arguments left out at the top, the first value
# kept when it is the collection of a collection command.
SHAPE='
def generic: ["lsid","$clusterTime","$db","$readPreference","txnNumber",
  "autocommit","startTransaction","readConcern","writeConcern","comment",
  "maxTimeMS","apiVersion","apiStrict","apiDeprecationErrors","$client",
  "shardVersion","databaseVersion","mayBypassWriteBlocking"];
def collcmd: ["aggregate","collStats","count","create","createIndexes",
  "delete","distinct","drop","dropIndexes","find","findAndModify",
  "findandmodify","insert","listIndexes","mapReduce","update","validate"];
def sh: if type == "object" then
          "{" + (to_entries | map((.key | tojson) + ":" + (.value | sh)) | join(",")) + "}"
        elif type == "array" then
          "[" + (reduce .[] as $e ({out: [], s: false};
                   if ($e | type) == "object" or ($e | type) == "array"
                   then .out += [$e | sh]
                   elif .s then . else .out += ["?"] | .s = true end)
                 | .out | join(",")) + "]"
        else "?" end;
def shape: (to_entries | map(select(.key as $k | generic | index($k) | not))) as $m
  | "{" + ([$m | to_entries[] | (.value.key | tojson) + ":" +
      (if .key == 0 and (.value.value | type) == "string" and
          (.value.key as $k | collcmd | index($k))
       then (.value.value | tojson) else (.value.value | sh) end)] | join(",")) + "}";
'

# ---- events ------------------------------------------------------------------
for f in "$hs" "$man"; do
    b=$(basename "$f" .log)
    "$FAULTLINE" events -q --fingerprint "$f" >"$tmp/$b.jsonl"
    check "$b exit" "$?" 0
    check "$b format" "$(jq -r .format "$tmp/$b.jsonl" | sort -u | tr '\n' ' ')" "mongodb-json "
    check "$b events" "$(jq -s length "$tmp/$b.jsonl")" "$(awk 'END { print NR }' "$f")"
    check "$b queries" "$(jq -s 'map(select(.kind == "query")) | length' "$tmp/$b.jsonl")" \
        "$(jq -s 'map(select(.id == 51803)) | length' "$f")"
    check "$b durations (us)" \
        "$(jq -s 'map(select(.kind == "query") | .duration_us) | add' "$tmp/$b.jsonl")" \
        "$(jq -s 'map(select(.id == 51803) | .attr.durationMillis * 1000) | add' "$f")"
    same "$b subjects are the namespaces" \
        "$(jq -r 'select(.kind == "query") | .object' "$tmp/$b.jsonl" | sort | uniq -c)" \
        "$(jq -r 'select(.id == 51803) | .attr.ns' "$f" | sort | uniq -c)"
    same "$b classes are the shapes (line by line)" \
        "$(jq -r 'select(.kind == "query" or .kind == "ddl") | select(.statement) | "\(.line) \(.fingerprint)"' "$tmp/$b.jsonl")" \
        "$(jq -r "$SHAPE"' select(.attr.command) | "\(input_line_number) \(.attr.command | shape)"' "$f")"
done
check "manual: the manual's slow query" \
    "$(jq -r 'select(.kind == "query") | "\(.fingerprint) \(.object) \(.db) \(.duration_us) \(.attrs.plan) \(.rows_examined)"' "$tmp/manual.jsonl")" \
    '{"find":"coll","filter":{"b":?}} db.coll db 111000 COLLSCAN 232922'
check "manual: E and F are errors" \
    "$(jq -s 'map(select(.kind == "error")) | length' "$tmp/manual.jsonl")" \
    "$(jq -s 'map(select(.s == "E" or .s == "F")) | length' "$man")"

# No string value of a command reaches a class: every string leaf of every
# command (but the kept collection names) is absent from the classes.
jq -r "$SHAPE"' select(.attr.command) | .attr.command
    | to_entries | map(select(.key as $k | generic | index($k) | not))
    | (if (.[0].key as $k | collcmd | index($k)) then .[1:] else . end)
    | .[].value | .. | strings | select(length >= 3)' "$hs" "$man" | sort -u >"$tmp/literals"
jq -r .fingerprint "$tmp/hatchet-sample.jsonl" "$tmp/manual.jsonl" | grep -v '^null$' >"$tmp/classes"
check "there are literals to look for" "$([ "$(wc -l <"$tmp/literals")" -ge 5 ] && echo yes)" yes
check "no literal in any class" "$(grep -F -c -f "$tmp/literals" "$tmp/classes")" 0

# ---- stats on a Mongo-only log: per-shape profiles --------------------------
"$FAULTLINE" stats -q -O json "$hs" >"$tmp/stats.json"
check "stats exit" "$?" 0
check "stats lens" "$(jq -r '.domain + " " + .by' "$tmp/stats.json")" "mongo fingerprint"
check "stats calls" "$(jq '.total.calls' "$tmp/stats.json")" \
    "$(jq -s 'map(select(.id == 51803)) | length' "$hs")"
check "stats total (us)" "$(jq '.total.total_us' "$tmp/stats.json")" \
    "$(jq -s 'map(select(.id == 51803) | .attr.durationMillis * 1000) | add' "$hs")"
check "stats errors (ok:0)" "$(jq '.total.errors' "$tmp/stats.json")" \
    "$(jq -s 'map(select(.id == 51803 and .attr.ok == 0)) | length' "$hs")"
same "stats: calls per shape" \
    "$(jq -r '.queries[] | "\(.calls) \(.fingerprint)"' "$tmp/stats.json" | sort)" \
    "$(jq -r "$SHAPE"' select(.id == 51803) | .attr.command | shape' "$hs" | sort | uniq -c | awk '{ n = $1; sub(/^ *[0-9]+ /, ""); print n " " $0 }' | sort)"
same "stats: total per shape (us)" \
    "$(jq -r '.queries[] | "\(.total_us) \(.fingerprint)"' "$tmp/stats.json" | sort)" \
    "$(jq -rs "$SHAPE"' map(select(.id == 51803) | {s: (.attr.command | shape), d: .attr.durationMillis}) | group_by(.s)[] | "\(map(.d) | add * 1000) \(.[0].s)"' "$hs" | sort)"
same "stats: tables are the namespaces" \
    "$(jq -r '.queries[] | "\(.fingerprint) \(.tables | join(","))"' "$tmp/stats.json" | sort)" \
    "$(jq -r "$SHAPE"' select(.id == 51803) | "\(.attr.command | shape) \(.attr.ns)"' "$hs" | sort -u)"
for by in "" "--by fingerprint"; do
    # shellcheck disable=SC2086
    check "stats ${by:-default} picks the mongo lens" \
        "$("$FAULTLINE" stats -q -O json $by "$hs" | jq -r .domain)" mongo
done
# With an access log beside it (more calls), the default lens is the one
# with the most calls (http) but --by fingerprint means statements, not
# routes: the mongo lens.
nt="$top_srcdir/tests/data/http/nginx-timed.log"
check "stats default on nginx + mongo: most calls" \
    "$("$FAULTLINE" stats -q -O json "$nt" "$man" | jq -r .domain)" http
check "stats --by fingerprint on nginx + mongo: statements" \
    "$("$FAULTLINE" stats -q -O json --by fingerprint "$nt" "$man" | jq -r '.domain + " " + (.total.calls | tostring)')" "mongo 1"
"$FAULTLINE" stats -q -O json --by table "$hs" >"$tmp/table.json"
same "stats --by table: calls per namespace" \
    "$(jq -r '.queries[] | "\(.calls) \(.key)"' "$tmp/table.json" | sort)" \
    "$(jq -r 'select(.id == 51803) | .attr.ns' "$hs" | sort | uniq -c | awk '{ print $1 " " $2 }' | sort)"

# ---- changes: index builds ---------------------------------------------------
"$FAULTLINE" timeline -q -O json "$hs" >"$tmp/timeline.json"
check "timeline exit" "$?" 0
check "index builds are create_index changes (once each, not _id_)" \
    "$(jq -r '.timeline[] | select(.kind == "change") | "\(.change_kind) \(.statement)"' "$tmp/timeline.json" | sort)" \
    "$(jq -r 'select(.id == 20345 and .attr.index != "_id_") | "create_index createIndexes \(.attr.namespace) \(.attr.index)"' "$hs" | sort -u)"
check "changes seen" "$(jq '.changes_seen' "$tmp/timeline.json")" \
    "$(jq -r 'select(.id == 20345 and .attr.index != "_id_") | "\(.attr.namespace)/\(.attr.index)"' "$hs" | sort -u | wc -l)"

# ---- an index drop as the culprit -------------------------------------------
# Synthetic, in the layout of the real lines above: 300 finds of
# shop.orders at 4-8 ms (IXSCAN), the "CMD: dropIndexes" line (log id
# 51806 with the attributes the server's drop_indexes.cpp logs: namespace,
# uuid, indexes), then 300 at 140-169 ms (COLLSCAN).
awk 'BEGIN {
  for (i = 0; i < 600; i++) {
    m = int(i / 60); s = i % 60
    if (i == 300)
      printf "{\"t\":{\"$date\":\"2026-01-10T10:%02d:%02d.500+00:00\"},\"s\":\"I\",  \"c\":\"COMMAND\",  \"id\":51806,   \"ctx\":\"conn7\",\"msg\":\"CMD: dropIndexes\",\"attr\":{\"namespace\":\"shop.orders\",\"uuid\":{\"uuid\":{\"$uuid\":\"0b3c2c1e-0000-4000-8000-000000000001\"}},\"indexes\":\"customer_id_1\"}}\n", m, s
    d = i < 300 ? 4 + i % 5 : 140 + i % 30
    printf "{\"t\":{\"$date\":\"2026-01-10T10:%02d:%02d.000+00:00\"},\"s\":\"I\",  \"c\":\"COMMAND\",  \"id\":51803,   \"ctx\":\"conn%d\",\"msg\":\"Slow query\",\"attr\":{\"type\":\"command\",\"ns\":\"shop.orders\",\"command\":{\"find\":\"orders\",\"filter\":{\"customer_id\":%d},\"$db\":\"shop\"},\"planSummary\":\"%s\",\"docsExamined\":%d,\"nreturned\":1,\"durationMillis\":%d}}\n", m, s, 10 + i % 4, 1000 + i, i < 300 ? "IXSCAN { customer_id: 1 }" : "COLLSCAN", i < 300 ? 1 : 50000, d
  } }' >"$tmp/drop.log"
"$FAULTLINE" timeline -q --bucket 30s -O json "$tmp/drop.log" >"$tmp/drop.json"
check "drop: timeline exit" "$?" 0
check "drop: incident in the mongo lens" "$(jq -r '.domain + " " + .verdict' "$tmp/drop.json")" "mongo change"
check "drop: the index drop is the first culprit" \
    "$(jq -r '.culprits[0].statement' "$tmp/drop.json")" "dropIndexes shop.orders customer_id_1"
check "drop: the slowed shape" \
    "$(jq -r '.timeline[] | select(.kind == "onset") | .statement' "$tmp/drop.json")" \
    '{"find":"orders","filter":{"customer_id":?}}'

fl_finish
