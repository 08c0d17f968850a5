/** `http://host:port` of a listening socket's address (IPv6 in brackets). */
import type { AddressInfo } from 'node:net';

export function addressUrl(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** Whether the socket listens on every address (then it is reached on loopback, not at the wildcard). */
export function isWildcard(address: AddressInfo): boolean {
  return address.address === '0.0.0.0' || address.address === '::';
}
