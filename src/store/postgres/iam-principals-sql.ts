// TEMPORARY scaffolding: replaced by the port.
import type { IamPrincipalsTx } from '../store.js';
import type { PgQueryable } from './pg-tables.js';
import { unported } from './unported.js';
export function iamPrincipalsPg(_db: PgQueryable): IamPrincipalsTx {
  return unported<IamPrincipalsTx>('iamPrincipalsPg');
}
