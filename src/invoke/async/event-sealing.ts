/** Encryption contexts of what the async queue keeps at rest: each ciphertext is bound to its event. */
import type { KeyService } from '../../shared/crypto/key-service.js';

export function sealEventPayload(keys: KeyService, accountId: string, requestId: string, payload: Uint8Array): Buffer {
  return keys.sealFrequent(payload, `async-event:${accountId}:${requestId}`);
}

export function openEventPayload(keys: KeyService, accountId: string, requestId: string, sealed: Uint8Array): Buffer {
  return keys.open(sealed, `async-event:${accountId}:${requestId}`);
}

export function sealOutcome(keys: KeyService, accountId: string, requestId: string, json: string): Buffer {
  return keys.seal(Buffer.from(json, 'utf8'), `async-outcome:${accountId}:${requestId}`);
}

export function openOutcome(keys: KeyService, accountId: string, requestId: string, sealed: Uint8Array): string {
  return keys.open(sealed, `async-outcome:${accountId}:${requestId}`).toString('utf8');
}
