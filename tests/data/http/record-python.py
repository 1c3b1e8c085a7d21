#!/usr/bin/python3
# record-python.py - records the real Python JSON-lines request logs of
# tests/e2e_http.sh: app-structlog.log (structlog's JSONRenderer with
# TimeStamper(fmt="iso", utc=True) and add_log_level: timestamp, level,
# event, method, path, status, duration in SECONDS) and app-pyjson.log
# (python-json-logger's JsonFormatter with "%(asctime)s %(levelname)s
# %(name)s %(message)s" and the request fields given as `extra`: method,
# path, status, duration_ms in MILLISECONDS).
#
# Both come from one run of a small WSGI application (wsgiref, standard
# library) served on 127.0.0.1 with Debian's python3-structlog and
# python3-pythonjsonlogger; a middleware logs each request once its
# response is built (the line is written at the request's end, as such
# middlewares do).  ~60 requests are sent with urllib: ids, UUIDs, query
# strings, a 500 (/fail), 404s, a slow route (/report, 50-150 ms).
#
# Usage: /usr/bin/python3 tests/data/http/record-python.py [OUTDIR]
import json
import logging
import os
import random
import sys
import threading
import time
import urllib.error
import urllib.request
from wsgiref.simple_server import make_server, WSGIRequestHandler

import structlog
from pythonjsonlogger import jsonlogger

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))

sl_file = open(os.path.join(OUT, "app-structlog.log"), "w")
structlog.configure(
    processors=[
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.JSONRenderer(),
    ],
    logger_factory=structlog.PrintLoggerFactory(file=sl_file),
)
slog = structlog.get_logger()

pj = logging.getLogger("shop.access")
pj.setLevel(logging.INFO)
pj.propagate = False
handler = logging.FileHandler(os.path.join(OUT, "app-pyjson.log"), mode="w")
handler.setFormatter(jsonlogger.JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
pj.addHandler(handler)


def app(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/fail":
        start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
        return [b"boom\n"]
    if path == "/report":
        time.sleep(random.uniform(0.05, 0.15))
    if path.startswith(("/orders", "/users/", "/report")) or path == "/":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok\n"]
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found\n"]


def logged(inner):
    def wrapper(environ, start_response):
        t0 = time.perf_counter()
        seen = {}

        def sr(status, headers, exc_info=None):
            seen["status"] = int(status.split()[0])
            return start_response(status, headers, exc_info)

        body = inner(environ, sr)
        dt = time.perf_counter() - t0
        st = seen["status"]
        method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
        level = "error" if st >= 500 else "info"
        getattr(slog, level)("request finished", method=method, path=path,
                             status=st, duration=round(dt, 6))
        getattr(pj, level)("request finished", extra={
            "method": method, "path": path, "status": st,
            "duration_ms": round(dt * 1000, 3)})
        return body
    return wrapper


class Quiet(WSGIRequestHandler):
    def log_message(self, *a):
        pass


srv = make_server("127.0.0.1", 0, logged(app), handler_class=Quiet)
threading.Thread(target=srv.serve_forever, daemon=True).start()
base = "http://127.0.0.1:%d" % srv.server_port

random.seed(8)
paths = ["/"]
for i in range(20):
    paths.append("/orders/%d" % random.randint(1000, 9999))
for i in range(8):
    paths.append("/users/%08x-4f89-11d3-9a0c-%012x/profile" % (random.getrandbits(32), random.getrandbits(48)))
for i in range(10):
    paths.append("/report?day=%d" % (i + 1))
for i in range(5):
    paths.append("/fail")
for i in range(6):
    paths.append("/missing/page%d" % i)
random.shuffle(paths)
for p in paths:
    data = b"{}" if p.startswith("/orders") and random.random() < 0.3 else None
    try:
        urllib.request.urlopen(base + p, data=data).read()
    except urllib.error.HTTPError as e:
        e.read()
srv.shutdown()
sl_file.close()
handler.close()
