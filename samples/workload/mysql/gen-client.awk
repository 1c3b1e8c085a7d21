# gen-client.awk - writes the SQL one application client feeds to the
# `mariadb` command-line client during a MariaDB recording.
#
# Usage: gawk -f gen-client.awk -v seed=S -v client=N -v tx=T
#             -v nc=CUSTOMERS -v np=PRODUCTS -v no=ORDERS -v pace=SECONDS
#
# Invariant: the output depends only on the variables above (srand(seed +
# client)), so a re-recording sends the same statements in the same order
# per client; only the interleaving between clients varies.  Statements are
# ~17 shapes with random literals, several written over multiple lines, and
# a server-side prepared statement (PREPARE/EXECUTE, logged as Prepare and
# Execute in the general log).  "\! sleep" lines pace the client without
# sending anything to the server.

function rnd(lo, hi) { return lo + int(rand() * (hi - lo + 1)) }
# exponential-ish skew toward low ids (hot rows), like pgbench random_exponential
function hot(lo, hi) { return lo + int(-log(1 - rand() * 0.9933) / 5 * (hi - lo + 1)) % (hi - lo + 1) }

function customer_lookup() {
    printf "SET @cid = %d;\nEXECUTE customer_lookup USING @cid;\n", hot(1, nc)
}
function customer_lookup_text() {
    printf "SELECT id, email, name, country, visits FROM customers WHERE id = %d;\n", hot(1, nc)
}
function customer_orders() {
    printf "SELECT o.id, o.status, o.total, o.created_at\n  FROM orders o\n WHERE o.customer_id = %d\n ORDER BY o.created_at DESC\n LIMIT 10;\n", rnd(3, nc)
}
function order_detail() {
    printf "SELECT oi.line, p.sku, p.name, oi.qty, oi.price\n  FROM order_items oi\n  JOIN products p ON p.id = oi.product_id\n WHERE oi.order_id = %d\n ORDER BY oi.line;\n", rnd(1, no)
}
function new_order(   cid, pid, qty) {
    cid = rnd(3, nc); pid = hot(1, np); qty = rnd(1, 5)
    print "START TRANSACTION;"
    printf "INSERT INTO orders (customer_id, status, total, created_at)\nVALUES (%d, 'new', 0, NOW(6));\n", cid
    print "SET @oid = LAST_INSERT_ID();"
    printf "INSERT INTO order_items (order_id, line, product_id, qty, price)\nSELECT @oid, 1, p.id, %d, p.price FROM products p WHERE p.id = %d;\n", qty, pid
    print "UPDATE orders SET total = (SELECT SUM(qty * price) FROM order_items WHERE order_id = @oid) WHERE id = @oid;"
    printf "UPDATE products SET stock = stock - %d WHERE id = %d;\n", qty, pid
    printf "INSERT INTO events (customer_id, kind, payload)\nVALUES (%d, 'order', JSON_OBJECT('order_id', @oid, 'product_id', %d));\n", cid, pid
    print "COMMIT;"
}
function product_search(   lo) {
    lo = rnd(1, 200)
    printf "SELECT id, sku, name, price\n  FROM products\n WHERE category = 'cat-%d'\n   AND price BETWEEN %d AND %d\n ORDER BY price\n LIMIT 20;\n", rnd(1, 12), lo, lo + 50
}
function touch_customer() {
    printf "UPDATE customers SET last_seen = NOW(6), visits = visits + 1 WHERE id = %d;\n", rnd(3, nc)
}
function track_event(   k) {
    k = rnd(1, 4)
    printf "INSERT INTO events (customer_id, kind, payload)\nVALUES (%d, '%s', JSON_OBJECT('k', %d, 'src', 'web'));\n", rnd(3, nc), kinds[k], k
}
function recent_events() {
    printf "SELECT kind, COUNT(*) FROM events WHERE customer_id = %d AND created_at > NOW() - INTERVAL 1 HOUR GROUP BY kind ORDER BY kind;\n", rnd(3, nc)
}
function ship_order() {
    printf "UPDATE orders SET status = 'shipped' WHERE id = %d AND status = 'new';\n", rnd(1, no)
}
function top_categories() {
    print "SELECT p.category, COUNT(*) AS `lines`, SUM(oi.qty * oi.price) AS revenue\n  FROM order_items oi\n  JOIN products p ON p.id = oi.product_id\n GROUP BY p.category\n ORDER BY revenue DESC;"
}
function country_stats() {
    print "SELECT country, COUNT(*), AVG(visits) FROM customers GROUP BY country ORDER BY 2 DESC;"
}
function purge_events() {
    printf "DELETE FROM events WHERE customer_id = %d ORDER BY id LIMIT 3;\n", rnd(3, nc)
}
function low_stock() {
    printf "SELECT id, sku, stock FROM products WHERE stock < %d ORDER BY stock LIMIT 50;\n", rnd(10, 200)
}
function products_in(   n, i, s) {
    n = rnd(2, 6); s = ""
    for (i = 1; i <= n; i++) s = s (i > 1 ? ", " : "") rnd(1, np)
    printf "SELECT id, name, price FROM products WHERE id IN (%s);\n", s
}
function email_prefix() {
    printf "SELECT id, email FROM customers WHERE email LIKE 'user%d%%' ORDER BY id LIMIT 5;\n", rnd(1, 999)
}
function daily_revenue() {
    print "SELECT day, revenue, orders, ROUND(revenue / NULLIF(orders, 0), 2) AS avg_order\n  FROM (\n    SELECT DATE(created_at) AS day,\n           SUM(total) AS revenue,\n           COUNT(*) AS orders\n      FROM orders\n     WHERE created_at > NOW() - INTERVAL 30 DAY\n     GROUP BY DATE(created_at)\n  ) daily\n ORDER BY day DESC\n LIMIT 7;"
}

BEGIN {
    srand(seed + client)
    split("view click search cart", kinds, " ")
    # shape weights, same mix as the PostgreSQL pgbench recordings
    n = split("customer_lookup:12 customer_lookup_text:8 customer_orders:6 order_detail:8 new_order:6 product_search:8 touch_customer:5 track_event:8 recent_events:4 ship_order:3 top_categories:1 country_stats:1 purge_events:3 low_stock:2 products_in:4 email_prefix:3 daily_revenue:1", w, " ")
    total = 0
    for (i = 1; i <= n; i++) { split(w[i], p, ":"); shape[i] = p[1]; total += p[2]; cum[i] = total }
    print "PREPARE customer_lookup FROM 'SELECT id, email, name, country, visits FROM customers WHERE id = ?';"
    for (t = 1; t <= tx; t++) {
        r = rnd(1, total)
        for (i = 1; cum[i] < r; i++) ;
        fn = shape[i]; @fn()
        if (pace > 0 && t % 10 == 0) printf "\\! sleep %s\n", pace
    }
    print "DEALLOCATE PREPARE customer_lookup;"
}
