/**
 * A metric's identity: namespace, name and dimensions. Dimensions are canonicalized (sorted by name) so the
 * same set in any order is the same metric, as in CloudWatch; the key is their JSON text.
 */
import type { MetricDimension } from '../metrics-ingest.js';

export interface MetricIdentity {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: readonly MetricDimension[];
}

export function canonicalDimensions(dimensions: readonly MetricDimension[]): MetricDimension[] {
  return [...dimensions]
    .map((d) => ({ Name: d.Name, Value: d.Value }))
    .sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : a.Value < b.Value ? -1 : a.Value > b.Value ? 1 : 0));
}

export function metricKey(m: MetricIdentity): string {
  return JSON.stringify([m.namespace, m.metricName, canonicalDimensions(m.dimensions).map((d) => [d.Name, d.Value])]);
}

export function parseDimensions(text: string): MetricDimension[] {
  const parsed = JSON.parse(text) as unknown;
  return Array.isArray(parsed) ? (parsed as MetricDimension[]) : [];
}
