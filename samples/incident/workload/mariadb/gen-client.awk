# gen-client.awk - the SQL stream one application client of the MariaDB
# incident recording feeds to the `mariadb` client.
#
# Usage: gawk -f gen-client.awk -v seed=S -v client=N -v iters=I -v pace=SEC
# Invariant: the output depends only on the variables (srand(seed + client)).
# Each iteration: the hot query (a customer's recent orders, through
# orders_customer_idx), a customer lookup, one order by id, then a
# "\! sleep" pause that sends nothing to the server; every 10th iteration
# also touches the customer (an UPDATE).
function rnd(lo, hi) { return lo + int(rand() * (hi - lo + 1)) }
BEGIN {
    srand(seed + client)
    for (i = 1; i <= iters; i++) {
        c = rnd(1, 20000)
        printf "SELECT id, status, total, created_at FROM orders WHERE customer_id = %d ORDER BY created_at DESC LIMIT 10;\n", c
        printf "SELECT id, email, country FROM customers WHERE id = %d;\n", rnd(1, 20000)
        printf "SELECT id, customer_id, status, total FROM orders WHERE id = %d;\n", rnd(1, 200000)
        if (i % 10 == 0) printf "UPDATE customers SET last_seen = NOW(6) WHERE id = %d;\n", c
        printf "\\! sleep %s\n", pace
    }
}
