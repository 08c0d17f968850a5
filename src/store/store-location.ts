/**
 * Where lambdabox keeps its state (`--store`, LAMBDABOX_STORE): `sqlite`, the embedded file in the data
 * dir (the default), or a PostgreSQL server shared by several nodes. Messages never echo the value: a URL
 * may hold a password.
 */
import { ConfigError } from '../shared/errors/lambdabox-error.js';

export type StoreLocation = { readonly kind: 'sqlite' } | { readonly kind: 'postgres'; readonly url: string };

export function storeLocationProblem(value: string): string | undefined {
  if (value === 'sqlite') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be sqlite or a postgres://user:password@host:port/database URL';
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    return 'must be sqlite or a postgres://user:password@host:port/database URL';
  }
  if (url.hostname === '') return 'the postgres:// URL names no host';
  if (url.pathname === '' || url.pathname === '/') return 'the postgres:// URL names no database';
  return undefined;
}

export function parseStoreLocation(value: string): StoreLocation {
  const problem = storeLocationProblem(value);
  if (problem !== undefined) throw new ConfigError(`invalid store: ${problem}`);
  return value === 'sqlite' ? { kind: 'sqlite' } : { kind: 'postgres', url: value };
}

/** The URL without its password, for logs. */
export function describeStoreLocation(location: StoreLocation): string {
  if (location.kind === 'sqlite') return 'sqlite';
  const url = new URL(location.url);
  url.password = '';
  url.search = '';
  return url.toString();
}
