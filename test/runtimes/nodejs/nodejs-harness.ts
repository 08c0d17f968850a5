/**
 * Runs the compiled Node bootstrap as a plain child process (no sandbox) against a real
 * RuntimeApiServer on a Unix socket, with a fixture copied into a fresh task directory (nothing
 * above it: no package.json of ours changes how its .js files load).
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { RuntimeApiServer } from '../../../src/sandbox/runtime-api/runtime-api-server.js';
import type { InvocationOutcome, InvocationRequest } from '../../../src/sandbox/runtime-api/invocation.js';
import { repoRoot } from '../../helpers/repo-root.js';

export const FIXTURES = join(repoRoot(), 'test', 'runtimes', 'nodejs', 'fixtures');

let compiled: Promise<string> | undefined;

/**
 * The compiled bootstrap: dist's when the tests run compiled (npm test builds first), else a fresh
 * tsc build of src/runtimes/nodejs alone, so running a test through tsx never uses a stale dist.
 */
export function bootstrapPath(): Promise<string> {
  compiled ??= buildBootstrap();
  return compiled;
}

async function buildBootstrap(): Promise<string> {
  const root = repoRoot();
  if (fileURLToPath(import.meta.url).startsWith(join(root, 'dist') + '/')) {
    return join(root, 'dist', 'src', 'runtimes', 'nodejs', 'bootstrap.mjs');
  }
  const out = await mkdtemp(join(tmpdir(), 'lambdabox-node-runtime-'));
  process.once('exit', () => rmSync(out, { recursive: true, force: true }));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const sources = join(root, 'src', 'runtimes', 'nodejs');
  const result = spawnSync(
    process.execPath,
    [tsc, '--outDir', out, '--rootDir', sources, '--module', 'nodenext', '--moduleResolution', 'nodenext',
      '--target', 'es2022', '--lib', 'es2023', '--strict', '--noUncheckedIndexedAccess', '--skipLibCheck',
      '--verbatimModuleSyntax', '--types', 'node', join(sources, 'bootstrap.mts')],
    { cwd: root, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`tsc failed: ${result.stdout}${result.stderr}`);
  return join(out, 'bootstrap.mjs');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function tcpToSocket(authority: string, socketPath: string): Promise<Server> {
  const [host, port] = authority.split(':');
  const server = createServer((client) => {
    const upstream = connect(socketPath);
    client.pipe(upstream).pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(Number(port), host, resolve));
  return server;
}

/** In an env value, stands for the task root (known only once the fixture is copied). */
export const TASK_ROOT = '{TASK_ROOT}';

export interface RuntimeOptions {
  /** A directory under test/runtimes/nodejs/fixtures, copied as the task root. */
  readonly fixture: string;
  readonly handler: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Runs on the copied task root before the runtime starts (e.g. to write files). */
  readonly prepare?: (taskRoot: string) => Promise<void>;
  /** false: no socket variable, so the bootstrap speaks TCP to AWS_LAMBDA_RUNTIME_API. */
  readonly socket?: boolean;
}

export interface RunningRuntime {
  readonly server: RuntimeApiServer;
  readonly child: ChildProcess;
  readonly taskRoot: string;
  readonly socketPath: string;
  readonly runtimeApi: string;
  /** Everything the runtime wrote to stdout so far. */
  stdout(): string;
  stderr(): string;
  /**
   * Resolves with stdout once it matches: the response and the log lines travel on different
   * channels, so a line written before the response was posted may still be in the pipe.
   */
  waitForOutput(pattern: RegExp): Promise<string>;
  readonly exited: Promise<number | null>;
  invoke(payload?: unknown, overrides?: Partial<InvocationRequest>): Promise<InvocationOutcome>;
  close(): Promise<void>;
}

export const FUNCTION_ENV = {
  AWS_LAMBDA_FUNCTION_NAME: 'fn',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
  AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/fn',
  AWS_LAMBDA_LOG_STREAM_NAME: '2025/01/01/[$LATEST]0123456789abcdef0123456789abcdef',
} as const;

export const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:fn';

export function request(payload: unknown, overrides: Partial<InvocationRequest> = {}): InvocationRequest {
  return {
    requestId: randomUUID(),
    payload: Buffer.from(JSON.stringify(payload === undefined ? {} : payload)),
    deadlineMs: Date.now() + 3000,
    invokedFunctionArn: ARN,
    traceId: 'Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=0',
    ...overrides,
  };
}

export async function startRuntime(options: RuntimeOptions): Promise<RunningRuntime> {
  const bootstrap = await bootstrapPath();
  const dir = await mkdtemp(join(tmpdir(), 'lambdabox-node-rt-'));
  const taskRoot = join(dir, 'task');
  const socketPath = join(dir, 'runtime.sock');
  const server = new RuntimeApiServer({ socketPath });
  try {
    await cp(join(FIXTURES, options.fixture), taskRoot, { recursive: true });
    await options.prepare?.(taskRoot);
    await server.start();
  } catch (setupError) {
    await server.close();
    await rm(dir, { recursive: true, force: true });
    throw setupError;
  }
  const runtimeApi = `127.0.0.1:${await freePort()}`;
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    TZ: ':UTC',
    LAMBDA_TASK_ROOT: taskRoot,
    _HANDLER: options.handler,
    AWS_LAMBDA_RUNTIME_API: runtimeApi,
    ...FUNCTION_ENV,
    ...(options.socket === false ? {} : { _LAMBDABOX_RUNTIME_API_SOCKET: socketPath }),
  };
  for (const [name, value] of Object.entries(options.env ?? {})) env[name] = value.replaceAll(TASK_ROOT, taskRoot);
  // Without the socket variable the bootstrap speaks TCP: the test relays that port to the socket.
  const tcp = options.socket === false ? await tcpToSocket(runtimeApi, socketPath) : undefined;
  const child = spawn(process.execPath, [bootstrap], { cwd: taskRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  // 'close', not 'exit': by then everything the process wrote has been read.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const waitForOutput = async (pattern: RegExp): Promise<string> => {
    // Generous: the bound only costs time when the output never comes.
    const deadline = Date.now() + 30_000;
    while (!pattern.test(out)) {
      if (Date.now() > deadline) throw new Error(`stdout never matched ${String(pattern)}:\n${out}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return out;
  };
  return {
    server,
    child,
    taskRoot,
    socketPath,
    runtimeApi,
    stdout: () => out,
    stderr: () => err,
    waitForOutput,
    exited,
    invoke: (payload, overrides) => server.invoke(request(payload, overrides)),
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      await new Promise<void>((resolve) => (tcp === undefined ? resolve() : tcp.close(() => resolve())));
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function json(outcome: InvocationOutcome): unknown {
  if (outcome.kind === 'response-too-large') throw new Error('response too large');
  return JSON.parse(outcome.body.toString('utf8'));
}
