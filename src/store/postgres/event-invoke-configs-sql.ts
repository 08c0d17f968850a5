// TEMPORARY scaffolding: replaced by the port.
import type { EventInvokeConfigsTx } from '../store.js';
import type { PgQueryable } from './pg-tables.js';
import { unported } from './unported.js';
export function eventInvokeConfigsPg(_db: PgQueryable): EventInvokeConfigsTx {
  return unported<EventInvokeConfigsTx>('eventInvokeConfigsPg');
}
