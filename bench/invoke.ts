/**
 * Synchronous Invoke, lambdabox side by side with serverless-offline in one run: the same trivial Node
 * handler, the same clients (AWS SDK and raw SigV4 HTTP), sequential and with 16 concurrent clients.
 * Warm latency, throughput, cold starts (first invoke of a new version; after the environment was
 * destroyed) and the memory of one idle warm environment. Both servers run as their own processes
 * on loopback; this process only drives clients.
 */
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { CreateFunctionCommand, LambdaClient, UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import { TEST_ROLE, zipOf } from '../test/helpers/zips.js';
import { BENCH_ACCESS_KEY_ID, BENCH_REGION, BENCH_SECRET_ACCESS_KEY } from './invoke-protocol.js';
import type { InvokeEndpoint } from './invoke-clients.js';
import { sdkInvoker } from './invoke-clients.js';
import { CLIENT_LABEL, coldInvokes, runtimeApiRoundTrip, waitUntil, warmInvokes } from './invoke-phases.js';
import type { ClientKind } from './invoke-phases.js';
import { invokeReport } from './invoke-report.js';
import type { FigureRow, RunRow } from './invoke-report.js';
import { startLambdaboxChild } from './lambdabox-child.js';
import type { Measurement } from './measure.js';
import { environmentCgroupUsage, environmentPids, memoryOf, processTree, threadCount } from './proc-memory.js';
import type { ProcMemory } from './proc-memory.js';
import { SLS_IDLE_SECONDS, ensureServerlessOffline, startServerlessOffline } from './serverless-offline.js';
import type { OfflineServer } from './serverless-offline.js';

const HANDLER = 'export const handler = async (e) => ({ ok: true });\n';
/** Lambda gives a function one full vCPU at 1,769 MB. */
const MEMORY_MIB = 1769;
/** How long an environment sits idle before its memory is read. */
const IDLE_MS = 300;
const MB = 1024 * 1024;
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

const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' / ');

export async function runInvokeBench(args: readonly string[]): Promise<void> {
  const s = settings(args);
  const say = (line: string): void => void process.stderr.write(`[bench invoke] ${line}\n`);
  const startedAt = new Date();
  const loadAtStart = load();
  say(`load average (1/5/15 min) at start: ${loadAtStart}`);
  const coldKeys = Array.from({ length: s.cold }, (_, i) => `cold${String(i + 1).padStart(3, '0')}`);
  let offlineNote = '';
  const offlineStarting = (async (): Promise<OfflineServer | undefined> => {
    if (!s.offline) return void (offlineNote = 'serverless-offline skipped (--no-offline)');
    if (!ensureServerlessOffline(say)) return void (offlineNote = 'serverless-offline could not be installed: its figures are missing');
    try {
      return await startServerlessOffline(HANDLER, ['hello', ...coldKeys], MEMORY_MIB);
    } catch (err) {
      say(`serverless-offline did not start, it is skipped: ${String(err)}`);
      offlineNote = `serverless-offline did not start (${String(err).split('\n')[0] ?? ''}): its figures are missing`;
      return undefined;
    }
  })();
  const lbx = await startLambdaboxChild(s.profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${s.profileDir}`]);
  const sls = await offlineStarting;
  const lbxEnd: InvokeEndpoint = {
    url: lbx.url,
    region: BENCH_REGION,
    credentials: { accessKeyId: BENCH_ACCESS_KEY_ID, secretAccessKey: BENCH_SECRET_ACCESS_KEY },
  };
  const slsEnd: InvokeEndpoint | undefined =
    sls === undefined ? undefined : { url: sls.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIABENCHDUMMY000000', secretAccessKey: 'dummy' } };
  const slsName = (key: string): string => sls?.functionName(key) ?? key;
  const admin = new LambdaClient({ endpoint: lbxEnd.url, region: BENCH_REGION, credentials: lbxEnd.credentials, maxAttempts: 1 });
  const runs: RunRow[] = [];
  const run = (system: RunRow['system'], operation: string, client: string, m: Measurement): Measurement => {
    runs.push({ system, operation, client, m });
    say(`${system} ${operation} (${client}): p50 ${m.p50Ms.toFixed(2)} ms, p99 ${m.p99Ms.toFixed(2)} ms, ${m.opsPerSecond.toFixed(0)}/s`);
    return m;
  };
  try {
    for (const name of ['hello', 'cold']) {
      await admin.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: TEST_ROLE,
          MemorySize: MEMORY_MIB,
          Code: { ZipFile: zipOf({ 'index.mjs': HANDLER }) },
        }),
      );
    }
    await lbx.command('settled');
    say(`lambdabox on ${lbx.url}; serverless-offline ${sls === undefined ? 'not running' : `${sls.versions.serverless}/${sls.versions.offline} on ${sls.url}`}`);

    // One idle warm environment each, before anything else has run.
    const probe = sdkInvoker(lbxEnd, 1);
    await probe.invoke(0, 'hello');
    await sleep(IDLE_MS);
    const envs = environmentPids(lbx.instance);
    const lbxEnv = envs.length === 1 && envs[0] !== undefined ? memoryOf(envs[0]) : undefined;
    if (lbxEnv === undefined) throw new Error(`expected one environment, found ${envs.length}`);
    const lbxEnvCgroup = environmentCgroupUsage(lbx.instance)[0];
    const lbxServer = memoryOf([lbx.pid]);
    let slsMem: { before: ProcMemory; warm: ProcMemory; reaped: ProcMemory; baseThreads: number } | undefined;
    if (sls !== undefined && slsEnd !== undefined) {
      const sprobe = sdkInvoker(slsEnd, 1);
      const before = memoryOf(processTree(sls.pid));
      await sprobe.invoke(0, slsName('hello'));
      await sleep(IDLE_MS);
      const warm = memoryOf(processTree(sls.pid));
      const withWorker = threadCount(sls.pid);
      // Its reaper ends the worker after SLS_IDLE_SECONDS idle: that thread count is the "no environment" baseline.
      if (!(await waitUntil(() => threadCount(sls.pid) < withWorker, SLS_IDLE_SECONDS * 3000 + 2000))) {
        throw new Error('serverless-offline never ended its idle worker');
      }
      slsMem = { before, warm, reaped: memoryOf(processTree(sls.pid)), baseThreads: threadCount(sls.pid) };
      sprobe.close();
    }
    probe.close();

    const seq = new Map<ClientKind, { lbx: Measurement; sls: Measurement | undefined }>();
    for (const kind of KINDS) {
      const l = run('lambdabox', 'warm Invoke, sequential', CLIENT_LABEL[kind], await warmInvokes(lbxEnd, kind, 1, 'hello', s.latencySeconds));
      const o =
        slsEnd === undefined
          ? undefined
          : run('serverless-offline', 'warm Invoke, sequential', CLIENT_LABEL[kind], await warmInvokes(slsEnd, kind, 1, slsName('hello'), s.latencySeconds));
      seq.set(kind, { lbx: l, sls: o });
    }
    const dry = new Map<ClientKind, Measurement>();
    for (const kind of KINDS) {
      dry.set(kind, run('lambdabox', 'Invoke DryRun (SigV4 + IAM + route + resolve, no sandbox), sequential', CLIENT_LABEL[kind], await warmInvokes(lbxEnd, kind, 1, 'hello', s.latencySeconds, 'DryRun')));
    }
    const bare = run('lambdabox', 'Runtime API round trip alone (bootstrap ⇄ RuntimeApiServer, no bwrap, no HTTP front door)', 'direct', await runtimeApiRoundTrip(HANDLER, s.latencySeconds));

    const par = new Map<ClientKind, { lbx: Measurement; sls: Measurement | undefined }>();
    let lbxEnvs16 = 0;
    for (const kind of KINDS) {
      const l = run('lambdabox', 'warm Invoke, 16 concurrent clients', CLIENT_LABEL[kind], await warmInvokes(lbxEnd, kind, 16, 'hello', s.seconds));
      lbxEnvs16 = Math.max(lbxEnvs16, environmentPids(lbx.instance).length);
      const o =
        slsEnd === undefined
          ? undefined
          : run('serverless-offline', 'warm Invoke, 16 concurrent clients', CLIENT_LABEL[kind], await warmInvokes(slsEnd, kind, 16, slsName('hello'), s.seconds));
      par.set(kind, { lbx: l, sls: o });
    }

    const client = sdkInvoker(lbxEnd, 1);
    const sclient = slsEnd === undefined ? undefined : sdkInvoker(slsEnd, 1);
    const none = (): Promise<void> => Promise.resolve();
    const coldNew = run(
      'lambdabox',
      'cold start: first Invoke after UpdateFunctionCode (new $LATEST revision)',
      CLIENT_LABEL.sdk,
      await coldInvokes(
        s.cold,
        async (i) => {
          await admin.send(new UpdateFunctionCodeCommand({ FunctionName: 'cold', ZipFile: zipOf({ 'index.mjs': `// revision ${i}\n${HANDLER}` }) }));
          await lbx.command('settled');
        },
        () => client.invoke(0, 'cold'),
      ),
    );
    const slsColdNew =
      sclient === undefined
        ? undefined
        : run('serverless-offline', 'cold start: first Invoke of a function never invoked', CLIENT_LABEL.sdk, await coldInvokes(s.cold, none, (i) => sclient.invoke(0, slsName(coldKeys[i] ?? ''))));
    const coldGone = run(
      'lambdabox',
      'cold start: Invoke after its environment was destroyed (reaped)',
      CLIENT_LABEL.sdk,
      await coldInvokes(
        s.cold,
        async () => {
          await client.invoke(0, 'hello');
          const { count } = await lbx.command('reap');
          if ((count ?? 0) < 1) throw new Error('reap destroyed no environment');
        },
        () => client.invoke(0, 'hello'),
      ),
    );
    let slsColdGone: Measurement | undefined;
    if (sclient !== undefined && sls !== undefined && slsMem !== undefined) {
      const base = slsMem.baseThreads;
      if (!(await waitUntil(() => threadCount(sls.pid) <= base, 20_000))) throw new Error('serverless-offline kept its idle workers');
      slsColdGone = run('serverless-offline', 'cold start: Invoke after its worker was ended (idle reaper)', CLIENT_LABEL.sdk, await coldInvokes(s.cold, none, (i) => sclient.invoke(0, slsName(coldKeys[i] ?? ''))));
    }
    client.close();
    sclient?.close();

    const figures: FigureRow[] = [];
    for (const kind of KINDS) {
      const q = seq.get(kind);
      if (q === undefined) continue;
      figures.push(
        { figure: 'warm Invoke p50, sequential', client: CLIENT_LABEL[kind], unit: 'ms', lambdabox: q.lbx.p50Ms, offline: q.sls?.p50Ms, target: { op: '<=', value: 1 } },
        { figure: 'warm Invoke p99, sequential', client: CLIENT_LABEL[kind], unit: 'ms', lambdabox: q.lbx.p99Ms, offline: q.sls?.p99Ms, target: { op: '<=', value: 5 } },
      );
    }
    for (const kind of KINDS) {
      const p = par.get(kind);
      if (p === undefined) continue;
      figures.push(
        { figure: 'throughput, 16 concurrent clients', client: CLIENT_LABEL[kind], unit: 'invokes/s', lambdabox: p.lbx.opsPerSecond, offline: p.sls?.opsPerSecond, target: { op: '>=', value: 5000 } },
        { figure: 'warm Invoke p50, 16 concurrent clients', client: CLIENT_LABEL[kind], unit: 'ms', lambdabox: p.lbx.p50Ms, offline: p.sls?.p50Ms },
        { figure: 'warm Invoke p99, 16 concurrent clients', client: CLIENT_LABEL[kind], unit: 'ms', lambdabox: p.lbx.p99Ms, offline: p.sls?.p99Ms },
      );
    }
    figures.push(
      { figure: 'cold start p50, new version', client: CLIENT_LABEL.sdk, unit: 'ms', lambdabox: coldNew.p50Ms, offline: slsColdNew?.p50Ms, target: { op: '<=', value: 100 } },
      { figure: 'cold start p99, new version', client: CLIENT_LABEL.sdk, unit: 'ms', lambdabox: coldNew.p99Ms, offline: slsColdNew?.p99Ms },
      { figure: 'cold start p50, environment destroyed', client: CLIENT_LABEL.sdk, unit: 'ms', lambdabox: coldGone.p50Ms, offline: slsColdGone?.p50Ms, target: { op: '<=', value: 100 } },
      { figure: 'cold start p99, environment destroyed', client: CLIENT_LABEL.sdk, unit: 'ms', lambdabox: coldGone.p99Ms, offline: slsColdGone?.p99Ms },
      {
        figure: 'idle warm environment RSS (lambdabox: its sandbox processes; sls-offline: process growth with one worker)',
        client: '',
        unit: 'MB',
        lambdabox: lbxEnv.rssBytes / MB,
        offline: slsMem === undefined ? undefined : (slsMem.warm.rssBytes - slsMem.before.rssBytes) / MB,
        target: { op: '<=', value: 45 },
      },
      {
        figure: 'idle warm environment PSS (same processes)',
        client: '',
        unit: 'MB',
        lambdabox: lbxEnv.pssBytes / MB,
        offline: slsMem === undefined ? undefined : (slsMem.warm.pssBytes - slsMem.before.pssBytes) / MB,
      },
      { figure: 'server process RSS, one idle warm environment (sandboxes not included)', client: '', unit: 'MB', lambdabox: lbxServer.rssBytes / MB, offline: slsMem === undefined ? undefined : slsMem.warm.rssBytes / MB },
      { figure: 'Invoke DryRun p50 (front door only), sequential', client: CLIENT_LABEL.sdk, unit: 'ms', lambdabox: dry.get('sdk')?.p50Ms, offline: undefined },
      { figure: 'Invoke DryRun p50 (front door only), sequential', client: CLIENT_LABEL.raw, unit: 'ms', lambdabox: dry.get('raw')?.p50Ms, offline: undefined },
      { figure: 'Runtime API round trip alone p50', client: 'direct', unit: 'ms', lambdabox: bare.p50Ms, offline: undefined },
    );

    const command = `npm run bench -- invoke${args.length > 0 ? ` ${args.join(' ')}` : ''}`;
    const notes = [
      `load average (1/5/15 min): ${loadAtStart} at start, ${load()} at the end`,
      `handler (both): \`${HANDLER.trim()}\`, nodejs20.x, MemorySize ${MEMORY_MIB}; payload \`{}\``,
      `lambdabox: its own process (bench/invoke-server.ts), loopback, SigV4 + IAM on every request, SQLite WAL store, logs stored; ${lbxEnvs16} environments during the 16-client runs`,
      sls === undefined
        ? offlineNote
        : `serverless-offline: serverless ${sls.versions.serverless} + serverless-offline ${sls.versions.offline}, \`serverless offline\` on 127.0.0.1 (worker-thread runner, its default; terminateIdleLambdaTime ${SLS_IDLE_SECONDS} s so "destroyed" can be measured); it checks no signature`,
      'clients (this process): AWS SDK = @aws-sdk/client-lambda InvokeCommand, one LambdaClient per concurrent client, maxAttempts 1; raw = node:http keep-alive + our SigV4 signer',
      `idle environment memory after ${IDLE_MS} ms idle: lambdabox = the ${lbxEnv.pids} processes of its sandbox cgroup (memory cgroup charge ${lbxEnvCgroup === undefined ? '–' : (lbxEnvCgroup / MB).toFixed(1)} MB)` +
        (slsMem === undefined
          ? ''
          : `; serverless-offline = growth of its process with one idle worker (${(slsMem.before.rssBytes / MB).toFixed(1)} → ${(slsMem.warm.rssBytes / MB).toFixed(1)} MB; ${(slsMem.reaped.rssBytes / MB).toFixed(1)} MB after the worker ended)`),
      `cold samples: ${s.cold} each; p99 of ${s.cold} samples is their maximum`,
    ];
    process.stdout.write(invokeReport(command, startedAt, notes, figures, runs));
  } finally {
    admin.destroy();
    await sls?.stop();
    await lbx.stop();
  }
}
