/**
 * What an invocation leaves behind besides its answer: its log events in the function's log group
 * (when the execution role may write them; otherwise dropped and counted), the metrics of Embedded
 * Metric Format lines in them, and Lambda's AWS/Lambda metrics. Nothing here delays or fails the
 * invocation: logs and metrics are not acknowledged state.
 */
import type { Logger } from 'pino';
import type { IngestLogEvent, LogsIngest } from '../../services/logs/logs-ingest.js';
import type { MetricsIngest } from '../../services/monitoring/metrics-ingest.js';
import type { TraceIngest } from '../../services/xray/trace-ingest.js';
import { embeddedMetrics } from './embedded-metrics.js';
import type { LambdaMetrics, MetricFunction } from './lambda-metrics.js';
import type { LogPermission } from './log-permission.js';

export interface InvocationTelemetryOptions {
  readonly region: string;
  readonly logger: Logger;
  readonly logs: LogsIngest;
  /** Without it every function's logs land (in-process tools and tests that run no IAM). */
  readonly permission?: LogPermission;
  readonly metrics?: LambdaMetrics;
  /** Where EMF lines' metrics go (the function's account). */
  readonly customMetrics?: MetricsIngest;
  /** Lambda's segments of functions with Active tracing. */
  readonly traces?: TraceIngest;
  readonly now?: () => number;
}

export interface InvocationLogs {
  readonly fn: MetricFunction;
  readonly roleArn: string;
  readonly functionArn: string;
  readonly group: string;
  readonly stream: string;
  readonly lines: readonly string[];
}

export class InvocationTelemetry {
  readonly #o: InvocationTelemetryOptions;
  readonly #now: () => number;
  /** Writes still waiting for their permission check. */
  readonly #pending = new Set<Promise<void>>();

  constructor(options: InvocationTelemetryOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  get metrics(): LambdaMetrics | undefined {
    return this.#o.metrics;
  }

  /** Lambda's X-Ray segments of an invocation, stored in the function's account. */
  traces(accountId: string, documents: readonly string[]): void {
    if (documents.length > 0) this.#o.traces?.put(accountId, documents);
  }

  /** Writes an invocation's log lines (after the permission check, in order per stream). */
  logs(inv: InvocationLogs): void {
    if (inv.lines.length === 0) return;
    const timestamp = this.#now();
    const permission = this.#o.permission;
    const allowed =
      permission === undefined
        ? Promise.resolve(true)
        : permission.allowed({
            accountId: inv.fn.accountId,
            region: this.#o.region,
            roleArn: inv.roleArn,
            functionArn: inv.functionArn,
            functionName: inv.fn.functionName,
            group: inv.group,
            stream: inv.stream,
          });
    const written = allowed.then(
      (ok) => {
        try {
          if (!ok) {
            this.#o.metrics?.logEventsDropped(inv.fn, inv.lines.length);
            return;
          }
          this.#o.logs.append(inv.fn.accountId, inv.group, inv.stream, inv.lines.map((message) => ({ timestamp, message })));
          this.#extract(inv.fn.accountId, inv.lines, timestamp);
        } catch (err) {
          this.#o.logger.warn({ err }, 'writing function logs failed');
        }
      },
      (err: unknown) => this.#o.logger.warn({ err }, 'writing function logs failed'),
    );
    this.#pending.add(written);
    void written.finally(() => this.#pending.delete(written));
  }

  /** Lines the platform writes itself (async delivery failures): no execution role wrote them. */
  appendLogs(accountId: string, group: string, stream: string, events: readonly IngestLogEvent[]): void {
    this.#o.logs.append(accountId, group, stream, events);
  }

  /**
   * Resolves when every invocation's logs handed over before the call are durable (appended after their
   * permission check, then flushed): the async queue waits for it before an event leaves.
   */
  async flushLogs(): Promise<void> {
    await Promise.all([...this.#pending]);
    await this.#o.logs.flush();
  }

  #extract(accountId: string, lines: readonly string[], now: number): void {
    const sink = this.#o.customMetrics;
    if (sink === undefined) return;
    for (const line of lines) {
      for (const m of embeddedMetrics(line, now)) sink.put(accountId, m.namespace, m.data);
    }
  }
}
