/** The checks every batch request gets before its entries run. */
import { batchEntryIdsNotDistinct, emptyBatchRequest, invalidBatchEntryId, tooManyEntriesInBatchRequest } from './sqs-errors.js';

const ID = /^[A-Za-z0-9_-]{1,80}$/;

export function checkBatch(ids: readonly (string | undefined)[], entryName: string): string[] {
  if (ids.length === 0) throw emptyBatchRequest(entryName);
  if (ids.length > 10) throw tooManyEntriesInBatchRequest(ids.length);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of ids) {
    if (id === undefined || !ID.test(id)) throw invalidBatchEntryId();
    if (seen.has(id)) throw batchEntryIdsNotDistinct(id);
    seen.add(id);
    out.push(id);
  }
  return out;
}
