/**
 * Members of an X-Ray rest-json request body, read by model name and type. A member of the wrong JSON type is
 * the protocol's SerializationException; timestamps are epoch seconds (fractions allowed), as botocore and the
 * v3 SDK send rest-json timestamps; a missing required member is InvalidRequestException, X-Ray's 400.
 */
import { SerializationError } from '../../../shared/errors/lambda-errors.js';
import { XrayInvalidRequestError } from '../xray-errors.js';

type Doc = Readonly<Record<string, unknown>>;

function mistyped(name: string, expected: string): SerializationError {
  return new SerializationError(`Unexpected value for member ${name}: expected ${expected}`);
}

export class XrayInput {
  readonly #doc: Doc;

  constructor(doc: Doc) {
    this.#doc = doc;
  }

  #value(name: string): unknown {
    const v = Object.hasOwn(this.#doc, name) ? this.#doc[name] : undefined;
    return v === null ? undefined : v;
  }

  string(name: string): string | undefined {
    const v = this.#value(name);
    if (v !== undefined && typeof v !== 'string') throw mistyped(name, 'a string');
    return v;
  }

  bool(name: string): boolean | undefined {
    const v = this.#value(name);
    if (v !== undefined && typeof v !== 'boolean') throw mistyped(name, 'a boolean');
    return v;
  }

  number(name: string): number | undefined {
    const v = this.#value(name);
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) throw mistyped(name, 'a number');
    return v;
  }

  date(name: string): Date | undefined {
    const v = this.#value(name);
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw mistyped(name, 'a timestamp');
    return new Date(Math.round(v * 1000));
  }

  strings(name: string): string[] | undefined {
    const v = this.#value(name);
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw mistyped(name, 'a list of strings');
    return v as string[];
  }

  requiredStrings(name: string): string[] {
    const v = this.strings(name);
    if (v === undefined) throw new XrayInvalidRequestError(`${name} is required.`);
    return v;
  }

  struct(name: string): XrayInput | undefined {
    const v = this.#value(name);
    if (v === undefined) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) throw mistyped(name, 'a structure');
    return new XrayInput(v as Doc);
  }
}
