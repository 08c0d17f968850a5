/**
 * `lambdabox server` settings: flags first, then LAMBDABOX_* environment variables, then defaults.
 * Validated by schema because they come from outside (argv and the environment).
 */
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { PrivateAllowance, PrivateAllowanceError } from '../sandbox/network/private-allowance.js';
import { DEFAULT_LISTENER_LIMITS } from '../sandbox/listener-limits.js';
import { ConfigError } from '../shared/errors/lambdabox-error.js';
import { storeLocationProblem } from '../store/store-location.js';

export const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d{1}$/;

export const ServerOptionsSchema = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  dataDir: z.string().min(1),
  region: z.string().regex(REGION_PATTERN, 'must look like us-east-1'),
  writeCredentialsFile: z.boolean(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  /** The backend for functions without a `lambdabox:sandbox` tag. */
  sandboxBackend: z.enum(['bwrap', 'gvisor']),
  /** Host-local/private `address:port` or `cidr:port` entries functions may reach (private-allowance.ts). */
  egressAllowPrivate: z.array(z.string()).superRefine((entries, ctx) => {
    try {
      PrivateAllowance.parse(entries);
    } catch (err) {
      if (!(err instanceof PrivateAllowanceError)) throw err;
      ctx.addIssue({ code: 'custom', message: err.message });
    }
  }),
  /** Connections one execution environment may hold to its host-side sockets (listener-limits.ts). */
  connectionsPerEnvironment: z.coerce.number().int().min(1).max(4096),
  /** `sqlite` (the file in the data dir) or a `postgres://` URL (store-location.ts). */
  store: z.string().superRefine((value, ctx) => {
    const problem = storeLocationProblem(value);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  }),
  /** The encrypted blob directory; undefined: `<data-dir>/blobs`. */
  blobDir: z.string().min(1).optional(),
  /** The trail files' directory; undefined: `<data-dir>/trails`. */
  trailDir: z.string().min(1).optional(),
  /** Where peers reach this node (http or https, no path); undefined: the listening address. */
  advertiseUrl: z
    .string()
    .url()
    .refine((u) => /^https?:\/\/[^/?#]+\/?$/.test(u), 'must be http(s)://host:port with no path')
    .optional(),
  /** A silent node is dead after this long; at least 1 s, at most 10 min. */
  nodeLeaseMs: z.coerce.number().int().min(1_000).max(600_000).optional(),
  /** Bearer token for `GET /metrics` (from LAMBDABOX_METRICS_TOKEN only: a flag would show in the process list). */
  metricsToken: z.string().min(16, 'must be at least 16 characters').optional(),
  /** An OpenTelemetry collector (http(s)://host:port) stored X-Ray segments are exported to as OTLP/HTTP JSON. */
  otlpEndpoint: z.string().url().refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL').optional(),
});

export type ServerOptions = z.infer<typeof ServerOptionsSchema>;

export interface RawServerFlags {
  readonly host?: string;
  readonly port?: string;
  readonly dataDir?: string;
  readonly region?: string;
  readonly credentialsFile?: boolean;
  readonly logLevel?: string;
  readonly sandboxBackend?: string;
  /** `--egress-allow-private`, once per flag given (each may hold several entries). */
  readonly egressAllowPrivate?: readonly string[];
  readonly connectionsPerEnvironment?: string;
  readonly store?: string;
  readonly blobDir?: string;
  readonly trailDir?: string;
  readonly advertiseUrl?: string;
  readonly nodeLeaseMs?: string;
  readonly otlpEndpoint?: string;
}

/** Entries of LAMBDABOX_EGRESS_ALLOW_PRIVATE, separated by commas or spaces. */
function splitEntries(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter((e) => e !== '');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function optionalPath(value: string | undefined): string | undefined {
  const v = nonEmpty(value);
  return v === undefined ? undefined : resolve(v);
}

export function resolveServerOptions(flags: RawServerFlags, env: NodeJS.ProcessEnv): ServerOptions {
  const parsed = ServerOptionsSchema.safeParse({
    host: flags.host ?? env['LAMBDABOX_HOST'] ?? '127.0.0.1',
    port: flags.port ?? env['LAMBDABOX_PORT'] ?? '9700',
    dataDir: resolve(flags.dataDir ?? env['LAMBDABOX_HOME'] ?? `${homedir()}/.lambdabox`),
    region: flags.region ?? env['LAMBDABOX_REGION'] ?? 'us-east-1',
    writeCredentialsFile: flags.credentialsFile ?? true,
    logLevel: flags.logLevel ?? env['LAMBDABOX_LOG_LEVEL'] ?? 'info',
    sandboxBackend: flags.sandboxBackend ?? env['LAMBDABOX_SANDBOX_BACKEND'] ?? 'bwrap',
    egressAllowPrivate: (flags.egressAllowPrivate ?? [env['LAMBDABOX_EGRESS_ALLOW_PRIVATE']]).flatMap(splitEntries),
    connectionsPerEnvironment:
      flags.connectionsPerEnvironment ?? env['LAMBDABOX_CONNECTIONS_PER_ENVIRONMENT'] ?? String(DEFAULT_LISTENER_LIMITS.connectionsPerEnvironment),
    store: flags.store ?? env['LAMBDABOX_STORE'] ?? 'sqlite',
    blobDir: optionalPath(flags.blobDir ?? env['LAMBDABOX_BLOB_DIR']),
    trailDir: optionalPath(flags.trailDir ?? env['LAMBDABOX_TRAIL_DIR']),
    advertiseUrl: nonEmpty(flags.advertiseUrl ?? env['LAMBDABOX_ADVERTISE_URL']),
    nodeLeaseMs: nonEmpty(flags.nodeLeaseMs ?? env['LAMBDABOX_NODE_LEASE_MS']),
    metricsToken: nonEmpty(env['LAMBDABOX_METRICS_TOKEN']),
    otlpEndpoint: nonEmpty(flags.otlpEndpoint ?? env['LAMBDABOX_OTLP_ENDPOINT']),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // The message never repeats the value: a store URL may hold a password.
    throw new ConfigError(`invalid setting ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
