/**
 * Creates an isolated account: a fresh 12-digit id and its root access key. The secret is stored sealed
 * and returned once, to the caller; nothing else keeps it in plaintext.
 */
import { randomInt } from 'node:crypto';
import type { KeyService } from '../../shared/crypto/key-service.js';
import type { Store } from '../../store/store.js';
import { activeAccessKeyRecord } from '../access-key-record.js';
import { DEFAULT_ACCOUNT_ID, generateAccessKeyId, generateSecretAccessKey } from '../admin-bootstrap.js';

export interface CreatedAccount {
  readonly accountId: string;
  readonly rootArn: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

function randomAccountId(): string {
  let id = String(randomInt(1, 10));
  for (let i = 1; i < 12; i++) id += String(randomInt(10));
  return id;
}

export async function createAccount(store: Store, keys: KeyService, now: Date): Promise<CreatedAccount> {
  const accessKeyId = generateAccessKeyId('AKIA');
  const secretAccessKey = generateSecretAccessKey();
  const createdAt = now.toISOString();
  const accountId = await store.transact(async (tx) => {
    let id = randomAccountId();
    while (id === DEFAULT_ACCOUNT_ID || (await tx.getAccount(id)) !== undefined) id = randomAccountId();
    await tx.putAccount({ accountId: id, createdAt });
    await tx.putAccessKey(activeAccessKeyRecord(keys, { accessKeyId, secretAccessKey, accountId: id, principalArn: `arn:aws:iam::${id}:root`, createdAt }));
    return id;
  });
  return { accountId, rootArn: `arn:aws:iam::${accountId}:root`, accessKeyId, secretAccessKey };
}
