/**
 * Opaque pagination markers. The store pages by key; clients get that key wrapped so they treat
 * it as opaque, and a marker that was not ours is refused instead of reaching a query.
 */
import { InvalidParameterValueError } from '../shared/errors/lambda-errors.js';

const PREFIX = 'lbx1:';

export function encodeMarker(after: string | undefined): string | undefined {
  return after === undefined ? undefined : Buffer.from(PREFIX + after, 'utf8').toString('base64url');
}

export function decodeMarker(marker: string | undefined, check: (after: string) => boolean = () => true): string | undefined {
  if (marker === undefined || marker === '') return undefined;
  const text = Buffer.from(marker, 'base64url').toString('utf8');
  const after = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : undefined;
  if (after === undefined || !check(after)) throw new InvalidParameterValueError('The marker provided is not valid.');
  return after;
}

export const isVersionCursor = (after: string): boolean => /^[0-9]{1,15}$/.test(after);
export const isAllVersionsCursor = (after: string): boolean => {
  try {
    const parsed: unknown = JSON.parse(after);
    return Array.isArray(parsed) && typeof parsed[0] === 'string' && Number.isSafeInteger(parsed[1]);
  } catch {
    return false;
  }
};
