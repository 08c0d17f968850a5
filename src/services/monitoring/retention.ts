/**
 * Retention, a documented bound rather than AWS's roll-ups: 1-second (high-resolution) aggregates are kept
 * 3 hours, 1-minute aggregates 15 days (AWS keeps coarser roll-ups longer: 5 minutes for 63 days, 1 hour for
 * 455 days; lambdabox does not roll up). Metrics with nothing put for 15 days disappear from ListMetrics and
 * the store; alarm history is kept 30 days, as in CloudWatch.
 */
import type { Clock } from '../../shared/clock.js';
import type { MonitoringStore } from './store/monitoring-tx.js';

export const RETENTION_MS = {
  highResolution: 3 * 3600 * 1000,
  standard: 15 * 24 * 3600 * 1000,
  alarmHistory: 30 * 24 * 3600 * 1000,
} as const;

export interface SweepResult {
  readonly datapoints: number;
  readonly metrics: number;
  readonly history: number;
}

export async function sweepRetention(store: MonitoringStore, clock: Clock): Promise<SweepResult> {
  const now = clock.now().getTime();
  return store.transact(async (tx) => {
    const datapoints =
      (await tx.deleteDatapointsBefore(1, now - RETENTION_MS.highResolution)) + (await tx.deleteDatapointsBefore(60, now - RETENTION_MS.standard));
    const metrics = await tx.deleteMetricsInactiveSince(now - RETENTION_MS.standard);
    const history = await tx.deleteAlarmHistoryBefore(now - RETENTION_MS.alarmHistory);
    return { datapoints, metrics, history };
  });
}
