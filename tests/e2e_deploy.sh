#!/usr/bin/env bash
# e2e_deploy.sh - deploy and migration logs (tests/data/deploy/, sources in
# its README.md): `faultline events` on each fixture gives exactly the
# migration / deploy events an independent grep of the fixture counts, with
# the right kind, direction, phase, versions and durations; lines of unknown
# tools that merely mention a release stay kind log.  `faultline timeline`
# on a recorded PostgreSQL incident plus a deploy log sees the deploy as
# one change (start and end paired), ranked as a culprit and undone by the
# rollback.  (The timeline JSON does not print change versions yet.)
set -u
FAULTLINE=${FAULTLINE:-./faultline}
top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/lib.sh"
need_jq
tmp=$FL_TMP
data=$top_srcdir/tests/data/deploy

check() { check_eq "$@"; } # name got want
events() { # file -> $tmp/<base>.jsonl
    local out=$tmp/$(basename "$1").jsonl
    "$FAULTLINE" events -q "$1" > "$out" || check "$1 exit status" $? 0
    echo "$out"
}
count() { jq -s "[.[] | select($2)] | length" "$1"; }
list() { jq -r "select($2) | $3" "$1" | tr '\n' ' '; }

# ---- alembic (real) ----------------------------------------------------------
f=$data/alembic.log; j=$(events "$f")
check "alembic: format" "$(jq -r .format "$j" | sort -u)" alembic
check "alembic: migrations" "$(count "$j" '.kind == "migration"')" \
      "$(grep -c 'Running \(up\|down\)grade ' "$f")"
check "alembic: downgrades" "$(count "$j" '.kind == "migration" and .direction == "down"')" \
      "$(grep -c 'Running downgrade ' "$f")"
check "alembic: upgrades" "$(count "$j" '.kind == "migration" and .direction == "up"')" \
      "$(grep -c 'Running upgrade ' "$f")"
check "alembic: reverted versions" "$(list "$j" '.direction == "down"' .from_version)" \
      "$(sed -n 's/.*Running downgrade \([^ ]*\) -> .*/\1/p' "$f" | tr '\n' ' ')"
check "alembic: applied versions" "$(list "$j" '.direction == "up"' .version)" \
      "$(sed -n 's/.*Running upgrade [^ ]* -> \([^,]*\),.*/\1/p' "$f" | tr '\n' ' ')"
check "alembic: others are log" "$(count "$j" '.kind == "log"')" \
      "$(grep -vc 'Running \(up\|down\)grade ' "$f")"
check "alembic: every event timed" "$(count "$j" '.time == null')" 0

# ---- Django (real) -----------------------------------------------------------
f=$data/django.log; j=$(events "$f")
check "django: format" "$(jq -r .format "$j" | sort -u)" django-migrate
check "django: migrations" "$(count "$j" '.kind == "migration"')" "$(grep -c 'pplying ' "$f")"
check "django: unapplied" "$(count "$j" '.direction == "down"')" "$(grep -c ' Unapplying ' "$f")"
check "django: versions" "$(list "$j" '.kind == "migration"' .version)" \
      "$(sed -n 's/.*pplying \([^.]*\.[^.]*\)\.\.\..*/\1/p' "$f" | tr '\n' ' ')"
check "django: only migrations" "$(wc -l < "$j" | tr -d ' ')" "$(grep -c 'pplying ' "$f")"

# ---- Rails (docs / source format) ----------------------------------------------
f=$data/rails.log; j=$(events "$f")
check "rails: format" "$(jq -r .format "$j" | sort -u)" rails-migrate
check "rails: steps" "$(count "$j" '.kind == "migration"')" \
      "$(grep -c '^== .*: \(migrating\|migrated\|reverting\|reverted\)' "$f")"
check "rails: starts" "$(count "$j" '.phase == "start"')" "$(grep -c ': \(migrating\|reverting\) =' "$f")"
check "rails: ends" "$(count "$j" '.phase == "end"')" "$(grep -c ': \(migrated\|reverted\) (' "$f")"
check "rails: down" "$(count "$j" '.direction == "down"')" "$(grep -c ': revert' "$f")"
check "rails: end durations (us)" "$(jq -s '[.[] | select(.phase == "end") | .duration_us] | add' "$j")" \
      "$(sed -n 's/.*: \(migrated\|reverted\) (\([0-9.]*\)s).*/\2/p' "$f" | awk '{ s += $1 * 1000000 } END { printf "%d\n", s + 0.5 }')"

# ---- Flyway (docs) -------------------------------------------------------------
f=$data/flyway.log; j=$(events "$f")
check "flyway: format" "$(jq -r .format "$j" | sort -u)" flyway
check "flyway: migrations" "$(count "$j" '.kind == "migration"')" "$(grep -c '^Migrating schema ' "$f")"
check "flyway: versions" "$(list "$j" '.kind == "migration"' .version)" \
      "$(sed -n 's/^Migrating schema [^ ]* to version \([^ ]*\) .*/\1/p' "$f" | tr '\n' ' ')"
check "flyway: 'Successfully applied' is not a second change" \
      "$(count "$j" '.kind == "log" and (.message | startswith("Successfully applied"))')" \
      "$(grep -c '^Successfully applied' "$f")"

# ---- generic deploy lines ------------------------------------------------------
f=$data/deploy.log; j=$(events "$f")
check "deploy: format" "$(jq -r .format "$j" | sort -u)" deploy-generic
check "deploy: deploys" "$(count "$j" '.kind == "deploy"')" \
      "$(grep -c ' \(version\|release\)=\|successfully rolled out' "$f")"
check "deploy: rollbacks" "$(count "$j" '.direction == "down"')" "$(grep -c ' rollback ' "$f")"
check "deploy: phases" "$(list "$j" '.phase != null' .phase)" \
      "$(sed -n 's/.* deploy \(started\|finished\|failed\) .*/\1/p' "$f" | sed 's/started/start/; s/finished/end/; s/failed/fail/' | tr '\n' ' ')"
check "deploy: a mere mention of a release stays log" \
      "$(list "$j" '.kind == "log"' .line)" "$(grep -n 'release notes' "$f" | cut -d: -f1) "

# Unknown tools' lines do not become changes.
printf '%s\n' '2024-05-15T10:00:00Z release train meeting moved to noon' \
    '2024-05-15T10:01:00Z deploying the new coffee machine' \
    '2024-05-15T10:02:00Z rollback drill scheduled' > "$tmp/unknown.log"
j=$(events "$tmp/unknown.log")
check "unknown lines: no deploy or migration" \
      "$(count "$j" '.kind == "deploy" or .kind == "migration"')" 0

# ---- configuration changes in a real PostgreSQL 15 log (tests/data/pg/config) ----
f=$top_srcdir/tests/data/pg/config/postgresql.log; j=$(events "$f")
check "pg config: config events" "$(count "$j" '.kind == "config"')" \
      "$(grep -c 'statement: ALTER SYSTEM \|LOG:  parameter "[^"]*" \(changed to\|removed from\)' "$f")"
check "pg config: statements" "$(list "$j" '.kind == "config" and .statement != null' .statement)" \
      "$(sed -n 's/.*statement: \(ALTER SYSTEM .*\)$/\1/p' "$f" | tr '\n' ' ')"
check "pg config: settings" "$(list "$j" '.kind == "config" and .attrs != null' '.attrs.setting + "=" + .attrs.value')" \
      "$(sed -n 's/.*LOG:  parameter "\([^"]*\)" changed to "\(.*\)"$/\1=\2/p; s/.*LOG:  parameter "\([^"]*\)" removed from configuration file, reset to default$/\1=default/p' "$f" | tr '\n' ' ')"
check "pg config: reloads stay queries" "$(count "$j" '.kind == "query"')" "$(grep -c 'statement: SELECT pg_reload_conf()' "$f")"

# ---- timeline --------------------------------------------------------------------
inc=$top_srcdir/tests/data/incidents/load-surge
cat > "$tmp/deploy.log" <<'LOG'
2026-11-24T08:59:30Z deploy started service=shop version=1.4.0
2026-11-24T08:59:38Z deploy finished service=shop version=1.4.0
2026-11-24T09:00:50Z rollback service=shop version=1.3.9
LOG
"$FAULTLINE" timeline -q -O json "$inc" > "$tmp/base.json" || check "timeline (sql only) exit" $? 0
"$FAULTLINE" timeline -q -O json "$inc" "$tmp/deploy.log" > "$tmp/tl.json" || check "timeline exit" $? 0
base=$(jq .changes_seen "$tmp/base.json")
seen=$(jq .changes_seen "$tmp/tl.json")
check "timeline: deploy changes seen (start+end = one, + rollback)" "$seen" "$((base + 2))"
check "timeline: the deploy listed once, at its end" \
      "$(jq '[.timeline[] | select(.kind == "change" and (.time | startswith("2026-11-24T08:59:3")))] | map(.time) | join(" ")' "$tmp/tl.json")" \
      '"2026-11-24T08:59:38.000000Z"'
check "timeline: the deploy is a culprit undone by the rollback" \
      "$(jq -r '[.culprits[] | select(.kind == "deploy") | .rollback.time // "none"] | join(" ")' "$tmp/tl.json")" \
      "2026-11-24T09:00:50.000000Z"

fl_finish
