/**
 * Paging tokens. Event positions are (timestamp, id) in the store's order. GetLogEvents' tokens look like
 * AWS's (`f/<position>` forward, `b/<position>` backward); the others are opaque. A token that does not parse
 * is InvalidParameterException, as AWS answers a foreign token.
 */
import type { EventCursor, StreamCursor } from '../store/logs-records.js';
import { LogsInvalidParameterError } from './logs-errors.js';

const invalid = (): LogsInvalidParameterError => new LogsInvalidParameterError('The specified nextToken is invalid.');

function num(text: string | undefined): number {
  if (text === undefined || !/^\d{1,16}$/.test(text)) throw invalid();
  return Number(text);
}

export function eventToken(direction: 'f' | 'b', at: EventCursor): string {
  return `${direction}/${at.timestamp}/${at.id}`;
}

export function parseEventToken(token: string): { direction: 'f' | 'b'; at: EventCursor } {
  const [direction, ts, id, ...rest] = token.split('/');
  if ((direction !== 'f' && direction !== 'b') || rest.length > 0) throw invalid();
  return { direction, at: { timestamp: num(ts), id: num(id) } };
}

export function opaqueToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function parseOpaque(token: string): unknown {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
}

export function parseEventCursor(token: string): EventCursor {
  const v = parseOpaque(token) as { t?: unknown; i?: unknown } | null;
  if (typeof v?.t !== 'number' || typeof v.i !== 'number') throw invalid();
  return { timestamp: v.t, id: v.i };
}

export function eventCursorToken(at: EventCursor): string {
  return opaqueToken({ t: at.timestamp, i: at.id });
}

export function parseNameCursor(token: string): string {
  const v = parseOpaque(token) as { n?: unknown } | null;
  if (typeof v?.n !== 'string') throw invalid();
  return v.n;
}

export function parseStreamCursor(token: string): StreamCursor {
  const v = parseOpaque(token) as { t?: unknown; n?: unknown } | null;
  if (typeof v?.t !== 'number' || typeof v.n !== 'string') throw invalid();
  return { lastEventTime: v.t, name: v.n };
}
