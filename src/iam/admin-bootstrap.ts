/**
 * First start: the default account and its admin access key. The key comes from
 * LAMBDABOX_ADMIN_ACCESS_KEY_ID / LAMBDABOX_ADMIN_SECRET_ACCESS_KEY when set (automation), or is
 * generated. The secret is stored sealed; the only plaintext copy is `<data-dir>/admin-credentials`
 * (0600, AWS shared-credentials format, profile `lambdabox`), like ~/.aws/credentials.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../store/store.js';
import type { KeyService } from '../shared/crypto/key-service.js';
import { activeAccessKeyRecord } from './access-key-record.js';

export const DEFAULT_ACCOUNT_ID = '000000000000';
export const CREDENTIALS_PROFILE = 'lambdabox';

export class BootstrapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BootstrapError';
  }
}

export interface AdminBootstrapOptions {
  readonly store: Store;
  readonly keys: KeyService;
  readonly dataDir: string;
  readonly writeCredentialsFile: boolean;
  readonly suppliedAccessKeyId?: string | undefined;
  readonly suppliedSecretAccessKey?: string | undefined;
  readonly now: Date;
}

export interface AdminBootstrapResult {
  /** True on the first start, when the account and key were just created. */
  readonly created: boolean;
  readonly accountId: string;
  readonly accessKeyId?: string;
  readonly credentialsFile?: string;
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function generateAccessKeyId(prefix: 'AKIA' | 'ASIA'): string {
  let id = prefix;
  for (let i = 0; i < 16; i++) id += KEY_ALPHABET[randomInt(KEY_ALPHABET.length)];
  return id;
}

export function generateSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

export async function bootstrapAdmin(options: AdminBootstrapOptions): Promise<AdminBootstrapResult> {
  const { store, keys } = options;
  const existing = await store.transact((tx) => tx.getAccount(DEFAULT_ACCOUNT_ID));
  if (existing !== undefined) return { created: false, accountId: DEFAULT_ACCOUNT_ID };

  const supplied = options.suppliedAccessKeyId !== undefined && options.suppliedAccessKeyId !== '';
  if (supplied !== (options.suppliedSecretAccessKey !== undefined && options.suppliedSecretAccessKey !== '')) {
    throw new BootstrapError(
      'set both LAMBDABOX_ADMIN_ACCESS_KEY_ID and LAMBDABOX_ADMIN_SECRET_ACCESS_KEY, or neither',
    );
  }
  if (!supplied && !options.writeCredentialsFile) {
    // A generated secret would then exist nowhere a person could read it; printing it would log it.
    throw new BootstrapError(
      '--no-credentials-file needs the admin key supplied on first start: set LAMBDABOX_ADMIN_ACCESS_KEY_ID and LAMBDABOX_ADMIN_SECRET_ACCESS_KEY',
    );
  }
  const accessKeyId = supplied ? (options.suppliedAccessKeyId as string) : generateAccessKeyId('AKIA');
  const secret = supplied ? (options.suppliedSecretAccessKey as string) : generateSecretAccessKey();
  if (!/^[A-Z0-9]{16,128}$/.test(accessKeyId)) {
    throw new BootstrapError('LAMBDABOX_ADMIN_ACCESS_KEY_ID must be 16-128 characters A-Z and 0-9');
  }
  if (secret.length < 16) throw new BootstrapError('LAMBDABOX_ADMIN_SECRET_ACCESS_KEY must be at least 16 characters');

  let credentialsFile: string | undefined;
  if (options.writeCredentialsFile) {
    credentialsFile = join(options.dataDir, 'admin-credentials');
    const text = `# lambdabox admin credentials for account ${DEFAULT_ACCOUNT_ID}\n[${CREDENTIALS_PROFILE}]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secret}\n`;
    const tmp = `${credentialsFile}.tmp`;
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, credentialsFile);
  }
  const createdAt = options.now.toISOString();
  // One transaction: a crash leaves either no account or an account with its key.
  await store.transact(async (tx) => {
    await tx.putAccount({ accountId: DEFAULT_ACCOUNT_ID, createdAt });
    await tx.putAccessKey(
      activeAccessKeyRecord(keys, {
        accessKeyId,
        secretAccessKey: secret,
        accountId: DEFAULT_ACCOUNT_ID,
        principalArn: `arn:aws:iam::${DEFAULT_ACCOUNT_ID}:root`,
        createdAt,
      }),
    );
  });
  return { created: true, accountId: DEFAULT_ACCOUNT_ID, accessKeyId, ...(credentialsFile === undefined ? {} : { credentialsFile }) };
}
