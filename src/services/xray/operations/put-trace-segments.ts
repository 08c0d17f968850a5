/**
 * PutTraceSegments: each document is checked on its own; the bad ones come back in UnprocessedTraceSegments with
 * AWS's ErrorCode and message (segment-document.ts), the good ones are stored before the call answers.
 */
import type { XrayCall, XrayDeps } from './xray-deps.js';
import { authorizeXray } from './xray-deps.js';
import { checkSegmentDocument } from '../segment-document.js';
import { segmentRecord } from '../ingest/segment-records.js';
import type { SegmentRecord } from '../store/xray-records.js';

export interface UnprocessedSegment {
  readonly Id?: string;
  readonly ErrorCode: string;
  readonly Message: string;
}

export async function putTraceSegments(deps: XrayDeps, call: XrayCall, documents: readonly string[]): Promise<UnprocessedSegment[]> {
  await authorizeXray(deps, call, 'PutTraceSegments');
  const now = deps.clock.now().getTime();
  const records: SegmentRecord[] = [];
  const accepted: string[] = [];
  const unprocessed: UnprocessedSegment[] = [];
  for (const document of documents) {
    const checked = checkSegmentDocument(document, now / 1000);
    if (checked.ok) {
      records.push(segmentRecord(deps.keys, call.caller.accountId, checked.facts, document, now));
      accepted.push(document);
    } else unprocessed.push({ ...(checked.id === undefined ? {} : { Id: checked.id }), ErrorCode: checked.errorCode, Message: checked.message });
  }
  if (records.length > 0) await deps.writeSegments(call.caller.accountId, records, accepted);
  return unprocessed;
}
