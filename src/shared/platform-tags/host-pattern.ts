/**
 * Host name patterns shared by egress allowlists and the threat list. A pattern is a DNS name whose
 * labels may hold `*`: a leading `*.` stands for one or more labels (`*.example.com` matches
 * `a.example.com` and `a.b.example.com`, not `example.com`), a `*` inside a label for one or more
 * characters of that label (`api-*.example.com`), and a lone `*` for any host. IP literals are
 * matched only by an equal literal or the lone `*`: a name pattern never opens an address.
 */
import { isIP } from 'node:net';

export type HostPattern =
  | { readonly kind: 'any' }
  | { readonly kind: 'ip'; readonly address: string }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'wildcard'; readonly regex: RegExp; readonly apex: string | undefined };

const LABEL = /^[a-z0-9_*]([a-z0-9_*-]*[a-z0-9_*])?$/;

export class HostPatternError extends Error {}

/** Lower case, no trailing dot, IPv6 without brackets and in Node's canonical spelling. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (isIP(h) === 6) h = canonicalIPv6(h);
  return h;
}

/** Canonical form via the URL parser (`0:0:0:0:0:0:0:1` → `::1`). */
function canonicalIPv6(address: string): string {
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address;
  }
}

/**
 * `includeApex`: `*.example.com` also matches `example.com` (the threat list's reading: a pool's
 * own domain is as bad as its subdomains).
 */
export function compileHostPattern(text: string, options: { readonly includeApex?: boolean } = {}): HostPattern {
  const host = normalizeHost(text);
  if (host === '*') return { kind: 'any' };
  if (isIP(host) !== 0) return { kind: 'ip', address: host };
  if (host.length === 0 || host.length > 253) throw new HostPatternError(`'${text}' is not a host name`);
  const labels = host.split('.');
  for (const label of labels) {
    if (label.length > 63 || !LABEL.test(label)) throw new HostPatternError(`'${text}' is not a host name pattern`);
  }
  if (!host.includes('*')) return { kind: 'name', name: host };
  const [first, ...rest] = labels;
  if (rest.length === 0 || (labels[labels.length - 1] ?? '').includes('*')) {
    throw new HostPatternError(`'${text}' matches too much: the last label may not hold '*'`);
  }
  const escape = (label: string): string =>
    label.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\-]/g, '\\$&')).join('[a-z0-9_-]+');
  const head = first === '*' ? '[a-z0-9_-]+(?:\\.[a-z0-9_-]+)*' : escape(first ?? '');
  const regex = new RegExp(`^${[head, ...rest.map(escape)].join('\\.')}$`);
  const apex = first === '*' && options.includeApex === true ? rest.join('.') : undefined;
  return { kind: 'wildcard', regex, apex };
}

/** `host` must already be normalized. */
export function hostMatches(pattern: HostPattern, host: string): boolean {
  switch (pattern.kind) {
    case 'any':
      return true;
    case 'ip':
      return pattern.address === host;
    case 'name':
      return pattern.name === host;
    case 'wildcard':
      return isIP(host) === 0 && (pattern.regex.test(host) || pattern.apex === host);
  }
}
