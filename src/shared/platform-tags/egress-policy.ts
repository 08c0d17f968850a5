/**
 * A function's egress policy (lambdabox extension): the value of its `lambdabox:egress` tag, a list
 * of `host:port` patterns separated by spaces or commas. Hosts follow host-pattern.ts (`*` wildcards
 * in labels, IP literals, `[v6]`); the port is a number or `*`. No tag, or an empty value, is the
 * empty policy: no network at all. A tag value holds at most 256 characters (AWS's tag limit), so a
 * policy names at most a handful of destinations; wildcards cover the rest.
 */
import { isIP } from 'node:net';
import { compileHostPattern, HostPatternError, hostMatches, normalizeHost } from './host-pattern.js';
import type { HostPattern } from './host-pattern.js';

export const EGRESS_TAG = 'lambdabox:egress';

export interface EgressRule {
  /** As written in the policy, for logs. */
  readonly text: string;
  readonly host: HostPattern;
  /** undefined: any port. */
  readonly port: number | undefined;
}

export class EgressPolicyError extends Error {}

/** `host:port`, `[v6]:port`, `v6:port` (last colon), port a number or `*`. */
function splitHostPort(entry: string): { host: string; port: string } {
  const bracket = /^\[([^\]]+)\]:([^:]+)$/.exec(entry);
  if (bracket !== null) return { host: bracket[1] ?? '', port: bracket[2] ?? '' };
  const colon = entry.lastIndexOf(':');
  if (colon <= 0) throw new EgressPolicyError(`'${entry}' is not host:port`);
  return { host: entry.slice(0, colon), port: entry.slice(colon + 1) };
}

export function parseEgressRule(entry: string): EgressRule {
  const { host, port } = splitHostPort(entry);
  let portNumber: number | undefined;
  if (port !== '*') {
    portNumber = /^\d{1,5}$/.test(port) ? Number(port) : NaN;
    if (!(portNumber >= 1 && portNumber <= 65535)) throw new EgressPolicyError(`'${entry}': port must be 1-65535 or *`);
  }
  try {
    return { text: entry, host: compileHostPattern(host), port: portNumber };
  } catch (err) {
    if (err instanceof HostPatternError) throw new EgressPolicyError(`'${entry}': ${err.message}`);
    throw err;
  }
}

/** Throws EgressPolicyError naming the first bad entry. */
export function parseEgressPolicy(value: string | undefined): EgressRule[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .map(parseEgressRule);
}

/** The first rule allowing `host:port`; host as the client sent it. */
export function matchEgressRule(rules: readonly EgressRule[], host: string, port: number): EgressRule | undefined {
  const h = normalizeHost(host);
  return rules.find((rule) => (rule.port === undefined || rule.port === port) && hostMatches(rule.host, h));
}

/**
 * Names the exact address and port (no wildcard of either): the only kind of rule that may open a
 * loopback or host address, or an internal one.
 */
export function isExactAddressRule(rule: EgressRule, address: string, port: number): boolean {
  return rule.host.kind === 'ip' && rule.host.address === normalizeHost(address) && rule.port === port;
}

/** An exact name or address, as opposed to a wildcard. */
export function isExactRule(rule: EgressRule): boolean {
  return rule.host.kind === 'ip' || rule.host.kind === 'name';
}

/** Loopback literals with a fixed port: these get an in-sandbox forwarder at the same address. */
export function loopbackForwards(rules: readonly EgressRule[]): Array<{ host: string; port: number }> {
  const out: Array<{ host: string; port: number }> = [];
  for (const rule of rules) {
    if (rule.host.kind !== 'ip' || rule.port === undefined) continue;
    const a = rule.host.address;
    const loopback = (isIP(a) === 4 && a.startsWith('127.')) || a === '::1';
    if (loopback && !out.some((f) => f.host === a && f.port === rule.port)) out.push({ host: a, port: rule.port });
  }
  return out;
}
