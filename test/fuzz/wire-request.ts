/**
 * Serializes an operation's input tree into an HTTP request in the operation's protocol, as the SDKs do:
 * rest-json (URI labels, querystring, headers, payload or JSON body), query (Action/Version and flattened
 * members, form-encoded) and SQS's JSON 1.0 (`X-Amz-Target`). Values whose type does not match their
 * shape (the fuzzer's wrong-type cases) are written as they are, the way a hand-rolled client would.
 */
import type { Operation, Shape, ShapeRef, ServiceModel } from './botocore-models.js';
import type { Value } from './shape-values.js';

export type Protocol = 'rest-json' | 'query' | 'json';

export interface WireRequest {
  method: string;
  path: string;
  /** Raw query string after `?` (may be deliberately malformed). */
  query: string;
  headers: Array<[string, string]>;
  body: Buffer;
}

function isBlob(v: Value): v is Uint8Array {
  return v instanceof Uint8Array;
}

function scalarText(v: Value): string {
  if (v === null) return '';
  if (isBlob(v)) return Buffer.from(v).toString('base64');
  if (typeof v === 'object') return JSON.stringify(toJson(v));
  return String(v);
}

/** JSON form of a tree: blobs as base64, as every JSON protocol sends them. */
export function toJson(v: Value): unknown {
  if (isBlob(v)) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(toJson);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) {
      // defineProperty keeps a literal `__proto__` member an own key, so it reaches the wire.
      Object.defineProperty(out, k, { value: toJson(item), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return v;
}

/** Header values are bytes: non-Latin-1 text goes as its UTF-8 bytes, control characters are dropped. */
export function headerText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return Buffer.from(s, 'utf8').toString('latin1').replace(/[\x00-\x08\x0a-\x1f\x7f]/g, '');
}

/** Lone surrogates (which encodeURIComponent refuses) become U+FFFD, as a UTF-8 encoder writes them. */
export function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function encodeLabel(s: string, greedy: boolean): string {
  const safe = wellFormed(s);
  return greedy ? safe.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(safe);
}

function encodePairs(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([k, v]) => `${encodeURIComponent(wellFormed(k))}=${encodeURIComponent(wellFormed(v))}`).join('&');
}

export function restJsonRequest(model: ServiceModel, op: Operation, input: Readonly<Record<string, Value>>): WireRequest {
  const inputShape = op.input === undefined ? undefined : model.shapes[op.input.shape];
  const members = inputShape?.members ?? {};
  const [template = '/', staticQuery = ''] = op.http.requestUri.split('?');
  const query: Array<[string, string]> = staticQuery === '' ? [] : staticQuery.split('&').map((kv) => {
    const [k = '', v = ''] = kv.split('=');
    return [k, v] as [string, string];
  });
  const headers: Array<[string, string]> = [];
  const path = template.replace(/\{([A-Za-z0-9_]+)(\+?)\}/g, (_m, name: string, plus: string) => {
    const v = input[name];
    return v === undefined ? '' : encodeLabel(scalarText(v), plus === '+');
  });
  const body: Record<string, Value> = {};
  let hasBodyMembers = false;
  for (const [name, ref] of Object.entries(members)) {
    const v = input[name];
    if (ref.location === 'uri' || ref.location === 'statusCode') continue;
    if (ref.location === undefined && inputShape?.payload === undefined) hasBodyMembers = true;
    if (v === undefined) continue;
    const wireName = ref.locationName ?? name;
    if (ref.location === 'querystring') {
      if (Array.isArray(v)) for (const item of v) query.push([wireName, scalarText(item)]);
      else if (v !== null && typeof v === 'object' && !isBlob(v)) for (const [k, item] of Object.entries(v)) query.push([k, scalarText(item)]);
      else query.push([wireName, scalarText(v)]);
    } else if (ref.location === 'header') {
      headers.push([wireName, headerText(scalarText(v))]);
    } else if (ref.location === 'headers') {
      if (v !== null && typeof v === 'object' && !isBlob(v) && !Array.isArray(v)) {
        for (const [k, item] of Object.entries(v)) headers.push([`${wireName}${k}`, headerText(scalarText(item))]);
      }
    } else if (inputShape?.payload !== name) {
      body[name] = v;
    }
  }
  let payload = Buffer.alloc(0);
  const payloadName = inputShape?.payload;
  if (payloadName !== undefined) {
    const v = input[payloadName];
    const payloadShape = model.shapes[members[payloadName]?.shape ?? ''];
    if (v !== undefined) {
      if (isBlob(v)) payload = Buffer.from(v);
      else if (typeof v === 'string' && payloadShape?.type !== 'structure') payload = Buffer.from(v, 'utf8');
      else payload = Buffer.from(JSON.stringify(toJson(v)));
    }
    headers.push(['Content-Type', payloadShape?.type === 'structure' ? 'application/json' : 'application/octet-stream']);
  } else if (hasBodyMembers) {
    payload = Buffer.from(JSON.stringify(toJson(body)));
    headers.push(['Content-Type', 'application/json']);
  }
  return { method: op.http.method, path: path === '' ? '/' : path, query: encodePairs(query), headers, body: payload };
}

/** botocore's QuerySerializer: structures by member (locationName), lists `.member.N` or flattened `.N`, maps `.entry.N.key`. */
export function queryPairs(model: ServiceModel, shapeName: string | undefined, value: Value, prefix: string, out: Array<[string, string]>): void {
  const shape: Shape | undefined = shapeName === undefined ? undefined : model.shapes[shapeName];
  if (shape === undefined || value === null || typeof value !== 'object' || isBlob(value)) {
    if (shape?.type === 'structure' || shape?.type === 'list' || shape?.type === 'map' || prefix === '') {
      // A scalar where an aggregate belongs: sent under the aggregate's own name.
      if (prefix !== '') out.push([prefix, scalarText(value)]);
      return;
    }
    out.push([prefix, typeof value === 'boolean' ? String(value) : scalarText(value)]);
    return;
  }
  const join = (name: string) => (prefix === '' ? name : `${prefix}.${name}`);
  if (Array.isArray(value)) {
    if (shape.type !== 'list') {
      value.forEach((item, i) => queryPairs(model, undefined, item, `${prefix}.member.${i + 1}`, out));
      return;
    }
    if (value.length === 0) {
      out.push([prefix, '']);
      return;
    }
    const member: ShapeRef | undefined = shape.member;
    let listPrefix: string;
    if (shape.flattened === true) {
      listPrefix = member?.locationName === undefined ? prefix : [...prefix.split('.').slice(0, -1), member.locationName].join('.');
    } else {
      listPrefix = `${prefix}.${member?.locationName ?? 'member'}`;
    }
    value.forEach((item, i) => queryPairs(model, member?.shape, item, `${listPrefix}.${i + 1}`, out));
    return;
  }
  if (shape.type === 'map') {
    const base = shape.flattened === true ? prefix : `${prefix}.entry`;
    const keyName = shape.key?.locationName ?? 'key';
    const valueName = shape.value?.locationName ?? 'value';
    Object.entries(value).forEach(([k, item], i) => {
      out.push([`${base}.${i + 1}.${keyName}`, k]);
      queryPairs(model, shape.value?.shape, item, `${base}.${i + 1}.${valueName}`, out);
    });
    return;
  }
  if (shape.type !== 'structure') {
    out.push([prefix, scalarText(value)]);
    return;
  }
  for (const [name, item] of Object.entries(value)) {
    const ref = shape.members?.[name];
    if (ref === undefined) {
      queryPairs(model, undefined, item, join(name), out);
      continue;
    }
    queryPairs(model, ref.shape, item, join(ref.locationName ?? name), out);
  }
}

export function queryRequest(model: ServiceModel, op: Operation, input: Readonly<Record<string, Value>>): WireRequest {
  const pairs: Array<[string, string]> = [
    ['Action', op.name],
    ['Version', model.metadata.apiVersion],
  ];
  queryPairs(model, op.input?.shape, input as Value, '', pairs);
  return {
    method: 'POST',
    path: '/',
    query: '',
    headers: [['Content-Type', 'application/x-www-form-urlencoded; charset=utf-8']],
    body: Buffer.from(encodePairs(pairs)),
  };
}

export function jsonRequest(targetPrefix: string, op: Operation, input: Readonly<Record<string, Value>>): WireRequest {
  return {
    method: 'POST',
    path: '/',
    query: '',
    headers: [
      ['Content-Type', 'application/x-amz-json-1.0'],
      ['X-Amz-Target', `${targetPrefix}.${op.name}`],
    ],
    body: Buffer.from(JSON.stringify(toJson(input as Value))),
  };
}
