/** Header lookup by lower-case name and the CanonicalHeaders block of a canonical request. */

export type HeaderIndex = ReadonlyMap<string, readonly string[]>;
export type HeaderPairs = ReadonlyArray<readonly [string, string]>;

/** Lower-cased name to every value received, in order (duplicates kept apart, as Node's rawHeaders has them). */
export function indexHeaders(headers: HeaderPairs): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    const values = index.get(key);
    if (values === undefined) index.set(key, [value]);
    else values.push(value);
  }
  return index;
}

export function firstHeader(index: HeaderIndex, name: string): string | undefined {
  return index.get(name)?.[0];
}

function isSpace(c: number): boolean {
  // space, tab, and CR/LF left over from an obs-folded line
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Trims the value and collapses every inner run of whitespace to one space ("Trimall" in the AWS docs). */
export function canonicalHeaderValue(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isSpace(value.charCodeAt(start))) start++;
  while (end > start && isSpace(value.charCodeAt(end - 1))) end--;
  let out = '';
  let runStart = start;
  let i = start;
  while (i < end) {
    const c = value.charCodeAt(i);
    if (!isSpace(c)) {
      i++;
      continue;
    }
    // A lone space needs no rewriting; only runs and other whitespace do.
    let j = i + 1;
    while (j < end && isSpace(value.charCodeAt(j))) j++;
    if (c !== 0x20 || j - i > 1) {
      out += value.slice(runStart, i) + ' ';
      runStart = j;
    }
    i = j;
  }
  if (runStart === start) return start === 0 && end === value.length ? value : value.slice(start, end);
  return out + value.slice(runStart, end);
}

/** `name:value\n` for each signed header, values of repeated headers joined by `,`; a missing header signs as empty. */
export function canonicalHeaders(signedHeaders: readonly string[], index: HeaderIndex): string {
  let out = '';
  for (const name of signedHeaders) {
    const values = index.get(name);
    let joined = '';
    if (values !== undefined) {
      for (let i = 0; i < values.length; i++) {
        joined += (i === 0 ? '' : ',') + canonicalHeaderValue(values[i] ?? '');
      }
    }
    out += name + ':' + joined + '\n';
  }
  return out;
}
