/**
 * One mutation per case: of the input tree (a required member dropped, a wrong type, a number or length
 * out of range, a huge or hostile-unicode string, an enum outside its set, an unknown or `__proto__`
 * member) or of the request on the wire (a malformed body, a wrong content type, method, path or query).
 */
import type { ServiceModel, Shape, ShapeRef } from './botocore-models.js';
import type { Prng } from './prng.js';
import type { KnownValues, Value } from './shape-values.js';
import type { Protocol, WireRequest } from './wire-request.js';

export const TREE_MUTATIONS = [
  'valid',
  'missing-required',
  'wrong-type',
  'out-of-range',
  'huge-string',
  'unicode-string',
  'bad-enum',
  'extra-member',
  'hostile-value',
  'hostile-value',
] as const;

export const WIRE_MUTATIONS = ['malformed-body', 'wrong-content-type', 'empty-body', 'wrong-method', 'path-games', 'query-games', 'header-games'] as const;

export type MutationName = (typeof TREE_MUTATIONS)[number] | (typeof WIRE_MUTATIONS)[number];

/** A place in the input tree: `holder[key]`, of shape `ref`, `required` in its structure, `wire` where it goes. */
interface Slot {
  readonly holder: Record<string, Value> | Value[];
  readonly key: string | number;
  readonly ref: ShapeRef | undefined;
  readonly required: boolean;
  readonly wire: 'uri' | 'header' | 'body';
}

const UNICODE: readonly string[] = [
  'é\u0301\u0301\u0301',
  '🦀🔥👩‍👩‍👧‍👦',
  '\u202eevil\u202c',
  '\u0000nul\u0000',
  '\ud800',
  '\udfff\ud800',
  '\uffff\ufffe',
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  '${jndi:ldap://x}',
  "'; DROP TABLE functions; --",
  '<script>alert(1)</script>',
  '\r\nX-Injected: 1',
  'Ω≈ç√∫˜µ≤≥÷',
  '田中さんにあげて下さい',
  'ﷺ',
  '\t \n',
  ' ',
];

const WRONG_TYPES: readonly Value[] = [12345, -1, 1.5, true, false, 'a-string', '', [], [1, 'two'], {}, { nested: { deep: [1] } }, null];

function isObject(v: Value | undefined): v is Record<string, Value> {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);
}

export function slots(model: ServiceModel, shapeName: string | undefined, tree: Record<string, Value>): Slot[] {
  const out: Slot[] = [];
  const walk = (shape: Shape | undefined, value: Value, depth: number, wire: Slot['wire']) => {
    if (shape === undefined || depth > 6) return;
    if (shape.type === 'structure' && isObject(value)) {
      const required = new Set(shape.required ?? []);
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (!(name in value)) continue;
        const where = depth === 0 && ref.location === 'uri' ? 'uri' : depth === 0 && (ref.location === 'header' || ref.location === 'querystring') ? 'header' : wire;
        out.push({ holder: value, key: name, ref, required: required.has(name), wire: where });
        walk(model.shapes[ref.shape], value[name] as Value, depth + 1, where);
      }
    } else if (shape.type === 'list' && Array.isArray(value) && shape.member !== undefined) {
      value.forEach((item, i) => {
        out.push({ holder: value, key: i, ref: shape.member, required: false, wire });
        walk(model.shapes[shape.member?.shape ?? ''], item, depth + 1, wire);
      });
    } else if (shape.type === 'map' && isObject(value) && shape.value !== undefined) {
      for (const k of Object.keys(value)) {
        out.push({ holder: value, key: k, ref: shape.value, required: false, wire });
        walk(model.shapes[shape.value.shape], value[k] as Value, depth + 1, wire);
      }
    }
  };
  walk(shapeName === undefined ? undefined : model.shapes[shapeName], tree, 0, 'body');
  return out;
}

/** Structures in the tree (the root included) with a member the hostile table has values for. */
function hostilePlaces(model: ServiceModel, shapeName: string | undefined, tree: Record<string, Value>, hostile: KnownValues): Array<[Record<string, Value>, string]> {
  const out: Array<[Record<string, Value>, string]> = [];
  const visit = (shape: Shape | undefined, holder: Record<string, Value>) => {
    for (const name of Object.keys(shape?.members ?? {})) if (hostile[name] !== undefined) out.push([holder, name]);
  };
  visit(shapeName === undefined ? undefined : model.shapes[shapeName], tree);
  for (const slot of slots(model, shapeName, tree)) {
    const value = slot.holder[slot.key as never] as Value;
    const shape = slot.ref === undefined ? undefined : model.shapes[slot.ref.shape];
    if (shape?.type === 'structure' && isObject(value)) visit(shape, value);
  }
  return out;
}

function set(slot: Slot, v: Value): void {
  (slot.holder as Record<string | number, Value>)[slot.key] = v;
}

/** Hostile length for where the string goes: past the model's max, and big, without tripping HTTP header limits. */
function hugeLength(rng: Prng, shape: Shape | undefined, wire: Slot['wire']): number {
  const cap = wire === 'body' ? rng.pick([70_000, 300_000, 1_100_000]) : rng.pick([1_000, 3_000, 6_000]);
  const past = (shape?.max ?? 64) + 1;
  return rng.chance(0.4) ? Math.min(past, cap) : cap;
}

/** Applies a tree mutation in place; returns a label of what changed, or undefined when it did not apply. */
export function mutateTree(
  mutation: (typeof TREE_MUTATIONS)[number],
  model: ServiceModel,
  shapeName: string | undefined,
  tree: Record<string, Value>,
  rng: Prng,
  hostile: KnownValues,
): string | undefined {
  const all = slots(model, shapeName, tree);
  const shapeOf = (s: Slot) => (s.ref === undefined ? undefined : model.shapes[s.ref.shape]);
  const pickWhere = (p: (s: Slot) => boolean) => {
    const found = all.filter(p);
    return found.length === 0 ? undefined : rng.pick(found);
  };
  switch (mutation) {
    case 'valid':
      return 'valid';
    case 'missing-required': {
      const slot = pickWhere((s) => s.required);
      if (slot === undefined || Array.isArray(slot.holder)) return undefined;
      delete slot.holder[slot.key as string];
      return `drop ${slot.key}`;
    }
    case 'wrong-type': {
      const slot = pickWhere(() => true);
      if (slot === undefined) return undefined;
      const current = shapeOf(slot)?.type;
      const candidates = WRONG_TYPES.filter((v) => {
        if (current === 'string' || current === 'timestamp' || current === 'blob') return typeof v !== 'string';
        if (current === 'integer' || current === 'long' || current === 'double' || current === 'float') return typeof v !== 'number';
        if (current === 'boolean') return typeof v !== 'boolean';
        if (current === 'list') return !Array.isArray(v);
        return !isObject(v);
      });
      const v = rng.pick(candidates);
      set(slot, v);
      return `${slot.key} = ${JSON.stringify(v)}`;
    }
    case 'out-of-range': {
      const slot = pickWhere((s) => ['integer', 'long', 'string', 'list', 'double', 'float'].includes(shapeOf(s)?.type ?? ''));
      if (slot === undefined) return undefined;
      const shape = shapeOf(slot);
      if (shape?.type === 'string') {
        const v = rng.chance(0.5) ? '' : 'x'.repeat(Math.min((shape.max ?? 256) + 1, slot.wire === 'body' ? 2_000_000 : 6_000));
        set(slot, v);
        return `${slot.key} length ${v.length}`;
      }
      if (shape?.type === 'list') {
        const item = Array.isArray(slot.holder[slot.key as never]) ? ((slot.holder[slot.key as never] as Value[])[0] ?? 'x') : 'x';
        const n = rng.chance(0.3) ? 0 : Math.min((shape.max ?? 100) + 1, 2_000);
        set(slot, Array.from({ length: n }, () => item));
        return `${slot.key} ${n} items`;
      }
      const v = rng.pick([
        (shape?.min ?? 0) - 1,
        (shape?.max ?? 2 ** 31) + 1,
        -2_147_483_649,
        2_147_483_648,
        2 ** 53 + 2,
        1e308,
        -1e308,
        0.5,
        -0,
      ]);
      set(slot, v);
      return `${slot.key} = ${v}`;
    }
    case 'huge-string': {
      const slot = pickWhere((s) => shapeOf(s)?.type === 'string');
      if (slot === undefined) return undefined;
      const unit = rng.pick(['a', 'é', '🦀', '%']);
      // Percent-encoded in a URL, a non-ASCII character takes up to 12 bytes: stay under Node's 16 KiB header limit.
      const n = Math.floor(hugeLength(rng, shapeOf(slot), slot.wire) / (slot.wire === 'body' || unit === 'a' ? 1 : 12));
      set(slot, unit.repeat(n));
      return `${slot.key} huge ${n}`;
    }
    case 'unicode-string': {
      const slot = pickWhere((s) => shapeOf(s)?.type === 'string' || shapeOf(s)?.type === 'timestamp');
      if (slot === undefined) return undefined;
      const v = rng.pick(UNICODE);
      const current = slot.holder[slot.key as never] as Value;
      set(slot, rng.chance(0.5) || typeof current !== 'string' ? v : `${current}${v}`);
      return `${slot.key} unicode`;
    }
    case 'bad-enum': {
      const slot = pickWhere((s) => shapeOf(s)?.enum !== undefined);
      if (slot === undefined) return undefined;
      const first = shapeOf(slot)?.enum?.[0] ?? 'x';
      set(slot, rng.pick(['NOT_AN_ENUM', first.toLowerCase() === first ? first.toUpperCase() : first.toLowerCase(), `${first} `, '']));
      return `${slot.key} bad enum`;
    }
    case 'hostile-value': {
      const places = hostilePlaces(model, shapeName, tree, hostile);
      if (places.length === 0) return undefined;
      const [holder, name] = rng.pick(places);
      holder[name] = rng.pick(hostile[name] ?? []);
      return `${name} hostile`;
    }
    case 'extra-member': {
      const key = rng.pick(['Bogus', '__proto__', 'constructor', 'prototype', 'hasOwnProperty', '']);
      Object.defineProperty(tree, key, { value: rng.pick<Value>([{ polluted: true }, 'x', 1, null]), enumerable: true, writable: true, configurable: true });
      return `extra ${key}`;
    }
  }
}

const JSON_GARBAGE: readonly (string | Buffer)[] = [
  '{',
  '{"a":',
  'null',
  '[]',
  '"str"',
  '123',
  '1e999',
  'NaN',
  '{"a":1,"a":2}',
  '\ufeff{}',
  '{"\u0000":1}',
  Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x7d]),
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
  '['.repeat(50_000),
  '{"a":'.repeat(20_000),
  '<?xml version="1.0"?><Request><Action>x</Action></Request>',
  'Action=ListQueues&Version=2012-11-05',
];

const FORM_GARBAGE: readonly (string | Buffer)[] = [
  '%',
  '%zz=%zz',
  'Action',
  '&&&=&=',
  '=value-without-name',
  'Action=ListUsers&Action=CreateUser',
  'Action=&Version=',
  'Attribute.1.Name=x&Attribute.99999999999999999999.Value=y',
  'Tags.member.1.Key=a&Tags.member.1.Key=b&Tags.member.0.Value=c&Tags.member.-1.Key=d',
  'MessageAttribute.1.Name=a&MessageAttribute.1.Value.DataType=&MessageAttribute.1.Value.BinaryValue=!!!',
  Buffer.from([0xff, 0xfe, 0x3d, 0x80]),
  '{"Action":"ListUsers"}',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
  'a='.repeat(100_000),
];

function setHeader(req: WireRequest, name: string, value: string | undefined): void {
  req.headers = req.headers.filter(([k]) => k.toLowerCase() !== name.toLowerCase());
  if (value !== undefined) req.headers.push([name, value]);
}

/** Applies a wire mutation in place; the label says what changed. */
export function mutateWire(mutation: (typeof WIRE_MUTATIONS)[number], protocol: Protocol, req: WireRequest, rng: Prng): string {
  switch (mutation) {
    case 'malformed-body': {
      const body = rng.pick(protocol === 'query' ? FORM_GARBAGE : JSON_GARBAGE);
      req.body = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
      if (protocol === 'rest-json' && !req.headers.some(([k]) => k.toLowerCase() === 'content-type')) req.headers.push(['Content-Type', 'application/json']);
      // A query request needs its Action somewhere: keep it in the URL so the garbage reaches the members.
      if (protocol === 'query' && rng.chance(0.5)) req.query = 'Action=' + rng.pick(['ListUsers', 'GetCallerIdentity', 'ListQueues', 'SendMessage']);
      return `body ${JSON.stringify(req.body.subarray(0, 24).toString('latin1'))}…(${req.body.length})`;
    }
    case 'wrong-content-type': {
      const type = rng.pick(['application/xml', 'text/plain', 'multipart/form-data; boundary=x', '', 'application/x-amz-json-1.1', 'application/json', 'application/x-www-form-urlencoded; charset=utf-16', '*/*;;;']);
      setHeader(req, 'Content-Type', type === '' ? undefined : type);
      return `content-type ${JSON.stringify(type)}`;
    }
    case 'empty-body':
      req.body = Buffer.alloc(0);
      return 'empty body';
    case 'wrong-method': {
      const method = rng.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'].filter((m) => m !== req.method));
      req.method = method;
      return `method ${method}`;
    }
    case 'path-games': {
      const pick = rng.int(0, 6);
      if (pick === 0) req.path += '/';
      else if (pick === 1) req.path += '/extra/segment';
      else if (pick === 2) req.path = req.path.replace(/\/([^/]*)$/, '/%2F$1');
      else if (pick === 3) req.path = req.path.replace(/\/([^/]*)$/, '/$1%00');
      else if (pick === 4) req.path = req.path.replace(/\/([^/]*)$/, '/%zz$1');
      else if (pick === 5) req.path = `/${'x/'.repeat(800)}`;
      else req.path = req.path.replace(/\/([^/]*)$/, '/$1%E2%82');
      return `path ${req.path.slice(0, 80)}`;
    }
    case 'query-games': {
      const extra = rng.pick(['MaxItems=1&MaxItems=abc', 'Marker=%zz', 'Qualifier=&Qualifier=%24LATEST', `Marker=${'m'.repeat(4000)}`, '%', '&&', 'MaxItems=-1', 'MaxItems=99999999999999999999', 'FunctionVersion=ALL&FunctionVersion=NONE', 'Action=ListUsers&Version=2010-05-08']);
      req.query = req.query === '' ? extra : `${req.query}&${extra}`;
      return `query ${extra.slice(0, 60)}`;
    }
    case 'header-games': {
      const pick = rng.int(0, 4);
      if (pick === 0) setHeader(req, 'Content-Encoding', 'gzip');
      else if (pick === 1) setHeader(req, 'X-Amz-Target', rng.pick(['AmazonSQS.', 'AmazonSQS.Nope', 'amazonsqs.listqueues', 'AmazonSQS.ListQueues.x', 'AmazonSQS.constructor', 'AmazonSQS.__proto__']));
      else if (pick === 2) setHeader(req, 'X-Amz-Target', undefined);
      else if (pick === 3) setHeader(req, 'X-Amz-Invocation-Type', rng.pick(['Event', 'DryRun', 'bogus', '']));
      else setHeader(req, 'X-Amz-Client-Context', rng.pick(['!!!', Buffer.from('[1]').toString('base64'), 'e30=', 'x'.repeat(4000)]));
      return `header #${pick}`;
    }
  }
}
