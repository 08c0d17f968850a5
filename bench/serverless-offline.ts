/**
 * serverless-offline (serverless@3 + serverless-offline@13), the reference the invoke benchmark is
 * compared with. It lives outside the repository, in /tmp/lambdabox-bench-sls, installed on demand
 * from the npm registry. It listens on 127.0.0.1 only, and is started with telemetry, notifications
 * and update checks off, dummy AWS credentials and a dead proxy, so nothing it does reaches a network.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const SLS_DIR = '/tmp/lambdabox-bench-sls';
export const SLS_PACKAGES = ['serverless@3', 'serverless-offline@13'] as const;
const SERVICE = 'lbxbench';
const STAGE = 'dev';
const START_TIMEOUT_MS = 90_000;
/** Its pool reaper runs every this many seconds and ends workers idle that long: the "environment destroyed" case. */
export const SLS_IDLE_SECONDS = 1;

export interface OfflineServer {
  readonly url: string;
  readonly pid: number;
  readonly versions: { readonly serverless: string; readonly offline: string };
  /** The name serverless-offline exposes a function key under (`<service>-<stage>-<key>`). */
  functionName(key: string): string;
  stop(): Promise<void>;
}

function version(pkg: string): string | undefined {
  try {
    const text = spawnSync(process.execPath, ['-p', `require(${JSON.stringify(join(SLS_DIR, 'node_modules', pkg, 'package.json'))}).version`], {
      encoding: 'utf8',
    });
    return text.status === 0 ? text.stdout.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** Installs serverless-offline when missing; false (with the reason on stderr) when that fails. */
export function ensureServerlessOffline(say: (line: string) => void): boolean {
  if (version('serverless') !== undefined && version('serverless-offline') !== undefined) return true;
  const args = ['install', '--prefix', SLS_DIR, '--ignore-scripts', '--no-audit', '--no-fund', ...SLS_PACKAGES];
  say(`serverless-offline is not installed: running \`npm ${args.join(' ')}\` (from the npm registry; takes a minute or two)`);
  mkdirSync(SLS_DIR, { recursive: true });
  const npm = spawnSync('npm', args, { stdio: ['ignore', 'inherit', 'inherit'], timeout: 600_000 });
  if (npm.status !== 0) {
    say(`installing serverless-offline failed (${npm.error?.message ?? `exit ${String(npm.status)}`})`);
    return false;
  }
  return version('serverless') !== undefined && version('serverless-offline') !== undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function serviceYaml(lambdaPort: number, functionKeys: readonly string[], memoryMiB: number): string {
  const lines = [
    `service: ${SERVICE}`,
    "frameworkVersion: '3'",
    'provider:',
    '  name: aws',
    '  runtime: nodejs20.x',
    '  region: us-east-1',
    `  stage: ${STAGE}`,
    `  memorySize: ${memoryMiB}`,
    'plugins:',
    '  - serverless-offline',
    'custom:',
    '  serverless-offline:',
    '    host: 127.0.0.1',
    `    lambdaPort: ${lambdaPort}`,
    '    noAuth: true',
    '    noPrependStageInUrl: true',
    `    terminateIdleLambdaTime: ${SLS_IDLE_SECONDS}`,
    'functions:',
  ];
  for (const key of functionKeys) lines.push(`  ${key}:`, '    handler: handler.handler');
  return lines.join('\n') + '\n';
}

/** Writes the service (serverless.yml + handler.mjs) and starts `serverless offline` on a free loopback port. */
export async function startServerlessOffline(handlerSource: string, functionKeys: readonly string[], memoryMiB: number): Promise<OfflineServer> {
  const serverless = version('serverless');
  const offline = version('serverless-offline');
  if (serverless === undefined || offline === undefined) throw new Error('serverless-offline is not installed');
  const lambdaPort = await freePort();
  writeFileSync(join(SLS_DIR, 'serverless.yml'), serviceYaml(lambdaPort, functionKeys, memoryMiB));
  writeFileSync(join(SLS_DIR, 'handler.mjs'), handlerSource);
  const home = join(SLS_DIR, 'home');
  mkdirSync(home, { recursive: true });
  const deadProxy = 'http://127.0.0.1:9';
  const child: ChildProcess = spawn(process.execPath, [join(SLS_DIR, 'node_modules', 'serverless', 'bin', 'serverless.js'), 'offline', '--noSponsor'], {
    cwd: SLS_DIR,
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: home,
      CI: '1',
      SLS_TELEMETRY_DISABLED: '1',
      SLS_TRACKING_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
      SLS_DEPRECATION_DISABLE: '*',
      SLS_INTERACTIVE_SETUP_DISABLE: '1',
      AWS_ACCESS_KEY_ID: 'AKIABENCHDUMMY000000',
      AWS_SECRET_ACCESS_KEY: 'bench-dummy-secret',
      AWS_REGION: 'us-east-1',
      HTTP_PROXY: deadProxy,
      HTTPS_PROXY: deadProxy,
      http_proxy: deadProxy,
      https_proxy: deadProxy,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // If this process ends early (an error, Ctrl-C), serverless offline must not outlive it.
  const orphanGuard = (): void => void child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  // It logs a line per invocation: keep draining, remember only the start for error messages.
  let head = '';
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.off('exit', orphanGuard);
      resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serverless offline did not start in ${START_TIMEOUT_MS / 1000} s:\n${head}`)), START_TIMEOUT_MS);
    const onData = (d: Buffer): void => {
      if (head.length < 20_000) head += d.toString('utf8');
      if (head.includes('listening on http')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`serverless offline exited (${String(code ?? signal)}) before listening:\n${head}`));
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('serverless offline has no pid');
  return {
    url: `http://127.0.0.1:${lambdaPort}`,
    pid,
    versions: { serverless, offline },
    functionName: (key) => `${SERVICE}-${STAGE}-${key}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
