"""shop.py - the small web application behind nginx in the recorded app
incidents (tests/data/incidents/record-app.sh): a threading HTTP server whose
routes query a real PostgreSQL through a pool of persistent connections.
Standard library + psycopg2 only.

Usage: shop.py PORT DSN      (SHOP_VERSION in the environment: see below)

Routes:
  GET /orders/<customer_id>        a customer's orders: count and total (hot;
                                   uses the index on orders.customer_id)
  GET /orders/<order_id>/items     one order by its primary key
  GET /products/<id>               one product (404 when unknown)
  GET /health                      no database
SHOP_VERSION=2.0.0 (the app-deploy scenario's bad release) answers
/orders/<customer_id> with an N+1 loop: the ids of the customer's orders,
then one query per order for its total."""
import contextlib
import os
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg2
import psycopg2.pool

DSN = sys.argv[2]
VERSION = os.environ.get("SHOP_VERSION", "1.9.0")
# Database connections outlive the threads (one per nginx upstream
# connection): a request borrows one, a broken one is dropped.
POOL = psycopg2.pool.ThreadedConnectionPool(1, 32, DSN)


@contextlib.contextmanager
def connection():
    """A pooled connection for one request; a broken one is dropped."""
    c = POOL.getconn()
    broken = True
    try:
        c.autocommit = True
        yield c
        broken = False
    finally:
        POOL.putconn(c, close=broken or c.closed != 0)


def query(c, sql, args):
    with c.cursor() as cur:
        cur.execute(sql, args)
        return cur.fetchall()


def customer_orders(c, cid):
    if VERSION != "2.0.0":
        rows = query(c, "SELECT count(*), coalesce(sum(total), 0) FROM orders "
                     "WHERE customer_id = %s", (cid,))
        return "%s %s\n" % rows[0]
    # 2.0.0: "orders with their totals", one round trip per order
    ids = query(c, "SELECT id FROM orders WHERE customer_id = %s ORDER BY id", (cid,))
    total = 0
    for (oid,) in ids:
        total += query(c, "SELECT total FROM orders WHERE id = %s", (oid,))[0][0]
    return "%d %s\n" % (len(ids), total)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # The headers and the body are two writes: with Nagle's algorithm on, the
    # body waits for nginx's delayed ACK of the headers, 40 ms per request.
    disable_nagle_algorithm = True

    def reply(self, status, body):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/health":
            return self.reply(200, "ok %s\n" % VERSION)
        try:
            with connection() as c:
                status, body = self.route(c, path)
        except psycopg2.Error as e:
            status, body = 500, "database error: %s\n" % e.pgcode
        return self.reply(status, body)

    @staticmethod
    def route(c, path):
        m = re.fullmatch(r"/orders/(\d+)", path)
        if m:
            return 200, customer_orders(c, int(m.group(1)))
        m = re.fullmatch(r"/orders/(\d+)/items", path)
        if m:
            rows = query(c, "SELECT id, total, created_at FROM orders WHERE id = %s",
                         (int(m.group(1)),))
            return (200 if rows else 404), "%r\n" % (rows,)
        m = re.fullmatch(r"/products/(\d+)", path)
        if m:
            rows = query(c, "SELECT name, price FROM products WHERE id = %s",
                         (int(m.group(1)),))
            return (200 if rows else 404), "%r\n" % (rows,)
        return 404, "not found\n"

    def log_message(self, fmt, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
