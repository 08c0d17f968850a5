/**
 * Environment variables are secrets (SECURITY.md, invariant 5): they are sealed per version, bound to the
 * account, function and version, and opened only when a configuration is returned or an
 * environment is built.
 */
import type { KeyService } from '../../shared/crypto/key-service.js';

function context(accountId: string, functionName: string, version: string): string {
  return `env:${accountId}:${functionName}:${version}`;
}

export function sealEnvironment(
  keys: KeyService,
  accountId: string,
  functionName: string,
  version: string,
  variables: Readonly<Record<string, string>>,
): Buffer | null {
  if (Object.keys(variables).length === 0) return null;
  return keys.seal(Buffer.from(JSON.stringify(variables), 'utf8'), context(accountId, functionName, version));
}

export function openEnvironment(
  keys: KeyService,
  accountId: string,
  functionName: string,
  version: string,
  sealed: Buffer | null,
): Record<string, string> {
  if (sealed === null) return {};
  return JSON.parse(keys.open(sealed, context(accountId, functionName, version)).toString('utf8')) as Record<string, string>;
}
