"""load.py - the client load of the recorded app incidents
(tests/data/incidents/record-app.sh): WORKERS threads, each on its own
keep-alive connection to nginx, issuing requests on a fixed schedule (a
steady total of RATE requests per second whatever the latency, unless a
request takes longer than a worker's interval: then the worker skips the
slots it missed, never catches up in a burst) for SECONDS seconds.

Usage: load.py PORT RATE SECONDS SEED [WORKERS]
Mix: 50% GET /orders/<customer_id> (hot), 25% /products/<id>,
20% /orders/<order_id>/items, 5% /health; ids drawn from a seeded PRNG."""
import http.client
import random
import sys
import threading
import time

port, rate, seconds, seed = (int(sys.argv[1]), float(sys.argv[2]),
                             float(sys.argv[3]), int(sys.argv[4]))
workers = int(sys.argv[5]) if len(sys.argv) > 5 else 4
start = time.time()
end = start + seconds
CUSTOMERS, PRODUCTS, ORDERS = 10000, 2000, 400000


def path_for(rnd):
    r = rnd.random()
    if r < 0.50:
        return "/orders/%d" % rnd.randrange(CUSTOMERS)
    if r < 0.75:
        return "/products/%d" % rnd.randrange(1, PRODUCTS + 1)
    if r < 0.95:
        return "/orders/%d/items" % rnd.randrange(1, ORDERS + 1)
    return "/health"


def client(n):
    rnd = random.Random(seed * 100 + n)
    interval = workers / rate
    due = start + n * interval / workers
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while due < end:
        now = time.time()
        if due > now:
            time.sleep(due - now)
        elif due < now - interval:
            # behind schedule (slow responses): skip the missed slots rather
            # than fire them in a burst when the responses speed up again
            due += (now - due) // interval * interval
        due += interval
        try:
            c.request("GET", path_for(rnd), headers={"User-Agent": "shop-load/1.0"})
            c.getresponse().read()
        except (OSError, http.client.HTTPException):
            c.close()
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)


threads = [threading.Thread(target=client, args=(i,)) for i in range(workers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
