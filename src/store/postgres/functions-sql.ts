// TEMPORARY scaffolding: replaced by the port.
import type { FunctionsTx } from '../store.js';
import type { PgQueryable } from './pg-tables.js';
import { unported } from './unported.js';
export function functionsPg(_db: PgQueryable): FunctionsTx {
  return unported<FunctionsTx>('functionsPg');
}
