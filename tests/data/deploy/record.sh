#!/bin/sh
# record.sh - runs the tiny alembic and Django projects next to this script
# (sqlite databases in a scratch directory) to record real migration logs:
#   alembic.log  alembic upgrade head, downgrade -1, upgrade head, downgrade
#                base; timestamps from alembic.ini's logging config
#                (%(asctime)s), as alembic writes them to stderr
#   django.log   manage.py migrate, migrate shop 0001 (unapply), migrate;
#                each line prefixed with `date -u +%FT%TZ` as a deploy
#                system does
# Needs Debian's python3-alembic and python3-django (run with /usr/bin/python3).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
py=${PYTHON:-/usr/bin/python3}
rm -rf "$here/work" && mkdir -p "$here/work"
trap 'rm -rf "$here/work"' EXIT

alembic() { "$py" -m alembic -c "$here/alembic/alembic.ini" "$@"; }
{
    alembic upgrade head
    sleep 1
    alembic downgrade -1
    sleep 1
    alembic upgrade head
    alembic downgrade base
} 2>"$here/alembic.log"

stamp() { while IFS= read -r l; do printf '%s %s\n' "$(date -u +%FT%TZ)" "$l"; done; }
# The project is copied to the scratch folder, where its two packages get
# their (empty) __init__.py markers: Django only loads migrations from a
# regular package.
cp -r "$here/django" "$here/work/django"
: >"$here/work/django/shop/__init__.py"
: >"$here/work/django/shop/migrations/__init__.py"
dj() { PYTHONPATH="$here/work/django" "$py" -m django migrate --settings=settings "$@"; }
{
    dj
    sleep 1
    dj shop 0001
    sleep 1
    dj
} 2>&1 | stamp >"$here/django.log"
