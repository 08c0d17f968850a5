/**
 * Embedded Metric Format: a log line that is a JSON object with `_aws.CloudWatchMetrics` directives
 * becomes metric data, as CloudWatch Logs extracts it from Lambda's log groups
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 * A line that breaks the specification is left as a log line and yields no metric, as CloudWatch does;
 * never a partial set of a directive's metrics.
 */
import type { IngestMetricDatum, MetricDimension } from '../../services/monitoring/metrics-ingest.js';

const MAX_METRICS_PER_DIRECTIVE = 100;
const MAX_DIMENSIONS_PER_SET = 30;
const MAX_VALUES = 100;

export interface EmbeddedMetrics {
  readonly namespace: string;
  readonly data: readonly IngestMetricDatum[];
}

/** The metrics a line carries, or none (not EMF, or invalid EMF). `now` is used when `_aws.Timestamp` is absent. */
export function embeddedMetrics(line: string, now: number): EmbeddedMetrics[] {
  if (!line.includes('"_aws"')) return [];
  const json = jsonPart(line);
  if (json === undefined) return [];
  let root: unknown;
  try {
    root = JSON.parse(json);
  } catch {
    return [];
  }
  if (!isObject(root) || !isObject(root['_aws'])) return [];
  const aws = root['_aws'];
  const timestamp = aws['Timestamp'];
  if (timestamp !== undefined && (typeof timestamp !== 'number' || !Number.isFinite(timestamp))) return [];
  const directives = aws['CloudWatchMetrics'];
  if (!Array.isArray(directives)) return [];
  const out: EmbeddedMetrics[] = [];
  for (const directive of directives) {
    const parsed = parseDirective(root, directive, typeof timestamp === 'number' ? timestamp : now);
    if (parsed === undefined) return [];
    out.push(parsed);
  }
  return out;
}

function parseDirective(root: Record<string, unknown>, directive: unknown, timestamp: number): EmbeddedMetrics | undefined {
  if (!isObject(directive)) return undefined;
  const namespace = directive['Namespace'];
  const dimensionSets = directive['Dimensions'];
  const metrics = directive['Metrics'];
  if (typeof namespace !== 'string' || namespace.length === 0 || namespace.length > 255 || namespace.startsWith('AWS/')) return undefined;
  if (!Array.isArray(dimensionSets) || !Array.isArray(metrics) || metrics.length > MAX_METRICS_PER_DIRECTIVE) return undefined;
  const sets: MetricDimension[][] = [];
  for (const set of dimensionSets) {
    if (!Array.isArray(set) || set.length > MAX_DIMENSIONS_PER_SET) return undefined;
    const dims: MetricDimension[] = [];
    for (const name of set) {
      const value = typeof name === 'string' ? root[name] : undefined;
      if (typeof name !== 'string' || typeof value !== 'string' || value.length === 0 || value.length > 1024) return undefined;
      dims.push({ Name: name, Value: value });
    }
    sets.push(dims);
  }
  // A directive with no dimension sets publishes each metric once, without dimensions.
  if (sets.length === 0) sets.push([]);
  const data: IngestMetricDatum[] = [];
  for (const metric of metrics) {
    if (!isObject(metric) || typeof metric['Name'] !== 'string' || metric['Name'].length === 0 || metric['Name'].length > 255) return undefined;
    const unit = metric['Unit'] ?? 'None';
    const resolution = metric['StorageResolution'] ?? 60;
    if (typeof unit !== 'string' || (resolution !== 1 && resolution !== 60)) return undefined;
    const raw = root[metric['Name']];
    const values = Array.isArray(raw) ? raw : [raw];
    if (values.length === 0 || values.length > MAX_VALUES || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) return undefined;
    for (const dims of sets) {
      data.push({
        MetricName: metric['Name'],
        ...(dims.length === 0 ? {} : { Dimensions: dims }),
        Timestamp: timestamp,
        Unit: unit,
        ...(values.length === 1 ? { Value: values[0] as number } : { Values: values as number[] }),
        StorageResolution: resolution,
      });
    }
  }
  return { namespace, data };
}

/**
 * The JSON of a line: the whole line, or what follows the runtime's text-format prefix
 * (`<time>\t<request id>\t<LEVEL>\t`), where `console.log(JSON.stringify(…))` puts it and where
 * CloudWatch finds the EMF that Lambda's EMF libraries write that way.
 */
const TEXT_PREFIX = /^\S+\t\S+\t[A-Z]+\t(?=\{)/;

function jsonPart(line: string): string | undefined {
  if (line.startsWith('{')) return line;
  const prefix = TEXT_PREFIX.exec(line);
  return prefix === null ? undefined : line.slice(prefix[0].length);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
