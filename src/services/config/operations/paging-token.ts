/**
 * nextToken values: opaque to clients, bound to the caller's account and to the query they continue, so a
 * token can neither read another account's items nor be replayed against another resource.
 */
export function encodeToken(scope: readonly string[], position: string | number): string {
  return Buffer.from(JSON.stringify({ s: scope, p: position })).toString('base64url');
}

/** The position a token carries, or undefined when it is not one of ours for this scope. */
export function decodeToken(token: string, scope: readonly string[]): string | number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { s?: unknown; p?: unknown };
    if (!Array.isArray(parsed.s) || parsed.s.length !== scope.length || parsed.s.some((v, i) => v !== scope[i])) return undefined;
    return typeof parsed.p === 'string' || typeof parsed.p === 'number' ? parsed.p : undefined;
  } catch {
    return undefined;
  }
}
