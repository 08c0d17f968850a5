// TEMPORARY scaffolding: replaced by the port.
import type { AccountsTx } from '../store.js';
import type { PgQueryable } from './pg-tables.js';
import { unported } from './unported.js';
export function accountsPg(_db: PgQueryable): AccountsTx {
  return unported<AccountsTx>('accountsPg');
}
