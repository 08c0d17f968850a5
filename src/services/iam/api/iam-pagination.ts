/** IAM's Marker/MaxItems paging over an in-memory list (IAM lists are small: quotas cap them in thousands). */
import type { QueryParams } from '../../../http/query/query-params.js';
import { iamConstraint } from '../operations/iam-errors.js';
import { QueryValidationError } from '../../../shared/errors/query-errors.js';

export interface IamPage<T> {
  readonly items: T[];
  readonly isTruncated: boolean;
  readonly marker?: string;
}

/** Where a page starts and how long it may be, from `Marker` and `MaxItems` (validated as IAM does). */
export function pageWindow(params: QueryParams): { start: number; maxItems: number } {
  const maxItems = params.int('MaxItems', (raw) => iamConstraint(raw, 'maxItems', 'Member must have value greater than or equal to 1')) ?? 100;
  if (maxItems < 1) throw iamConstraint(String(maxItems), 'maxItems', 'Member must have value greater than or equal to 1');
  if (maxItems > 1000) throw iamConstraint(String(maxItems), 'maxItems', 'Member must have value less than or equal to 1000');
  const marker = params.get('Marker');
  let start = 0;
  if (marker !== undefined) {
    const decoded = Number(Buffer.from(marker, 'base64url').toString('utf8'));
    if (!Number.isInteger(decoded) || decoded < 0) throw new QueryValidationError('Invalid Marker.');
    start = decoded;
  }
  return { start, maxItems };
}

/** The page of `items` (already cut to the window starting at `start`) out of `total`. */
export function pageOf<T>(items: T[], start: number, total: number): IamPage<T> {
  const next = start + items.length;
  if (next < total) return { items, isTruncated: true, marker: Buffer.from(String(next), 'utf8').toString('base64url') };
  return { items, isTruncated: false };
}

export function paginate<T>(all: readonly T[], params: QueryParams): IamPage<T> {
  const { start, maxItems } = pageWindow(params);
  return pageOf(all.slice(start, start + maxItems), start, all.length);
}

/** The list members IAM adds to every paged result. */
export function pageMembers<T>(page: IamPage<T>): { IsTruncated: boolean; Marker?: string } {
  return { IsTruncated: page.isTruncated, ...(page.marker === undefined ? {} : { Marker: page.marker }) };
}
