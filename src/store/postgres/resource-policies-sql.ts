// TEMPORARY scaffolding: replaced by the port.
import type { ResourcePoliciesTx } from '../store.js';
import type { PgQueryable } from './pg-tables.js';
import { unported } from './unported.js';
export function resourcePoliciesPg(_db: PgQueryable): ResourcePoliciesTx {
  return unported<ResourcePoliciesTx>('resourcePoliciesPg');
}
