/* fl_deploy.h - the deploy domain (see event/fl_domain.h): deploy,
 * migration and config events of deploy tools (alembic, Django, Rails,
 * Flyway, golang-migrate, Liquibase, Prisma, sqitch, Helm, Argo CD,
 * Kubernetes events, deploy scripts) turned into change records.
 *
 * refine:   normalises the words tools log into the event contract:
 *           direction "up" (up, upgrade, apply, applying, migrating,
 *           migrated, deploy, u, +...) or "down" (down, downgrade, un,
 *           unapply, unapplying, revert, reverting, reverted, rollback,
 *           rolling back, roll back, undo, d, -...); phase "start" (start,
 *           started, starting, migrating, reverting, begin, running,
 *           initiated), "end" (end, finished, done, completed, succeeded,
 *           success, migrated, reverted, ok) or "fail" (fail, failed,
 *           error, aborted, not ok).  Whole words, any case; other values
 *           are left as logged.
 * classify: none (deploy events have no class).
 * change:   events of kind deploy, migration and config.  Change kind
 *           "deploy", "rollback" (a deploy going down), "migration",
 *           "downgrade" (a migration going down) or "config"; domain
 *           "deploy"; subjects = service; version; text = message (else
 *           the version); time, duration, pid, file and line from the
 *           event.
 *           Steps: an event with phase start is held (no change) until an
 *           event of the same kind, service and version with phase end or
 *           fail: then ONE change is made, timed at the end, with duration
 *           = end - start (or the end's own duration when it logs one).
 *           An end without a start is a change with its own duration.  A
 *           fail makes a change without effects (nothing was applied).  At
 *           most FL_DEPLOY_PENDING starts are held; when a new start finds
 *           the table full, the oldest is evicted and returned as the
 *           change of that call (duration unknown).  Starts still held at
 *           the end of the input are returned by flush.
 * Effects:  migration "+migration:SERVICE:VERSION"; downgrade
 *           "-migration:SERVICE:V" where V is the version reverted
 *           (from_version when logged, as in alembic's "Running downgrade
 *           B -> A", else version); deploy "+release:SERVICE:VERSION";
 *           rollback "-release:SERVICE:CURRENT", CURRENT being from_version
 *           when logged, else the last version deployed to SERVICE seen by
 *           this state (at most FL_DEPLOY_SERVICES services remembered).
 */
#ifndef FL_DEPLOY_H
#define FL_DEPLOY_H

#include "event/fl_domain.h"

#define FL_DEPLOY_PENDING 256   /* starts waiting for their end */
#define FL_DEPLOY_SERVICES 256  /* current version remembered per service */

extern const struct fl_domain fl_deploy_domain;

#endif
