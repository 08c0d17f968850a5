/** Reading MetricDataQueries (GetMetricData, and PutMetricAlarm's Metrics) from a request. */
import type { MonitoringInput } from '../api/monitoring-input.js';
import type { MetricQuerySpec } from '../alarms/alarm-record.js';
import { validationError } from '../monitoring-errors.js';
import { parseExpression } from '../metrics/metric-math.js';
import { checkLength, checkNamespace, isStatistic, readDimensions, readRequiredPeriod, readUnit } from './metric-checks.js';

const ID = /^[a-z][a-zA-Z0-9_]*$/;

export function readMetricQueries(input: MonitoringInput, member: string, max: number): MetricQuerySpec[] {
  const items = input.structs(member);
  if (items.length > max) throw validationError(`The collection ${member} must not have a size greater than ${max}.`);
  const ids = new Set<string>();
  const queries = items.map((q) => {
    const id = q.requiredString('Id');
    checkLength(q, 'Id', id, 1, 255);
    if (!ID.test(id)) throw validationError(`Invalid metrics list: the Id '${id}' must start with a lowercase letter and contain only letters, numbers and underscores.`);
    if (ids.has(id)) throw validationError(`The values for parameter id in ${member} are not unique.`);
    ids.add(id);
    const stat = q.struct('MetricStat');
    const expression = q.string('Expression');
    if ((stat === undefined) === (expression === undefined)) {
      throw validationError(`Exactly one element of ${q.name('MetricStat')} and ${q.name('Expression')} must be specified.`);
    }
    const label = q.string('Label');
    const returnData = q.bool('ReturnData');
    const period = q.int('Period');
    const accountId = q.string('AccountId');
    const common = {
      Id: id,
      ...(label === undefined ? {} : { Label: label }),
      ...(returnData === undefined ? {} : { ReturnData: returnData }),
      ...(accountId === undefined ? {} : { AccountId: accountId }),
    };
    if (expression !== undefined) {
      checkLength(q, 'Expression', expression, 1, 2048);
      parseExpression(expression);
      return { ...common, Expression: expression, ...(period === undefined ? {} : { Period: period }) };
    }
    const s = stat as MonitoringInput;
    const metric = s.struct('Metric');
    if (metric === undefined) throw validationError(`The parameter ${s.name('Metric')} is required.`);
    const namespace = metric.requiredString('Namespace');
    checkNamespace(metric, 'Namespace', namespace);
    const metricName = metric.requiredString('MetricName');
    checkLength(metric, 'MetricName', metricName, 1, 255);
    const dimensions = readDimensions(metric);
    const p = readRequiredPeriod(s);
    const st = s.requiredString('Stat');
    if (!isStatistic(st)) throw validationError(`Invalid statistic '${st}' in ${s.name('Stat')}.`);
    const unit = readUnit(s);
    return {
      ...common,
      MetricStat: { Metric: { Namespace: namespace, MetricName: metricName, Dimensions: dimensions }, Period: p, Stat: st, ...(unit === undefined ? {} : { Unit: unit }) },
    };
  });
  return queries;
}
