/**
 * Log messages are sealed at rest, one envelope per event (KeyService.sealFrequent: a shared data key, a fresh
 * IV per event), bound to the account and the group's internal key, so a row moved to another group, or left
 * behind by a deleted group whose name was reused, does not open. Per-event sealing keeps every read a plain
 * index range (no block to reassemble), lets retention delete exactly the expired events, and costs one AES-GCM
 * operation per event each way.
 */
import type { KeyService } from '../../../shared/crypto/key-service.js';

function context(accountId: string, groupKey: number): string {
  return `lambdabox/logs/event/${accountId}/${groupKey}`;
}

export function sealLogMessage(keys: KeyService, accountId: string, groupKey: number, message: string): Buffer {
  return keys.sealFrequent(Buffer.from(message, 'utf8'), context(accountId, groupKey));
}

export function openLogMessage(keys: KeyService, accountId: string, groupKey: number, sealed: Buffer): string {
  return keys.open(sealed, context(accountId, groupKey)).toString('utf8');
}
