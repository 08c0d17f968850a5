/** The internal decision stream: every authorization decision kept beside the audit events, oldest first. */
import { decisionRecordSchema } from '../../../iam/authz/decision-record.js';
import type { DecisionRecord } from '../../../iam/authz/decision-record.js';
import type { Store } from '../../../store/store.js';
import type { TrailEventSource } from '../trail-ports.js';

export async function readDecisions(store: Store<TrailEventSource>): Promise<DecisionRecord[]> {
  const out: DecisionRecord[] = [];
  for (let after = 0; ; ) {
    const page = await store.transact((tx) => tx.eventsAfter(after, 1000));
    for (const event of page) {
      if (event.decisions !== undefined) for (const d of JSON.parse(event.decisions) as unknown[]) out.push(decisionRecordSchema.parse(d));
    }
    const last = page[page.length - 1];
    if (last === undefined) return out;
    after = last.seq;
  }
}
