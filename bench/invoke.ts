/**
 * Synchronous Invoke, lambdabox side by side with serverless-offline in one run: the same trivial Node
 * handler, the same clients (AWS SDK and raw SigV4 HTTP), sequential and with 16 concurrent clients.
 * Warm latency, throughput, cold starts (first invoke of a new version; after the environment was
 * destroyed) and the memory of one idle warm environment. Both servers run as their own processes
 * on loopback; this process only drives clients. Figures alternate between the systems, so a change
 * in the machine's load hits both.
 *
 * Options: --seconds N (16-client runs, default 5), --latency-seconds N (sequential runs, default 3),
 * --cold N (samples per cold-start figure, default 20), --no-offline (lambdabox only),
 * --profile DIR (write a CPU profile of the lambdabox server there).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { lambdaboxColdDestroyed, lambdaboxColdNewVersion, offlineColdRound } from './invoke-cold.js';
import { invokeFigures, memoryNote } from './invoke-figures.js';
import type { InvokeResults, Pair } from './invoke-figures.js';
import { sandboxLaunchCosts } from './invoke-launch.js';
import { lambdaboxIdleMemory, offlineIdleMemory } from './invoke-memory.js';
import { CLIENT_LABEL, nodeStartup, runtimeApiRoundTrip, warmInvokes } from './invoke-phases.js';
import type { ClientKind, WarmRun } from './invoke-phases.js';
import { invokeReport } from './invoke-report.js';
import type { RunRow } from './invoke-report.js';
import { HANDLER, MEMORY_MIB, startSystems } from './invoke-systems.js';
import type { Measurement } from './measure.js';
import { environmentPids } from './proc-stats.js';
import { SLS_IDLE_SECONDS } from './serverless-offline.js';

const KINDS: readonly ClientKind[] = ['sdk', 'raw'];

interface InvokeSettings {
  readonly seconds: number;
  readonly latencySeconds: number;
  readonly cold: number;
  readonly offline: boolean;
  readonly profileDir: string | undefined;
}

function settings(args: readonly string[]): InvokeSettings {
  const { values } = parseArgs({
    args: [...args],
    options: {
      seconds: { type: 'string', default: '5' },
      'latency-seconds': { type: 'string', default: '3' },
      cold: { type: 'string', default: '20' },
      'no-offline': { type: 'boolean', default: false },
      profile: { type: 'string' },
    },
  });
  const num = (v: string, name: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0 || n > 600) throw new Error(`--${name} must be a number in (0, 600]`);
    return n;
  };
  return {
    seconds: num(values.seconds, 'seconds'),
    latencySeconds: num(values['latency-seconds'], 'latency-seconds'),
    cold: Math.round(num(values.cold, 'cold')),
    offline: !values['no-offline'],
    profileDir: values.profile,
  };
}

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

export async function runInvokeBench(args: readonly string[]): Promise<void> {
  const s = settings(args);
  const say = (line: string): void => void process.stderr.write(`[bench invoke] ${line}\n`);
  const startedAt = new Date();
  const loadAtStart = load();
  say(`load average (1/5/15 min) at start: ${loadAtStart}`);
  const coldKeys = Array.from({ length: s.cold }, (_, i) => `cold${String(i + 1).padStart(3, '0')}`);
  const sys = await startSystems({
    withOffline: s.offline,
    coldKeys,
    serverExecArgv: s.profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${s.profileDir}`],
    say,
  });
  const { lbx, sls } = sys;
  say(`lambdabox on ${lbx.endpoint.url}; serverless-offline ${sls === undefined ? `not running: ${sys.slsMissing}` : `on ${sls.endpoint.url}`}`);
  const runs: RunRow[] = [];
  const record = <T extends Measurement | WarmRun>(system: RunRow['system'], operation: string, client: string, r: T): T => {
    const run: Measurement | WarmRun = r;
    const m = 'm' in run ? run.m : run;
    runs.push({ system, operation, client, m, ...('cpu' in run ? { cpu: run.cpu } : {}) });
    say(`${system}: ${operation} (${client}): p50 ${m.p50Ms.toFixed(2)} ms, p99 ${m.p99Ms.toFixed(2)} ms, ${m.opsPerSecond.toFixed(0)}/s`);
    return r;
  };
  try {
    const lbxMemory = await lambdaboxIdleMemory(lbx);
    const slsMemory = sls === undefined ? undefined : await offlineIdleMemory(sls);

    const warmPair = async (operation: string, kind: ClientKind, clients: number, seconds: number): Promise<Pair<WarmRun>> => ({
      lbx: record('lambdabox', operation, CLIENT_LABEL[kind], await warmInvokes(lbx.endpoint, kind, clients, 'hello', seconds, lbx.cpu)),
      sls:
        sls === undefined
          ? undefined
          : record('serverless-offline', operation, CLIENT_LABEL[kind], await warmInvokes(sls.endpoint, kind, clients, sls.server.functionName('hello'), seconds, sls.cpu)),
    });
    const sequential = new Map<ClientKind, Pair<WarmRun>>();
    for (const kind of KINDS) sequential.set(kind, await warmPair('warm Invoke, sequential', kind, 1, s.latencySeconds));

    const dryRun = new Map<ClientKind, WarmRun>();
    for (const kind of KINDS) {
      const run = await warmInvokes(lbx.endpoint, kind, 1, 'hello', s.latencySeconds, lbx.cpu, 'DryRun');
      dryRun.set(kind, record('lambdabox', 'Invoke DryRun (HTTP, SigV4, IAM, route, resolve; no sandbox), sequential', CLIENT_LABEL[kind], run));
    }
    const runtimeApi = record('lambdabox', 'Runtime API round trip alone (bootstrap ⇄ RuntimeApiServer; no bwrap, no front door)', 'direct', await runtimeApiRoundTrip(HANDLER, s.latencySeconds));

    const concurrent = new Map<ClientKind, Pair<WarmRun>>();
    let lbxEnvironments16 = 0;
    for (const kind of KINDS) {
      concurrent.set(kind, await warmPair('warm Invoke, 16 concurrent clients', kind, 16, s.seconds));
      lbxEnvironments16 = Math.max(lbxEnvironments16, environmentPids(lbx.server.instance).length);
    }

    const sdk = CLIENT_LABEL.sdk;
    const lbxColdNew = await lambdaboxColdNewVersion(lbx, s.cold);
    record('lambdabox', 'cold start: first Invoke after UpdateFunctionCode (new $LATEST revision)', sdk, lbxColdNew.m);
    record('lambdabox', '… its Init Duration (REPORT line): launch to first GET /next', 'log tail', lbxColdNew.init);
    const slsColdNew = sls === undefined ? undefined : record('serverless-offline', 'cold start: first Invoke of a function never invoked', sdk, await offlineColdRound(sls, coldKeys));
    const lbxColdGone = await lambdaboxColdDestroyed(lbx, s.cold);
    record('lambdabox', 'cold start: Invoke after its environment was destroyed (reaped)', sdk, lbxColdGone.m);
    record('lambdabox', '… its Init Duration (REPORT line): launch to first GET /next', 'log tail', lbxColdGone.init);
    const slsColdGone =
      sls === undefined || slsMemory === undefined
        ? undefined
        : record('serverless-offline', 'cold start: Invoke after its worker was ended (idle reaper)', sdk, await offlineColdRound(sls, coldKeys, slsMemory.baseThreads));
    const nodeStart = record('lambdabox', 'reference: `node -e 0` spawn to exit, empty environment, no sandbox', 'direct', await nodeStartup(s.cold));
    const launch = await sandboxLaunchCosts(s.cold);
    record('lambdabox', 'reference: sandbox launch (cgroups + setpriv + bwrap) running /bin/true, launch to exit', 'direct', launch.trueInSandbox);
    record('lambdabox', 'reference: `node -e 0` in a sandbox, launch to exit', 'direct', launch.nodeInSandbox);
    const coldNew: Pair<Measurement> = { lbx: lbxColdNew.m, sls: slsColdNew };
    const coldDestroyed: Pair<Measurement> = { lbx: lbxColdGone.m, sls: slsColdGone };
    const coldInit = [lbxColdNew.init, lbxColdGone.init] as const;

    const results: InvokeResults = { sequential, concurrent, dryRun, runtimeApi, coldNew, coldDestroyed, coldInit, nodeStart, launch, lbxMemory, slsMemory, lbxEnvironments16 };
    const command = `npm run bench -- invoke${args.length > 0 ? ` ${args.join(' ')}` : ''}`;
    const notes = [
      `load average (1/5/15 min): ${loadAtStart} at start, ${load()} at the end`,
      `handler (both): \`${HANDLER.trim()}\`, nodejs20.x, MemorySize ${MEMORY_MIB}; payload \`{}\``,
      `lambdabox: its own process (bench/invoke-server.ts) on 127.0.0.1, SigV4 + IAM on every request, SQLite WAL store, invocation logs stored; up to ${lbxEnvironments16} environments during the 16-client runs`,
      sls === undefined
        ? sys.slsMissing
        : `serverless-offline: serverless ${sls.server.versions.serverless} + serverless-offline ${sls.server.versions.offline}, \`serverless offline\` on 127.0.0.1 (its default worker-thread runner; terminateIdleLambdaTime ${SLS_IDLE_SECONDS} s so that "destroyed" can be measured); it checks no signature`,
      'clients, in this process: AWS SDK = @aws-sdk/client-lambda InvokeCommand, one LambdaClient per concurrent client, maxAttempts 1; raw = node:http keep-alive + our SigV4 signer',
      memoryNote(lbxMemory, slsMemory),
      `cold samples: ${s.cold} per figure, one at a time; the p99 of ${s.cold} samples is their maximum`,
    ];
    process.stdout.write(invokeReport(command, startedAt, notes, invokeFigures(results), runs));
  } finally {
    await sys.stop();
  }
}
