/**
 * SigV4 URI encoding: every byte except the unreserved set `A-Za-z0-9-_.~` becomes `%XX` (upper-case hex).
 * Characters above U+007F are taken as UTF-8. These run on every request, so they scan char codes by hand
 * and return the input untouched when nothing needs encoding (the common case for Lambda paths).
 */

const HEX = '0123456789ABCDEF';

function isUnreserved(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x2d || // -
    c === 0x2e || // .
    c === 0x5f || // _
    c === 0x7e // ~
  );
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function percent(byte: number): string {
  return '%' + HEX.charAt(byte >> 4) + HEX.charAt(byte & 0x0f);
}

/** A byte that came out of percent-decoding, re-encoded canonically. */
function encodeByte(byte: number): string {
  return byte < 0x80 && isUnreserved(byte) ? String.fromCharCode(byte) : percent(byte);
}

/** UTF-8 bytes of one code point, percent-encoded. */
function percentUtf8(cp: number): string {
  if (cp < 0x800) return percent(0xc0 | (cp >> 6)) + percent(0x80 | (cp & 0x3f));
  if (cp < 0x10000) {
    return percent(0xe0 | (cp >> 12)) + percent(0x80 | ((cp >> 6) & 0x3f)) + percent(0x80 | (cp & 0x3f));
  }
  return (
    percent(0xf0 | (cp >> 18)) +
    percent(0x80 | ((cp >> 12) & 0x3f)) +
    percent(0x80 | ((cp >> 6) & 0x3f)) +
    percent(0x80 | (cp & 0x3f))
  );
}

/** Code point at i and how many UTF-16 units it takes; lone surrogates become U+FFFD, as Buffer.from does. */
function codePointAt(input: string, i: number): [number, number] {
  const c = input.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return [c, 1];
  if (c <= 0xdbff && i + 1 < input.length) {
    const d = input.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return [((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000, 2];
  }
  return [0xfffd, 1];
}

/**
 * Encodes `input` literally: a `%` becomes `%25`. Applied to an already-encoded path this is the
 * "double encoding" AWS SDKs use for every service but S3.
 */
export function uriEncode(input: string, keepSlash: boolean): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c < 0x80) {
      if (isUnreserved(c) || (keepSlash && c === 0x2f)) continue;
      out += input.slice(start, i) + percent(c);
      start = i + 1;
      continue;
    }
    const [cp, width] = codePointAt(input, i);
    out += input.slice(start, i) + percentUtf8(cp);
    i += width - 1;
    start = i + 1;
  }
  return start === 0 ? input : out + input.slice(start);
}

export interface ReencodeOptions {
  /** `+` means a space (form/query semantics). */
  readonly plusIsSpace: boolean;
  /** A literal `/` stays (paths); `%2F` is still re-encoded as `%2F`. */
  readonly keepSlash: boolean;
}

/**
 * Decodes `%XX` escapes and encodes the result again canonically, byte by byte, so `%2f`, `%41` and a raw
 * `*` all come out the way a strict signer wrote them (`%2F`, `A`, `%2A`). A `%` not followed by two hex
 * digits is taken literally (`%25`), the same way URLSearchParams reads it.
 */
export function reencode(raw: string, options: ReencodeOptions): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x25 && i + 2 < raw.length) {
      const hi = hexValue(raw.charCodeAt(i + 1));
      const lo = hexValue(raw.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        out += raw.slice(start, i) + encodeByte((hi << 4) | lo);
        i += 2;
        start = i + 1;
        continue;
      }
    }
    if (c < 0x80) {
      if (isUnreserved(c) || (options.keepSlash && c === 0x2f)) continue;
      out += raw.slice(start, i) + (c === 0x2b && options.plusIsSpace ? '%20' : percent(c));
      start = i + 1;
      continue;
    }
    const [cp, width] = codePointAt(raw, i);
    out += raw.slice(start, i) + percentUtf8(cp);
    i += width - 1;
    start = i + 1;
  }
  return start === 0 ? raw : out + raw.slice(start);
}

/** Percent-decodes a query component to text (`+` is a space); malformed escapes stay literal. */
export function decodeQueryComponent(raw: string): string {
  if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) return raw;
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x25 && i + 2 < raw.length) {
      const hi = hexValue(raw.charCodeAt(i + 1));
      const lo = hexValue(raw.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        bytes.push((hi << 4) | lo);
        i += 2;
        continue;
      }
    }
    if (c === 0x2b) {
      bytes.push(0x20);
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      const [cp, width] = codePointAt(raw, i);
      for (const b of Buffer.from(String.fromCodePoint(cp), 'utf8')) bytes.push(b);
      i += width - 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
