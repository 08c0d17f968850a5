/** Starts bench/invoke-server.ts as a child process and sends it commands over IPC. */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerCommand, ServerReady, ServerReply } from './invoke-protocol.js';

const START_TIMEOUT_MS = 30_000;
const COMMAND_TIMEOUT_MS = 30_000;

export interface LambdaboxChild {
  readonly url: string;
  readonly instance: string;
  readonly pid: number;
  /** Runs a command in the server; resolves with the reply (`count` for reap). */
  command(cmd: ServerCommand): Promise<ServerReply>;
  stop(): Promise<void>;
}

function isReady(m: unknown): m is ServerReady {
  return typeof m === 'object' && m !== null && (m as Record<string, unknown>)['type'] === 'ready';
}

function isReply(m: unknown): m is ServerReply {
  return typeof m === 'object' && m !== null && (m as Record<string, unknown>)['type'] === 'done';
}

/** `execArgv`: extra node flags for the server (e.g. `--cpu-prof`). */
export async function startLambdaboxChild(execArgv: readonly string[] = []): Promise<LambdaboxChild> {
  const script = fileURLToPath(new URL('./invoke-server.js', import.meta.url));
  // An explicit environment, as serverless-offline gets: nothing inherited beyond PATH.
  const child: ChildProcess = fork(script, [], {
    execArgv: [...execArgv],
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<ServerReady>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the lambdabox bench server did not start in time')), START_TIMEOUT_MS);
    child.on('message', (m: unknown) => {
      if (!isReady(m)) return;
      clearTimeout(timer);
      resolve(m);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the lambdabox bench server exited (${String(code ?? signal)}) before it was ready`));
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the lambdabox bench server has no pid');
  let nextId = 0;
  const pending = new Map<number, (r: ServerReply) => void>();
  child.on('message', (m: unknown) => {
    if (!isReply(m)) return;
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
  const command = (cmd: ServerCommand): Promise<ServerReply> =>
    new Promise<ServerReply>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`lambdabox bench server: ${cmd} timed out`)), COMMAND_TIMEOUT_MS);
      pending.set(id, (r) => {
        clearTimeout(timer);
        if (r.error !== undefined) reject(new Error(`lambdabox bench server: ${cmd} failed: ${r.error}`));
        else resolve(r);
      });
      child.send({ id, cmd });
    });
  return {
    url: ready.url,
    instance: ready.instance,
    pid,
    command,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      await command('close').catch(() => undefined);
      child.disconnect();
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
