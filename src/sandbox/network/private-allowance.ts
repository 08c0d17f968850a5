/**
 * The operator's allowance for host-local and private destinations (`lambdabox server
 * --egress-allow-private 127.0.0.1:5432`). Loopback, this host's own addresses and the private
 * ranges (RFC 1918, CGNAT, ULA, benchmarking) are reachable from a function only through an entry
 * here: a tenant's `lambdabox:egress` tag can narrow what this allows, never widen it, because the
 * services on the host and the operator's internal network are the operator's, not the tenant's.
 *
 * Entries are `address:port` or `cidr:port` (IPv6 in brackets: `[::1]:6379`, `[fd00::/8]:5432`),
 * port a number or `*`; several may share one value, separated by commas or spaces. Addresses only,
 * never names: the allowance is about where a connection lands, which a name does not fix.
 * Link-local and metadata addresses stay closed whatever this says (address-class.ts `blocked`), as
 * do lambdabox's own ports (egress-check.ts), so an entry naming one is refused at startup.
 */
import { BlockList, isIP } from 'node:net';
import { classifyAddress, unwrapIPv4 } from './address-class.js';
import { normalizeHost } from '../../shared/platform-tags/host-pattern.js';

/** What a refusal tells the tenant (and its operator) to change. */
export const PRIVATE_ALLOWANCE_HINT = 'the server operator can allow it with --egress-allow-private';

export class PrivateAllowanceError extends Error {}

interface Entry {
  readonly text: string;
  readonly family: 'ipv4' | 'ipv6';
  readonly range: BlockList;
  /** undefined: any port. */
  readonly port: number | undefined;
}

function parseEntry(text: string): Entry {
  const bad = (why: string): PrivateAllowanceError => new PrivateAllowanceError(`'${text}': ${why}`);
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\*|\d{1,5})$/.exec(text);
  const target = match?.[1] ?? match?.[2];
  const portText = match?.[3];
  if (target === undefined || portText === undefined) throw bad('expected address:port or cidr:port (IPv6 in brackets: [::1]:6379)');
  const port = portText === '*' ? undefined : Number(portText);
  if (port !== undefined && !(port >= 1 && port <= 65535)) throw bad('port must be 1-65535 or *');
  const [addressText = '', bitsText, ...more] = target.split('/');
  const address = normalizeHost(unwrapIPv4(addressText));
  const kind = isIP(address);
  if (kind === 0 || more.length > 0) throw bad('not an IP address or CIDR range (names are not accepted: a name does not fix where a connection lands)');
  const max = kind === 4 ? 32 : 128;
  const bits = bitsText === undefined ? max : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : NaN;
  if (!(bits >= 0 && bits <= max)) throw bad(`prefix length must be 0-${max}`);
  if (classifyAddress(address, new Set()) === 'blocked') {
    throw bad('link-local, metadata and reserved addresses are never reachable from a function');
  }
  const family = kind === 4 ? 'ipv4' : 'ipv6';
  const range = new BlockList();
  range.addSubnet(address, bits, family);
  return { text, family, range, port };
}

export class PrivateAllowance {
  readonly #entries: readonly Entry[];

  private constructor(entries: readonly Entry[]) {
    this.#entries = entries;
  }

  /** Nothing host-local or private is reachable: the default. */
  static none(): PrivateAllowance {
    return new PrivateAllowance([]);
  }

  /** Throws PrivateAllowanceError naming the first bad entry. */
  static parse(values: readonly string[]): PrivateAllowance {
    const texts = values.flatMap((v) => v.split(/[\s,]+/)).filter((t) => t !== '');
    return new PrivateAllowance(texts.map(parseEntry));
  }

  /** The entries as the operator wrote them, for logs. */
  get entries(): readonly string[] {
    return this.#entries.map((e) => e.text);
  }

  /** The entry that covers `address:port` (an IPv4-mapped address counts as its IPv4 address), if any. */
  match(address: string, port: number): string | undefined {
    const a = normalizeHost(unwrapIPv4(address));
    const kind = isIP(a);
    if (kind === 0) return undefined;
    const family = kind === 4 ? 'ipv4' : 'ipv6';
    return this.#entries.find((e) => e.family === family && (e.port === undefined || e.port === port) && e.range.check(a, family))?.text;
  }
}
