/** A new active long-term access key as the store keeps it: the secret sealed to its own key id. */
import type { KeyService } from '../shared/crypto/key-service.js';
import type { AccessKeyRecord } from '../store/records.js';


export interface NewAccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly accountId: string;
  /** The root (`arn:aws:iam::<account>:root`) or a user ARN. */
  readonly principalArn: string;
  readonly createdAt: string;
}

export function activeAccessKeyRecord(keys: KeyService, key: NewAccessKey): AccessKeyRecord {
  return {
    accessKeyId: key.accessKeyId,
    accountId: key.accountId,
    secretSealed: keys.seal(Buffer.from(key.secretAccessKey, 'utf8'), accessKeyContext(key.accessKeyId)),
    status: 'Active',
    createdAt: key.createdAt,
    principalArn: key.principalArn,
  };
}

/** The key service context a secret access key is sealed under. */
export function accessKeyContext(accessKeyId: string): string {
  return `access-key:${accessKeyId}`;
}
