/**
 * Runs the Python bootstrap or the relay as plain child processes (no sandbox) against a real
 * RuntimeApiServer on a Unix socket in a temp dir, with the function's files written into a fresh
 * task directory. TCP, where a test needs it, is only ever a free port picked by the relay (port 0).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuntimeApiServer } from '../../src/sandbox/runtime-api/runtime-api-server.js';
import type { InvocationOutcome, InvocationRequest } from '../../src/sandbox/runtime-api/invocation.js';
import { repoRoot } from '../helpers/repo-root.js';

/** dist/src/runtimes when the tests run compiled (the build copies the .py/.mjs files there), else src/runtimes. */
export function runtimesDir(): string {
  const root = repoRoot();
  const compiled = fileURLToPath(import.meta.url).startsWith(join(root, 'dist') + '/');
  return compiled ? join(root, 'dist', 'src', 'runtimes') : join(root, 'src', 'runtimes');
}

export const PYTHON = '/usr/bin/python3.11';
export const PYTHON_BOOTSTRAP = join(runtimesDir(), 'python', 'bootstrap.py');
export const RELAY = join(runtimesDir(), 'relay', 'relay.mjs');
export const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:fn';
export const TRACE_ID = 'Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=0';

export const FUNCTION_ENV = {
  AWS_LAMBDA_FUNCTION_NAME: 'fn',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
  AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/fn',
  AWS_LAMBDA_LOG_STREAM_NAME: '2025/01/01/[$LATEST]0123456789abcdef0123456789abcdef',
  AWS_REGION: 'us-east-1',
  TZ: ':UTC',
  LANG: 'en_US.UTF-8',
} as const;

/** A file of the task directory: text, or text with a mode (e.g. an executable bootstrap). */
export type TaskFile = string | { readonly content: string; readonly mode: number };

export interface RuntimeOptions {
  /** argv; `{task}` / `{dir}` in an argument become the task directory / the temp directory. */
  readonly command: readonly string[];
  readonly files: Readonly<Record<string, TaskFile>>;
  readonly env?: Readonly<Record<string, string>>;
  /** Leave out _LAMBDABOX_RUNTIME_API_SOCKET from the child's environment. */
  readonly withoutSocketVariable?: boolean;
}

export interface RunningRuntime {
  readonly server: RuntimeApiServer;
  readonly child: ChildProcess;
  readonly dir: string;
  readonly taskRoot: string;
  readonly socketPath: string;
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
  invoke(payload?: unknown, overrides?: Partial<InvocationRequest>): Promise<InvocationOutcome>;
  close(): Promise<void>;
}

export function request(payload: unknown, overrides: Partial<InvocationRequest> = {}): InvocationRequest {
  return {
    requestId: randomUUID(),
    payload: Buffer.from(JSON.stringify(payload ?? {})),
    deadlineMs: Date.now() + 3000,
    invokedFunctionArn: ARN,
    traceId: TRACE_ID,
    ...overrides,
  };
}

export async function writeFiles(root: string, files: Readonly<Record<string, TaskFile>>): Promise<void> {
  for (const [name, file] of Object.entries(files)) {
    const path = join(root, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, typeof file === 'string' ? file : file.content);
    if (typeof file !== 'string') await chmod(path, file.mode);
  }
}

export async function startRuntime(options: RuntimeOptions): Promise<RunningRuntime> {
  const dir = await mkdtemp(join(tmpdir(), 'lambdabox-rt-'));
  const taskRoot = join(dir, 'task');
  await mkdir(taskRoot);
  await writeFiles(taskRoot, options.files);
  const socketPath = join(dir, 'runtime.sock');
  const server = new RuntimeApiServer({ socketPath });
  await server.start();
  const env: Record<string, string> = {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LAMBDA_TASK_ROOT: taskRoot,
    LAMBDA_RUNTIME_DIR: dirname(PYTHON_BOOTSTRAP),
    // Port 0: the relay listens on a free port and tells its child; without the relay nothing listens.
    AWS_LAMBDA_RUNTIME_API: '127.0.0.1:0',
    PYTHONDONTWRITEBYTECODE: '1',
    ...FUNCTION_ENV,
    ...(options.withoutSocketVariable === true ? {} : { _LAMBDABOX_RUNTIME_API_SOCKET: socketPath }),
    ...options.env,
  };
  const argv = options.command.map((a) => a.replaceAll('{task}', taskRoot).replaceAll('{dir}', dir));
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('empty command');
  // Its own process group: closing kills the group, so a bootstrap the relay left behind (outside a
  // sandbox nothing else reaps it) cannot keep the test's pipes, and so the test file, alive.
  const child = spawn(file, args, { cwd: taskRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    server,
    child,
    dir,
    taskRoot,
    socketPath,
    stdout: () => out,
    stderr: () => err,
    exited,
    invoke: (payload, overrides) => server.invoke(request(payload, overrides)),
    close: async () => {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // The group is already gone.
        }
      }
      await exited;
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The Python bootstrap started directly (it talks to the socket itself). */
export function startPython(
  handler: string,
  files: Readonly<Record<string, TaskFile>>,
  env: Readonly<Record<string, string>> = {},
): Promise<RunningRuntime> {
  return startRuntime({
    command: [PYTHON, PYTHON_BOOTSTRAP],
    files,
    env: { _HANDLER: handler, AWS_EXECUTION_ENV: 'AWS_Lambda_python3.11', PYTHONPATH: dirname(PYTHON_BOOTSTRAP), ...env },
  });
}

export function body(outcome: InvocationOutcome): string {
  if (outcome.kind === 'response-too-large') throw new Error('response too large');
  return outcome.body.toString('utf8');
}

export function json(outcome: InvocationOutcome): unknown {
  return JSON.parse(body(outcome));
}

/** Resolves once `predicate` holds for the output, polling (the child writes asynchronously). */
export async function waitFor(read: () => string, predicate: (text: string) => boolean, ms = 30_000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const text = read();
    if (predicate(text)) return text;
    if (Date.now() > deadline) throw new Error(`timed out waiting; output so far:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
