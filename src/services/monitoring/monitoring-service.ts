/**
 * The CloudWatch-compatible metrics and alarms service's runtime: the operations' dependencies, the
 * platform's ingest (MetricsIngest), the alarm evaluator and its action dispatch, the retention sweep and
 * the Prometheus registry. `start()` starts the timers; `close()` stops them, makes buffered metrics durable
 * and waits for running alarm actions.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../shared/clock.js';
import type { Authorize } from '../../iam/authz/authorize.js';
import { GroupCommit } from '../../store/group-commit.js';
import type { MonitoringStore, MonitoringTx } from './store/monitoring-tx.js';
import type { MonitoringDeps } from './monitoring-deps.js';
import type { AlarmActionTargets } from './alarm-actions.js';
import type { MetricsIngest } from './metrics-ingest.js';
import { MetricsBuffer } from './ingest/metrics-buffer.js';
import { AlarmEvaluator } from './alarms/alarm-evaluator.js';
import { ActionDispatch } from './alarms/action-dispatch.js';
import { PrometheusMirror } from './prometheus/prometheus-mirror.js';
import { MetricsEndpoint } from './prometheus/metrics-endpoint.js';
import type { ApiResponse } from '../../http/api-request.js';
import { sweepRetention } from './retention.js';
import type { SweepResult } from './retention.js';

export interface MonitoringServiceOptions {
  readonly store: MonitoringStore;
  readonly clock: Clock;
  readonly region: string;
  readonly authorize: Authorize;
  readonly logger: Logger;
  /** Where alarm actions go (Lambda functions, SQS queues). */
  readonly actions: AlarmActionTargets;
  /** Operator bearer token for `GET /metrics`; undefined closes the endpoint. */
  readonly metricsToken?: string;
  /** @default 10 000 ms */
  readonly evaluationIntervalMs?: number;
  /** @default 1000 ms */
  readonly ingestFlushIntervalMs?: number;
  /** @default 300 000 ms */
  readonly sweepIntervalMs?: number;
}

export class MonitoringService {
  readonly deps: MonitoringDeps;
  readonly evaluator: AlarmEvaluator;
  readonly prometheus: PrometheusMirror;
  readonly #buffer: MetricsBuffer;
  readonly #dispatch: ActionDispatch;
  readonly #endpoint: MetricsEndpoint;
  readonly #o: MonitoringServiceOptions;
  #sweep: NodeJS.Timeout | undefined;
  /** Evaluations of alarms just created or changed, still running. */
  readonly #fresh = new Set<Promise<void>>();

  constructor(options: MonitoringServiceOptions) {
    this.#o = options;
    const commits = new GroupCommit<MonitoringTx>({ store: options.store });
    this.prometheus = new PrometheusMirror();
    this.#dispatch = new ActionDispatch({ store: options.store, targets: options.actions, clock: options.clock, region: options.region, logger: options.logger });
    this.evaluator = new AlarmEvaluator({
      store: options.store,
      clock: options.clock,
      region: options.region,
      logger: options.logger,
      dispatch: (p) => this.#dispatch.dispatch(p),
      ...(options.evaluationIntervalMs === undefined ? {} : { intervalMs: options.evaluationIntervalMs }),
    });
    this.deps = {
      store: options.store,
      commits,
      clock: options.clock,
      region: options.region,
      authorize: options.authorize,
      logger: options.logger,
      dispatch: (p) => this.#dispatch.dispatch(p),
      alarmChanged: (accountId, name) => {
        const run = this.evaluator.evaluateAlarm(accountId, name).catch((err: unknown) => options.logger.warn({ err, alarm: name }, 'evaluating a new alarm failed'));
        this.#fresh.add(run);
        void run.finally(() => this.#fresh.delete(run));
      },
    };
    this.#buffer = new MetricsBuffer({
      commits,
      logger: options.logger,
      observe: (accountId, namespace, d) => this.prometheus.observe(accountId, namespace, d),
      ...(options.ingestFlushIntervalMs === undefined ? {} : { flushIntervalMs: options.ingestFlushIntervalMs }),
    });
    this.#endpoint = new MetricsEndpoint({ registry: this.prometheus.registry, ...(options.metricsToken === undefined ? {} : { token: options.metricsToken }) });
  }

  /** The platform's own publisher (AWS/Lambda, AWS/SQS, …). */
  get ingest(): MetricsIngest {
    return this.#buffer;
  }

  start(): void {
    this.#buffer.start();
    this.evaluator.start();
    if (this.#sweep === undefined) {
      this.#sweep = setInterval(() => {
        void this.sweepNow().catch((err: unknown) => this.#o.logger.warn({ err }, 'metrics retention sweep failed'));
      }, this.#o.sweepIntervalMs ?? 300_000);
      this.#sweep.unref();
    }
  }

  /**
   * Waits for the evaluations of alarms just put, evaluates every alarm now, and waits for the actions of
   * the changes made.
   */
  async evaluateNow(): Promise<void> {
    await Promise.allSettled([...this.#fresh]);
    await this.#buffer.flush();
    await this.evaluator.evaluateNow();
    await this.#dispatch.idle();
  }

  /** Waits for running alarm actions. */
  actionsIdle(): Promise<void> {
    return this.#dispatch.idle();
  }

  sweepNow(): Promise<SweepResult> {
    return sweepRetention(this.#o.store, this.#o.clock);
  }

  /** `GET /metrics` (Prometheus text exposition) for the bearer token in `authorization`. */
  scrape(method: string, authorization: string | undefined): Promise<ApiResponse> {
    return this.#endpoint.scrape(method, authorization);
  }

  async close(): Promise<void> {
    if (this.#sweep !== undefined) clearInterval(this.#sweep);
    this.#sweep = undefined;
    await this.evaluator.close();
    await Promise.allSettled([...this.#fresh]);
    await this.#buffer.close();
    await this.#dispatch.idle();
  }
}
