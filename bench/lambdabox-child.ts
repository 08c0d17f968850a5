/** Starts bench/invoke-server.ts as a child process (bench/bench-child.ts) and sends it commands over IPC. */
import { startBenchChild } from './bench-child.js';
import type { ServerCommand, ServerReady, ServerReply, ServerRequest } from './invoke-protocol.js';

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

/** `execArgv`: extra node flags for the server (e.g. `--cpu-prof`). */
export async function startLambdaboxChild(execArgv: readonly string[] = []): Promise<LambdaboxChild> {
  const child = await startBenchChild<ServerReady, ServerCommand, ServerReply>(
    './invoke-server.js',
    { wrap: (id, cmd): ServerRequest => ({ id, cmd }), close: 'close' },
    {
      execArgv,
      // An explicit environment, as serverless-offline gets: nothing inherited beyond PATH.
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
      startTimeoutMs: START_TIMEOUT_MS,
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
      killAfterMs: 10_000,
    },
  );
  return { url: child.ready.url, instance: child.ready.instance, pid: child.pid, command: child.command, stop: child.stop };
}
