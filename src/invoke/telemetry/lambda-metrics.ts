/**
 * Lambda's CloudWatch metrics (namespace AWS/Lambda) with AWS's names, units and dimensions
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html): each datum is published
 * across all functions (no dimensions), by FunctionName, by Resource (the function as invoked:
 * `name` or `name:qualifier`) and, for invocations through an alias, by ExecutedVersion.
 * Concurrency figures are this node's: on a cluster each node publishes its own (Maximum per node).
 */
import type { IngestMetricDatum, MetricDimension, MetricsIngest } from '../../services/monitoring/metrics-ingest.js';

export const LAMBDA_NAMESPACE = 'AWS/Lambda';
/** lambdabox's own figures that AWS has no metric for (logs a role may not write). */
export const LAMBDABOX_NAMESPACE = 'Lambdabox/Lambda';

export interface MetricFunction {
  readonly accountId: string;
  readonly functionName: string;
  /** As invoked: an alias, a version, `$LATEST`, or null when unqualified. */
  readonly qualifier: string | null;
  /** The version that ran; given for invocations through an alias. */
  readonly executedVersion?: string;
}

export interface InvocationFigures extends MetricFunction {
  readonly durationMs: number;
  /** The function returned an error (handled by the runtime, a timeout, a crash). */
  readonly error: boolean;
}

export class LambdaMetrics {
  readonly #ingest: MetricsIngest;
  readonly #now: () => number;
  /** Executions running on this node: per `<account>:<function>`, per account, per account without reservation. */
  readonly #running = new Map<string, number>();

  constructor(options: { readonly ingest: MetricsIngest; readonly now?: () => number }) {
    this.#ingest = options.ingest;
    this.#now = options.now ?? Date.now;
  }

  invocation(f: InvocationFigures): void {
    this.#put(f, [
      ['Invocations', 'Count', 1],
      ['Errors', 'Count', f.error ? 1 : 0],
      ['Duration', 'Milliseconds', f.durationMs],
    ]);
  }

  throttle(f: MetricFunction): void {
    this.#put(f, [['Throttles', 'Count', 1]]);
  }

  /** An execution starts here: ConcurrentExecutions (and UnreservedConcurrentExecutions) at their new height. */
  started(f: MetricFunction, reserved: boolean): void {
    const own = this.#bump(`${f.accountId}:${f.functionName}`, 1);
    const account = this.#bump(`${f.accountId}:`, 1);
    const unreserved = reserved ? (this.#running.get(`${f.accountId}:unreserved`) ?? 0) : this.#bump(`${f.accountId}:unreserved`, 1);
    const t = this.#now();
    this.#ingest.put(f.accountId, LAMBDA_NAMESPACE, [
      datum('ConcurrentExecutions', 'Count', own, t, [{ Name: 'FunctionName', Value: f.functionName }]),
      datum('ConcurrentExecutions', 'Count', account, t, []),
      datum('UnreservedConcurrentExecutions', 'Count', unreserved, t, []),
    ]);
  }

  finished(f: MetricFunction, reserved: boolean): void {
    this.#bump(`${f.accountId}:${f.functionName}`, -1);
    this.#bump(`${f.accountId}:`, -1);
    if (!reserved) this.#bump(`${f.accountId}:unreserved`, -1);
  }

  asyncEventReceived(f: MetricFunction): void {
    this.#put(f, [['AsyncEventsReceived', 'Count', 1]]);
  }

  /** The time from the event's acceptance to this attempt to run it. */
  asyncEventAge(f: MetricFunction, ageMs: number): void {
    this.#put(f, [['AsyncEventAge', 'Milliseconds', Math.max(0, ageMs)]]);
  }

  asyncEventDropped(f: MetricFunction): void {
    this.#put(f, [['AsyncEventsDropped', 'Count', 1]]);
  }

  destinationDeliveryFailure(f: MetricFunction): void {
    this.#put(f, [['DestinationDeliveryFailures', 'Count', 1]]);
  }

  deadLetterError(f: MetricFunction): void {
    this.#put(f, [['DeadLetterErrors', 'Count', 1]]);
  }

  /** Log events the execution role may not write: dropped, as AWS drops them, and counted here. */
  logEventsDropped(f: MetricFunction, count: number): void {
    this.#ingest.put(f.accountId, LAMBDABOX_NAMESPACE, [
      datum('DroppedLogEvents', 'Count', count, this.#now(), [{ Name: 'FunctionName', Value: f.functionName }]),
    ]);
  }

  #put(f: MetricFunction, figures: readonly (readonly [string, string, number])[]): void {
    const t = this.#now();
    const sets = dimensionSets(f);
    const data: IngestMetricDatum[] = [];
    for (const [name, unit, value] of figures) for (const dims of sets) data.push(datum(name, unit, value, t, dims));
    this.#ingest.put(f.accountId, LAMBDA_NAMESPACE, data);
  }

  #bump(key: string, by: number): number {
    const n = Math.max(0, (this.#running.get(key) ?? 0) + by);
    if (n === 0) this.#running.delete(key);
    else this.#running.set(key, n);
    return n;
  }
}

function dimensionSets(f: MetricFunction): MetricDimension[][] {
  const name = { Name: 'FunctionName', Value: f.functionName };
  const resource = { Name: 'Resource', Value: f.qualifier === null ? f.functionName : `${f.functionName}:${f.qualifier}` };
  const sets: MetricDimension[][] = [[], [name], [name, resource]];
  if (f.executedVersion !== undefined && f.qualifier !== null && f.qualifier !== f.executedVersion) {
    sets.push([name, resource, { Name: 'ExecutedVersion', Value: f.executedVersion }]);
  }
  return sets;
}

function datum(name: string, unit: string, value: number, t: number, dims: readonly MetricDimension[]): IngestMetricDatum {
  return { MetricName: name, Timestamp: t, Unit: unit, Value: value, ...(dims.length === 0 ? {} : { Dimensions: dims }) };
}
