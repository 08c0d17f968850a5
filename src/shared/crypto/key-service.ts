/**
 * The key service owns the key-encryption key (KEK) and hands out envelope encryption bound to an
 * encryption context. The KEK comes from LAMBDABOX_MASTER_KEY (64 hex chars or base64 of 32 bytes)
 * or from `<data-dir>/keys/master.key` (created 0600 on first start, in a 0700 directory).
 */
import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newSharedDataKey, openEnvelope, sealEnvelope, sealWithSharedKey } from './envelope.js';
import type { KeyEncryptionKey, SharedDataKey } from './envelope.js';

/**
 * A shared data key seals at most this many objects (with random 96-bit IVs the chance of a repeated IV
 * is about n²/2^97, 2^-57 here; NIST's bound for random IVs is 2^32 messages per key)…
 */
export const SHARED_KEY_USES = 1 << 20;
/** …and is used for at most this long, so one key never covers more than a few minutes of events. */
export const SHARED_KEY_MS = 5 * 60_000;
const IV_POOL_BYTES = 12 * 512;

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

export interface KeyServiceOptions {
  /** Clock for the shared data key's lifetime (epoch ms). */
  readonly now?: () => number;
  /** Lower limits for the shared data key of sealFrequent (capped at the defaults). */
  readonly sharedKeyUses?: number;
  readonly sharedKeyMs?: number;
}

export class KeyService {
  readonly #kek: KeyEncryptionKey;
  readonly #master: Buffer;
  #shared: { key: SharedDataKey; uses: number; until: number } | undefined;
  readonly #sharedKeys = new Map<string, Buffer>();
  // Random IVs drawn in bulk: one randomBytes call per 512 IVs instead of one each.
  #ivPool = Buffer.alloc(0);
  #ivNext = 0;

  readonly #now: () => number;
  readonly #sharedKeyUses: number;
  readonly #sharedKeyMs: number;

  constructor(masterKey: Buffer, options: KeyServiceOptions = {}) {
    if (masterKey.length !== 32) throw new MasterKeyError('the master key must be 32 bytes');
    this.#master = Buffer.from(masterKey);
    this.#now = options.now ?? Date.now;
    // Options may only tighten the limits (tests use small ones); never share a key longer than the defaults.
    this.#sharedKeyUses = Math.min(options.sharedKeyUses ?? SHARED_KEY_USES, SHARED_KEY_USES);
    this.#sharedKeyMs = Math.min(options.sharedKeyMs ?? SHARED_KEY_MS, SHARED_KEY_MS);
    // The KEK is derived, not the raw master key, so other purposes (URL signing) never share key bytes with it.
    const kek = this.deriveKey('lambdabox/kek/v1');
    this.#kek = { id: createHash('sha256').update(kek).digest().subarray(0, 8), key: kek };
  }

  seal(plaintext: Uint8Array, context: string): Buffer {
    return sealEnvelope(this.#kek, plaintext, context);
  }

  /**
   * Like seal, for small objects sealed at a high rate (queued events): the data key is shared by up
   * to 2^20 objects or 5 minutes; each object has its own random IV and is bound to its own context.
   */
  sealFrequent(plaintext: Uint8Array, context: string): Buffer {
    const now = this.#now();
    let shared = this.#shared;
    if (shared === undefined || shared.uses >= this.#sharedKeyUses || now >= shared.until) {
      // Nothing else holds the retired key (sealing is synchronous); its bytes need not linger.
      shared?.key.key.fill(0);
      shared = { key: newSharedDataKey(this.#kek), uses: 0, until: now + this.#sharedKeyMs };
      this.#shared = shared;
    }
    shared.uses++;
    if (this.#ivNext + 12 > this.#ivPool.length) {
      this.#ivPool = randomBytes(IV_POOL_BYTES);
      this.#ivNext = 0;
    }
    const iv = this.#ivPool.subarray(this.#ivNext, this.#ivNext + 12);
    this.#ivNext += 12;
    return sealWithSharedKey(shared.key, plaintext, context, iv);
  }

  open(sealed: Uint8Array, context: string): Buffer {
    return openEnvelope(this.#kek, sealed, context, this.#sharedKeys);
  }

  /** A key for one internal purpose (e.g. signing code-download URLs), derived with HKDF-SHA256. */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#master, Buffer.alloc(0), Buffer.from(purpose, 'utf8'), 32));
  }
}
