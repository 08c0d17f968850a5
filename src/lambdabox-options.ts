/** Everything a Lambdabox is built from (src/lambdabox.ts, the composition root). */
import type { Logger } from 'pino';
import type { StoreLocation } from './store/store-location.js';
import type { Clock } from './shared/clock.js';
import type { UnverifiedBodyBudget } from './http/unverified-body-budget.js';
import type { SandboxBackendName } from './shared/platform-tags/sandbox-tag.js';
import type { AsyncTimingOptions } from './invoke/async/async-timing.js';
import type { ListenerLimits } from './sandbox/listener-limits.js';

export interface LambdaboxOptions {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly region: string;
  readonly logger: Logger;
  readonly writeCredentialsFile?: boolean;
  readonly masterKey?: string | undefined;
  readonly adminAccessKeyId?: string | undefined;
  readonly adminSecretAccessKey?: string | undefined;
  readonly clock?: Clock;
  /** Run functions (the data plane). Off gives a control-plane-only server. @default true */
  readonly sandbox?: boolean;
  /** Execution environments unused this long are destroyed. @default 5 minutes */
  readonly idleTimeoutMs?: number;
  /** Execution environments are replaced after this long. @default 2 hours */
  readonly maxLifetimeMs?: number;
  /**
   * Where Node.js 22/24 runtimes are cached. Not in the data dir: sandbox uids must read it, and the
   * data dir is 0700. @default /var/cache/lambdabox/runtimes as root, else ~/.cache/lambdabox/runtimes
   */
  readonly runtimeCacheDir?: string;
  /**
   * The sandbox backend of functions without a `lambdabox:sandbox` tag: 'bwrap' (namespaces +
   * seccomp) or 'gvisor' (runsc, a user-space kernel; needs `apt-get install -y runsc`). @default 'bwrap'
   */
  readonly sandboxBackend?: SandboxBackendName;
  /**
   * Host-local and private destinations functions may reach (`address:port` or `cidr:port`, IPv6 in
   * brackets, port `*` for any): loopback, this host's addresses and the private ranges are closed
   * to every function unless listed here, and a function's `lambdabox:egress` tag can only narrow
   * this. Metadata/link-local addresses and lambdabox's own port stay closed regardless. @default none
   */
  readonly egressAllowPrivate?: readonly string[];
  /** Async invocation timing (retry spacing, backoff, event age; `scale` shrinks them all for tests). */
  readonly asyncTiming?: AsyncTimingOptions;
  /** Concurrent deliveries of queued events per function. @default 8 */
  readonly asyncConcurrencyPerFunction?: number;
  /**
   * The operator's threat list, added to the built-in mining pools (`pattern [finding-type]` per
   * line). @default <data-dir>/threat-list.txt (absent: the built-in list only)
   */
  readonly threatListFile?: string;
  /**
   * Bounds the request-body bytes held, across all requests, before their signature is verified.
   * @default 32 MiB (src/http/unverified-body-budget.ts)
   */
  readonly unverifiedBodyBudget?: UnverifiedBodyBudget;
  /**
   * The host-side listeners of each execution environment: the connections one environment may hold
   * (one more destroys it, with a log line and a finding) and their timeouts. @default DEFAULT_LISTENER_LIMITS
   */
  readonly listenerLimits?: Partial<ListenerLimits>;
  /**
   * Where state lives: the SQLite file `<data-dir>/lambdabox.db`, or a PostgreSQL database (a `pg` pool).
   * Blobs (code, layers) stay encrypted in `blobDir` either way. @default { kind: 'sqlite' }
   */
  readonly store?: StoreLocation;
  /**
   * The encrypted code and layer blobs. Nodes sharing a PostgreSQL store share one (a shared file system
   * when they are on several machines). @default <data-dir>/blobs
   */
  readonly blobDir?: string;
  /**
   * Where the other nodes of a shared store reach this one (its node channel); only used with PostgreSQL.
   * @default this server's own address (127.0.0.1 when it listens on every address)
   */
  readonly advertiseUrl?: string;
  /** A node that misses heartbeats this long counts as dead and peers release what it held. @default 15 s */
  readonly nodeLeaseMs?: number;
  /**
   * Record every API call in the audit trail (CloudTrail events, configuration history). Only benchmarks
   * measuring its cost turn it off; the server command has no flag for it, since an unaudited server is not
   * one a security team signs off on. @default true
   */
  readonly auditTrail?: boolean;
  /**
   * Function logs, Lambda's metrics and X-Ray segments of invocations. Only benchmarks measuring their cost
   * turn them off (no server flag: a function whose logs vanish is not what a Lambda user expects). @default true
   */
  readonly observability?: boolean;
  /** How often logging trails get a log file of their new events (AWS: about every 5 minutes). @default 5 minutes */
  readonly trailDeliveryIntervalMs?: number;
  /** How often trails with log file validation get a signed digest (AWS: hourly). @default 1 hour */
  readonly trailDigestIntervalMs?: number;
  /** Trail log files and digests. Nodes sharing a PostgreSQL store share one (as `blobDir`). @default <data-dir>/trails */
  readonly trailDir?: string;
  /**
   * An OpenTelemetry collector (`http://host:4318`) every stored X-Ray segment is also exported to, as
   * OTLP/HTTP JSON spans. @default none
   */
  readonly otlpEndpoint?: string;
  /** Operator bearer token for `GET /metrics` (Prometheus); undefined: the endpoint answers 403. */
  readonly metricsToken?: string;
  /** How often alarms are evaluated. @default 10 000 ms */
  readonly alarmEvaluationIntervalMs?: number;
}
