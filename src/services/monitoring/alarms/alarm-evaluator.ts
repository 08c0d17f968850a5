/**
 * Evaluates every alarm on a timer (the injected clock gives the time): each alarm looks at its last
 * EvaluationPeriods complete periods, and a state change is written with its history item in one
 * transaction; its actions run after the commit. `evaluateNow()` runs one round at once (tests, tools).
 */
import type { Logger } from 'pino';
import type { Clock } from '../../../shared/clock.js';
import type { MonitoringStore, MonitoringTx } from '../store/monitoring-tx.js';
import type { AlarmRecord } from './alarm-record.js';
import { alarmPeriod, toAlarmRecord } from './alarm-record.js';
import { evaluateAlarm } from './alarm-evaluation.js';
import type { PeriodValue } from './alarm-evaluation.js';
import { changeState } from './alarm-transition.js';
import type { PendingActions } from './alarm-transition.js';
import { readStatistic } from '../metrics/metric-reader.js';
import { runQueries } from '../metrics/query-engine.js';

export interface AlarmEvaluatorOptions {
  readonly store: MonitoringStore;
  readonly clock: Clock;
  readonly region: string;
  readonly logger: Logger;
  readonly dispatch: (pending: PendingActions) => void;
  /** @default 10 000 ms */
  readonly intervalMs?: number;
}

async function periodValues(tx: MonitoringTx, accountId: string, alarm: AlarmRecord, now: number): Promise<PeriodValue[]> {
  const period = alarmPeriod(alarm);
  const periodMs = period * 1000;
  const end = Math.floor(now / periodMs) * periodMs;
  const start = end - alarm.EvaluationPeriods * periodMs;
  let found: Map<number, { value: number; sampleCount?: number }>;
  if (alarm.Metrics !== undefined) {
    const results = await runQueries(tx, accountId, alarm.Metrics, start, end);
    const returned = alarm.Metrics.find((m) => m.ReturnData !== false);
    const series = returned === undefined ? new Map<number, number>() : (results.get(returned.Id)?.series ?? new Map<number, number>());
    found = new Map([...series].map(([ts, value]) => [ts, { value }]));
  } else {
    const points = await readStatistic(tx, {
      accountId,
      namespace: alarm.Namespace ?? '',
      metricName: alarm.MetricName ?? '',
      dimensions: alarm.Dimensions,
      stat: alarm.Statistic ?? alarm.ExtendedStatistic ?? 'Average',
      ...(alarm.Unit === undefined ? {} : { unit: alarm.Unit }),
      period,
      start,
      end,
    });
    found = new Map(points.map((p) => [p.ts, { value: p.value, sampleCount: p.sampleCount }]));
  }
  const out: PeriodValue[] = [];
  for (let ts = end - periodMs; ts >= start; ts -= periodMs) {
    const f = found.get(ts);
    out.push(f === undefined ? { ts } : { ts, value: f.value, ...(f.sampleCount === undefined ? {} : { sampleCount: f.sampleCount }) });
  }
  return out;
}

export class AlarmEvaluator {
  readonly #o: AlarmEvaluatorOptions;
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<void> | undefined;
  #closed = false;

  constructor(options: AlarmEvaluatorOptions) {
    this.#o = options;
  }

  start(): void {
    if (this.#timer !== undefined || this.#closed) return;
    this.#timer = setInterval(() => {
      if (this.#round === undefined) void this.evaluateNow().catch((err: unknown) => this.#o.logger.warn({ err }, 'alarm evaluation failed'));
    }, this.#o.intervalMs ?? 10_000);
    this.#timer.unref();
  }

  /** Stops the timer and waits for a round in progress. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#round;
  }

  /** One round over every alarm; resolves once each state change is committed (actions run after). */
  async evaluateNow(): Promise<void> {
    while (this.#round !== undefined) await this.#round;
    const round = this.#evaluateAll();
    this.#round = round;
    try {
      await round;
    } finally {
      this.#round = undefined;
    }
  }

  /** Evaluates one alarm (after PutMetricAlarm). */
  async evaluateAlarm(accountId: string, alarmName: string): Promise<void> {
    await this.#evaluateOne(accountId, alarmName);
  }

  async #evaluateAll(): Promise<void> {
    const rows = await this.#o.store.transact((tx) => tx.allAlarms());
    for (const row of rows) {
      try {
        await this.#evaluateOne(row.accountId, row.alarmName);
      } catch (err) {
        this.#o.logger.warn({ err, alarm: row.alarmName }, 'evaluating an alarm failed');
      }
    }
  }

  async #evaluateOne(accountId: string, alarmName: string): Promise<void> {
    const now = this.#o.clock.now().getTime();
    const pending = await this.#o.store.transact(async (tx) => {
      const row = await tx.alarm(accountId, alarmName);
      if (row === undefined) return undefined;
      const alarm = toAlarmRecord(row);
      const result = evaluateAlarm(alarm, await periodValues(tx, accountId, alarm, now), now);
      if (result === undefined || result.state === alarm.StateValue) return undefined;
      return (await changeState(tx, accountId, this.#o.region, alarm, result, now)).actions;
    });
    if (pending !== undefined) this.#o.dispatch(pending);
  }
}
