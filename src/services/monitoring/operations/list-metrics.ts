/**
 * ListMetrics: metrics with data in the last two weeks (CloudWatch's window; `RecentlyActive=PT3H`: the last
 * three hours), filtered by namespace, name and dimensions (a filter without a value matches any value), 500
 * a page in key order.
 */
import type { MonitoringInput } from '../api/monitoring-input.js';
import type { MonitoringCall, MonitoringDeps } from '../monitoring-deps.js';
import { authorizeMonitoring } from '../monitoring-deps.js';
import { constraint } from '../monitoring-errors.js';
import { parseDimensions } from '../metrics/metric-key.js';
import { checkLength, checkNamespace, collectionTooLarge } from './metric-checks.js';
import { decodeToken, encodeToken, isString } from './paging.js';

const PAGE = 500;
const TWO_WEEKS_MS = 14 * 24 * 3600 * 1000;
const THREE_HOURS_MS = 3 * 3600 * 1000;

export async function listMetrics(deps: MonitoringDeps, call: MonitoringCall, input: MonitoringInput): Promise<Record<string, unknown>> {
  await authorizeMonitoring(deps, call, 'ListMetrics');
  const namespace = input.string('Namespace');
  if (namespace !== undefined) checkNamespace(input, 'Namespace', namespace);
  const metricName = input.string('MetricName');
  if (metricName !== undefined) checkLength(input, 'MetricName', metricName, 1, 255);
  const filterItems = input.structs('Dimensions');
  if (filterItems.length > 10) throw collectionTooLarge('Dimensions', 10);
  const filters = filterItems.map((f) => ({ name: f.requiredString('Name'), value: f.string('Value') }));
  const recently = input.string('RecentlyActive');
  if (recently !== undefined && recently !== 'PT3H') throw constraint('recentlyActive', recently, 'Member must satisfy enum value set: [PT3H]');
  let after = decodeToken(input.string('NextToken'), isString);
  const now = deps.clock.now().getTime();
  const activeSince = now - (recently === 'PT3H' ? THREE_HOURS_MS : TWO_WEEKS_MS);
  const found: Array<Record<string, unknown>> = [];
  let more = false;
  for (;;) {
    const rows = await deps.store.transact((tx) =>
      tx.metrics({
        accountId: call.caller.accountId,
        ...(namespace === undefined ? {} : { namespace }),
        ...(metricName === undefined ? {} : { metricName }),
        activeSince,
        ...(after === undefined ? {} : { afterKey: after }),
        limit: PAGE,
      }),
    );
    for (const row of rows) {
      const dims = parseDimensions(row.dimensions);
      const matches = filters.every((f) => dims.some((d) => d.Name === f.name && (f.value === undefined || d.Value === f.value)));
      if (!matches) continue;
      if (found.length === PAGE) {
        more = true;
        break;
      }
      found.push({ Namespace: row.namespace, MetricName: row.metricName, Dimensions: dims, key: row.metricKey });
    }
    if (more || rows.length < PAGE) break;
    after = rows[rows.length - 1]?.metricKey;
  }
  const last = found[found.length - 1];
  return {
    Metrics: found.map(({ key: _key, ...m }) => m),
    ...(more && last !== undefined ? { NextToken: encodeToken(last['key']) } : {}),
  };
}
