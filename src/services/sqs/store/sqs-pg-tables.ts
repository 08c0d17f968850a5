/** SQS's tables as a module of the PostgreSQL store (src/store/postgres/pg-tables.ts). */
import type { PgTables } from '../../../store/postgres/pg-tables.js';
import type { SqsTx } from './sqs-tx.js';
import { SQS_PG_MIGRATIONS } from './sqs-pg-schema.js';
import { sqsPg } from './sqs-pg-sql.js';

export function sqsPgTables(): PgTables<SqsTx> {
  return {
    name: 'sqs',
    migrations: SQS_PG_MIGRATIONS,
    taggedTables: ['sqs_queues'],
    tagKinds: ['queue'],
    bind: (db) => sqsPg(db),
    async readTags(tx, key) {
      return (await tx.getQueue(key.accountId, key.name))?.tags;
    },
  };
}
