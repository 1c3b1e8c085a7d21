#!/usr/bin/env bash
# e2e_http.sh - `faultline events` on access logs recorded from a real nginx
# (tests/data/http/, written by record-nginx.sh): every request line is one
# request event, 5xx are errors, the format is detected (combined vs timed),
# route classes carry no literal ids, durations are those of the log and
# requests are timed at their start.  The expected numbers are counted with
# awk from the raw logs, independently of faultline.  Also: detection of the
# Apache, Caddy and nginx key=value variants on lines of their own shapes.
set -u
FAULTLINE=${FAULTLINE:-./faultline}
top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/lib.sh"
need_jq
tmp=$FL_TMP
data="$top_srcdir/tests/data/http"

check() { check_eq "$@"; } # name got want

for f in nginx-combined nginx-timed; do
    log="$data/$f.log"
    "$FAULTLINE" events -q --fingerprint "$log" >"$tmp/$f.jsonl"
    check "$f exit" "$?" 0
    lines=$(awk 'END { print NR }' "$log")
    check "$f requests" "$(jq -s 'map(select(.kind == "request")) | length' "$tmp/$f.jsonl")" "$lines"
    check "$f events" "$(jq -s 'length' "$tmp/$f.jsonl")" "$lines"
    # status is the first field after the quoted request line
    e5=$(awk -F'"' '{ split($3, a, " "); if (a[1] >= 500) n++ } END { print n + 0 }' "$log")
    check "$f 5xx are errors" "$(jq -s 'map(select(.error == true)) | length' "$tmp/$f.jsonl")" "$e5"
    check "$f 5xx have status" "$(jq -s 'map(select(.status >= 500)) | length' "$tmp/$f.jsonl")" "$e5"
    check "$f format" "$(jq -r .format "$tmp/$f.jsonl" | sort -u | tr '\n' ' ')" "$f "
    check "$f no literal ids in classes" \
        "$(jq -r .fingerprint "$tmp/$f.jsonl" | grep -Ec '/[0-9]+(/|$)|[0-9a-f]{8}-[0-9a-f]{4}|/[0-9a-f]{10}(/|$)|\?')" 0
    check "$f classes are METHOD ROUTE" \
        "$(jq -r .fingerprint "$tmp/$f.jsonl" | grep -Evc '^(GET|POST) /')" 0
    check "$f ids collapse" \
        "$(jq -r .fingerprint "$tmp/$f.jsonl" | grep -Fxc 'GET /orders/:id')" \
        "$(grep -Ec '"GET /orders/[0-9]+ ' "$log")"
    check "$f uuid routes" \
        "$(jq -r .fingerprint "$tmp/$f.jsonl" | grep -Fxc 'GET /users/:id/profile')" \
        "$(grep -Ec '"GET /users/[0-9a-f-]{36}/profile ' "$log")"
done

# Plain combined has no durations; timed has one per line, summing to the
# log's $request_time (seconds, ms precision) exactly.
check "combined has no duration_us" \
    "$(jq -s 'map(select(.duration_us != null)) | length' "$tmp/nginx-combined.jsonl")" 0
check "timed has duration_us on every request" \
    "$(jq -s 'map(select(.duration_us == null)) | length' "$tmp/nginx-timed.jsonl")" 0
want=$(awk '{ t = $(NF - 1); sub(/\./, "", t); s += t } END { print s * 1000 }' "$data/nginx-timed.log")
check "timed duration sum (us)" "$(jq -s 'map(.duration_us) | add' "$tmp/nginx-timed.jsonl")" "$want"
# Timed at the start: nginx's $time_local has whole seconds, so exactly the
# requests with a duration have a fraction in their time.
check "requests timed at their start" \
    "$(jq -s 'map(select((.time | test("\\.000000Z$")) != (.duration_us == 0))) | length' "$tmp/nginx-timed.jsonl")" 0
check "requests with a duration" \
    "$(jq -s 'map(select(.duration_us > 0)) | length' "$tmp/nginx-timed.jsonl")" \
    "$(awk '$(NF - 1) != "0.000" { n++ } END { print n + 0 }' "$data/nginx-timed.log")"

# Detection on lines of the other shapes (from the formats' own comments).
cat >"$tmp/apache.log" <<'LOG'
127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)" 1520
192.0.2.7 - - [10/Oct/2000:13:55:37 -0700] "POST /cgi-bin/x.cgi?id=9 HTTP/1.1" 500 - 30215
LOG
cat >"$tmp/kv.log" <<'LOG'
10.0.0.1 - - [05/Dec/2026:17:20:01 +0000] "POST /api/items HTTP/1.1" 201 5 "-" "Go-http-client/1.1"rt=0.250 uct="0.001" uht="0.010" urt="0.248"
10.0.0.1 - - [05/Dec/2026:17:20:02 +0000] "GET / HTTP/1.1" 200 5 "-" "curl" "203.0.113.9" rt=0.004 uct="-" uht="-" urt="-"
LOG
cat >"$tmp/caddy.log" <<'LOG'
{"level":"info","ts":1646861401.5241024,"logger":"http.log.access","msg":"handled request","request":{"remote_ip":"127.0.0.1","remote_port":"41342","client_ip":"127.0.0.1","proto":"HTTP/2.0","method":"GET","host":"localhost","uri":"/","headers":{"User-Agent":["curl/7.82.0"]}},"bytes_read":0,"user_id":"","duration":0.000929675,"size":10900,"status":200}
LOG
# the expected lines of Traefik's logger_formatters_test.go
cat >"$tmp/traefik.log" <<'LOG'
10.0.0.1 - Client [10/Nov/2009:23:00:00 +0000] "GET /foo http" 123 132 "referer" "agent" - "foo" "http://10.0.0.2/toto" 123000ms
10.0.0.1 - Client [10/Nov/2009:23:00:00 +0000] "GET /foo http" - - "-" "-" 0 "-" "-" 123000ms
LOG
for x in apache:apache-combined kv:nginx-timed caddy:caddy-json traefik:traefik-clf; do
    f=${x%%:*} want=${x#*:}
    check "$f detected" "$("$FAULTLINE" events -q "$tmp/$f.log" | jq -r .format | sort -u | tr '\n' ' ')" "$want "
done
# Apache's %t is the start: not moved; Caddy's ts is the end: moved back.
check "apache time_at start" \
    "$("$FAULTLINE" events -q "$tmp/apache.log" | jq -r 'select(.line == 1) | .time')" \
    "2000-10-10T20:55:36.000000Z"
check "traefik time_at start" \
    "$("$FAULTLINE" events -q "$tmp/traefik.log" | jq -r 'select(.line == 1) | .time')" \
    "2009-11-10T23:00:00.000000Z"
check "caddy time_at end" \
    "$("$FAULTLINE" events -q "$tmp/caddy.log" | jq -r .time)" \
    "2022-03-09T21:30:01.523172Z"

# HAProxy's documented httplog examples: every line a request; 5xx from
# the status field, durations from Ta (the fifth timer, '+' allowed), times
# not moved (%tr is the start).
hap="$data/haproxy-configuration.log"
"$FAULTLINE" events -q "$hap" >"$tmp/haproxy.jsonl"
check "haproxy exit" "$?" 0
check "haproxy requests" "$(jq -s 'map(select(.kind == "request" and .format == "haproxy-http")) | length' "$tmp/haproxy.jsonl")" \
    "$(awk 'END { print NR }' "$hap")"
check "haproxy 5xx are errors" "$(jq -s 'map(select(.error == true)) | length' "$tmp/haproxy.jsonl")" \
    "$(awk '{ for (i = 1; i < NF; i++) if ($i ~ /^-?[0-9]+\/-?[0-9]+\/-?[0-9]+\/-?[0-9]+\/\+?[0-9]+$/) { if ($(i + 1) >= 500) n++; break } } END { print n + 0 }' "$hap")"
check "haproxy Ta sum (us)" "$(jq -s 'map(.duration_us) | add' "$tmp/haproxy.jsonl")" \
    "$(awk '{ for (i = 1; i < NF; i++) if ($i ~ /^-?[0-9]+\/-?[0-9]+\/-?[0-9]+\/-?[0-9]+\/\+?[0-9]+$/) { split($i, t, "/"); sub(/^\+/, "", t[5]); s += t[5]; break } } END { print s * 1000 }' "$hap")"
check "haproxy time_at start" "$(jq -r 'select(.line == 2) | .time' "$tmp/haproxy.jsonl")" \
    "2009-02-06T12:14:14.655000Z"

# stats --by route: the access log's own profile, counted by awk: every
# request is a call of its route, a 5xx is a call and an error.
nt="$data/nginx-timed.log"
"$FAULTLINE" stats -q --by route -O json "$nt" >"$tmp/routes.json"
check "stats --by route domain" "$(jq -r '.domain + " " + .by' "$tmp/routes.json")" "http route"
check "stats --by route calls" "$(jq '.total.calls' "$tmp/routes.json")" "$(awk 'END { print NR }' "$nt")"
check "stats --by route errors" "$(jq '.total.errors' "$tmp/routes.json")" "$(awk '$9 >= 500 { n++ } END { print n + 0 }' "$nt")"
check "stats --by route: calls of the routes add up" "$(jq '[.requests[].calls] | add' "$tmp/routes.json")" "$(awk 'END { print NR }' "$nt")"
check "stats --by route: no literal ids" "$(jq -r '.requests[].fingerprint' "$tmp/routes.json" | grep -Ec '/[0-9]+(/|$)' || true)" 0

# Plain combined has no durations: requests and errors are counted, and
# that is said once per file (not per line), without making the run partial.
"$FAULTLINE" events -q "$data/nginx-combined.log" "$data/nginx-combined.log" >/dev/null 2>"$tmp/untimed.err"
check "untimed: exit" "$?" 0
check "untimed: said once per file" "$(grep -c 'nginx-combined has no request durations; requests and errors counted, latency not measured' "$tmp/untimed.err")" 2
"$FAULTLINE" events -q "$data/nginx-timed.log" >/dev/null 2>"$tmp/timed.err"
check "timed: no such note" "$(grep -c 'no request durations' "$tmp/timed.err")" 0
"$FAULTLINE" stats -q --by route -O json "$data/nginx-combined.log" >"$tmp/untimed.json" 2>"$tmp/untimed2.err"
check "untimed: stats says it too" "$(grep -c 'no request durations' "$tmp/untimed2.err")" 1
check "untimed: stats counts the requests" "$(jq '.total.calls_without_duration' "$tmp/untimed.json")" "$(awk 'END { print NR }' "$data/nginx-combined.log")"
check "untimed: stats counts the errors" "$(jq '.total.errors' "$tmp/untimed.json")" \
    "$(awk -F'"' '{ split($3, a, " "); if (a[1] >= 500) n++ } END { print n + 0 }' "$data/nginx-combined.log")"

# Times that cannot be read (nginx-badtime.log: lines of nginx-timed.log
# with a month "Xyz" and a second 61): the lines are still requests, without
# a time; the count is in the summary, the first is reported, exit 1.
bt="$data/nginx-badtime.log"
"$FAULTLINE" events "$bt" >"$tmp/bt.jsonl" 2>"$tmp/bt.err"
check "bad time: exit partial" "$?" 1
check "bad time: every line a request" "$(jq -s 'map(select(.kind == "request")) | length' "$tmp/bt.jsonl")" "$(awk 'END { print NR }' "$bt")"
nbad=$(grep -Evc '\[[0-9]{2}/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/[0-9]{4}:([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60) ' "$bt")
check "bad time: events without time" "$(jq -s 'map(select(.time == null)) | length' "$tmp/bt.jsonl")" "$nbad"
check "bad time: counted in the summary" "$(grep -c ", $nbad unreadable times" "$tmp/bt.err")" 1
first=$(grep -Evn '\[[0-9]{2}/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/[0-9]{4}:([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60) ' "$bt" | head -1 | cut -d: -f1)
check "bad time: the first is reported with its line" "$(grep -c "nginx-badtime.log:$first: time \".*\" does not match layout" "$tmp/bt.err")" 1

# The formats added for issue 8, each on its fixture (see README.md there):
# detected, one request per line, 5xx are errors, durations summed from the
# fixture's own fields by jq / awk in the declared unit.
jsum() { jq -s "map($1) | add | round" "$2"; } # expr (in us) file
for x in traefik-json:'select(.DownstreamStatus != null) | .Duration / 1000':'.DownstreamStatus' \
         app-node:'select(.res.statusCode != null) | (.responseTime // .latency) * 1000':'.res.statusCode' \
         app-zap:'select(.status != null) | .latency * 1000000':'.status' \
         app-logrus:'select(.status != null) | .latency * 1000':'.status' \
         app-structlog:'select(.status != null) | .duration * 1000000':'.status' \
         app-pyjson:'select(.status != null) | .duration_ms * 1000':'.status' \
         app-ecs:'select((.["http.request.method"] // .["http.method"] // .http.request.method) != null) | (if .event.duration then .event.duration / 1000 elif .["event.duration"] then .["event.duration"] / 1000 else .duration_ms * 1000 end)':'(.["http.response.status_code"] // .["http.status_code"] // .http.response.status_code)'; do
    f=${x%%:*} rest=${x#*:} dur=${rest%:*} st=${rest##*:}
    log="$data/$f.log"
    "$FAULTLINE" events -q --fingerprint "$log" >"$tmp/$f.jsonl"
    check "$f detected" "$(jq -r .format "$tmp/$f.jsonl" | sort -u | tr '\n' ' ')" "$f "
    check "$f requests" "$(jq -s 'map(select(.kind == "request")) | length' "$tmp/$f.jsonl")" \
        "$(jq -s "map(select($st != null)) | length" "$log")"
    check "$f 5xx are errors" "$(jq -s 'map(select(.error == true)) | length' "$tmp/$f.jsonl")" \
        "$(jq -s "map(select(($st // 0) >= 500)) | length" "$log")"
    check "$f duration sum (us)" "$(jq -s 'map(.duration_us) | add' "$tmp/$f.jsonl")" "$(jsum "$dur" "$log")"
    check "$f no literal ids" "$(jq -r .fingerprint "$tmp/$f.jsonl" | grep -Ec '/[0-9]+(/|$)|\?' || true)" 0
done
# The log's own route template is the class when present (ECS/OTel http.route).
check "app-ecs: http.route is the class" "$(jq -r .fingerprint "$tmp/app-ecs.jsonl" | grep -Fxc 'POST /orders/{id}')" \
    "$(jq -s 'map(select(.["http.route"] == "/orders/{id}" and .["http.method"] == "POST")) | length' "$data/app-ecs.log")"
check "app-ecs: a line that is no request is not one" "$(jq -s 'length' "$tmp/app-ecs.jsonl")" \
    "$(jq -s 'map(select((.["http.request.method"] // .["http.method"] // .http.request.method) != null)) | length' "$data/app-ecs.log")"
# Real Python logs (record-python.py): each duration within a microsecond
# of the fixture's own (summed rounding can differ by one per line).
check "app-structlog: each duration" "$(paste <(jq .duration_us "$tmp/app-structlog.jsonl") \
    <(jq '.duration * 1000000 | round' "$data/app-structlog.log") | awk '($1 - $2)^2 > 1 { n++ } END { print n + 0 }')" 0
check "app-pyjson: each duration" "$(paste <(jq .duration_us "$tmp/app-pyjson.jsonl") \
    <(jq '.duration_ms * 1000 | round' "$data/app-pyjson.log") | awk '($1 - $2)^2 > 1 { n++ } END { print n + 0 }')" 0
check "app-pyjson: asctime read (no time missing)" "$(jq -s 'map(select(.time == null)) | length' "$tmp/app-pyjson.jsonl")" 0
# The same run logged by both: the same requests in the same classes.
check "app-structlog and app-pyjson: same classes" "$(jq -r .fingerprint "$tmp/app-structlog.jsonl" | sort | uniq -c | md5sum)" \
    "$(jq -r .fingerprint "$tmp/app-pyjson.jsonl" | sort | uniq -c | md5sum)"
# Timed at the start: pino's time (ms) minus responseTime; Traefik's StartUTC as is.
check "app-node time_at end" "$(jq -r 'select(.line == 1) | .time' "$tmp/app-node.jsonl")" "2016-03-31T16:53:21.077000Z"
check "traefik-json time_at start" "$(jq -r 'select(.line == 1) | .time' "$tmp/traefik-json.jsonl")" "2016-04-13T14:14:19.000000Z"

# AWS ALB: the documentation's examples; the duration is target_processing_time
# (seconds), the time the response was sent minus it; status elb_status_code.
alb="$data/aws-alb.log"
"$FAULTLINE" events -q "$alb" >"$tmp/alb.jsonl"
check "alb detected" "$(jq -r .format "$tmp/alb.jsonl" | sort -u | tr '\n' ' ')" "aws-alb "
check "alb requests" "$(jq -s 'length' "$tmp/alb.jsonl")" "$(awk 'END { print NR }' "$alb")"
check "alb 5xx are errors" "$(jq -s 'map(select(.error == true)) | length' "$tmp/alb.jsonl")" "$(awk '$9 >= 500 { n++ } END { print n + 0 }' "$alb")"
check "alb duration sum (us)" "$(jq -s 'map(.duration_us) | add' "$tmp/alb.jsonl")" \
    "$(awk '$7 != "-1" { s += $7 * 1000000 } END { printf "%d\n", s + 0.5 }' "$alb")"
check "alb timed at the start" "$(jq -r 'select(.line == 2) | .time' "$tmp/alb.jsonl")" "2018-07-02T22:23:00.138641Z"

# Apache with %T: the same line shape as %D, read with --format apache-seconds.
printf '%s\n' '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)" 2' >"$tmp/apache-t.log"
check "apache %T in seconds" "$("$FAULTLINE" events -q --format apache-seconds "$tmp/apache-t.log" | jq .duration_us)" 2000000
check "apache %T line detected as %D by default" "$("$FAULTLINE" events -q "$tmp/apache-t.log" | jq -r .format)" apache-combined

fl_finish
