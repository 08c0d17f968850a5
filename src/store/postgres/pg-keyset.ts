/**
 * Keyset bounds bound the way SQLite takes them, so both engines answer the same for any cursor and limit.
 * SQLite binds NaN as NULL and compares an integer column with a fractional or infinite number exactly; a
 * PostgreSQL BIGINT parameter would refuse those. A NULL bound makes the comparison NULL, as in SQLite.
 */

/** The bound `b` such that `column > b` over integers means `column > x`. */
export function integerAbove(x: number): number | null {
  if (Number.isNaN(x) || x === Infinity) return null;
  return clamp(Math.floor(x));
}

/** The bound `b` such that `column < b` over integers means `column < x`. */
export function integerBelow(x: number): number | null {
  if (Number.isNaN(x) || x === -Infinity) return null;
  return clamp(Math.ceil(x));
}

/** Every stored number is a safe integer, so clamping changes no comparison's outcome. */
function clamp(n: number): number {
  return Math.min(Number.MAX_SAFE_INTEGER, Math.max(Number.MIN_SAFE_INTEGER, n));
}

/** The LIMIT for a page of `limit` (one row more, to learn whether another page follows); SQLite reads a negative LIMIT as none. */
export function pageLimit(limit: number): number | null {
  return limit + 1 < 0 ? null : limit + 1;
}
