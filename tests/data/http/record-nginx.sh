#!/bin/sh
# record-nginx.sh - records the real nginx access logs of tests/e2e_http.sh:
# nginx-combined.log (log_format combined) and nginx-timed.log (combined +
# ' $request_time $upstream_response_time') from one run of Debian's nginx.
#
# nginx runs from its own configuration in a mktemp directory, listening on
# 127.0.0.1 only, as www-data when started as root (else as the caller),
# and is stopped on exit.  It serves static files, canned 200 answers for
# /orders/, /users/ and /blob/, `return 500` for /fail, a proxy to a closed
# port (502) for /api/, and 404 for anything else.  ~200 requests are sent
# with curl: ids, UUIDs, hex ids, query strings.
#
# Usage: tests/data/http/record-nginx.sh [OUTDIR]   (default: its own dir)
set -eu

NGINX=${NGINX:-/usr/sbin/nginx}
OUT=$(cd "${1:-$(dirname "$0")}" && pwd)
PORT=${PORT:-18471}
DEAD=${DEAD:-18472}          # nothing listens here: the proxy gets 502
D=$(mktemp -d /tmp/record-nginx.XXXXXX)
RUNAS=
if [ "$(id -u)" = 0 ]; then
    RUNAS="runuser -u www-data --"
fi

cleanup() {
    if [ -f "$D/nginx.pid" ]; then
        kill "$(cat "$D/nginx.pid")" 2>/dev/null || true
        sleep 0.5
    fi
    rm -rf "$D"
}
trap cleanup EXIT INT TERM

mkdir -p "$D/html/static" "$D/logs" "$D/tmp"
printf 'body { color: #333; }\n' >"$D/html/static/app.css"
printf 'console.log("hi");\n' >"$D/html/static/app.js"
printf '<h1>home</h1>\n' >"$D/html/index.html"
cat >"$D/nginx.conf" <<CONF
worker_processes 1;
pid $D/nginx.pid;
error_log $D/logs/error.log;
events { worker_connections 64; }
http {
    access_log off;
    log_format timed '\$remote_addr - \$remote_user [\$time_local] '
                     '"\$request" \$status \$body_bytes_sent '
                     '"\$http_referer" "\$http_user_agent" '
                     '\$request_time \$upstream_response_time';
    client_body_temp_path $D/tmp/body;
    proxy_temp_path $D/tmp/proxy;
    fastcgi_temp_path $D/tmp/fastcgi;
    uwsgi_temp_path $D/tmp/uwsgi;
    scgi_temp_path $D/tmp/scgi;
    server {
        listen 127.0.0.1:$PORT;
        root $D/html;
        access_log $D/logs/combined.log combined;
        access_log $D/logs/timed.log timed;
        location /static/ { }
        location = / { }
        location /orders/ { return 200 "order\n"; }
        location /users/ { return 200 "user\n"; }
        location /blob/ { return 200 "blob\n"; }
        location /search { return 200 "results\n"; }
        location /fail { return 500; }
        location /api/ { proxy_pass http://127.0.0.1:$DEAD; }
    }
}
CONF
[ -z "$RUNAS" ] || chown -R www-data "$D"

$RUNAS "$NGINX" -e "$D/logs/error.log" -p "$D" -c "$D/nginx.conf"
i=0
while ! curl -s -o /dev/null "http://127.0.0.1:$PORT/"; do
    i=$((i + 1)); [ $i -lt 50 ] || { echo "nginx did not start" >&2; exit 1; }
    sleep 0.1
done

B="http://127.0.0.1:$PORT"
get() { curl -s -o /dev/null -A "record-nginx/1" "$@"; }
n=1
while [ $n -le 20 ]; do
    get "$B/orders/$((1000 + n * 37))"
    get "$B/orders/$((1000 + n * 37))/items/$n?expand=1"
    get "$B/users/$(printf '%08x-4f89-11d3-9a0c-%012x' $((n * 7919)) $((n * 104729)))/profile"
    get "$B/blob/$(printf '%010x' $((n * 2654435761)))"
    get "$B/search?q=term$n&page=$((n % 3))"
    get "$B/static/app.css"
    get "$B/static/app.js?v=$n"
    get "$B/missing/page$n"
    get -X POST -d "qty=$n" "$B/orders/new"
    if [ $((n % 2)) = 0 ]; then get "$B/fail"; else get "$B/api/v1/items/$n"; fi
    n=$((n + 1))
done
get "$B/"
sleep 0.3                      # let nginx flush the last lines

kill "$(cat "$D/nginx.pid")"
i=0
while [ -f "$D/nginx.pid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
cp "$D/logs/combined.log" "$OUT/nginx-combined.log"
cp "$D/logs/timed.log" "$OUT/nginx-timed.log"
echo "recorded $(wc -l <"$OUT/nginx-combined.log") requests into $OUT" >&2
