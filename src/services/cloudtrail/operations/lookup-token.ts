/**
 * LookupEvents' NextToken: opaque (base64url JSON) and bound to the query that produced it. It carries a
 * digest of the account and the parameters as the caller gave them, the time range as resolved on the first
 * page (so a query without StartTime/EndTime pages through one fixed window, not a window moving with the
 * clock), and the last event of the page. A token of another query, another account or garbage is
 * InvalidNextTokenException, as AWS answers a token "previously used in a request with different parameters".
 */
import { createHash } from 'node:crypto';
import type { EventCursor } from '../store/cloudtrail-records.js';
import { InvalidNextTokenError } from './cloudtrail-errors.js';

export interface LookupPosition {
  readonly startTime: number;
  readonly endTime: number;
  readonly after: EventCursor;
}

interface TokenDoc {
  readonly q: string;
  readonly b: number;
  readonly e: number;
  readonly t: number;
  readonly s: number;
}

/** The digest a token is bound to: the account and the caller's own parameters. */
export function queryDigest(parts: Readonly<Record<string, unknown>>): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 22);
}

export function encodeLookupToken(digest: string, p: LookupPosition): string {
  const doc: TokenDoc = { q: digest, b: p.startTime, e: p.endTime, t: p.after.eventTime, s: p.after.seq };
  return Buffer.from(JSON.stringify(doc)).toString('base64url');
}

export function decodeLookupToken(token: string, digest: string): LookupPosition {
  let doc: Partial<TokenDoc> | undefined;
  try {
    doc = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenDoc>;
  } catch {
    doc = undefined;
  }
  const ints = [doc?.b, doc?.e, doc?.t, doc?.s];
  if (doc?.q !== digest || !ints.every((n) => Number.isSafeInteger(n))) throw new InvalidNextTokenError('Invalid NextToken.');
  return { startTime: doc.b as number, endTime: doc.e as number, after: { eventTime: doc.t as number, seq: doc.s as number } };
}
