/**
 * Matches a Runtime API request path without a router: the table is five fixed shapes, and this
 * runs on every invoke's hot path, so it allocates nothing for the fixed routes.
 */

export type RuntimeRoute =
  | { readonly kind: 'next' }
  | { readonly kind: 'init-error' }
  | { readonly kind: 'ping' }
  | { readonly kind: 'not-found' }
  /** `rawRequestId` is the path segment as sent: URI-encoded, possibly empty. */
  | { readonly kind: 'response' | 'error'; readonly rawRequestId: string };

const PREFIX = '/2018-06-01/';
const INVOCATION = 'runtime/invocation/';

const NEXT: RuntimeRoute = { kind: 'next' };
const INIT_ERROR: RuntimeRoute = { kind: 'init-error' };
const PING: RuntimeRoute = { kind: 'ping' };
const NOT_FOUND: RuntimeRoute = { kind: 'not-found' };

/** The method each route accepts (as the RIE's chi router registers them); anything else is 405. */
export function allowedMethod(route: RuntimeRoute): 'GET' | 'POST' | undefined {
  switch (route.kind) {
    case 'next':
    case 'ping':
      return 'GET';
    case 'init-error':
    case 'response':
    case 'error':
      return 'POST';
    case 'not-found':
      return undefined;
  }
}

export function matchRuntimeRoute(url: string): RuntimeRoute {
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  if (!path.startsWith(PREFIX)) return NOT_FOUND;
  const rest = path.slice(PREFIX.length);
  switch (rest) {
    case 'runtime/invocation/next':
      return NEXT;
    case 'runtime/init/error':
      return INIT_ERROR;
    case 'ping':
      return PING;
  }
  if (!rest.startsWith(INVOCATION)) return NOT_FOUND;
  const tail = rest.slice(INVOCATION.length);
  const slash = tail.indexOf('/');
  if (slash < 0) return NOT_FOUND;
  const action = tail.slice(slash + 1);
  if (action !== 'response' && action !== 'error') return NOT_FOUND;
  return { kind: action, rawRequestId: tail.slice(0, slash) };
}

/** The id as the runtime meant it; undefined when the escape is malformed (never a valid id). */
export function decodeRequestId(raw: string): string | undefined {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
