/** Checks shared by the metric operations: names, dimensions, units, periods, statistics. */
import type { MetricDimension } from '../metrics-ingest.js';
import type { MonitoringInput } from '../api/monitoring-input.js';
import { constraint, invalidParameter, invalidValue, missingParameter } from '../monitoring-errors.js';
import type { MonitoringError } from '../monitoring-errors.js';
import { isPercentile, isStandardStatistic } from '../metrics/statistics.js';

export const STANDARD_UNITS: readonly string[] = [
  'Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes', 'Bits', 'Kilobits', 'Megabits',
  'Gigabits', 'Terabits', 'Percent', 'Count', 'Bytes/Second', 'Kilobytes/Second', 'Megabytes/Second', 'Gigabytes/Second', 'Terabytes/Second',
  'Bits/Second', 'Kilobits/Second', 'Megabits/Second', 'Gigabits/Second', 'Terabits/Second', 'Count/Second', 'None',
];

export const MAX_DIMENSIONS = 30;

export function checkLength(input: MonitoringInput, member: string, value: string, min: number, max: number): void {
  if (value.length < min) throw constraint(input.name(member), value, `Member must have length greater than or equal to ${min}`);
  if (value.length > max) throw constraint(input.name(member), value, `Member must have length less than or equal to ${max}`);
}

export function checkNamespace(input: MonitoringInput, member: string, value: string): void {
  checkLength(input, member, value, 1, 255);
  if (value.startsWith(':')) throw constraint(input.name(member), value, 'Member must satisfy regular expression pattern: [^:].*');
}

export function readUnit(input: MonitoringInput, member = 'Unit'): string | undefined {
  const unit = input.string(member);
  if (unit !== undefined && !STANDARD_UNITS.includes(unit)) {
    throw constraint(input.name(member), unit, `Member must satisfy enum value set: [${STANDARD_UNITS.join(', ')}]`);
  }
  return unit;
}

export function readDimensions(input: MonitoringInput, member = 'Dimensions', max = MAX_DIMENSIONS): MetricDimension[] {
  const items = input.structs(member);
  if (items.length > max) throw collectionTooLarge(input.name(member), max);
  const seen = new Set<string>();
  return items.map((d) => {
    const name = d.requiredString('Name');
    const value = d.requiredString('Value');
    checkLength(d, 'Name', name, 1, 255);
    checkLength(d, 'Value', value, 1, 1024);
    if (seen.has(name)) throw invalidParameter(d.name('Name'), name);
    seen.add(name);
    return { Name: name, Value: value };
  });
}

export function collectionTooLarge(name: string, max: number): MonitoringError {
  return invalidValue(`The collection ${name} must not have a size greater than ${max}.`);
}

/** Period: 1, 5, 10, 20, 30 or a multiple of 60 (CloudWatch's allowed periods). */
export function checkPeriod(input: MonitoringInput, member: string, period: number): void {
  if (!Number.isInteger(period) || period < 1) throw constraint(input.name(member), period, 'Member must have value greater than or equal to 1');
  if (!([1, 5, 10, 20, 30].includes(period) || period % 60 === 0)) {
    throw invalidParameter(input.name(member), period);
  }
}

export function readRequiredPeriod(input: MonitoringInput, member = 'Period'): number {
  const period = input.int(member);
  if (period === undefined) throw missingParameter(input.name(member));
  checkPeriod(input, member, period);
  return period;
}

export function isStatistic(stat: string): boolean {
  return isStandardStatistic(stat) || isPercentile(stat);
}
