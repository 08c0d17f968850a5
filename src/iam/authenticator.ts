/**
 * Turns a signed request into a Caller: SigV4 parse → key lookup → signature verification. Every
 * failure is the AWS error a client expects (lambda-api reference, issue 2 "Authentication").
 */
import { UnrecognizedClientError } from '../api/aws-error.js';
import type { KeyService } from '../crypto/key-service.js';
import type { Store } from '../store/store.js';
import type { Caller } from './caller.js';
import { AccessKeyCache } from './access-key-cache.js';
import type { CachedKey } from './access-key-cache.js';
import { verifySigV4 } from './sigv4/verify.js';
import { SigningKeyCache } from './sigv4/signing-key.js';
import type { IncomingSignedRequest, ParsedSigV4 } from './sigv4/types.js';

export interface AuthenticatorOptions {
  readonly store: Store;
  readonly keys: KeyService;
  readonly region: string;
  readonly now?: () => Date;
}

export function accessKeyContext(accessKeyId: string): string {
  return `access-key:${accessKeyId}`;
}

export class Authenticator {
  readonly #store: Store;
  readonly #keys: KeyService;
  readonly #region: string;
  readonly #now: () => Date;
  readonly #cache = new AccessKeyCache();
  readonly #signingKeys = new SigningKeyCache();

  constructor(options: AuthenticatorOptions) {
    this.#store = options.store;
    this.#keys = options.keys;
    this.#region = options.region;
    this.#now = options.now ?? (() => new Date());
  }

  async authenticate(req: IncomingSignedRequest, parsed: ParsedSigV4): Promise<Caller> {
    const now = this.#now();
    const key = await this.#lookup(parsed.accessKeyId, now.getTime());
    if (key === undefined || !key.active) throw new UnrecognizedClientError();
    verifySigV4(req, parsed, key.secretAccessKey, {
      now,
      expectedRegion: this.#region,
      expectedService: parsed.service,
      signingKeyCache: this.#signingKeys,
    });
    return {
      accountId: key.accountId,
      arn: key.principalArn,
      accessKeyId: parsed.accessKeyId,
      kind: key.principalArn.endsWith(':root') ? 'root' : 'user',
    };
  }

  invalidate(accessKeyId: string): void {
    this.#cache.invalidate(accessKeyId);
  }

  async #lookup(accessKeyId: string, now: number): Promise<CachedKey | undefined> {
    const cached = this.#cache.get(accessKeyId, now);
    if (cached !== undefined) return cached;
    const record = await this.#store.transact((tx) => tx.getAccessKey(accessKeyId));
    if (record === undefined) return undefined;
    const key: CachedKey = {
      accountId: record.accountId,
      principalArn: record.principalArn,
      secretAccessKey: this.#keys.open(record.secretSealed, accessKeyContext(accessKeyId)).toString('utf8'),
      active: record.status === 'Active',
    };
    this.#cache.set(accessKeyId, key, now);
    return key;
  }
}
