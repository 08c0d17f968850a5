/**
 * A small XML writer for query-protocol responses. A result is a plain object tree: each key becomes an
 * element in insertion order, arrays become `<Key><member>…</member></Key>` (IAM/STS lists), `flat(items)`
 * repeats the element itself (`<Key>…</Key><Key>…</Key>`, SQS's flattened lists), `undefined` and `null`
 * members are omitted, Dates are written as ISO 8601.
 */
import { InvalidArgumentError } from '../../shared/errors/lambdabox-error.js';

export type XmlScalar = string | number | boolean | Date;
export type XmlValue = XmlScalar | XmlObject | XmlList | FlatList | undefined | null;
export type XmlList = readonly XmlValue[];
export interface XmlObject {
  readonly [name: string]: XmlValue;
}

/** A list serialized as repeated elements named by its key, without a `member` wrapper. */
export class FlatList {
  constructor(readonly items: readonly XmlValue[]) {}
}

export function flat(items: readonly XmlValue[]): FlatList {
  return new FlatList(items);
}

// XML 1.0 cannot carry these characters at all, escaped or not; AWS replaces them too. Matching control
// characters is the point of this pattern.
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#xD;',
};

export function escapeXml(text: string): string {
  return text.replace(INVALID_XML_CHARS, '\uFFFD').replace(/[&<>"'\r]/g, (c) => ESCAPES[c] ?? c);
}

function scalarText(value: XmlScalar): string {
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function isObject(value: XmlValue): value is XmlObject {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && !Array.isArray(value) && !(value instanceof FlatList);
}

/** Serializes the children of `value` (no enclosing element). */
export function xmlContent(value: XmlValue): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return (value as XmlList).map((item) => xmlElement('member', item)).join('');
  if (value instanceof FlatList) throw new InvalidArgumentError('a flat list needs an element name');
  if (isObject(value)) {
    let out = '';
    for (const [name, child] of Object.entries(value)) {
      if (child === undefined || child === null) continue;
      if (child instanceof FlatList) out += child.items.map((item) => xmlElement(name, item)).join('');
      else out += xmlElement(name, child);
    }
    return out;
  }
  return escapeXml(scalarText(value as XmlScalar));
}

/** `<name>content</name>`, or nothing for undefined/null. */
export function xmlElement(name: string, value: XmlValue, attributes: Readonly<Record<string, string>> = {}): string {
  if (value === undefined || value === null) return '';
  let attrs = '';
  for (const [k, v] of Object.entries(attributes)) attrs += ` ${k}="${escapeXml(v)}"`;
  return `<${name}${attrs}>${xmlContent(value)}</${name}>`;
}
