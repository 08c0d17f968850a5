// TEMPORARY scaffolding: replaced by the port.
import type { AliasesTx } from '../store.js';
import type { PgQueryable } from './pg-tables.js';
import { unported } from './unported.js';
export function aliasesPg(_db: PgQueryable): AliasesTx {
  return unported<AliasesTx>('aliasesPg');
}
