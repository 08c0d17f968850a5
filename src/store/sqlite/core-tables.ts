/** The core's tables: accounts and access keys, IAM's entities, Lambda's functions, layers, configs and queues. */
import type { StoreTx } from '../store.js';
import { CORE_TAG_KINDS, CORE_TAGGED_TABLES, readCoreTags } from '../core-tags.js';
import type { SqliteTables } from './sqlite-tables.js';
import { CORE_MIGRATIONS } from './migrations.js';
import { accountsSql } from './accounts-sql.js';
import { functionsSql } from './functions-sql.js';
import { aliasesSql } from './aliases-sql.js';
import { layersSql } from './layers-sql.js';
import { eventInvokeConfigsSql } from './event-invoke-configs-sql.js';
import { resourcePoliciesSql } from './resource-policies-sql.js';
import { asyncQueueSql } from './async-queue-sql.js';
import { iamSql } from './iam-sql.js';

export function coreTables(): SqliteTables<StoreTx> {
  return {
    name: 'core',
    migrations: CORE_MIGRATIONS,
    legacyPositions: [0, 1, 2, 3, 4],
    taggedTables: CORE_TAGGED_TABLES,
    tagKinds: CORE_TAG_KINDS,
    bind: (db) => ({
      ...accountsSql(db),
      ...functionsSql(db),
      ...aliasesSql(db),
      ...layersSql(db),
      ...eventInvokeConfigsSql(db),
      ...resourcePoliciesSql(db),
      ...asyncQueueSql(db),
      ...iamSql(db),
    }),
    readTags: readCoreTags,
  };
}
