/**
 * Turns a signed request into a Caller: SigV4 parse → key lookup → head checks → signature verification.
 * Every failure is the AWS error a client expects
 * (https://docs.aws.amazon.com/general/latest/gr/signature-v4-troubleshooting.html). The
 * key and head checks need no body (`begin`), so an unknown key is refused before the body is read.
 *
 * Long-term keys (AKIA…) live in the store, their secrets sealed. Temporary keys (ASIA…) live nowhere:
 * their session token (X-Amz-Security-Token) is sealed by this server and carries the secret and the
 * identity (src/iam/sessions/session-token.ts), so a token that does not open for the signing key id is
 * simply invalid, and an expired one is rejected after its signature proved the caller holds it.
 */
import { ExpiredTokenError, UnrecognizedClientError } from '../shared/errors/aws-error.js';
import type { KeyService } from '../shared/crypto/key-service.js';
import type { Store } from '../store/store.js';
import type { Caller } from './caller.js';
import { AccessKeyCache } from './access-key-cache.js';
import type { CachedKey } from './access-key-cache.js';
import { payloadHashOf } from './sigv4/payload-hash.js';
import type { PayloadHashPlan } from './sigv4/payload-hash.js';
import { beginSigV4 } from './sigv4/verify.js';
import type { PendingSigV4 } from './sigv4/verify.js';
import { SigningKeyCache } from './sigv4/signing-key.js';
import type { IncomingSignedRequest, ParsedSigV4, SignedRequestHead } from './sigv4/types.js';
import { openSessionToken } from './sessions/session-token.js';
import type { SessionClaims } from './sessions/session-token.js';
import { callerFromClaims } from './sessions/temporary-credentials.js';
import { accessKeyContext } from './access-key-record.js';

export interface AuthenticatorOptions {
  readonly store: Store;
  readonly keys: KeyService;
  readonly region: string;
  readonly now?: () => Date;
}

export function isTemporaryAccessKeyId(accessKeyId: string): boolean {
  return accessKeyId.startsWith('ASIA');
}

interface OpenedSession {
  readonly token: string;
  readonly claims: SessionClaims;
}

export class Authenticator {
  readonly #store: Store;
  readonly #keys: KeyService;
  readonly #region: string;
  readonly #now: () => Date;
  readonly #cache = new AccessKeyCache();
  // Tokens are immutable, so an opened one stays valid as long as the same token string comes back.
  readonly #sessions = new AccessKeyCache<OpenedSession>({ ttlMs: 300_000 });
  // Role/user ARN → its current unique id ('' when gone), so sessions of deleted principals stop working.
  readonly #liveIds = new AccessKeyCache<string>({ ttlMs: 10_000 });
  readonly #signingKeys = new SigningKeyCache();

  constructor(options: AuthenticatorOptions) {
    this.#store = options.store;
    this.#keys = options.keys;
    this.#region = options.region;
    this.#now = options.now ?? (() => new Date());
  }

  /** Authenticates a request whose whole body is at hand. */
  async authenticate(req: IncomingSignedRequest, parsed: ParsedSigV4): Promise<Caller> {
    const pending = await this.begin(req, parsed);
    return pending.complete(payloadHashOf(req.body, pending.plan));
  }

  /**
   * Everything but the signature, on the request's head alone: the key (or session token) must be known
   * and live, and the signed headers, clock and scope right, before the server reads a byte of the body.
   * The signature is then checked with `complete` once the payload hash is known.
   */
  async begin(req: SignedRequestHead, parsed: ParsedSigV4): Promise<PendingAuthentication> {
    const now = this.#now();
    if (isTemporaryAccessKeyId(parsed.accessKeyId)) return this.#beginSession(req, parsed, now);
    const key = await this.#lookup(parsed.accessKeyId, now.getTime());
    if (key === undefined || !key.active) throw new UnrecognizedClientError();
    const signature = this.#begin(req, parsed, key.secretAccessKey, now);
    const kind = key.principalArn.endsWith(':root') ? 'root' : 'user';
    const caller: Caller = {
      accountId: key.accountId,
      arn: key.principalArn,
      accessKeyId: parsed.accessKeyId,
      kind,
      userId: kind === 'root' ? key.accountId : (key.userId ?? ''),
      ...(key.userName === undefined ? {} : { userName: key.userName }),
    };
    return pendingFor(signature, caller);
  }

  /**
   * Forgets a long-term key's cached secret and status. The IAM service calls it after UpdateAccessKey and
   * DeleteAccessKey (and for each key of a deleted user) so the change applies to the very next request.
   */
  invalidate(accessKeyId: string): void {
    this.#cache.invalidate(accessKeyId);
  }

  /**
   * Forgets what is cached about a role or user (by ARN). The IAM service calls it after DeleteRole and
   * DeleteUser so their temporary credentials stop working at once rather than within seconds.
   */
  invalidatePrincipal(arn: string): void {
    this.#liveIds.invalidate(arn);
  }

  /**
   * Forgets every cached key status and principal liveness: another node sharing the store changed IAM
   * data, and which key or principal is not known here. Opened session claims stay (they are the token's
   * own content, checked against the issuer's liveness, which is forgotten).
   */
  invalidateAll(): void {
    this.#cache.clear();
    this.#liveIds.clear();
  }

  // AWS's order: token presence and binding, expiry, issuer liveness, then the signature (a deleted role's
  // sessions are invalid even with a correct signature; a recreated role of the same name has a new id).
  async #beginSession(req: SignedRequestHead, parsed: ParsedSigV4, now: Date): Promise<PendingAuthentication> {
    const token = parsed.securityToken;
    if (token === undefined || token === '') throw new UnrecognizedClientError();
    const claims = this.#openSession(parsed.accessKeyId, token, now.getTime());
    if (claims === undefined) throw new UnrecognizedClientError();
    if (now.getTime() >= claims.expiresAt) throw new ExpiredTokenError();
    if (!(await this.#issuerAlive(claims, now.getTime()))) throw new UnrecognizedClientError();
    return pendingFor(this.#begin(req, parsed, claims.secretAccessKey, now), callerFromClaims(claims));
  }

  async #issuerAlive(claims: SessionClaims, now: number): Promise<boolean> {
    const issuer = claims.role !== undefined ? { kind: 'role' as const, arn: claims.role.arn, id: claims.role.id } : undefined;
    const user = claims.source !== undefined && !claims.source.arn.endsWith(':root') ? claims.source : undefined;
    if (issuer === undefined && user === undefined) return true;
    const cacheKey = issuer?.arn ?? user?.arn ?? '';
    let liveId = this.#liveIds.get(cacheKey, now);
    if (liveId === undefined) {
      const name = cacheKey.slice(cacheKey.lastIndexOf('/') + 1);
      liveId = await this.#store.transact(async (tx) =>
        issuer !== undefined
          ? ((await tx.getRole(claims.accountId, name))?.roleId ?? '')
          : ((await tx.getUser(claims.accountId, name))?.userId ?? ''),
      );
      this.#liveIds.set(cacheKey, liveId, now);
    }
    return liveId !== '' && liveId === (issuer?.id ?? user?.userId);
  }

  #openSession(accessKeyId: string, token: string, now: number): SessionClaims | undefined {
    const cached = this.#sessions.get(accessKeyId, now);
    if (cached !== undefined && cached.token === token) return cached.claims;
    const claims = openSessionToken(this.#keys, accessKeyId, token);
    if (claims !== undefined) this.#sessions.set(accessKeyId, { token, claims }, now);
    return claims;
  }

  #begin(req: SignedRequestHead, parsed: ParsedSigV4, secret: string, now: Date): PendingSigV4 {
    return beginSigV4(req, parsed, secret, {
      now,
      expectedRegion: this.#region,
      expectedService: parsed.service,
      signingKeyCache: this.#signingKeys,
    });
  }

  async #lookup(accessKeyId: string, now: number): Promise<CachedKey | undefined> {
    const cached = this.#cache.get(accessKeyId, now);
    if (cached !== undefined) return cached;
    const key = await this.#store.transact(async (tx): Promise<CachedKey | undefined> => {
      const record = await tx.getAccessKey(accessKeyId);
      if (record === undefined) return undefined;
      const user = userNameOf(record.principalArn);
      const userRecord = user === undefined ? undefined : await tx.getUser(record.accountId, user);
      // A key whose user is gone authenticates nobody (IAM deletes a user's keys with it).
      if (user !== undefined && userRecord === undefined) return undefined;
      return {
        accountId: record.accountId,
        principalArn: record.principalArn,
        secretAccessKey: this.#keys.open(record.secretSealed, accessKeyContext(accessKeyId)).toString('utf8'),
        active: record.status === 'Active',
        ...(userRecord === undefined ? {} : { userId: userRecord.userId, userName: userRecord.name }),
      };
    });
    if (key !== undefined) this.#cache.set(accessKeyId, key, now);
    return key;
  }
}

/** A request that passed every check but its signature (see Authenticator.begin). */
export interface PendingAuthentication {
  /** What the payload hash line is before the body arrives, and what the body must match. */
  readonly plan: PayloadHashPlan;
  /** Checks the signature over the head and `payloadHash`; the caller on success, InvalidSignatureError otherwise. */
  complete(payloadHash: string): Caller;
}

function pendingFor(signature: PendingSigV4, caller: Caller): PendingAuthentication {
  return {
    plan: signature.plan,
    complete(payloadHash: string): Caller {
      signature.verify(payloadHash);
      return caller;
    },
  };
}

/** The user name in `arn:aws:iam::<acct>:user/<path>/<name>`, undefined for root and other principals. */
function userNameOf(principalArn: string): string | undefined {
  const resource = principalArn.slice(principalArn.indexOf(':', 'arn:aws:iam::'.length) + 1);
  if (!resource.startsWith('user/')) return undefined;
  return resource.slice(resource.lastIndexOf('/') + 1);
}
