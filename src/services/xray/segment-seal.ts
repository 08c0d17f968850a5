/**
 * Segment documents are sealed at rest, bound to their account, trace and segment id (as SQS message bodies),
 * with the key service's shared data key for objects sealed at a high rate.
 */
import type { KeyService } from '../../shared/crypto/key-service.js';

function context(accountId: string, traceId: string, segmentId: string): string {
  return `lambdabox/xray/segment/${accountId}/${traceId}/${segmentId}`;
}

export function sealSegment(keys: KeyService, accountId: string, traceId: string, segmentId: string, document: string): Buffer {
  return keys.sealFrequent(Buffer.from(document, 'utf8'), context(accountId, traceId, segmentId));
}

export function openSegment(keys: KeyService, accountId: string, traceId: string, segmentId: string, sealed: Buffer): string {
  return keys.open(sealed, context(accountId, traceId, segmentId)).toString('utf8');
}
