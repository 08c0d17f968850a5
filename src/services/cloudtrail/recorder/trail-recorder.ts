/**
 * The audit trail's one sink: every authenticated call becomes a CloudTrail event, made durable (group
 * committed with the calls around it) before the front door answers, with the authorization decisions taken
 * under its request id kept beside it; decisions taken outside any call become service events. Data events
 * (Lambda's Invoke) are waited for only while a trail selects them; otherwise they are kept, unwaited, for
 * their decisions. Calls that changed a function, role or policy
 * then record a configuration item related to the event.
 */
import type { Logger } from 'pino';
import type { CallAudit, CompletedCall } from '../../../http/call-audit.js';
import type { ChangedResource } from '../../../http/call-note.js';
import type { DecisionRecord } from '../../../iam/authz/decision-record.js';
import type { DecisionSink } from '../../../iam/authz/decision-sink.js';
import { GroupCommit } from '../../../store/group-commit.js';
import type { Store } from '../../../store/store.js';
import type { DataEventInterest } from '../trail-ports.js';
import type { NewTrailEvent } from '../store/trail-event-records.js';
import { callEvents, serviceDecisionEvent } from './event-record.js';

/** What the recorder needs of the store's transactions. */
export interface TrailEventWriter {
  /** An event whose (account, event id) is already stored is skipped: a retried batch is harmless. */
  insertTrailEvents(events: readonly NewTrailEvent[]): Promise<void>;
}

/** A change of configuration to record (AWS Config), related to the call's event. */
export interface ConfigChange extends Omit<ChangedResource, 'accountId'> {
  readonly accountId: string;
  readonly region: string;
  readonly eventId: string;
  readonly time: Date;
}

export interface ConfigChangeSink {
  record(change: ConfigChange): Promise<void>;
}

export interface TrailRecorderOptions {
  readonly store: Store<TrailEventWriter>;
  readonly region: string;
  readonly logger: Logger;
  /** Without it no data event is kept. */
  readonly interest?: DataEventInterest;
  readonly config?: ConfigChangeSink;
}

export class TrailRecorder implements CallAudit, DecisionSink {
  readonly #o: TrailRecorderOptions;
  readonly #commit: GroupCommit<TrailEventWriter>;
  /** Decisions of calls in flight, by request id. */
  readonly #open = new Map<string, DecisionRecord[]>();
  readonly #background = new Set<Promise<void>>();
  #closed = false;

  constructor(options: TrailRecorderOptions) {
    this.#o = options;
    this.#commit = new GroupCommit({ store: options.store });
  }

  /** Events committed and the transactions that carried them, for benchmarks. */
  get stats(): { commits: number; operations: number } {
    return this.#commit.stats;
  }

  begin(requestId: string): void {
    this.#open.set(requestId, []);
  }

  record(decision: DecisionRecord): void {
    const open = this.#open.get(decision.requestId);
    if (open !== undefined) {
      open.push(decision);
      return;
    }
    if (this.#closed) {
      this.#o.logger.error({ action: decision.action, principal: decision.principal }, 'a decision arrived after the audit trail closed');
      return;
    }
    this.#inBackground(this.#write([serviceDecisionEvent(decision, this.#o.region)]), decision.action);
  }

  #inBackground(write: Promise<void>, what: string): void {
    const settled = write.catch((err: unknown) => this.#o.logger.error({ err, what }, 'recording an audit event failed'));
    this.#background.add(settled);
    void settled.finally(() => this.#background.delete(settled));
  }

  async complete(call: CompletedCall): Promise<void> {
    const decisions = this.#open.get(call.request.requestId) ?? [];
    this.#open.delete(call.request.requestId);
    const events = callEvents(call, decisions);
    if (call.note.description.management === false && !this.#wantsDataEvent(call)) {
      // No trail selects this data event: it is kept for its decisions (the internal stream, invariant 1), but
      // the call does not wait for it, as no trail or history promises it to anyone.
      this.#inBackground(this.#write(events), call.operation);
      return;
    }
    await this.#write(events);
    const first = events[0];
    if (first === undefined || call.error !== undefined || this.#o.config === undefined) return;
    for (const change of call.note.changes) {
      try {
        await this.#o.config.record({
          ...change,
          accountId: change.accountId ?? call.caller.accountId,
          region: call.region,
          eventId: first.eventId,
          time: call.request.receivedAt,
        });
      } catch (err) {
        // The event itself is durable; history is derived from the store and a failure here is loud, not fatal.
        this.#o.logger.error({ err, resource: change.resourceName }, 'recording a configuration item failed');
      }
    }
  }

  #wantsDataEvent(call: CompletedCall): boolean {
    const interest = this.#o.interest;
    if (interest === undefined) return false;
    const owner = call.note.description.recipientAccountId ?? call.caller.accountId;
    return (call.note.description.resources ?? []).some(
      (r) => r.type === 'AWS::Lambda::Function' && interest.wantsInvokeEvents(owner, call.region, r.name),
    );
  }

  #write(events: readonly NewTrailEvent[]): Promise<void> {
    return this.#commit.run((tx) => tx.insertTrailEvents(events));
  }

  /** Resolves once every event submitted so far is durable. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.#background]);
    await this.#commit.drain();
  }

  /** Waits for every event submitted so far to be durable. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#background]);
    await this.#commit.drain();
  }
}
