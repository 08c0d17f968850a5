/**
 * What kind of address a connection would reach. `blocked` is never reachable, whatever a policy
 * says: link-local (169.254/16 holds every cloud's metadata service), fd00:ec2::254 (EC2's IPv6
 * metadata), unspecified, multicast, broadcast and reserved ranges. `host` is this machine (its
 * loopback and interface addresses), `internal` the private ranges, `public` everything else.
 */
import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

export type AddressClass = 'blocked' | 'host' | 'internal' | 'public';

function list(v4: readonly string[], v6: readonly string[]): BlockList {
  const b = new BlockList();
  for (const cidr of v4) {
    const [net, bits] = cidr.split('/');
    b.addSubnet(net ?? '', Number(bits), 'ipv4');
  }
  for (const cidr of v6) {
    const [net, bits] = cidr.split('/');
    b.addSubnet(net ?? '', Number(bits), 'ipv6');
  }
  return b;
}

const BLOCKED = list(
  [
    '0.0.0.0/8',
    '169.254.0.0/16',
    // IETF protocol assignments; 192.0.0.192 is Oracle Cloud's metadata service.
    '192.0.0.0/24',
    // Alibaba Cloud's metadata service sits in the shared address space.
    '100.100.100.200/32',
    '224.0.0.0/4',
    '240.0.0.0/4',
  ],
  ['::/128', 'fd00:ec2::254/128', 'fe80::/10', 'fec0::/10', 'ff00::/8'],
);
const LOOPBACK = list(['127.0.0.0/8'], ['::1/128']);
const INTERNAL = list(
  ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '198.18.0.0/15'],
  ['fc00::/7'],
);

/** IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses reach the IPv4 address inside. */
export function unwrapIPv4(address: string): string {
  const a = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (dotted?.[1] !== undefined) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a);
  if (hex?.[1] !== undefined && hex[2] !== undefined) {
    const hi = parseInt(hex[1], 16);
    const lo = parseInt(hex[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return address;
}

/** This machine's interface addresses, loopback excluded (they are covered as a range). */
export function hostInterfaceAddresses(): Set<string> {
  const out = new Set<string>();
  for (const entries of Object.values(networkInterfaces())) {
    for (const e of entries ?? []) out.add(e.address.toLowerCase());
  }
  return out;
}

export function classifyAddress(address: string, hostAddresses: ReadonlySet<string>): AddressClass {
  const a = unwrapIPv4(address);
  const family = isIP(a);
  if (family === 0) return 'blocked';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (a === '255.255.255.255' || BLOCKED.check(a, type)) return 'blocked';
  if (LOOPBACK.check(a, type) || hostAddresses.has(a.toLowerCase())) return 'host';
  if (INTERNAL.check(a, type)) return 'internal';
  return 'public';
}
