// TEMPORARY scaffolding: replaced by the port.
import type { SqsTx } from './sqs-tx.js';
import type { PgQueryable } from '../../../store/postgres/pg-tables.js';
import { unported } from '../../../store/postgres/unported.js';
export function sqsPg(_db: PgQueryable): SqsTx {
  return unported<SqsTx>('sqs');
}
