/**
 * The values of one period for percentiles. Exact — every distinct value with its count — up to
 * MAX_EXACT distinct values; past that the values are bucketed on a logarithmic scale (ratio 1.02 between
 * bucket bounds, each value replaced by its bucket's geometric centre), so a percentile is off by at most
 * 1 % of its value. If even that leaves more than MAX_EXACT buckets the ratio grows (1.1, then 2), which
 * bounds storage at MAX_EXACT pairs per period whatever is put.
 */
export type Distribution = Array<[number, number]>;

export const MAX_EXACT = 1024;
const RATIOS = [1.02, 1.1, 2];

function bucket(value: number, ratio: number): number {
  if (value === 0) return 0;
  const sign = value < 0 ? -1 : 1;
  const k = Math.floor(Math.log(Math.abs(value)) / Math.log(ratio));
  return sign * Math.pow(ratio, k + 0.5);
}

function collapse(pairs: Map<number, number>): Map<number, number> {
  for (const ratio of RATIOS) {
    const out = new Map<number, number>();
    for (const [v, c] of pairs) {
      const b = bucket(v, ratio);
      out.set(b, (out.get(b) ?? 0) + c);
    }
    if (out.size <= MAX_EXACT) return out;
    pairs = out;
  }
  return pairs;
}

export function mergeDistribution(into: Distribution, values: readonly number[], counts: readonly number[]): Distribution {
  const pairs = new Map<number, number>(into);
  values.forEach((v, i) => {
    const c = counts[i] ?? 1;
    if (c > 0) pairs.set(v, (pairs.get(v) ?? 0) + c);
  });
  const bounded = pairs.size > MAX_EXACT ? collapse(pairs) : pairs;
  return [...bounded.entries()];
}

export function parseDistribution(text: string): Distribution {
  const parsed = JSON.parse(text) as unknown;
  return Array.isArray(parsed) ? (parsed as Distribution) : [];
}

/**
 * Nearest-rank percentile (the smallest value with at least p % of the samples at or below it), over
 * several periods' distributions at once.
 */
export function percentile(dists: readonly Distribution[], p: number): number | undefined {
  const all: Array<[number, number]> = [];
  let total = 0;
  for (const d of dists) {for (const [v, c] of d) {
    all.push([v, c]);
    total += c;
  }}
  if (total === 0) return undefined;
  all.sort((a, b) => a[0] - b[0]);
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [v, c] of all) {
    seen += c;
    if (seen >= rank) return v;
  }
  return all[all.length - 1]?.[0];
}
