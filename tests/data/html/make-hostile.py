#!/usr/bin/env python3
# make-hostile.py - writes hostile.log.gz: a hand-made PostgreSQL stderr log
# (log_line_prefix '%m [%p] %u@%d ') whose statements, error messages, user
# and database names hold HTML/script injection attempts, for the HTML
# report's injection test (tests/e2e_html.sh).  Six minutes at about 10
# statements/s; a DROP INDEX two seconds before minute 3 slows the queries
# of its table 15x until the CREATE INDEX that undoes it at minute 5, so
# the timeline finds an incident, a culprit and a rollback whose texts are
# all hostile.  Deterministic (fixed seed, gzip mtime 0).
import datetime
import gzip
import random

random.seed(11)
SCRIPT = '</script><script>alert(1)</script>'
IMG = '<img src=x onerror=alert(1)>'
JS = 'javascript:alert(1)'
TABLE = '"%s"' % SCRIPT
t = datetime.datetime(2026, 11, 24, 10, 0, 0)
end = t + datetime.timedelta(minutes=6)
onset = datetime.datetime(2026, 11, 24, 10, 3, 0)
back = datetime.datetime(2026, 11, 24, 10, 5, 0)
out = []


def line(ts, pid, level, text, user='app', db='shop'):
    out.append('%s UTC [%d] %s@%s %s:  %s' % (
        ts.strftime('%Y-%m-%d %H:%M:%S.%f')[:-3], pid, user, db, level, text))


ddl_done = rb_done = False
n = 0
while t < end:
    t += datetime.timedelta(milliseconds=random.randint(60, 140))
    n += 1
    if not ddl_done and t >= onset - datetime.timedelta(seconds=2):
        line(t, 4242, 'LOG', 'duration: 3.101 ms  statement: DROP INDEX '
             '"%s_idx";' % SCRIPT)
        ddl_done = True
        continue
    if not rb_done and t >= back:
        line(t, 4242, 'LOG', 'duration: 41.870 ms  statement: CREATE INDEX '
             '"%s_idx" ON %s (id);' % (SCRIPT, TABLE))
        rb_done = True
        continue
    slow = onset <= t < back
    pid = 5000 + n % 7
    # one session in seven logs in as a hostile user to a hostile database
    user, db = (SCRIPT, JS) if pid == 5003 else ('app', 'shop')
    if n % 3:
        d = random.uniform(4.0, 7.0) if slow else random.uniform(0.2, 0.4)
        line(t, pid, 'LOG', 'duration: %.3f ms  statement: SELECT id, note '
             'FROM %s WHERE id = %d;' % (d, TABLE, random.randint(1, 9999)),
             user, db)
    else:
        d = random.uniform(0.15, 0.3)
        line(t, pid, 'LOG', 'duration: %.3f ms  statement: SELECT * FROM "%s" '
             "WHERE link = '%s' AND id = %d;" % (d, IMG, JS,
                                                 random.randint(1, 999)),
             user, db)
    if n % 97 == 0:
        line(t, pid, 'ERROR', 'relation "%s" does not exist at character 15; '
             'see <a href="%s">help</a>' % (IMG, JS), user, db)
        line(t, pid, 'STATEMENT', "SELECT * FROM \"%s\" WHERE x = '%s';"
             % (IMG, SCRIPT), user, db)

with gzip.GzipFile('hostile.log.gz', 'wb', mtime=0) as f:
    f.write(('\n'.join(out) + '\n').encode())
