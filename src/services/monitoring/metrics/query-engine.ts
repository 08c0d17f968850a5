/**
 * Runs a list of metric data queries (GetMetricData, and alarms of the Metrics-array form): MetricStat
 * queries read the store, expressions are evaluated once the ids they read are known (in dependency order;
 * a cycle is refused).
 */
import type { MonitoringTx } from '../store/monitoring-tx.js';
import type { MetricQuerySpec } from '../alarms/alarm-record.js';
import { validationError } from '../monitoring-errors.js';
import { evaluateExpression, parseExpression, referencedIds } from './metric-math.js';
import type { Series } from './metric-math.js';
import { readStatistic } from './metric-reader.js';

export interface QueryResult {
  readonly id: string;
  readonly label: string;
  readonly series: Series;
}

export async function runQueries(
  tx: MonitoringTx,
  accountId: string,
  queries: readonly MetricQuerySpec[],
  start: number,
  end: number,
): Promise<Map<string, QueryResult>> {
  const results = new Map<string, QueryResult>();
  const metricIds: string[] = [];
  for (const q of queries) {
    if (q.MetricStat === undefined) continue;
    const ms = q.MetricStat;
    const points = await readStatistic(tx, {
      accountId,
      namespace: ms.Metric.Namespace,
      metricName: ms.Metric.MetricName,
      dimensions: ms.Metric.Dimensions,
      stat: ms.Stat,
      ...(ms.Unit === undefined ? {} : { unit: ms.Unit }),
      period: ms.Period,
      start,
      end,
    });
    results.set(q.Id, { id: q.Id, label: q.Label ?? ms.Metric.MetricName, series: new Map(points.map((p) => [p.ts, p.value])) });
    metricIds.push(q.Id);
  }
  const pending = queries.filter((q) => q.Expression !== undefined).map((q) => ({ q, node: parseExpression(q.Expression ?? '') }));
  const known = new Set(queries.map((q) => q.Id));
  for (const { q, node } of pending) {
    for (const id of referencedIds(node)) {
      if (!known.has(id)) throw validationError(`Error in expression '${q.Expression ?? ''}': Unrecognized metric or expression '${id}'`);
    }
  }
  const ctx = { series: (id: string) => results.get(id)?.series, metricIds: () => metricIds };
  let progress = true;
  while (pending.length > 0 && progress) {
    progress = false;
    for (let i = 0; i < pending.length; i++) {
      const item = pending[i];
      if (item === undefined || !referencedIds(item.node).every((id) => results.has(id))) continue;
      const expression = item.q.Expression ?? '';
      results.set(item.q.Id, { id: item.q.Id, label: item.q.Label ?? item.q.Id, series: evaluateExpression(expression, item.node, ctx) });
      pending.splice(i, 1);
      i--;
      progress = true;
    }
  }
  if (pending.length > 0) throw validationError(`Circular dependency between metric data queries: ${pending.map((p) => p.q.Id).join(', ')}`);
  return results;
}
