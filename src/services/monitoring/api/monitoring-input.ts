/**
 * One request's members, whichever protocol carried them: the JSON protocol's object, or the query
 * protocol's form fields turned into the same tree (`MetricData.member.1.Dimensions.member.2.Name` →
 * `{MetricData: [{Dimensions: [, {Name}]}]}`). Query values arrive as text, so the accessors coerce them;
 * timestamps are epoch seconds in JSON and ISO 8601 in the query protocol. Names in error messages are the
 * query protocol's (`MetricData.member.1.Value`), as CloudWatch writes them for both.
 */
import { invalidParameter, missingParameter } from '../monitoring-errors.js';

type Doc = Readonly<Record<string, unknown>>;

export class MonitoringInput {
  readonly #doc: Doc;
  readonly #path: string;
  readonly #query: boolean;

  constructor(doc: Doc, query: boolean, path = '') {
    this.#doc = doc;
    this.#query = query;
    this.#path = path;
  }

  /** The member's name as error messages spell it. */
  name(member: string): string {
    return `${this.#path}${member}`;
  }

  has(member: string): boolean {
    const v = this.#doc[member];
    return v !== undefined && v !== null;
  }

  string(member: string): string | undefined {
    const v = this.#doc[member];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw invalidParameter(this.name(member), v);
    return v;
  }

  requiredString(member: string): string {
    const v = this.string(member);
    if (v === undefined) throw missingParameter(this.name(member));
    return v;
  }

  number(member: string): number | undefined {
    const v = this.#doc[member];
    if (v === undefined || v === null) return undefined;
    return this.#toNumber(member, v);
  }

  int(member: string): number | undefined {
    const v = this.number(member);
    if (v !== undefined && !Number.isInteger(v)) throw invalidParameter(this.name(member), v);
    return v;
  }

  bool(member: string): boolean | undefined {
    const v = this.#doc[member];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'boolean') return v;
    if (this.#query && typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
    throw invalidParameter(this.name(member), v);
  }

  /** Epoch ms. */
  time(member: string): number | undefined {
    const v = this.#doc[member];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' && Number.isFinite(v)) return Math.round(v * 1000);
    if (typeof v === 'string') {
      const ms = /^-?\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v);
      if (Number.isFinite(ms)) return Math.round(ms);
    }
    throw invalidParameter(this.name(member), v);
  }

  requiredTime(member: string): number {
    const v = this.time(member);
    if (v === undefined) throw missingParameter(this.name(member));
    return v;
  }

  /** A list of structures. */
  structs(member: string): MonitoringInput[] {
    return this.#items(member).map((item, i) => {
      const doc = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Doc) : {};
      return new MonitoringInput(doc, this.#query, `${this.name(member)}.member.${i + 1}.`);
    });
  }

  /** A structure member. */
  struct(member: string): MonitoringInput | undefined {
    const v = this.#doc[member];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) throw invalidParameter(this.name(member), v);
    return new MonitoringInput(v as Doc, this.#query, `${this.name(member)}.`);
  }

  strings(member: string): string[] | undefined {
    if (!this.has(member)) return undefined;
    return this.#items(member).map((item, i) => {
      if (typeof item !== 'string') throw invalidParameter(`${this.name(member)}.member.${i + 1}`, item);
      return item;
    });
  }

  numbers(member: string): number[] | undefined {
    if (!this.has(member)) return undefined;
    return this.#items(member).map((item, i) => this.#toNumber(`${member}.member.${i + 1}`, item));
  }

  #items(member: string): unknown[] {
    const v = this.#doc[member];
    if (v === undefined || v === null) return [];
    // The query protocol sends an empty list as the bare member (`AlarmNames=`).
    if (this.#query && v === '') return [];
    if (!Array.isArray(v)) throw invalidParameter(this.name(member), v);
    // A query list may skip indexes; the holes are not items.
    return v.filter((item) => item !== undefined);
  }

  #toNumber(member: string, v: unknown): number {
    if (typeof v === 'number') return v;
    // JSON carries NaN and the infinities as strings; the query protocol carries every number as text.
    if (typeof v === 'string' && (this.#query || /^(NaN|-?Infinity)$/.test(v)) && v.trim() !== '') {
      const n = Number(v);
      if (!Number.isNaN(n) || v === 'NaN') return n;
    }
    throw invalidParameter(this.name(member), v);
  }
}

/** Builds the member tree of a query request from its flattened fields (`Action` and `Version` dropped). */
export function queryDocument(values: ReadonlyMap<string, string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of values) {
    if (key === 'Action' || key === 'Version') continue;
    const parts = key.split('.');
    let node: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      const last = i === parts.length - 1;
      if (part === 'member' && Array.isArray(node)) continue;
      if (Array.isArray(node)) {
        if (!/^\d+$/.test(part)) break;
        const index = Number(part) - 1;
        if (index < 0 || index > 10_000) break;
        if (last) node[index] = value;
        else {
          const existing: unknown = node[index];
          const child = typeof existing === 'object' && existing !== null ? (existing as Record<string, unknown>) : {};
          node[index] = child;
          node = child;
        }
        continue;
      }
      if (part === '__proto__' || part === 'constructor' || part === 'prototype') break;
      if (last) {
        node[part] = value;
        break;
      }
      const isList = parts[i + 1] === 'member';
      const existing: unknown = node[part];
      if (isList) {
        const child: unknown[] = Array.isArray(existing) ? existing : [];
        node[part] = child;
        node = child;
      } else {
        const child: Record<string, unknown> = typeof existing === 'object' && existing !== null && !Array.isArray(existing) ? (existing as Record<string, unknown>) : {};
        node[part] = child;
        node = child;
      }
    }
  }
  return root;
}
