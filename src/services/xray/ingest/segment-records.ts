/** Checked documents of one account turned into the rows the tables keep (documents sealed). */
import type { KeyService } from '../../../shared/crypto/key-service.js';
import type { SegmentFacts } from '../segment-document.js';
import type { SegmentRecord } from '../store/xray-records.js';
import { sealSegment } from '../segment-seal.js';

export function segmentRecord(keys: KeyService, accountId: string, facts: SegmentFacts, document: string, receivedAt: number): SegmentRecord {
  return { ...facts, accountId, receivedAt, sealed: sealSegment(keys, accountId, facts.traceId, facts.segmentId, document) };
}
