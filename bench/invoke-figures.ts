/** Turns the invoke benchmark's measurements into the side-by-side figures and the notes under them. */
import type { LaunchCosts } from './invoke-launch.js';
import type { ClientKind, WarmRun } from './invoke-phases.js';
import { CLIENT_LABEL } from './invoke-phases.js';
import type { LambdaboxMemory, OfflineMemory } from './invoke-memory.js';
import { IDLE_MS } from './invoke-memory.js';
import type { FigureRow } from './invoke-report.js';
import type { Measurement } from './measure.js';

export interface Pair<T> {
  readonly lbx: T;
  readonly sls: T | undefined;
}

export interface InvokeResults {
  readonly sequential: ReadonlyMap<ClientKind, Pair<WarmRun>>;
  readonly concurrent: ReadonlyMap<ClientKind, Pair<WarmRun>>;
  readonly dryRun: ReadonlyMap<ClientKind, WarmRun>;
  readonly runtimeApi: Measurement;
  readonly coldNew: Pair<Measurement>;
  readonly coldDestroyed: Pair<Measurement>;
  /** lambdabox's Init Duration in the two cold cases (new version, destroyed). */
  readonly coldInit: readonly [Measurement, Measurement];
  /** `node -e 0`, spawn to exit. */
  readonly nodeStart: Measurement;
  readonly launch: LaunchCosts;
  readonly lbxMemory: LambdaboxMemory;
  readonly slsMemory: OfflineMemory | undefined;
  /** Most environments lambdabox had during the 16-client runs. */
  readonly lbxEnvironments16: number;
}

const MB = 1024 * 1024;
const KINDS: readonly ClientKind[] = ['sdk', 'raw'];

/** The results measured with each client kind, in KINDS order, with the client's label. */
function perClient<T>(results: ReadonlyMap<ClientKind, T>): [T, string][] {
  return KINDS.flatMap((kind): [T, string][] => {
    const result = results.get(kind);
    return result === undefined ? [] : [[result, CLIENT_LABEL[kind]]];
  });
}

export function invokeFigures(r: InvokeResults): FigureRow[] {
  const rows: FigureRow[] = [];
  for (const [q, client] of perClient(r.sequential)) {
    rows.push(
      { figure: 'warm Invoke p50, sequential', client, unit: 'ms', lambdabox: q.lbx.m.p50Ms, offline: q.sls?.m.p50Ms, target: { op: '<=', value: 1 } },
      { figure: 'warm Invoke p99, sequential', client, unit: 'ms', lambdabox: q.lbx.m.p99Ms, offline: q.sls?.m.p99Ms, target: { op: '<=', value: 5 } },
    );
  }
  for (const [p, client] of perClient(r.concurrent)) {
    rows.push(
      { figure: 'throughput, 16 concurrent clients', client, unit: 'invokes/s', lambdabox: p.lbx.m.opsPerSecond, offline: p.sls?.m.opsPerSecond, target: { op: '>=', value: 5000 } },
      { figure: 'warm Invoke p50, 16 concurrent clients', client, unit: 'ms', lambdabox: p.lbx.m.p50Ms, offline: p.sls?.m.p50Ms },
      { figure: 'warm Invoke p99, 16 concurrent clients', client, unit: 'ms', lambdabox: p.lbx.m.p99Ms, offline: p.sls?.m.p99Ms },
      {
        figure: 'server-side CPU per invoke, 16 concurrent clients (lambdabox: server + sandboxes)',
        client,
        unit: 'ms',
        lambdabox: p.lbx.cpu.server + p.lbx.cpu.sandbox,
        offline: p.sls === undefined ? undefined : p.sls.cpu.server + p.sls.cpu.sandbox,
      },
    );
  }
  const sdk = CLIENT_LABEL.sdk;
  const m = r.lbxMemory;
  const o = r.slsMemory;
  rows.push(
    { figure: 'cold start p50, new version', client: sdk, unit: 'ms', lambdabox: r.coldNew.lbx.p50Ms, offline: r.coldNew.sls?.p50Ms, target: { op: '<=', value: 100 } },
    { figure: 'cold start p99, new version', client: sdk, unit: 'ms', lambdabox: r.coldNew.lbx.p99Ms, offline: r.coldNew.sls?.p99Ms },
    { figure: 'cold start p50, environment destroyed', client: sdk, unit: 'ms', lambdabox: r.coldDestroyed.lbx.p50Ms, offline: r.coldDestroyed.sls?.p50Ms, target: { op: '<=', value: 100 } },
    { figure: 'cold start p99, environment destroyed', client: sdk, unit: 'ms', lambdabox: r.coldDestroyed.lbx.p99Ms, offline: r.coldDestroyed.sls?.p99Ms },
    {
      figure: 'idle warm environment RSS (lambdabox: sum over its sandbox processes; sls-offline: growth of its process with one worker)',
      client: '',
      unit: 'MB',
      lambdabox: m.env.rssBytes / MB,
      offline: o === undefined ? undefined : (o.warm.rssBytes - o.before.rssBytes) / MB,
      target: { op: '<=', value: 45 },
    },
    { figure: 'idle warm environment PSS (same processes)', client: '', unit: 'MB', lambdabox: m.env.pssBytes / MB, offline: o === undefined ? undefined : (o.warm.pssBytes - o.before.pssBytes) / MB },
    { figure: 'server process RSS with one idle warm environment (lambdabox: the server alone; sls-offline: its process, worker included)', client: '', unit: 'MB', lambdabox: m.server.rssBytes / MB, offline: o?.warm.rssBytes === undefined ? undefined : o.warm.rssBytes / MB },
  );
  for (const kind of KINDS) {
    const d = r.dryRun.get(kind);
    if (d !== undefined) rows.push({ figure: 'lambdabox only: Invoke DryRun p50 (front door: HTTP, SigV4, IAM, route, resolve), sequential', client: CLIENT_LABEL[kind], unit: 'ms', lambdabox: d.m.p50Ms, offline: undefined });
  }
  rows.push(
    { figure: 'lambdabox only: Runtime API round trip p50 (bootstrap ⇄ RuntimeApiServer, no bwrap, no front door)', client: 'direct', unit: 'ms', lambdabox: r.runtimeApi.p50Ms, offline: undefined },
    { figure: 'lambdabox only: Init Duration p50 of the cold starts, new version (launch to first GET /next)', client: 'log tail', unit: 'ms', lambdabox: r.coldInit[0].p50Ms, offline: undefined },
    { figure: 'lambdabox only: Init Duration p50 of the cold starts, environment destroyed', client: 'log tail', unit: 'ms', lambdabox: r.coldInit[1].p50Ms, offline: undefined },
    { figure: 'reference: `node -e 0` spawn to exit p50 (no sandbox)', client: 'direct', unit: 'ms', lambdabox: r.nodeStart.p50Ms, offline: undefined },
    { figure: 'reference: sandbox launch running /bin/true p50 (cgroups + setpriv + bwrap)', client: 'direct', unit: 'ms', lambdabox: r.launch.trueInSandbox.p50Ms, offline: undefined },
    { figure: 'reference: `node -e 0` in a sandbox p50, launch to exit', client: 'direct', unit: 'ms', lambdabox: r.launch.nodeInSandbox.p50Ms, offline: undefined },
  );
  return rows;
}

const mb = (bytes: number): string => (bytes / MB).toFixed(1);

export function memoryNote(m: LambdaboxMemory, o: OfflineMemory | undefined): string {
  const each = m.env.each.map((p) => `${p.comm} ${mb(p.rssBytes)} (anonymous ${mb(p.anonBytes)})`).join(', ');
  const cgroup = m.envCgroupBytes === undefined ? '–' : mb(m.envCgroupBytes);
  const lbx = `idle environment memory, read ${IDLE_MS} ms after its invoke: lambdabox = the ${m.env.pids} processes of its sandbox cgroup (${each} MB RSS; memory cgroup charge ${cgroup} MB)`;
  if (o === undefined) return lbx;
  return `${lbx}; serverless-offline = its process with one idle worker minus before it (${mb(o.before.rssBytes)} → ${mb(o.warm.rssBytes)} MB RSS; ${mb(o.reaped.rssBytes)} MB after the worker ended)`;
}
