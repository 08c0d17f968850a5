/** A user's access keys (at most two), sealed at rest exactly like the admin key. */
import type { AccessKeyRecord } from '../../../store/records.js';
import { activeAccessKeyRecord } from '../../../iam/access-key-record.js';
import { generateAccessKeyId, generateSecretAccessKey } from '../../../iam/admin-bootstrap.js';
import type { IamDeps } from './iam-deps.js';
import { iamWrite } from './iam-deps.js';
import { iamConstraint, LimitExceededError, NoSuchEntityError } from './iam-errors.js';
import { requireUser } from './principals.js';
import { principalNameFromArn } from '../../../iam/ids.js';

const MAX_KEYS_PER_USER = 2;

export interface NewAccessKey {
  readonly userName: string;
  readonly record: AccessKeyRecord;
  /** The only time the secret leaves the server in plain text. */
  readonly secretAccessKey: string;
}

export async function createAccessKey(deps: IamDeps, accountId: string, userName: string): Promise<NewAccessKey> {
  return iamWrite(deps, async (tx) => {
    const user = await requireUser(tx, accountId, userName);
    if ((await tx.listAccessKeysFor(user.arn)).length >= MAX_KEYS_PER_USER) {
      throw new LimitExceededError(`Cannot exceed quota for AccessKeysPerUser: ${MAX_KEYS_PER_USER}`);
    }
    const accessKeyId = generateAccessKeyId('AKIA');
    const secretAccessKey = generateSecretAccessKey();
    const record = activeAccessKeyRecord(deps.keys, {
      accessKeyId,
      secretAccessKey,
      accountId,
      principalArn: user.arn,
      createdAt: deps.now().toISOString(),
    });
    await tx.putAccessKey(record);
    return { userName: user.name, record, secretAccessKey };
  });
}

export function listAccessKeys(deps: IamDeps, accountId: string, userName: string): Promise<{ userName: string; keys: AccessKeyRecord[] }> {
  return deps.store.transact(async (tx) => {
    const user = await requireUser(tx, accountId, userName);
    return { userName: user.name, keys: await tx.listAccessKeysFor(user.arn) };
  });
}

function noSuchKey(accessKeyId: string): NoSuchEntityError {
  return new NoSuchEntityError(`The Access Key with id ${accessKeyId} cannot be found.`);
}

export async function updateAccessKey(
  deps: IamDeps,
  accountId: string,
  userName: string,
  accessKeyId: string,
  status: string,
): Promise<void> {
  if (status !== 'Active' && status !== 'Inactive') {
    throw iamConstraint(status, 'status', 'Member must satisfy enum value set: [Active, Inactive, Expired]');
  }
  await iamWrite(deps, async (tx) => {
    const user = await requireUser(tx, accountId, userName);
    const key = await tx.getAccessKey(accessKeyId);
    if (key === undefined || key.principalArn !== user.arn) throw noSuchKey(accessKeyId);
    await tx.putAccessKey({ ...key, status });
  });
  deps.accessKeyChanged(accessKeyId);
}

export async function deleteAccessKey(deps: IamDeps, accountId: string, userName: string, accessKeyId: string): Promise<void> {
  await iamWrite(deps, async (tx) => {
    const user = await requireUser(tx, accountId, userName);
    const key = await tx.getAccessKey(accessKeyId);
    if (key === undefined || key.principalArn !== user.arn) throw noSuchKey(accessKeyId);
    await tx.deleteAccessKey(accessKeyId);
  });
  deps.accessKeyChanged(accessKeyId);
}

/** The user owning an access key of the account (for calls that omit UserName), or undefined for root's keys. */
export async function userNameOfKey(deps: IamDeps, accountId: string, principalArn: string): Promise<string | undefined> {
  const principal = principalNameFromArn(principalArn);
  if (principal?.kind !== 'user') return undefined;
  const { name } = principal;
  const user = await deps.store.transact((tx) => tx.getUser(accountId, name));
  return user?.name;
}
