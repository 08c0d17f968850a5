/** What the monitoring operations are built from, and the frame of one call. */
import type { Logger } from 'pino';
import type { Clock } from '../../shared/clock.js';
import type { Authorize } from '../../iam/authz/authorize.js';
import type { Caller } from '../../iam/caller.js';
import type { RequestFacts } from '../../iam/authz/access-request.js';
import type { ContextValue } from '../../iam/policy/conditions/context-value.js';
import type { GroupCommit } from '../../store/group-commit.js';
import type { MonitoringStore, MonitoringTx } from './store/monitoring-tx.js';
import type { PendingActions } from './alarms/alarm-transition.js';

export interface MonitoringDeps {
  readonly store: MonitoringStore;
  /** Metric writes (PutMetricData and the platform's ingest) share batches. */
  readonly commits: GroupCommit<MonitoringTx>;
  readonly clock: Clock;
  readonly region: string;
  readonly authorize: Authorize;
  readonly logger: Logger;
  /** Runs the evaluator on one alarm right after it was created or changed (its state may change at once). */
  readonly alarmChanged?: (accountId: string, alarmName: string) => void;
  /** Runs the actions of a committed state change (SetAlarmState). */
  readonly dispatch?: (pending: PendingActions) => void;
}

export function alarmResource(deps: MonitoringDeps, call: MonitoringCall, name: string): string {
  return `arn:aws:cloudwatch:${deps.region}:${call.caller.accountId}:alarm:${name}`;
}

export interface MonitoringCall {
  readonly caller: Caller;
  readonly facts: RequestFacts;
}

export async function authorizeMonitoring(
  deps: MonitoringDeps,
  call: MonitoringCall,
  action: string,
  resource = '*',
  context?: Readonly<Record<string, ContextValue>>,
): Promise<void> {
  await deps.authorize.authorize(
    call.caller,
    { action: `cloudwatch:${action}`, resource, resourceAccountId: call.caller.accountId, ...(context === undefined ? {} : { context }) },
    call.facts,
  );
}
