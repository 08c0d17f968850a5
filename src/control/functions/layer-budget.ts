/**
 * Unzipped size of the layers a version already references. Deleted layer versions still count:
 * functions keep using them (as in Lambda), and their tombstones keep the size.
 */
import type { StoreTx } from '../../store/store.js';
import type { LayerReference } from '../../store/function-configuration.js';
import { parseLayerVersionArn } from '../validation/function-ref.js';

export async function referencedLayersSize(tx: StoreTx, layers: readonly LayerReference[] | undefined): Promise<number> {
  let total = 0;
  for (const ref of layers ?? []) {
    const parsed = parseLayerVersionArn(ref.Arn);
    const v = await tx.getLayerVersionIncludingDeleted(parsed.accountId, parsed.layerName, parsed.version);
    total += v?.unzippedSize ?? 0;
  }
  return total;
}
