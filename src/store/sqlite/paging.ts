/** Keyset pagination helpers: fetch one row more than asked to learn whether another page follows. */
import type { Page } from '../store.js';

export function toPage<R, T>(rows: R[], limit: number, map: (row: R) => T, cursorOf: (row: R) => string): Page<T> {
  if (rows.length > limit) {
    const kept = rows.slice(0, limit);
    const last = kept[kept.length - 1];
    return { items: kept.map(map), ...(last === undefined ? {} : { nextAfter: cursorOf(last) }) };
  }
  return { items: rows.map(map) };
}
