/**
 * The digest signing keys: RSA 2048 pairs used one after another, each valid for one rotation period, the
 * windows never overlapping (a new key starts where the last one ended, or now if that is later). The
 * private key is kept sealed by the key service, bound to its fingerprint, and only ever opened in memory
 * to sign; it is never logged, returned or written anywhere else.
 */
import { createHash, createPrivateKey, generateKeyPair, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { KeyService } from '../../../shared/crypto/key-service.js';
import type { TrailPublicKey } from '../trail-ports.js';
import type { TrailDeliveryStore } from './store/delivery-tables.js';
import type { TrailSigningKey } from './store/delivery-records.js';

const generateRsa = promisify(generateKeyPair);

/** AWS rotates its regional signing keys; 30 days keeps each key's exposure bounded. */
export const DEFAULT_KEY_ROTATION_MS = 30 * 24 * 3600_000;

/**
 * The fingerprint digests name in `digestPublicKeyFingerprint`. AWS documents it only as 32 hex digits
 * ("31e8b5433410dfb61a9dc45cc65b22ff" in the digest file structure page) without saying how it is
 * computed; we follow /work/shared/reference/security.md §5: hex(SHA-256(SPKI DER))[0:32].
 */
export function keyFingerprint(publicKey: KeyObject): string {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex').slice(0, 32);
}

export interface ActiveSigningKey {
  readonly fingerprint: string;
  /** RSA PKCS#1 v1.5 over SHA-256 ("SHA256withRSA"), hex. */
  sign(data: Buffer): string;
}

export interface SigningKeysOptions {
  readonly store: TrailDeliveryStore;
  readonly keys: KeyService;
  readonly rotationMs?: number;
}

function sealContext(fingerprint: string): string {
  return `lambdabox/cloudtrail/digest-signing-key/${fingerprint}`;
}

export class SigningKeys {
  readonly #store: TrailDeliveryStore;
  readonly #keys: KeyService;
  readonly #rotationMs: number;
  // Opened private keys, by fingerprint: opening is an AES-GCM decryption plus a DER parse per digest otherwise.
  readonly #opened = new Map<string, KeyObject>();

  constructor(options: SigningKeysOptions) {
    this.#store = options.store;
    this.#keys = options.keys;
    this.#rotationMs = options.rotationMs ?? DEFAULT_KEY_ROTATION_MS;
  }

  /** The key valid at `at`, made when none is. */
  async active(at: Date): Promise<ActiveSigningKey> {
    const now = at.getTime();
    let key = await this.#store.transact((tx) => tx.latestSigningKey());
    if (key === undefined || now >= key.validTo) key = await this.#rotate(now);
    return this.#activeOf(key);
  }

  async publicKeys(start: Date, end: Date): Promise<TrailPublicKey[]> {
    const found = await this.#store.transact((tx) => tx.signingKeysOverlapping(start.getTime(), end.getTime()));
    return found.map((k) => ({
      value: k.publicKeyDer,
      validityStartTime: new Date(k.validFrom),
      validityEndTime: new Date(k.validTo),
      fingerprint: k.fingerprint,
    }));
  }

  async #rotate(now: number): Promise<TrailSigningKey> {
    // Generated outside the transaction (it takes tens of milliseconds); another node may have rotated
    // meanwhile, in which case its key wins and this one is dropped unused.
    const pair = await generateRsa('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
    const fingerprint = keyFingerprint(pair.publicKey);
    return this.#store.transact(async (tx) => {
      const latest = await tx.latestSigningKey();
      if (latest !== undefined && now < latest.validTo) return latest;
      const validFrom = Math.max(now, latest?.validTo ?? now);
      const key: TrailSigningKey = {
        fingerprint,
        publicKeyDer: pair.publicKey.export({ type: 'pkcs1', format: 'der' }),
        sealedPrivateKey: this.#keys.seal(pair.privateKey.export({ type: 'pkcs8', format: 'der' }), sealContext(fingerprint)),
        validFrom,
        validTo: validFrom + this.#rotationMs,
      };
      await tx.insertSigningKey(key);
      return key;
    });
  }

  #activeOf(key: TrailSigningKey): ActiveSigningKey {
    let privateKey = this.#opened.get(key.fingerprint);
    if (privateKey === undefined) {
      const der = this.#keys.open(key.sealedPrivateKey, sealContext(key.fingerprint));
      privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
      der.fill(0);
      this.#opened.set(key.fingerprint, privateKey);
    }
    const opened = privateKey;
    return { fingerprint: key.fingerprint, sign: (data) => sign('sha256', data, opened).toString('hex') };
  }
}
