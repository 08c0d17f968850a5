/**
 * The decoded parameters of one query-protocol request (`Action`, `Version` and the operation's members,
 * from the form body and the URL query). Lists and maps arrive flattened: `Tags.member.1.Key`,
 * `PolicyArns.member.2.arn`, SQS's `Attribute.1.Name`, `AttributeName.1`.
 */
import type { AwsError } from '../../shared/errors/aws-error.js';

/** Builds the error for a missing required member (the service decides AWS's wording). */
export type MissingParameter = (name: string) => AwsError;

export class QueryParams {
  readonly #values: ReadonlyMap<string, string>;
  readonly #missing: MissingParameter;

  constructor(values: ReadonlyMap<string, string>, missing: MissingParameter) {
    this.#values = values;
    this.#missing = missing;
  }

  /** Every name=value pair, as received. */
  entries(): IterableIterator<[string, string]> {
    return this.#values.entries();
  }

  has(name: string): boolean {
    return this.#values.has(name);
  }

  get(name: string): string | undefined {
    return this.#values.get(name);
  }

  /** The member, or the service's missing-parameter error. An empty value counts as present. */
  required(name: string): string {
    const value = this.#values.get(name);
    if (value === undefined) throw this.#missing(name);
    return value;
  }

  /** Integer member; `invalid` builds the error for a non-integer. */
  int(name: string, invalid: (raw: string) => AwsError): number | undefined {
    const raw = this.#values.get(name);
    if (raw === undefined) return undefined;
    if (!/^-?\d+$/.test(raw.trim())) throw invalid(raw);
    return Number(raw.trim());
  }

  /** Boolean member (`true`/`false`, case-insensitive); `invalid` builds the error for anything else. */
  bool(name: string, invalid: (raw: string) => AwsError): boolean | undefined {
    const raw = this.#values.get(name);
    if (raw === undefined) return undefined;
    const lower = raw.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    throw invalid(raw);
  }

  /**
   * The scalar items of a flattened list, ordered by index: `list('ActionNames.member')` reads
   * `ActionNames.member.1`, `ActionNames.member.2`, …; `list('AttributeName')` reads `AttributeName.1`, ….
   */
  list(prefix: string): string[] {
    const found: Array<[number, string]> = [];
    const head = `${prefix}.`;
    for (const [key, value] of this.#values) {
      if (!key.startsWith(head)) continue;
      const rest = key.slice(head.length);
      if (/^\d+$/.test(rest)) found.push([Number(rest), value]);
    }
    return found.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  }

  /**
   * The structure items of a flattened list, ordered by index: `structs('Tags.member')` turns
   * `Tags.member.1.Key=a&Tags.member.1.Value=b` into `[{ Key: 'a', Value: 'b' }]`. Nested members keep
   * their dotted remainder as the field name (`ContextKeyValues.member.1` stays one field).
   */
  structs(prefix: string): Array<Record<string, string>> {
    const byIndex = new Map<number, Record<string, string>>();
    const head = `${prefix}.`;
    for (const [key, value] of this.#values) {
      if (!key.startsWith(head)) continue;
      const rest = key.slice(head.length);
      const dot = rest.indexOf('.');
      if (dot <= 0) continue;
      const index = rest.slice(0, dot);
      if (!/^\d+$/.test(index)) continue;
      const n = Number(index);
      let item = byIndex.get(n);
      if (item === undefined) {
        item = {};
        byIndex.set(n, item);
      }
      item[rest.slice(dot + 1)] = value;
    }
    return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, item]) => item);
  }

  /**
   * A flattened map as an object: `map('Attribute', 'Name', 'Value')` reads SQS's `Attribute.N.Name` /
   * `Attribute.N.Value`; `map('Tags.member', 'Key', 'Value')` reads IAM tags. Entries without a key are skipped.
   */
  map(prefix: string, keyField: string, valueField: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const item of this.structs(prefix)) {
      const key = item[keyField];
      if (key !== undefined) out[key] = item[valueField] ?? '';
    }
    return out;
  }
}

/** Merges URL query and form body (body wins), as AWS's query endpoints accept both. */
export function decodeQueryParams(query: URLSearchParams, body: Buffer): Map<string, string> {
  const values = new Map<string, string>();
  for (const [k, v] of query) values.set(k, v);
  if (body.length > 0) for (const [k, v] of new URLSearchParams(body.toString('utf8'))) values.set(k, v);
  return values;
}
