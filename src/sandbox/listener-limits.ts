/**
 * Bounds on the host-side listeners an execution environment's sandbox can reach (its Runtime API
 * socket, the lambdabox API relay, the egress proxy and its forwarders). Every connection a sandbox
 * opens to one of them is a file descriptor of the lambdabox server, which every account shares: one
 * environment must not be able to take more than its share, or hold what it took forever.
 */

export interface ListenerLimits {
  /**
   * Connections one environment may hold open to all of its host-side listeners together. One past
   * this destroys the environment (connection-guard.ts). A runtime needs one or two; the AWS SDK's
   * default pool is 50 sockets; the rest is room for a function's own fan-out through the proxy.
   */
  readonly connectionsPerEnvironment: number;
  /** Time to receive a request's head on the HTTP listeners (Runtime API, egress proxy). */
  readonly headersTimeoutMs: number;
  /**
   * Time to receive a whole request on the HTTP listeners. A body streamed through the egress proxy
   * may legitimately last an invocation, and Lambda's longest one is 15 minutes.
   */
  readonly requestTimeoutMs: number;
  /**
   * A relayed or tunnelled connection (API relay, CONNECT tunnel, forwarder, proxied request) with no
   * traffic either way for this long is closed: 350 s is AWS's NAT gateway idle timeout, what a
   * function in a VPC sees for the same connection.
   */
  readonly idleTimeoutMs: number;
}

export const DEFAULT_LISTENER_LIMITS: ListenerLimits = {
  connectionsPerEnvironment: 128,
  headersTimeoutMs: 30_000,
  requestTimeoutMs: 900_000,
  idleTimeoutMs: 350_000,
};

/**
 * How long the Runtime API keeps an idle kept-alive connection: longer than the longest invocation
 * (15 min), because the runtime's connection sits idle while its handler runs, and a runtime that
 * finds it closed when it posts the response (Go's HTTP client does not retry a POST) would crash.
 */
export const RUNTIME_API_KEEP_ALIVE_MS = 960_000;

/** Node's default is a 30 s sweep; headers/request timeouts are enforced at that granularity. */
export function connectionsCheckingInterval(limits: ListenerLimits): number {
  return Math.max(10, Math.min(30_000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)));
}

export function listenerLimits(overrides: Partial<ListenerLimits> | undefined): ListenerLimits {
  const limits = { ...DEFAULT_LISTENER_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`listener limit ${name} must be a positive integer, not ${String(value)}`);
  }
  // node:http refuses a headers timeout longer than the request timeout.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) throw new RangeError('headersTimeoutMs must not exceed requestTimeoutMs');
  return limits;
}
