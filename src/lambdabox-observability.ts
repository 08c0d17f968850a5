/**
 * The observability services of the composition root, built and closed together: CloudWatch Logs,
 * CloudWatch metrics and alarms, X-Ray; their APIs on the front door; and what the invoke path writes
 * through (InvocationTelemetry). Lambda alarm actions invoke as the service principal CloudWatch uses.
 */
import type { Logger } from 'pino';
import type { KeyService } from './shared/crypto/key-service.js';
import type { Clock } from './shared/clock.js';
import type { Authorizer } from './iam/authz/authorizer.js';
import type { Caller } from './iam/caller.js';
import type { ApiService } from './http/service.js';
import type { QueueDelivery } from './services/sqs/queue-delivery.js';
import { LogsApi } from './services/logs/api/logs-api.js';
import { LogsService } from './services/logs/logs-service.js';
import { MonitoringApi } from './services/monitoring/api/monitoring-api.js';
import { MonitoringService } from './services/monitoring/monitoring-service.js';
import { XrayApi } from './services/xray/api/xray-api.js';
import { XrayService } from './services/xray/xray-service.js';
import { InvocationTelemetry } from './invoke/telemetry/invocation-telemetry.js';
import { LambdaMetrics } from './invoke/telemetry/lambda-metrics.js';
import { LogPermission } from './invoke/telemetry/log-permission.js';
import type { ServiceInvoke } from './invoke/async/service-invoke.js';
import { InvalidStateError } from './shared/errors/lambdabox-error.js';
import type { LambdaboxOptions } from './lambdabox-options.js';
import type { LambdaboxStore } from './lambdabox-store.js';

/** The service principal CloudWatch alarms invoke Lambda functions as (the function's resource policy must name it). */
export const ALARMS_PRINCIPAL = 'lambda.alarms.cloudwatch.amazonaws.com';

export interface ObservabilityOptions {
  readonly options: LambdaboxOptions;
  readonly store: LambdaboxStore;
  readonly keys: KeyService;
  readonly clock: Clock;
  readonly authorizer: Authorizer;
  readonly logger: Logger;
  /** Alarm actions that send to a queue go here. */
  readonly queues: QueueDelivery;
}

export class Observability {
  readonly logs: LogsService;
  readonly monitoring: MonitoringService;
  readonly xray: XrayService;
  readonly #o: ObservabilityOptions;
  /** Set with the data plane; until then (or without one) Lambda alarm actions fail, and say why. */
  #services: ServiceInvoke | undefined;

  constructor(o: ObservabilityOptions) {
    this.#o = o;
    const { options, store, keys, clock, authorizer: authorize, logger } = o;
    const region = options.region;
    this.logs = new LogsService({ store, keys, clock, region, authorize, logger });
    this.monitoring = new MonitoringService({
      store,
      clock,
      region,
      authorize,
      logger,
      ...(options.metricsToken === undefined ? {} : { metricsToken: options.metricsToken }),
      ...(options.alarmEvaluationIntervalMs === undefined ? {} : { evaluationIntervalMs: options.alarmEvaluationIntervalMs }),
      actions: {
        invokeFunction: async (accountId, functionArn, event) => {
          const services = this.#services;
          if (services === undefined) throw new InvalidStateError(`alarm actions cannot invoke ${functionArn}: this server runs no functions`);
          await services.invokeAsync({
            principal: ALARMS_PRINCIPAL,
            sourceArn: alarmArnOf(event),
            sourceAccount: accountId,
            functionArn,
            payload: Buffer.from(event, 'utf8'),
          });
        },
        // Sent with the authority of the alarm's account (its root): PutMetricAlarm required the alarm's
        // author to be allowed sqs:SendMessage on the queue, and the queue must be in the alarm's account.
        sendToQueue: async (accountId, queueArn, body) => {
          await o.queues.send(alarmSender(accountId), queueArn, { body });
        },
      },
    });
    this.xray = new XrayService({
      store,
      keys,
      clock,
      region,
      authorize,
      logger,
      ...(options.otlpEndpoint === undefined ? {} : { otlpEndpoint: options.otlpEndpoint }),
    });
  }

  apis(): ApiService[] {
    return [new MonitoringApi({ deps: this.monitoring.deps }), new XrayApi({ deps: this.xray.deps }), new LogsApi({ deps: this.logs.deps })];
  }

  /** Lambda alarm actions go through `services` (asynchronous invokes allowed by resource policies). */
  invokesWith(services: ServiceInvoke): void {
    this.#services = services;
  }

  /**
   * Where invocations' logs (as the execution role may write them), Lambda's metrics, EMF metrics and
   * X-Ray segments go; with `observability: false` (benchmarks only) nothing is written.
   */
  telemetry(policyGeneration: () => number): InvocationTelemetry {
    const { options, logger, clock } = this.#o;
    if (options.observability === false) {
      return new InvocationTelemetry({ region: options.region, logger, logs: { append: () => undefined, flush: () => Promise.resolve() } });
    }
    const metrics = this.monitoring.ingest;
    const now = (): number => clock.now().getTime();
    return new InvocationTelemetry({
      region: options.region,
      logger,
      logs: this.logs.ingest,
      traces: this.xray.ingest,
      metrics: new LambdaMetrics({ ingest: metrics, now }),
      customMetrics: metrics,
      now,
      permission: new LogPermission({ authorize: this.#o.authorizer, policyGeneration }),
    });
  }

  start(): void {
    this.xray.start();
    this.monitoring.start();
  }

  /** After the data plane: the last invocations' logs, metrics and segments are committed before the store closes. */
  async close(): Promise<void> {
    await this.monitoring.close();
    await this.xray.close();
    await this.logs.close();
  }

  destroy(): void {
    void this.monitoring.close().catch(() => undefined);
    void this.xray.close().catch(() => undefined);
    this.logs.destroy();
  }
}

/** The caller alarm actions send to SQS as: the alarm's account. */
function alarmSender(accountId: string): Caller {
  return { accountId, arn: `arn:aws:iam::${accountId}:root`, accessKeyId: '', kind: 'root' };
}

/** The alarm's ARN from its state-change event: aws:SourceArn of the invoke. */
function alarmArnOf(event: string): string {
  const parsed = JSON.parse(event) as { alarmArn?: unknown };
  if (typeof parsed.alarmArn !== 'string') throw new InvalidStateError('an alarm event without its alarm ARN');
  return parsed.alarmArn;
}
