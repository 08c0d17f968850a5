/** The core's tables on PostgreSQL: the counterpart of sqlite/core-tables.ts, method for method. */
import type { StoreTx } from '../store.js';
import { CORE_TAG_KINDS, CORE_TAGGED_TABLES, readCoreTags } from '../core-tags.js';
import type { PgTables } from './pg-tables.js';
import { PG_CORE_MIGRATIONS } from './migrations.js';
import { accountsPg } from './accounts-sql.js';
import { functionsPg } from './functions-sql.js';
import { aliasesPg } from './aliases-sql.js';
import { layersPg } from './layers-sql.js';
import { eventInvokeConfigsPg } from './event-invoke-configs-sql.js';
import { resourcePoliciesPg } from './resource-policies-sql.js';
import { asyncQueuePg } from './async-queue-sql.js';
import { iamPrincipalsPg } from './iam-principals-sql.js';
import { iamPoliciesPg } from './iam-policies-sql.js';

export function pgCoreTables(): PgTables<StoreTx> {
  return {
    name: 'core',
    migrations: PG_CORE_MIGRATIONS,
    taggedTables: CORE_TAGGED_TABLES,
    tagKinds: CORE_TAG_KINDS,
    bind: (db) => ({
      ...accountsPg(db),
      ...functionsPg(db),
      ...aliasesPg(db),
      ...layersPg(db),
      ...eventInvokeConfigsPg(db),
      ...resourcePoliciesPg(db),
      ...asyncQueuePg(db),
      ...iamPrincipalsPg(db),
      ...iamPoliciesPg(db),
    }),
    readTags: readCoreTags,
  };
}
