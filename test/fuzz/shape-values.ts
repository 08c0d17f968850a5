/**
 * Valid-looking input values from a model shape: required members always, optional ones sometimes,
 * lengths and numbers inside the model's bounds, enums from their value set, and for members that name
 * a resource, the fixture's real resources (so mutations reach validation past "not found").
 */
import type { Shape, ShapeRef, ServiceModel } from './botocore-models.js';
import type { Prng } from './prng.js';

/** A JSON-like tree; `Uint8Array` stands for blob members. */
export type Value = string | number | boolean | null | Uint8Array | Value[] | { [k: string]: Value };

/** Member name → candidate real values (the seeded fixture's resources). */
export type KnownValues = Readonly<Record<string, readonly Value[]>>;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export class ShapeValues {
  readonly model: ServiceModel;
  readonly rng: Prng;
  readonly known: KnownValues;

  constructor(model: ServiceModel, rng: Prng, known: KnownValues) {
    this.model = model;
    this.rng = rng;
    this.known = known;
  }

  shape(name: string): Shape {
    const shape = this.model.shapes[name];
    if (shape === undefined) throw new Error(`unknown shape ${name}`);
    return shape;
  }

  /** A value for the member `memberName` of shape `ref`. */
  value(ref: ShapeRef, memberName: string, depth = 0): Value {
    const shape = this.shape(ref.shape);
    const known = this.known[memberName];
    if (known !== undefined && known.length > 0 && this.rng.chance(0.85)) {
      const v = this.rng.pick(known);
      return shape.type === 'list' && !Array.isArray(v) ? [v] : v;
    }
    return this.fresh(shape, depth);
  }

  fresh(shape: Shape, depth: number): Value {
    switch (shape.type) {
      case 'structure':
        return this.structure(shape, depth);
      case 'list': {
        const n = depth > 3 ? Math.max(shape.min ?? 0, 0) : this.rng.int(Math.max(shape.min ?? 0, 1), Math.max(shape.min ?? 0, Math.min(shape.max ?? 2, 2)));
        const member = shape.member;
        if (member === undefined) return [];
        return Array.from({ length: n }, () => this.value(member, '', depth + 1));
      }
      case 'map': {
        if (shape.key === undefined || shape.value === undefined) return {};
        const out: Record<string, Value> = {};
        const n = depth > 3 ? 0 : this.rng.int(Math.max(shape.min ?? 0, 1), 2);
        for (let i = 0; i < n; i++) out[String(this.fresh(this.shape(shape.key.shape), depth + 1))] = this.value(shape.value, '', depth + 1);
        return out;
      }
      case 'string':
        if (shape.enum !== undefined && shape.enum.length > 0) return this.rng.pick(shape.enum);
        return this.word(shape.min ?? 1, shape.max ?? 24);
      case 'integer':
      case 'long':
        return this.rng.int(shape.min ?? 0, Math.min(shape.max ?? 100, (shape.min ?? 0) + 100));
      case 'double':
      case 'float':
        return (shape.min ?? 0) + this.rng.next();
      case 'boolean':
        return this.rng.chance(0.5);
      case 'timestamp':
        return new Date(Date.UTC(2026, 0, 1) + this.rng.int(0, 86_400_000)).toISOString();
      case 'blob':
        return Buffer.from(this.word(1, 16));
      default:
        return null;
    }
  }

  structure(shape: Shape, depth: number): { [k: string]: Value } {
    const out: Record<string, Value> = {};
    const required = new Set(shape.required ?? []);
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      if (ref.location === 'statusCode') continue;
      if (required.has(name) || (depth < 3 && this.rng.chance(depth === 0 ? 0.35 : 0.2))) out[name] = this.value(ref, name, depth + 1);
    }
    return out;
  }

  word(min: number, max: number): string {
    const lo = Math.max(min, 1);
    const hi = Math.max(lo, Math.min(max, lo + 12));
    const n = this.rng.int(lo, hi);
    let s = '';
    for (let i = 0; i < n; i++) s += ALPHABET[this.rng.int(0, ALPHABET.length - 1)];
    return s;
  }
}
