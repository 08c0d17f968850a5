/**
 * Runs an alarm's actions after its state change committed, through the AlarmActionTargets port, and
 * records each outcome as an `Action` history item ("Successfully executed action …" / "Failed to execute
 * action …", CloudWatch's wording). A failed action does not undo the state change.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../../shared/clock.js';
import type { AlarmActionTargets } from '../alarm-actions.js';
import type { MonitoringStore } from '../store/monitoring-tx.js';
import type { PendingActions } from './alarm-transition.js';
import { parseActionArn } from './action-arns.js';

export interface ActionDispatchOptions {
  readonly store: MonitoringStore;
  readonly targets: AlarmActionTargets;
  readonly clock: Clock;
  readonly region: string;
  readonly logger: Logger;
}

export class ActionDispatch {
  readonly #o: ActionDispatchOptions;
  readonly #running = new Set<Promise<void>>();

  constructor(options: ActionDispatchOptions) {
    this.#o = options;
  }

  /** Starts the actions; `idle()` waits for them. */
  dispatch(pending: PendingActions): void {
    const run = this.#run(pending).catch((err: unknown) => this.#o.logger.warn({ err, alarm: pending.alarmName }, 'alarm actions failed'));
    this.#running.add(run);
    void run.finally(() => this.#running.delete(run));
  }

  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  async #run(p: PendingActions): Promise<void> {
    for (const arn of p.actions) {
      let summary: string;
      let error: string | undefined;
      try {
        const target = parseActionArn(arn, this.#o.region, p.accountId);
        if (target.kind === 'lambda') await this.#o.targets.invokeFunction(p.accountId, arn, p.event);
        else await this.#o.targets.sendToQueue(p.accountId, arn, p.event);
        summary = `Successfully executed action ${arn}`;
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
        summary = `Failed to execute action ${arn}. Received error: "${error}"`;
      }
      const now = this.#o.clock.now().getTime();
      await this.#o.store.transact((tx) =>
        tx.appendAlarmHistory({
          accountId: p.accountId,
          alarmName: p.alarmName,
          alarmType: 'MetricAlarm',
          ts: now,
          itemType: 'Action',
          summary,
          data: JSON.stringify({ actionState: error === undefined ? 'Succeeded' : 'Failed', stateUpdateTimestamp: now, ...(error === undefined ? {} : { error }) }),
        }),
      );
    }
  }
}
