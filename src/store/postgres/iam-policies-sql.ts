// TEMPORARY scaffolding: replaced by the port.
import type { IamPoliciesTx } from '../store.js';
import type { PgQueryable } from './pg-tables.js';
import { unported } from './unported.js';
export function iamPoliciesPg(_db: PgQueryable): IamPoliciesTx {
  return unported<IamPoliciesTx>('iamPoliciesPg');
}
