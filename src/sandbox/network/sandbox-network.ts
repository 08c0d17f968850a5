/**
 * The platform's network for execution environments. For each environment it opens, in the
 * environment's run directory: the lambdabox API relay (`lambdabox-api.sock` → the front door), the egress
 * proxy (`egress.sock`) and a forwarder per loopback literal the function's policy names
 * (`fwd-N.sock`), and says which sockets to bind and which variables to set. Nothing else leaves
 * the sandbox. Every egress attempt is decided by egress-check.ts against the policy read at
 * that moment (a tag change applies to the next connection), logged to the function's log stream
 * and the server log, and a threat-list hit becomes a finding. Host-local and private destinations
 * also need the operator's allowance (private-allowance.ts), which no tag can widen.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Store } from '../../store/store.js';
import type { FindingsLog } from '../../observe/findings/findings-log.js';
import type { ConnectionGuard } from '../connection-guard.js';
import type { SandboxMount } from '../launch/sandbox-spec.js';
import type { ListenerLimits } from '../listener-limits.js';
import type { VersionKey } from '../environment-types.js';
import { hostInterfaceAddresses } from './address-class.js';
import { listenApiRelay } from './api-relay.js';
import type { RelayTarget } from './api-relay.js';
import { checkEgress } from './egress-check.js';
import type { EgressVerdict } from './egress-check.js';
import { EGRESS_TAG, EgressPolicyError, loopbackForwards, parseEgressPolicy } from '../../shared/platform-tags/egress-policy.js';
import type { EgressRule } from '../../shared/platform-tags/egress-policy.js';
import { EgressProxy } from './egress-proxy.js';
import type { EgressVia } from './egress-proxy.js';
import { API_RELAY_PORT, EGRESS_PROXY_PORT, networkVariables, RESERVED_SANDBOX_PORTS, relayMounts, XRAY_DAEMON_PORT } from './network-layout.js';
import { XrayRelay } from './xray-relay.js';
import type { TcpRelay } from './network-layout.js';
import { PRIVATE_ALLOWANCE_HINT, PrivateAllowance } from './private-allowance.js';
import type { ThreatList } from './threat-list.js';
import type { UnixListener } from './unix-listener.js';

const LOOKUP_TIMEOUT_MS = 5_000;

export interface EnvironmentNetworkContext {
  readonly envId: string;
  /** The environment's host run directory (0711), where its sockets go. */
  readonly dir: string;
  readonly key: VersionKey;
  /** Appends a platform line to the function's log, attributed to the phase in progress. */
  readonly platformLog: (line: string) => void;
  /** The invocation in flight, if any. */
  readonly requestId: () => string | undefined;
  /** The environment's share of connections, for every listener opened here. */
  readonly guard: ConnectionGuard;
  readonly limits: ListenerLimits;
}

export interface EnvironmentNetwork {
  readonly mounts: readonly SandboxMount[];
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/** What Environment needs; SandboxNetwork implements it. */
export interface NetworkProvider {
  open(ctx: EnvironmentNetworkContext): Promise<EnvironmentNetwork>;
}

export interface SandboxNetworkOptions {
  readonly store: Store;
  readonly region: string;
  readonly logger: Logger;
  readonly threats: ThreatList;
  readonly findings: FindingsLog;
  /** The front door's listen address, once it listens. */
  readonly frontDoor: () => RelayTarget | undefined;
  /**
   * The operator's `--egress-allow-private` entries: the only way a function reaches loopback, this
   * host's addresses or a private range. @default none
   */
  readonly allowance?: PrivateAllowance;
  /**
   * This host's interface addresses, read at every attempt: addresses come and go (DHCP, IPv6
   * temporary addresses), and one added after start must still count as the host's.
   * @default os.networkInterfaces()
   */
  readonly hostAddresses?: () => ReadonlySet<string>;
  /** @default the host resolver (getaddrinfo), 5 s timeout */
  readonly lookup?: (host: string) => Promise<string[]>;
  /**
   * Where segment documents a function sends to its X-Ray daemon address go, as its account's (the X-Ray
   * ingest's `put`). Without it environments get no daemon relay. @default none
   */
  readonly traceSink?: (accountId: string, documents: readonly string[]) => void;
  /** Datagrams per second one environment may hand the daemon relay (burst twice that). @default 500 */
  readonly traceDatagramsPerSecond?: number;
}

export interface EgressAttempt {
  readonly functionArn: string;
  readonly envId: string;
  readonly requestId: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly via: EgressVia;
  readonly verdict: EgressVerdict;
}

/** The platform log line of one attempt, shaped like Lambda's own (`KEY: value` fields, tab-separated). */
export function egressLogLine(a: EgressAttempt): string {
  const v = a.verdict;
  const fields = [
    `EGRESS RequestId: ${a.requestId ?? '-'}`,
    `Destination: ${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`,
    `Address: ${v.address ?? '-'}`,
    `Verdict: ${v.allowed ? 'ALLOWED' : 'DENIED'}`,
    v.allowed ? `Rule: ${v.rule}` : `Reason: ${v.reason}`,
    ...(v.allowed && v.allowance !== undefined ? [`Allowance: ${v.allowance}`] : []),
    `Via: ${a.via}`,
    `Environment: ${a.envId}`,
    `Function: ${a.functionArn}`,
  ];
  return fields.join('\t');
}

function hostLookup(host: string): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('lookup timed out'), { code: 'ETIMEOUT' })), LOOKUP_TIMEOUT_MS);
  });
  return Promise.race([dnsLookup(host, { all: true, verbatim: true }).then((r) => r.map((a) => a.address)), timeout]).finally(() =>
    clearTimeout(timer),
  );
}

export class SandboxNetwork implements NetworkProvider {
  readonly #o: SandboxNetworkOptions;
  readonly #allowance: PrivateAllowance;

  constructor(options: SandboxNetworkOptions) {
    this.#o = options;
    this.#allowance = options.allowance ?? PrivateAllowance.none();
  }

  /** The function's egress rules now; a malformed stored value is the empty policy. */
  async policy(key: VersionKey): Promise<EgressRule[]> {
    const fn = await this.#o.store.transact((tx) => tx.getFunction(key.accountId, key.functionName));
    try {
      return parseEgressPolicy(fn?.tags[EGRESS_TAG]);
    } catch (err) {
      if (!(err instanceof EgressPolicyError)) throw err;
      this.#o.logger.warn({ function: key.functionName, err: err.message }, 'ignoring an invalid egress policy');
      return [];
    }
  }

  #platformPorts(): Set<number> {
    const door = this.#o.frontDoor();
    return new Set(door === undefined ? [] : [door.port]);
  }

  async open(ctx: EnvironmentNetworkContext): Promise<EnvironmentNetwork> {
    const functionArn = `arn:aws:lambda:${this.#o.region}:${ctx.key.accountId}:function:${ctx.key.functionName}` +
      (ctx.key.version === '$LATEST' ? '' : `:${ctx.key.version}`);
    const reported = new Set<string>();
    const gate = async (host: string, port: number, via: EgressVia): Promise<EgressVerdict> => {
      const requestId = ctx.requestId();
      let verdict: EgressVerdict;
      try {
        verdict = await checkEgress({
          host,
          port,
          rules: await this.policy(ctx.key),
          threats: this.#o.threats,
          hostAddresses: (this.#o.hostAddresses ?? hostInterfaceAddresses)(),
          allowance: this.#allowance,
          platformPorts: this.#platformPorts(),
          lookup: this.#o.lookup ?? hostLookup,
        });
      } catch (err) {
        this.#o.logger.error({ err, envId: ctx.envId }, 'egress check failed');
        verdict = { allowed: false, reason: 'internal error' };
      }
      const attempt: EgressAttempt = { functionArn, envId: ctx.envId, requestId, host, port, via, verdict };
      this.#record(attempt, ctx, reported);
      return verdict;
    };

    const proxy = new EgressProxy({ gate, guard: ctx.guard, limits: ctx.limits });
    const listeners: Array<UnixListener | XrayRelay> = [];
    const close = async (): Promise<void> => {
      await proxy.close();
      await Promise.all(listeners.map((l) => l.close()));
    };
    try {
      const relays: TcpRelay[] = [];
      const api = join(ctx.dir, 'lambdabox-api.sock');
      listeners.push(await listenApiRelay({ socketPath: api, target: this.#o.frontDoor, guard: ctx.guard, limits: ctx.limits }));
      relays.push({ host: '127.0.0.1', port: API_RELAY_PORT, hostSocket: api, name: 'lambdabox-api.sock' });
      const egress = join(ctx.dir, 'egress.sock');
      await proxy.listenProxy(egress);
      relays.push({ host: '127.0.0.1', port: EGRESS_PROXY_PORT, hostSocket: egress, name: 'egress.sock' });
      // A loopback destination the policy names exactly, and the operator allows, is served at the
      // same address inside, for clients that know no proxy (or skip it for loopback, as NO_PROXY
      // tells them to). One the operator does not allow gets no forwarder (a raw connect is refused
      // as for any closed port) and one line in the function's log saying who can open it.
      const platformPorts = this.#platformPorts();
      let n = 0;
      for (const f of loopbackForwards(await this.policy(ctx.key))) {
        if (RESERVED_SANDBOX_PORTS.has(f.port) || platformPorts.has(f.port)) continue;
        if (this.#allowance.match(f.host, f.port) === undefined) {
          this.#inactiveRule(ctx, functionArn, `${f.host.includes(':') ? `[${f.host}]` : f.host}:${f.port}`);
          continue;
        }
        const name = `fwd-${n++}.sock`;
        const path = join(ctx.dir, name);
        await proxy.listenForward(path, f.host, f.port);
        relays.push({ host: f.host, port: f.port, hostSocket: path, name });
      }
      const udpRelays: TcpRelay[] = [];
      const sink = this.#o.traceSink;
      if (sink !== undefined) {
        const path = join(ctx.dir, 'xray.sock');
        const rate = this.#o.traceDatagramsPerSecond ?? 500;
        const relay = new XrayRelay({
          socketPath: path,
          sink: (documents) => sink(ctx.key.accountId, documents),
          guard: ctx.guard,
          limits: ctx.limits,
          ratePerSecond: rate,
          burst: rate * 2,
          onDropped: (stats) =>
            this.#o.logger.warn({ envId: ctx.envId, functionArn, xrayRelay: { ...stats } }, 'dropping X-Ray datagrams over the environment rate'),
        });
        await relay.listen();
        listeners.push(relay);
        udpRelays.push({ host: '127.0.0.1', port: XRAY_DAEMON_PORT, hostSocket: path, name: 'xray.sock' });
      }
      return { mounts: relayMounts([...relays, ...udpRelays]), env: networkVariables(relays, udpRelays), close };
    } catch (err) {
      await close().catch(() => undefined);
      throw err;
    }
  }

  #inactiveRule(ctx: EnvironmentNetworkContext, functionArn: string, rule: string): void {
    const reason = `host address not allowed by the operator (${PRIVATE_ALLOWANCE_HINT})`;
    ctx.platformLog(`EGRESS-RULE Rule: ${rule}\tStatus: INACTIVE\tReason: ${reason}\tEnvironment: ${ctx.envId}\tFunction: ${functionArn}`);
    this.#o.logger.warn({ egressRule: { rule, envId: ctx.envId, functionArn, reason } }, 'egress rule names a host address the operator does not allow');
  }

  #record(a: EgressAttempt, ctx: EnvironmentNetworkContext, reported: Set<string>): void {
    const line = egressLogLine(a);
    ctx.platformLog(line);
    const v = a.verdict;
    const { verdict: _verdict, ...where } = a;
    const decided = v.allowed ? { rule: v.rule, ...(v.allowance === undefined ? {} : { allowance: v.allowance }) } : { reason: v.reason };
    const fields = { egress: { ...where, allowed: v.allowed, address: v.address, ...decided } };
    if (a.verdict.allowed) this.#o.logger.info(fields, 'egress allowed');
    else this.#o.logger.warn(fields, 'egress denied');
    const threat = a.verdict.allowed ? undefined : a.verdict.threat;
    if (threat === undefined) return;
    // One finding per destination and environment, as GuardDuty aggregates repeats; each attempt is still logged.
    const key = `${a.host}:${a.port}`;
    if (reported.has(key)) return;
    reported.add(key);
    void this.#o.findings
      .append({
        type: threat.findingType,
        severity: 'High',
        accountId: ctx.key.accountId,
        functionArn: a.functionArn,
        envId: a.envId,
        ...(a.requestId === undefined ? {} : { requestId: a.requestId }),
        destination: { host: a.host, port: a.port },
        matched: threat.pattern,
      })
      .then(
        (finding) => {
          this.#o.logger.warn({ finding }, 'threat finding');
          ctx.platformLog(`FINDING Id: ${finding.id}\tType: ${finding.type}\tDestination: ${key}\tEnvironment: ${a.envId}\tFunction: ${a.functionArn}`);
        },
        (err: unknown) => this.#o.logger.error({ err }, 'could not record a threat finding'),
      );
  }
}
