/**
 * `lambdabox logs tail <function> [--follow]`: prints a function's log group (`/aws/lambda/<function>`, or a
 * group name starting with `/`) in the form `aws logs tail` uses: `<timestamp> <stream> <message>`. It reads the
 * CloudWatch Logs service's store through the server (signed FilterLogEvents calls, credentials as for the other
 * commands: AWS_* variables or the data dir's admin key), so it works on either store engine, messages are
 * opened by the server that holds the key, and IAM decides what the caller may read. `--follow` polls, as
 * `aws logs tail --follow` does, and prints each event once.
 */
import { callJson11, resolveApiClient, ApiCallError } from './api-client.js';
import type { ApiClientFlags, ApiClientSettings, Json11Service } from './api-client.js';

const LOGS: Json11Service = { signingName: 'logs', targetPrefix: 'Logs_20140328' };

export interface LogsTailOptions extends ApiClientFlags {
  readonly functionName: string;
  /** Kept for the command line's compatibility: the group is the caller's account's. */
  readonly accountId?: string | undefined;
  readonly follow?: boolean;
  /** Lines of history to print first. @default 100 */
  readonly lines?: number;
  readonly pollMs?: number;
  readonly write?: (text: string) => void;
  readonly signal?: AbortSignal;
}

export interface TailedEvent {
  readonly timestamp: number;
  readonly stream: string;
  readonly message: string;
}

interface FilteredEvent {
  readonly logStreamName?: string;
  readonly timestamp?: number;
  readonly message?: string;
  readonly eventId?: string;
}

export function formatLogEvent(e: TailedEvent): string {
  return `${new Date(e.timestamp).toISOString()} ${e.stream} ${e.message.replaceAll('\r', '\n')}`;
}

async function filterPage(s: ApiClientSettings, group: string, startTime: number, nextToken: string | undefined) {
  const out = (await callJson11(s, LOGS, 'FilterLogEvents', {
    logGroupName: group,
    startTime,
    ...(nextToken === undefined ? {} : { nextToken }),
  })) as { events?: FilteredEvent[]; nextToken?: string } | undefined;
  return { events: out?.events ?? [], nextToken: out?.nextToken };
}

/** Every event from `startTime` on, in time order, page by page. */
async function* eventsSince(s: ApiClientSettings, group: string, startTime: number): AsyncGenerator<FilteredEvent> {
  let token: string | undefined;
  do {
    const page = await filterPage(s, group, startTime, token);
    yield* page.events;
    token = page.nextToken;
  } while (token !== undefined);
}

export async function logsTail(options: LogsTailOptions, env: NodeJS.ProcessEnv): Promise<number> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const group = options.functionName.startsWith('/') ? options.functionName : `/aws/lambda/${options.functionName}`;
  const settings = await resolveApiClient(options, env);
  const lines = options.lines ?? 100;
  const print = (e: FilteredEvent): void =>
    write(`${formatLogEvent({ timestamp: e.timestamp ?? 0, stream: e.logStreamName ?? '', message: e.message ?? '' })}\n`);
  try {
    // History: the last `lines` events. Then, as `aws logs tail --follow`, poll from the newest timestamp seen,
    // skipping the events of that millisecond already printed.
    const recent: FilteredEvent[] = [];
    let last = 0;
    let seenAtLast = new Set<string>();
    const remember = (e: FilteredEvent): void => {
      const ts = e.timestamp ?? 0;
      if (ts > last) {
        last = ts;
        seenAtLast = new Set();
      }
      seenAtLast.add(e.eventId ?? '');
    };
    for await (const e of eventsSince(settings, group, 0)) {
      recent.push(e);
      if (recent.length > lines) recent.shift();
      remember(e);
    }
    for (const e of recent) print(e);
    const aborted = (): boolean => options.signal?.aborted === true;
    while (options.follow === true && !aborted()) {
      await new Promise((r) => setTimeout(r, options.pollMs ?? 1000));
      if (aborted()) break;
      for await (const e of eventsSince(settings, group, last)) {
        if ((e.timestamp ?? 0) === last && seenAtLast.has(e.eventId ?? '')) continue;
        print(e);
        remember(e);
      }
    }
    return 0;
  } catch (err) {
    if (err instanceof ApiCallError && err.code === 'ResourceNotFoundException') {
      process.stderr.write(`lambdabox: no logs yet for ${group} (no function has written there)\n`);
      return 1;
    }
    throw err;
  }
}
