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

# ---- golang-migrate (docs: database/spanner/README.md; source format) -------
f=$data/golang-migrate.log; j=$(events "$f")
check "golang-migrate: format" "$(jq -r .format "$j" | sort -u)" golang-migrate
check "golang-migrate: migrations" "$(count "$j" '.kind == "migration"')" \
      "$(grep -c '^[0-9]*/[ud] ' "$f")"
check "golang-migrate: down" "$(count "$j" '.kind == "migration" and .direction == "down"')" \
      "$(grep -c '^[0-9]*/d ' "$f")"
check "golang-migrate: versions" "$(list "$j" '.kind == "migration"' .version)" \
      "$(sed -n 's|^\([0-9]*\)/[ud] .*|\1|p' "$f" | tr '\n' ' ')"
check "golang-migrate: seconds and ms durations (us), Go's 2m12s form none" \
      "$(list "$j" '.kind == "migration"' '.duration_us // "-"')" \
      "$(sed -n 's|^[0-9]*/[ud] [^ ]* (\(.*\))$|\1|p' "$f" | awk '
          /^[0-9.]+ms$/ { sub(/ms/, ""); printf "%d ", $1 * 1000 + 0.5; next }
          /^[0-9.]+s$/  { sub(/s/, "");  printf "%d ", $1 * 1000000 + 0.5; next }
          { printf "- " }')"
# -verbose: Go's log date on every line and the "Finished" line, written
# with the formats of migrate.go (logVerbosePrintf, "Finished %v (read %v,
# ran %v)").
printf '%s\n' '2024/05/15 10:00:00 Start buffering 1/u create_users_table' \
    '2024/05/15 10:00:00 Read and execute 1/u create_users_table' \
    '2024/05/15 10:00:01 Finished 1/u create_users_table (read 1.2ms, ran 12.3ms)' \
    '2024/05/15 10:00:01 Closing source and database' > "$tmp/gm-verbose.log"
j2=$(events "$tmp/gm-verbose.log")
check "golang-migrate -verbose: one migration, the ran duration, Go's date" \
      "$(list "$j2" '.kind == "migration"' '.version + " " + (.duration_us | tostring) + " " + .time')" \
      "1 12300 2024-05-15T10:00:01.000000Z "
check "golang-migrate -verbose: the other lines are log, timed" \
      "$(count "$j2" '.kind == "log" and .time != null')" 3
check "golang-migrate: 'no change' is log" "$(count "$j" '.kind == "log"')" "$(grep -c '^no change$' "$f")"

# ---- Liquibase (source formats) ------------------------------------------------
f=$data/liquibase.log; j=$(events "$f")
check "liquibase: format" "$(jq -r .format "$j" | sort -u)" liquibase
check "liquibase: starts" "$(count "$j" '.kind == "migration" and .phase == "start"')" \
      "$(grep -c '^Running Changeset: ' "$f")"
check "liquibase: ends" "$(count "$j" '.kind == "migration" and .phase == "end"')" \
      "$(grep -c 'ChangeSet [^ ]* ran successfully in ' "$f")"
check "liquibase: rollbacks" "$(count "$j" '.kind == "migration" and .direction == "down"')" \
      "$(grep -c '^Rolling Back Changeset: ' "$f")"
check "liquibase: end durations (us)" "$(list "$j" '.phase == "end"' .duration_us)" \
      "$(sed -n 's/.* ran successfully in \([0-9]*\)ms$/\1/p' "$f" | awk '{ printf "%d ", $1 * 1000 }')"
check "liquibase: versions are FILE::ID::AUTHOR" "$(list "$j" '.phase == "end"' .version)" \
      "$(sed -n 's/.*ChangeSet \([^ ]*\) ran successfully.*/\1/p' "$f" | tr '\n' ' ')"
check "liquibase: Liquibase 3 lines carry their time" \
      "$(list "$j" '.time != null' .time)" \
      "$(grep -c ':liquibase: ' "$f" | awk '{ for (i = 0; i < $1; i++) printf "2012-05-10T15:01:00.000000Z " }')"

# ---- Prisma (source: packages/migrate MigrateDeploy.test.ts) --------------------
f=$data/prisma.log; j=$(events "$f")
check "prisma: format" "$(jq -r .format "$j" | sort -u)" prisma-migrate
check "prisma: migrations" "$(list "$j" '.kind == "migration"' .version)" \
      "$(sed -n 's/^Applying migration `\(.*\)`$/\1/p' "$f" | tr '\n' ' ')"
check "prisma: the tree of applied migrations is not a second change" \
      "$(count "$j" '.kind != "log" and .kind != "migration"')" 0
check "prisma: others are log (blank and tree lines skipped)" "$(count "$j" '.kind == "log"')" \
      "$(grep -v '^Applying migration \|^\s*$\|└─\|^migrations/$' "$f" | grep -c .)"

# ---- sqitch (docs: lib/sqitchtutorial.pod) ---------------------------------------
f=$data/sqitch.log; j=$(events "$f")
check "sqitch: format" "$(jq -r .format "$j" | sort -u)" sqitch
check "sqitch: deployed" "$(list "$j" '.kind == "migration" and .direction == "up"' .version)" \
      "$(sed -n 's/^  + \([^ ]*\) .*\.\. ok$/\1/p' "$f" | tr '\n' ' ')"
check "sqitch: reverted (down)" "$(list "$j" '.kind == "migration" and .direction == "down"' .version)" \
      "$(sed -n 's/^  - \([^ ]*\) .*\.\. ok$/\1/p' "$f" | tr '\n' ' ')"
check "sqitch: tags" "$(list "$j" '.attrs.tag != null' .attrs.tag)" \
      "$(grep -o ' @[^ ]*' "$f" | tr -d ' ' | tr '\n' ' ')"
check "sqitch: others are log" "$(count "$j" '.kind == "log"')" "$(grep -vc '^  [+-] ' "$f")"

# ---- Helm (source: pkg/cmd/history.go, pkg/cmd/testdata/output) -------------------
f=$data/helm.log; j=$(events "$f")
check "helm: format" "$(jq -r .format "$j" | sort -u)" helm
rows=$(grep -c '^[0-9][0-9]*[[:space:]]' "$f")
check "helm: deploys (history rows + upgrade + rollback)" "$(count "$j" '.kind == "deploy"')" \
      "$((rows + $(grep -c '^Release ".*" has been upgraded' "$f") + $(grep -c '^Rollback was a success' "$f")))"
check "helm: rollbacks" "$(count "$j" '.kind == "deploy" and .direction == "down"')" \
      "$(grep -c 'Rolled back to [0-9]\|Rollback to [0-9]\|^Rollback was a success' "$f")"
check "helm: revisions of the history rows" "$(list "$j" '.kind == "deploy" and .attrs.chart != null' .version)" \
      "$(sed -n 's/^\([0-9][0-9]*\)[[:space:]].*/\1/p' "$f" | tr '\n' ' ')"
check "helm: services are the chart names" "$(list "$j" '.attrs.chart != null' .service | tr ' ' '\n' | sort -u | tr '\n' ' ')" \
      "$(grep -o '[[:space:]][a-z]*-[0-9][0-9.a-z-]*[[:space:]]' "$f" | sed 's/^[[:space:]]*\([a-z]*\)-.*/\1/' | sort -u | tr '\n' ' ')"
check "helm: upgrade block: release, REVISION, LAST DEPLOYED" \
      "$(list "$j" '.message != null and (.message | startswith("Release "))' '.service + " " + .version + " " + .time')" \
      "zany-bunny $(sed -n 's/^REVISION: //p' "$f") 1977-09-02T22:04:05.000000Z "
check "helm: header rows are log" "$(count "$j" '.kind == "log"')" "$(grep -c '^REVISION[[:space:]]' "$f")"
check "helm: history rows timed" "$(count "$j" '.attrs.chart != null and .time == null')" 0

# ---- Argo CD (argoproj/argo-cd issues #5592, #21858, #1909) -------------------------
f=$data/argocd.log; j=$(events "$f")
check "argocd: format" "$(jq -r .format "$j" | sort -u)" argocd
check "argocd: sync starts" "$(count "$j" '.kind == "deploy" and .phase == "start"')" \
      "$(grep -c 'msg="Initiated \(automated \)\?sync to ' "$f")"
check "argocd: sync ends" "$(count "$j" '.kind == "deploy" and .phase == "end"')" \
      "$(grep -c 'msg="Sync operation to [^ ]* succeeded' "$f")"
check "argocd: services" "$(list "$j" '.kind == "deploy"' .service)" \
      "$(grep 'msg="Initiated\|msg="Sync operation' "$f" | sed 's/.* application=\([^ ]*\).*/\1/' | tr '\n' ' ')"
check "argocd: status lines are log" "$(count "$j" '.kind == "log"')" \
      "$(grep -vc 'msg="Initiated\|msg="Sync operation' "$f")"

f=$data/argocd-json.log; j=$(events "$f")
check "argocd-json: format" "$(jq -r .format "$j" | sort -u)" argocd-json
check "argocd-json: sync ends" "$(list "$j" '.kind == "deploy" and .phase == "end"' '.service + "@" + .time')" \
      "$(jq -r 'select(.msg | test("^Sync operation to .* succeeded")) | .application + "@" + .time' "$f" | sed 's/Z$/.000000Z/' | tr '\n' ' ')"
check "argocd-json: the rest is log" "$(count "$j" '.kind == "log"')" \
      "$(jq -r 'select(.application != null and (.msg | test("^(Sync operation to |Initiated )") | not)) | .msg' "$f" | wc -l | tr -d ' ')"
check "argocd-json: lines without an application are not read" \
      "$("$FAULTLINE" events "$f" 2>&1 >/dev/null | sed -n 's/.* \([0-9]*\) lines not understood.*/\1/p')" \
      "$(jq -r 'select(.application == null) | .msg' "$f" | wc -l | tr -d ' ')"
check "argocd-json: every event timed" "$(count "$j" '.time == null')" 0

# ---- Kubernetes Deployment events (kubernetes/website, Deployment concept) ----------
f=$data/kube-events.log; j=$(events "$f")
check "kube: format" "$(jq -r .format "$j" | sort -u)" kube-events
check "kube: scale-ups are deploys" "$(list "$j" '.kind == "deploy" and .direction != "down"' .version)" \
      "$(sed -n 's/.*Scaled up replica set \([^ ]*\) to .*/\1/p' "$f" | tr '\n' ' ')"
check "kube: rollback" "$(list "$j" '.direction == "down"' '.service + "@" + .version')" \
      "$(sed -n 's/.*Rolled back deployment "\([^"]*\)" to revision \([0-9]*\).*/\1@\2/p' "$f" | tr '\n' ' ')"
check "kube: scale-downs are log" "$(count "$j" '.kind == "log"')" "$(grep -c 'Scaled down replica set' "$f")"
check "kube: header lines skipped" "$(wc -l < "$j" | tr -d ' ')" "$(grep -c '^  Normal\|^  Warning' "$f")"

# ---- Kubernetes events with their time (lescactus/k8s-events-logger README) ----
f=$data/k8s-events-logger.log; j=$(events "$f")
check "k8s-events-logger: format" "$(jq -r .format "$j" | sort -u)" kube-events
check "k8s-events-logger: scale-ups are deploys, timed" \
      "$(list "$j" '.kind == "deploy"' '.service + "@" + .version + "@" + .time')" \
      "$(sed -n 's/^Timestamp: \([^ ]*\) .*Message: Scaled up replica set \(\([a-z0-9-]*\)-[a-z0-9]*\) to .*/\3@\2@\1/p' "$f" | sed 's/Z$/.000000Z/' | tr '\n' ' ')"
check "k8s-events-logger: the rest is log" "$(count "$j" '.kind == "log"')" "$(grep -vc 'Scaled up replica set' "$f")"
check "k8s-events-logger: every event timed" "$(count "$j" '.time == null')" 0

f=$data/kube-event-json.log; j=$(events "$f")
check "kube-event-json: format" "$(jq -r .format "$j" | sort -u)" kube-event-json
check "kube-event-json: events" "$(wc -l < "$j" | tr -d ' ')" "$(wc -l < "$f" | tr -d ' ')"
check "kube-event-json: times are lastTimestamp" "$(list "$j" 'true' .time)" \
      "$(jq -r '.lastTimestamp' "$f" | sed 's/Z$/.000000Z/' | tr '\n' ' ')"
check "kube-event-json: a scale-down is no deploy" \
      "$(count "$j" '.kind == "deploy" or .kind == "migration"')" \
      "$(jq -r 'select(.reason == "ScalingReplicaSet" and (.message | startswith("Scaled up")))' "$f" | grep -c '^{' )"
# The same event scaled up (the message as the deployment controller writes
# it, see kube-events.log) is a deploy.
jq -c 'select(.reason == "ScalingReplicaSet") | .message = "Scaled up replica set k8s-events-logger-689775574 to 1"' "$f" > "$tmp/kube-up.json"
j=$(events "$tmp/kube-up.json")
check "kube-event-json: a scale-up is a deploy" "$(list "$j" '.kind == "deploy"' '.service + "@" + .version + "@" + .time')" \
      "k8s-events-logger@k8s-events-logger-689775574@2022-06-27T15:48:12.000000Z "

# ---- an unknown deploy tool (goose, docs: pressly/goose README.md) ---------------
# No format knows goose: its output is not claimed by any deploy format,
# and forcing each of them on it invents no change.
f=$data/goose-unknown.log
"$FAULTLINE" events -q "$f" > "$tmp/goose.jsonl" 2>/dev/null
check "unknown tool: exit status (no known format)" "$?" 1
check "unknown tool: no events" "$(wc -l < "$tmp/goose.jsonl" | tr -d ' ')" 0
for fmt in alembic django-migrate rails-migrate flyway deploy-generic golang-migrate \
           liquibase prisma-migrate sqitch helm argocd argocd-json kube-events kube-event-json; do
    sed 's/^/2024-05-15T10:00:00Z /' "$f" > "$tmp/goose.log"
    "$FAULTLINE" events -q --format "$fmt" "$f" "$tmp/goose.log" > "$tmp/goose.jsonl" 2>/dev/null
    check "unknown tool read as $fmt: no change" \
          "$(count "$tmp/goose.jsonl" '.kind == "deploy" or .kind == "migration" or .kind == "config"')" 0
done

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

# Argo CD: the sync's start and end (fixture lines, moved into the incident)
# are one change, listed at the end.
grep 'msg="Initiated automated\|msg="Sync operation' "$data/argocd.log" |
    sed '1,2s/time="[^"]*"/time="2026-11-24T08:59:30Z"/; 3s/time="[^"]*"/time="2026-11-24T08:59:38Z"/' > "$tmp/argocd.log"
"$FAULTLINE" timeline -q -O json "$inc" "$tmp/argocd.log" > "$tmp/tl-argo.json" || check "timeline (argocd) exit" $? 0
check "timeline: an Argo CD sync (start + end) is one change" \
      "$(jq .changes_seen "$tmp/tl-argo.json")" "$((base + 1))"
check "timeline: the sync listed once, at its end" \
      "$(jq '[.timeline[] | select(.kind == "change" and (.time | startswith("2026-11-24T08:59:3")))] | map(.time) | join(" ")' "$tmp/tl-argo.json")" \
      '"2026-11-24T08:59:38.000000Z"'

fl_finish
