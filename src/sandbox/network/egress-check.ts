/**
 * The egress decision for one connection attempt, in this order:
 * 1. the threat list, by name, before anything else: a listed destination is refused (and becomes a
 *    finding) even when the policy allows it, and is never resolved;
 * 2. the function's policy, by the name (or literal) the function asked for;
 * 3. the name is resolved on the host and each address checked, the first acceptable one is used
 *    (the caller connects to that address, not the name: no second lookup to rebind):
 *    - blocked (link-local/metadata, multicast, …): never, whatever anyone allows;
 *    - this host (loopback or an interface address): never a port lambdabox itself listens on;
 *      otherwise only when the operator allows that address and port (private-allowance.ts,
 *      `--egress-allow-private`) AND the matching rule names that exact address and port. A
 *      tenant's tag alone never opens the host: its services are the operator's. A name that
 *      resolves to loopback never qualifies (DNS rebinding), nor a wildcard. Other environments
 *      are not on the host's TCP ports at all: only Unix sockets reach them, and the proxy never
 *      connects to a Unix socket;
 *    - internal (RFC 1918, CGNAT, ULA): only when the operator allows the address and port, and
 *      then only through an exact name or literal, never a wildcard;
 *    - public: allowed.
 *    The threat list is checked again on the address, for operator-listed IPs.
 * The tag is not refused at TagResource for naming a host or private address the operator does
 * not allow: the operator's allowance is server configuration that may change at the next start,
 * so the decision is made here, per connection, with a reason that says who can open it.
 */
import { isIP } from 'node:net';
import { classifyAddress, unwrapIPv4 } from './address-class.js';
import { isExactAddressRule, isExactRule, matchEgressRule } from '../../shared/platform-tags/egress-policy.js';
import type { EgressRule } from '../../shared/platform-tags/egress-policy.js';
import { normalizeHost } from '../../shared/platform-tags/host-pattern.js';
import { PRIVATE_ALLOWANCE_HINT } from './private-allowance.js';
import type { PrivateAllowance } from './private-allowance.js';
import type { ThreatEntry, ThreatList } from './threat-list.js';

export type EgressVerdict =
  | {
      readonly allowed: true;
      readonly address: string;
      readonly rule: string;
      /** The operator's entry that opened a host or private address. */
      readonly allowance?: string;
    }
  | { readonly allowed: false; readonly reason: string; readonly address?: string; readonly threat?: ThreatEntry };

export interface EgressCheckInput {
  readonly host: string;
  readonly port: number;
  readonly rules: readonly EgressRule[];
  readonly threats: ThreatList;
  /** This machine's interface addresses (address-class.ts hostInterfaceAddresses()). */
  readonly hostAddresses: ReadonlySet<string>;
  /** The operator's allowance for host and private addresses (none: they are closed). */
  readonly allowance: PrivateAllowance;
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
    const verdict = decideAddress(address, host, port, rule, input);
    if (verdict.allowed) return verdict;
    firstRefusal ??= verdict;
  }
  return firstRefusal ?? { allowed: false, reason: 'name not resolved' };
}

function decideAddress(address: string, host: string, port: number, rule: EgressRule, input: EgressCheckInput): EgressVerdict {
  const refuse = (reason: string, threat?: ThreatEntry): EgressVerdict => ({
    allowed: false,
    reason,
    address,
    ...(threat === undefined ? {} : { threat }),
  });
  const allow = (allowance?: string): EgressVerdict => ({
    allowed: true,
    address,
    rule: rule.text,
    ...(allowance === undefined ? {} : { allowance }),
  });
  const listed = input.threats.match(unwrapIPv4(address));
  if (listed !== undefined) return refuse(`threat list (${listed.pattern})`, listed);
  switch (classifyAddress(address, input.hostAddresses)) {
    case 'blocked':
      return refuse('link-local, metadata or reserved address');
    case 'host': {
      if (input.platformPorts.has(port)) return refuse("lambdabox's own service");
      const allowance = input.allowance.match(address, port);
      if (allowance === undefined) return refuse(`host address not allowed by the operator (${PRIVATE_ALLOWANCE_HINT})`);
      if (!isExactAddressRule(rule, host, port) || normalizeHost(address) !== host) {
        return refuse('host address not named exactly by the egress policy');
      }
      return allow(allowance);
    }
    case 'internal': {
      const allowance = input.allowance.match(address, port);
      if (allowance === undefined) return refuse(`private address not allowed by the operator (${PRIVATE_ALLOWANCE_HINT})`);
      return isExactRule(rule) ? allow(allowance) : refuse('internal address reached through a wildcard');
    }
    case 'public':
      return allow();
  }
}
