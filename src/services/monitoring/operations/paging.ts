/** NextToken values: opaque to clients, checked on the way back in (InvalidNextToken otherwise). */
import { invalidNextToken } from '../monitoring-errors.js';

export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify({ v: 1, p: value }), 'utf8').toString('base64url');
}

export function decodeToken<T>(token: string | undefined, check: (value: unknown) => value is T): T | undefined {
  if (token === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: unknown; p?: unknown };
    if (parsed.v === 1 && check(parsed.p)) return parsed.p;
  } catch {
    // fall through
  }
  throw invalidNextToken();
}

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
