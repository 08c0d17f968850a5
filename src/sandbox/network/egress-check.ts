/**
 * The egress decision for one connection attempt, in this order:
 * 1. the threat list, by name, before anything else: a listed destination is refused (and becomes a
 *    finding) even when the policy allows it, and is never resolved;
 * 2. the function's policy, by the name (or literal) the function asked for;
 * 3. the name is resolved on the host and each address checked, the first acceptable one is used
 *    (the caller connects to that address, not the name: no second lookup to rebind):
 *    - blocked (link-local/metadata, multicast, …): never;
 *    - this host (loopback or an interface address): only when the matching rule names that exact
 *      address and port (a test server, a local database), and never a port lambdabox itself
 *      listens on. A name that resolves to loopback never qualifies (DNS rebinding), nor a wildcard.
 *      Other environments are not on the host's TCP ports at all: only Unix sockets reach them,
 *      and the proxy never connects to a Unix socket;
 *    - internal (RFC 1918, CGNAT, ULA): only through an exact name or literal, never a wildcard;
 *    - public: allowed.
 *    The threat list is checked again on the address, for operator-listed IPs.
 */
import { isIP } from 'node:net';
import { classifyAddress, unwrapIPv4 } from './address-class.js';
import { isExactAddressRule, isExactRule, matchEgressRule } from './egress-policy.js';
import type { EgressRule } from './egress-policy.js';
import { normalizeHost } from './host-pattern.js';
import type { ThreatEntry, ThreatList } from './threat-list.js';

export type EgressVerdict =
  | { readonly allowed: true; readonly address: string; readonly rule: string }
  | { readonly allowed: false; readonly reason: string; readonly address?: string; readonly threat?: ThreatEntry };

export interface EgressCheckInput {
  readonly host: string;
  readonly port: number;
  readonly rules: readonly EgressRule[];
  readonly threats: ThreatList;
  /** This machine's interface addresses (address-class.ts hostInterfaceAddresses()). */
  readonly hostAddresses: ReadonlySet<string>;
  /** TCP ports lambdabox listens on (the front door): never reachable on this host. */
  readonly platformPorts: ReadonlySet<number>;
  /** Resolves a name to addresses; may reject (NXDOMAIN, timeout). */
  readonly lookup: (host: string) => Promise<string[]>;
}

export async function checkEgress(input: EgressCheckInput): Promise<EgressVerdict> {
  const host = normalizeHost(input.host);
  const { port } = input;
  if (host === '' || !(port >= 1 && port <= 65535)) return { allowed: false, reason: 'invalid destination' };
  const listed = input.threats.match(host);
  if (listed !== undefined) return { allowed: false, reason: `threat list (${listed.pattern})`, threat: listed };
  const rule = matchEgressRule(input.rules, host, port);
  if (rule === undefined) {
    return { allowed: false, reason: input.rules.length === 0 ? 'no egress policy' : 'not in the egress policy' };
  }
  let addresses: string[];
  if (isIP(host) !== 0) addresses = [host];
  else {
    try {
      addresses = await input.lookup(host);
    } catch (err) {
      return { allowed: false, reason: `name not resolved (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    if (addresses.length === 0) return { allowed: false, reason: 'name not resolved' };
  }
  let firstRefusal: EgressVerdict | undefined;
  for (const address of addresses) {
    const refusal = refuseAddress(address, host, port, rule, input);
    if (refusal === undefined) return { allowed: true, address, rule: rule.text };
    firstRefusal ??= refusal;
  }
  return firstRefusal ?? { allowed: false, reason: 'name not resolved' };
}

function refuseAddress(address: string, host: string, port: number, rule: EgressRule, input: EgressCheckInput): EgressVerdict | undefined {
  const refuse = (reason: string, threat?: ThreatEntry): EgressVerdict => ({
    allowed: false,
    reason,
    address,
    ...(threat === undefined ? {} : { threat }),
  });
  const listed = input.threats.match(unwrapIPv4(address));
  if (listed !== undefined) return refuse(`threat list (${listed.pattern})`, listed);
  switch (classifyAddress(address, input.hostAddresses)) {
    case 'blocked':
      return refuse('link-local, metadata or reserved address');
    case 'host':
      if (input.platformPorts.has(port)) return refuse("lambdabox's own service");
      if (!isExactAddressRule(rule, host, port) || normalizeHost(address) !== host) {
        return refuse('host address not named exactly by the egress policy');
      }
      return undefined;
    case 'internal':
      return isExactRule(rule) ? undefined : refuse('internal address reached through a wildcard');
    case 'public':
      return undefined;
  }
}
