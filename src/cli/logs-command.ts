/**
 * `lambdabox logs tail <function> [--follow]`: prints a function's log group from the data dir
 * (read-only; works beside a running server), in the form `aws logs tail` uses:
 * `<timestamp> <stream> <message>`.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { LogStore } from '../observe/logs/log-store.js';
import type { LogEvent } from '../observe/logs/log-store.js';

export interface LogsTailOptions {
  readonly functionName: string;
  readonly dataDir?: string | undefined;
  readonly accountId?: string | undefined;
  readonly follow?: boolean;
  /** Lines of history to print first. @default 100 */
  readonly lines?: number;
  readonly pollMs?: number;
  readonly write?: (text: string) => void;
  readonly signal?: AbortSignal;
}

export function formatLogEvent(e: LogEvent): string {
  return `${new Date(e.timestamp).toISOString()} ${e.stream} ${e.message.replaceAll('\r', '\n')}`;
}

export async function logsTail(options: LogsTailOptions, env: NodeJS.ProcessEnv): Promise<number> {
  const dataDir = resolve(options.dataDir ?? env['LAMBDABOX_HOME'] ?? `${homedir()}/.lambdabox`);
  const path = join(dataDir, 'logs.db');
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  if (!existsSync(path)) {
    process.stderr.write(`lambdabox: no logs yet in ${dataDir} (no function has run there)\n`);
    return 1;
  }
  const group = options.functionName.startsWith('/') ? options.functionName : `/aws/lambda/${options.functionName}`;
  const account = options.accountId ?? '000000000000';
  const store = new LogStore({ path, readonly: true });
  try {
    let last = 0;
    for (const e of store.tail(account, group, options.lines ?? 100)) {
      write(`${formatLogEvent(e)}\n`);
      last = e.id;
    }
    while (options.follow === true && options.signal?.aborted !== true) {
      await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
      for (const e of store.read(account, group, { afterId: last })) {
        write(`${formatLogEvent(e)}\n`);
        last = e.id;
      }
    }
    return 0;
  } finally {
    store.close();
  }
}
