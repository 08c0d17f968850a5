/**
 * Members of an awsJson 1.1 request body (CloudTrail, CloudWatch Logs), read by name with their model type.
 * A member of the wrong JSON type is the protocol's SerializationException; `null` reads as absent.
 */
import { JsonSerializationError } from '../shared/errors/json-errors.js';

type Doc = Readonly<Record<string, unknown>>;

function mistyped(name: string, expected: string): JsonSerializationError {
  return new JsonSerializationError(`Unexpected value for member ${name}: expected ${expected}`);
}

export class JsonMembers {
  readonly #doc: Doc;

  constructor(doc: Doc) {
    this.#doc = doc;
  }

  #value(name: string): unknown {
    return Object.hasOwn(this.#doc, name) ? this.#doc[name] : undefined;
  }

  string(name: string): string | undefined {
    const v = this.#value(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw mistyped(name, 'a string');
    return v;
  }

  bool(name: string): boolean | undefined {
    const v = this.#value(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') throw mistyped(name, 'a boolean');
    return v;
  }

  int(name: string): number | undefined {
    const v = this.#value(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw mistyped(name, 'an integer');
    return v;
  }

  /** A `long` member (CloudWatch Logs models its times so: epoch milliseconds as integers). */
  long(name: string): number | undefined {
    return this.int(name);
  }

  /** A `timestamp` member: epoch seconds (fractions allowed), as botocore and the v3 SDK send them for JSON protocols. */
  date(name: string): Date | undefined {
    const v = this.#value(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw mistyped(name, 'a timestamp');
    return new Date(Math.round(v * 1000));
  }

  /** A map of strings to strings (`tags`). */
  stringMap(name: string): Record<string, string> | undefined {
    const v = this.#value(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) throw mistyped(name, 'a map of strings');
    return { ...(v as Record<string, string>) };
  }

  strings(name: string): string[] | undefined {
    const v = this.#value(name);
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw mistyped(name, 'a list of strings');
    return v as string[];
  }

  /** A list of structures, each checked by `shape` (which names the path for errors). */
  structs<T>(name: string, shape: (doc: JsonMembers, path: string) => T): T[] | undefined {
    const v = this.#value(name);
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) throw mistyped(name, 'a list');
    return v.map((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw mistyped(`${name}.${i}`, 'a structure');
      return shape(new JsonMembers(item as Doc), `${name}.${i}`);
    });
  }
}
