/** SQS's tables as a module of the SQLite store (src/store/sqlite/sqlite-tables.ts). */
import type { SqliteTables } from '../../../store/sqlite/sqlite-tables.js';
import type { SqsTx } from './sqs-tx.js';
import { SQS_LEGACY_POSITIONS, SQS_MIGRATIONS } from './sqs-schema.js';
import { sqsSql } from './sqs-sql.js';

export function sqsTables(): SqliteTables<SqsTx> {
  return {
    name: 'sqs',
    migrations: SQS_MIGRATIONS,
    legacyPositions: SQS_LEGACY_POSITIONS,
    taggedTables: ['sqs_queues'],
    tagKinds: ['queue'],
    bind: (db) => sqsSql(db),
    async readTags(tx, key) {
      return (await tx.getQueue(key.accountId, key.name))?.tags;
    },
  };
}
