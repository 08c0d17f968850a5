/**
 * The key service owns the key-encryption key (KEK) and hands out envelope encryption bound to an
 * encryption context. The KEK comes from LAMBDABOX_MASTER_KEY (64 hex chars or base64 of 32 bytes)
 * or from `<data-dir>/keys/master.key` (created 0600 on first start, in a 0700 directory).
 */
import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEnvelope, sealEnvelope } from './envelope.js';
import type { KeyEncryptionKey } from './envelope.js';

export class MasterKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyError';
  }
}

export function parseMasterKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new MasterKeyError('the master key must be 32 bytes, given as 64 hex characters or base64');
  }
  return key;
}

export interface LoadMasterKeyOptions {
  readonly dataDir: string;
  /** Value of LAMBDABOX_MASTER_KEY, when set; it is never written to disk. */
  readonly masterKeyText?: string | undefined;
}

export function loadOrCreateMasterKey(options: LoadMasterKeyOptions): Buffer {
  if (options.masterKeyText !== undefined && options.masterKeyText !== '') {
    return parseMasterKey(options.masterKeyText);
  }
  const keysDir = join(options.dataDir, 'keys');
  const keyFile = join(keysDir, 'master.key');
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  chmodSync(keysDir, 0o700);
  if (!existsSync(keyFile)) {
    writeFileSync(keyFile, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  }
  const mode = statSync(keyFile).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new MasterKeyError(`${keyFile} is readable by others (mode ${mode.toString(8)}); fix: chmod 600 ${keyFile}`);
  }
  return parseMasterKey(readFileSync(keyFile, 'utf8'));
}

export class KeyService {
  readonly #kek: KeyEncryptionKey;
  readonly #master: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new MasterKeyError('the master key must be 32 bytes');
    this.#master = Buffer.from(masterKey);
    // The KEK is derived, not the raw master key, so other purposes (URL signing) never share key bytes with it.
    const kek = this.deriveKey('lambdabox/kek/v1');
    this.#kek = { id: createHash('sha256').update(kek).digest().subarray(0, 8), key: kek };
  }

  seal(plaintext: Uint8Array, context: string): Buffer {
    return sealEnvelope(this.#kek, plaintext, context);
  }

  open(sealed: Uint8Array, context: string): Buffer {
    return openEnvelope(this.#kek, sealed, context);
  }

  /** A key for one internal purpose (e.g. signing code-download URLs), derived with HKDF-SHA256. */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#master, Buffer.alloc(0), Buffer.from(purpose, 'utf8'), 32));
  }
}
