// TEMPORARY scaffolding: replaced by the port.
import type { AsyncQueueTx } from '../store.js';
import type { PgQueryable } from './pg-tables.js';
import { unported } from './unported.js';
export function asyncQueuePg(_db: PgQueryable): AsyncQueueTx {
  return unported<AsyncQueueTx>('asyncQueuePg');
}
