/**
 * Session tokens of temporary credentials (ASIA… keys). The token carries everything the authenticator
 * needs, sealed with AES-256-GCM under the key service, so temporary credentials are stateless (no store
 * rows, they survive restarts) and cannot be forged or altered: a token opens only under this server's
 * master key and only for the access key id it was issued with (the id is part of the sealing context).
 * The token contains the secret access key: it must never be logged.
 */
import type { KeyService } from '../../shared/crypto/key-service.js';

/** What a session token asserts. Field names are short: the token travels on every request. */
export interface SessionClaims {
  /** Access key id (`ASIA…`). */
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly accountId: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  /** When the session was issued, epoch milliseconds: `aws:TokenIssueTime` of every request made with it. */
  readonly issuedAt: number;
  readonly role?: {
    readonly arn: string;
    /** `AROA…` */
    readonly id: string;
    readonly sessionName: string;
  };
  /** GetSessionToken: the user (or root) whose identity the credentials keep. */
  readonly source?: {
    readonly arn: string;
    /** `AIDA…` for users, the account id for root. */
    readonly userId: string;
    readonly userName?: string;
  };
  /** Session policy documents (inline Policy and resolved PolicyArns). */
  readonly policies?: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
  readonly sourceIdentity?: string;
  /** Credentials issued to an execution environment: the function's ARN. */
  readonly sourceFunctionArn?: string;
}

/**
 * Version 2 added the issue time. A version 1 token is refused: without an issue time a policy that revokes
 * sessions issued before a cutoff (`DateLessThan aws:TokenIssueTime`) could not apply to it, and such tokens
 * (issued before the upgrade) are exactly the ones such a policy is about. Holders ask STS again.
 */
const TOKEN_VERSION = 2;

export function sessionTokenContext(accessKeyId: string): string {
  return `sts-session:${accessKeyId}`;
}

interface WireClaims {
  v: number;
  k: string;
  s: string;
  a: string;
  e: number;
  n: number;
  r?: [string, string, string];
  u?: [string, string, string?];
  p?: readonly string[];
  t?: Readonly<Record<string, string>>;
  i?: string;
  f?: string;
}

export function sealSessionToken(keys: KeyService, claims: SessionClaims): string {
  const wire: WireClaims = {
    v: TOKEN_VERSION,
    k: claims.accessKeyId,
    s: claims.secretAccessKey,
    a: claims.accountId,
    e: claims.expiresAt,
    n: claims.issuedAt,
  };
  if (claims.role !== undefined) wire.r = [claims.role.arn, claims.role.id, claims.role.sessionName];
  if (claims.source !== undefined) {
    wire.u = claims.source.userName === undefined
      ? [claims.source.arn, claims.source.userId]
      : [claims.source.arn, claims.source.userId, claims.source.userName];
  }
  if (claims.policies !== undefined && claims.policies.length > 0) wire.p = claims.policies;
  if (claims.tags !== undefined && Object.keys(claims.tags).length > 0) wire.t = claims.tags;
  if (claims.sourceIdentity !== undefined) wire.i = claims.sourceIdentity;
  if (claims.sourceFunctionArn !== undefined) wire.f = claims.sourceFunctionArn;
  const sealed = keys.seal(Buffer.from(JSON.stringify(wire), 'utf8'), sessionTokenContext(claims.accessKeyId));
  return sealed.toString('base64');
}

/**
 * The claims of `token` if it was sealed by this server for `accessKeyId`; undefined for anything else
 * (garbled, truncated, tampered, sealed for another key or under another master key).
 */
export function openSessionToken(keys: KeyService, accessKeyId: string, token: string): SessionClaims | undefined {
  if (token.length === 0 || token.length > 16_384 || !/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return undefined;
  let wire: unknown;
  try {
    const plain = keys.open(Buffer.from(token, 'base64'), sessionTokenContext(accessKeyId));
    wire = JSON.parse(plain.toString('utf8'));
  } catch {
    return undefined;
  }
  return fromWire(wire, accessKeyId);
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

// The token is authenticated, so a malformed payload can only come from a bug or an old format: refuse it.
function fromWire(value: unknown, accessKeyId: string): SessionClaims | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const w = value as Partial<Record<keyof WireClaims, unknown>>;
  if (w.v !== TOKEN_VERSION || w.k !== accessKeyId) return undefined;
  if (typeof w.s !== 'string' || typeof w.a !== 'string' || typeof w.e !== 'number' || typeof w.n !== 'number') return undefined;
  let claims: SessionClaims = { accessKeyId, secretAccessKey: w.s, accountId: w.a, expiresAt: w.e, issuedAt: w.n };
  if (w.r !== undefined) {
    if (!isStrings(w.r) || w.r.length !== 3) return undefined;
    const [arn, id, sessionName] = w.r as [string, string, string];
    claims = { ...claims, role: { arn, id, sessionName } };
  }
  if (w.u !== undefined) {
    if (!isStrings(w.u) || w.u.length < 2) return undefined;
    const [arn, userId, userName] = w.u as [string, string, string?];
    claims = { ...claims, source: { arn, userId, ...(userName === undefined ? {} : { userName }) } };
  }
  if (w.p !== undefined) {
    if (!isStrings(w.p)) return undefined;
    claims = { ...claims, policies: w.p };
  }
  if (w.t !== undefined) {
    if (!isStringRecord(w.t)) return undefined;
    claims = { ...claims, tags: w.t };
  }
  if (w.i !== undefined) {
    if (typeof w.i !== 'string') return undefined;
    claims = { ...claims, sourceIdentity: w.i };
  }
  if (w.f !== undefined) {
    if (typeof w.f !== 'string') return undefined;
    claims = { ...claims, sourceFunctionArn: w.f };
  }
  if ((claims.role === undefined) === (claims.source === undefined)) return undefined;
  return claims;
}
