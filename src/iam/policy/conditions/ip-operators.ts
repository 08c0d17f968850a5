import { isIPv4, isIPv6 } from 'node:net';
import type { ConditionOperator } from './operator.js';

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

function ipv6Bytes(address: string): number[] | undefined {
  let text = address;
  let tail: number[] = [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) counts as the last 32 bits.
  const lastColon = text.lastIndexOf(':');
  const after = text.slice(lastColon + 1);
  if (isIPv4(after)) {
    tail = ipv4Bytes(after);
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' || halves[0] === undefined ? [] : halves[0].split(':');
  const rest = halves.length === 2 && halves[1] !== '' && halves[1] !== undefined ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  const groups = halves.length === 2 ? [...head, ...Array<string>(missing).fill('0'), ...rest] : head;
  if (groups.length !== 8) return undefined;
  const bytes = groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

function addressBytes(address: string): number[] | undefined {
  if (isIPv4(address)) return ipv4Bytes(address);
  if (isIPv6(address)) return ipv6Bytes(address);
  return undefined;
}

// True when `address` lies within `cidr` (a bare address is a /32 or /128).
export function ipInCidr(cidr: string, address: string): boolean {
  const [base = '', bitsText] = cidr.trim().split('/');
  const net = addressBytes(base);
  const addr = addressBytes(address.trim());
  if (net === undefined || addr === undefined || net.length !== addr.length) return false;
  const bits = bitsText === undefined ? net.length * 8 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > net.length * 8) return false;
  for (let i = 0; i < net.length; i++) {
    const remaining = bits - i * 8;
    if (remaining <= 0) break;
    const mask = remaining >= 8 ? 0xff : (0xff << (8 - remaining)) & 0xff;
    if (((net[i] ?? 0) & mask) !== ((addr[i] ?? 0) & mask)) return false;
  }
  return true;
}

export const ipOperators: Readonly<Record<string, ConditionOperator>> = {
  ipaddress: { match: ipInCidr, negated: false, variables: false },
  notipaddress: { match: ipInCidr, negated: true, variables: false },
};
