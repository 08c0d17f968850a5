/**
 * Members of a Config request body, read by their modeled type. A member of the wrong JSON type is what
 * AWS answers with SerializationException; a missing required member is a ValidationException in Coral's
 * wording.
 */
import { JsonSerializationError } from '../../../shared/errors/json-errors.js';
import { ConfigValidationError } from '../config-errors.js';

export class ConfigInput {
  readonly #doc: Record<string, unknown>;

  constructor(doc: Record<string, unknown>) {
    this.#doc = doc;
  }

  #value(name: string): unknown {
    const v = Object.hasOwn(this.#doc, name) ? this.#doc[name] : undefined;
    return v === null ? undefined : v;
  }

  string(name: string): string | undefined {
    const v = this.#value(name);
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw new JsonSerializationError(`STRING_VALUE can not be converted from ${typeof v} at '${name}'`);
    return v;
  }

  requiredString(name: string): string {
    const v = this.string(name);
    if (v === undefined || v === '') {
      throw new ConfigValidationError(`1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`);
    }
    return v;
  }

  integer(name: string): number | undefined {
    const v = this.#value(name);
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new JsonSerializationError(`INTEGER_VALUE can not be converted at '${name}'`);
    return v;
  }

  boolean(name: string): boolean | undefined {
    const v = this.#value(name);
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') throw new JsonSerializationError(`BOOLEAN_VALUE can not be converted at '${name}'`);
    return v;
  }

  /** awsJson timestamps are epoch seconds (with a fraction). */
  time(name: string): Date | undefined {
    const v = this.#value(name);
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new JsonSerializationError(`Timestamp can not be converted at '${name}'`);
    return new Date(v * 1000);
  }

  strings(name: string): string[] | undefined {
    const v = this.#value(name);
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw new JsonSerializationError(`Expected a list of strings at '${name}'`);
    return v as string[];
  }

  /** A list of structures, each read with its own ConfigInput. */
  structures(name: string): ConfigInput[] | undefined {
    const v = this.#value(name);
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'object' || s === null || Array.isArray(s))) {
      throw new JsonSerializationError(`Expected a list of structures at '${name}'`);
    }
    return (v as Record<string, unknown>[]).map((s) => new ConfigInput(s));
  }
}
