// TEMPORARY scaffolding: replaced by the port.
import type { LayersTx } from '../store.js';
import type { PgQueryable } from './pg-tables.js';
import { unported } from './unported.js';
export function layersPg(_db: PgQueryable): LayersTx {
  return unported<LayersTx>('layersPg');
}
