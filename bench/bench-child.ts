/**
 * A bench server run as its own child process (so the load generator does not take its CPU): forked
 * with an IPC channel, ready once it sends `{ type: 'ready', … }`, driven by numbered requests whose
 * replies are `{ type: 'done', id, error? }`, stopped by a `close` request, then disconnect, then
 * SIGKILL if it lingers.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface BenchChildOptions {
  /** Extra node flags (e.g. `--cpu-prof`). */
  readonly execArgv?: readonly string[];
  /** The child's environment. @default the parent's */
  readonly env?: NodeJS.ProcessEnv;
  readonly startTimeoutMs?: number;
  /** Per request; none by default. */
  readonly commandTimeoutMs?: number;
  /** How long stop() waits after disconnecting before SIGKILL. @default 15,000 */
  readonly killAfterMs?: number;
}

export interface BenchReply {
  readonly type: 'done';
  readonly id: number;
  readonly error?: string;
}

export interface BenchChild<Ready, Command, Reply extends BenchReply> {
  readonly ready: Ready;
  readonly pid: number;
  /** Sends `wrap(id, command)`; resolves with the reply, rejects with its error. */
  command(command: Command): Promise<Reply>;
  /** Sends `close`, disconnects, and waits for the exit; a no-op once the child has exited. */
  stop(): Promise<void>;
}

function ofType(m: unknown, type: string): boolean {
  return typeof m === 'object' && m !== null && (m as Record<string, unknown>)['type'] === type;
}

/**
 * `script` is resolved beside the bench's compiled files; `wrap` shapes a request as the child's
 * protocol names it, and `close` is the command that makes the child close its server.
 */
export async function startBenchChild<Ready, Command, Reply extends BenchReply>(
  script: string,
  protocol: { readonly wrap: (id: number, command: Command) => unknown; readonly close: Command | undefined },
  options: BenchChildOptions = {},
): Promise<BenchChild<Ready, Command, Reply>> {
  const child: ChildProcess = fork(fileURLToPath(new URL(script, import.meta.url)), [], {
    execArgv: [...(options.execArgv ?? [])],
    ...(options.env === undefined ? {} : { env: options.env }),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer =
      options.startTimeoutMs === undefined ? undefined : setTimeout(() => reject(new Error(`${script} did not start in time`)), options.startTimeoutMs);
    child.on('message', (m: unknown) => {
      if (!ofType(m, 'ready')) return;
      clearTimeout(timer);
      resolve(m as Ready);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${String(code ?? signal)}) before it was ready`));
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${script} has no pid`);
  let nextId = 0;
  const pending = new Map<number, (r: Reply) => void>();
  child.on('message', (m: unknown) => {
    if (!ofType(m, 'done')) return;
    const reply = m as Reply;
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  const command = (c: Command): Promise<Reply> =>
    new Promise<Reply>((resolve, reject) => {
      const id = nextId++;
      const what = JSON.stringify(c);
      const timer =
        options.commandTimeoutMs === undefined ? undefined : setTimeout(() => reject(new Error(`${script}: ${what} timed out`)), options.commandTimeoutMs);
      pending.set(id, (r) => {
        clearTimeout(timer);
        if (r.error !== undefined) reject(new Error(`${script}: ${what} failed: ${r.error}`));
        else resolve(r);
      });
      child.send(protocol.wrap(id, c) as object);
    });
  return {
    ready,
    pid,
    command,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (protocol.close !== undefined) await command(protocol.close).catch(() => undefined);
      child.disconnect();
      const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
