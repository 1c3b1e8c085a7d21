/* domains.c - the table of domains the driver knows.  A new domain (http,
 * deploy...) is one line here plus its normaliser in its own stage. */
#include <stddef.h>

#include "run/fl_run.h"
#include "sql/fl_sqldomain.h"
#include "http/fl_http.h"
#include "mongo/fl_mongo.h"
#include "deploy/fl_deploy.h"

static const struct fl_domain *const domains[] = {
    &fl_sql_domain,
    &fl_http_domain,
    &fl_mongo_domain,
    &fl_deploy_domain,
    NULL
};

const struct fl_domain *const *fl_run_domains(void)
{
    return domains;
}
