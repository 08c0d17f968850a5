/**
 * Publishing inside a transaction. Lambda publishes nothing new when $LATEST is unchanged since the
 * newest version: it returns that version instead
 * (https://docs.aws.amazon.com/lambda/latest/dg/API_PublishVersion.html).
 */
import type { StoreTx } from '../../store/store.js';
import type { VersionRecord } from '../../store/records.js';
import type { KeyService } from '../../shared/crypto/key-service.js';
import type { FunctionConfiguration } from '../../store/function-configuration.js';
import { openEnvironment } from './environment-sealing.js';
import { publishedCopy } from './published-copy.js';
import { LATEST } from './function-reader.js';
import { InvariantError } from '../../shared/errors/lambdabox-error.js';

const VOLATILE: ReadonlySet<keyof FunctionConfiguration> = new Set([
  'FunctionArn',
  'Version',
  'RevisionId',
  'LastModified',
  'Description',
  'State',
  'StateReason',
  'StateReasonCode',
  'LastUpdateStatus',
  'LastUpdateStatusReason',
  'LastUpdateStatusReasonCode',
  'Environment',
]);

function publishable(keys: KeyService, v: VersionRecord): string {
  const kept = Object.entries(v.config)
    .filter(([k]) => !VOLATILE.has(k as keyof FunctionConfiguration))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const env = openEnvironment(keys, v.accountId, v.functionName, v.version, v.envSealed);
  const sortedEnv = Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([kept, sortedEnv]);
}

async function newestVersion(tx: StoreTx, accountId: string, name: string): Promise<VersionRecord | undefined> {
  let newest: VersionRecord | undefined;
  let after: string | undefined;
  do {
    const page = await tx.listVersions(accountId, name, after, 1000);
    for (const v of page.items) if (v.version !== LATEST) newest = v;
    after = page.nextAfter;
  } while (after !== undefined);
  return newest;
}

export async function publishInTx(
  tx: StoreTx,
  keys: KeyService,
  latest: VersionRecord,
  description: string | undefined,
  now: Date,
): Promise<{ version: VersionRecord; created: boolean }> {
  const fn = await tx.getFunction(latest.accountId, latest.functionName);
  if (fn === undefined) throw new InvariantError('publishing a version of a missing function');
  const newest = await newestVersion(tx, latest.accountId, latest.functionName);
  if (newest !== undefined && publishable(keys, newest) === publishable(keys, latest)) {
    return { version: newest, created: false };
  }
  const number = String(fn.lastVersion + 1);
  const version = publishedCopy(keys, latest, number, description ?? latest.config.Description, now);
  await tx.putFunction({ ...fn, lastVersion: fn.lastVersion + 1 });
  await tx.putVersion(version);
  return { version, created: true };
}
