/**
 * console.* in Lambda's log formats. Text: `<ISO time>\t<request id>\t<LEVEL>\t<message>` (the id
 * prints as `undefined` outside an invocation, as the RIC does); JSON when AWS_LAMBDA_LOG_FORMAT is
 * JSON. Line breaks inside an entry become '\r' so one entry stays one line for the host's splitter,
 * as CloudWatch keeps it one event. Writes are synchronous (writeAll), so an invocation's lines are
 * out before its response is posted.
 */
import { writeSync } from 'node:fs';
import { format } from 'node:util';
import { intoError, toFormatted } from './runtime-errors.mjs';

interface Level {
  readonly name: string;
  readonly priority: number;
}

const LEVELS = {
  TRACE: { name: 'TRACE', priority: 1 },
  DEBUG: { name: 'DEBUG', priority: 2 },
  INFO: { name: 'INFO', priority: 3 },
  WARN: { name: 'WARN', priority: 4 },
  ERROR: { name: 'ERROR', priority: 5 },
  FATAL: { name: 'FATAL', priority: 6 },
} as const satisfies Record<string, Level>;

type LevelName = keyof typeof LEVELS;
type LogFunction = (message?: unknown, ...params: unknown[]) => void;

// Where the RIC keeps the current request id; code that reads it there keeps working.
const REQUEST_ID = Symbol.for('aws.lambda.runtime.requestId');

/** The request id of the invocation in progress, shared by the log lines and the invoke loop. */
export class RequestIdSlot {
  get value(): string | undefined {
    return (globalThis as Record<symbol, unknown>)[REQUEST_ID] as string | undefined;
  }

  set value(id: string | undefined) {
    (globalThis as Record<symbol, unknown>)[REQUEST_ID] = id;
  }
}

function errorFields(error: Error): Record<string, unknown> {
  return {
    errorType: error.constructor?.name ?? 'UnknownError',
    errorMessage: error.message,
    stackTrace: typeof error.stack === 'string' ? error.stack.split('\n') : error.stack,
  };
}

function jsonLine(time: string, requestId: string | undefined, level: Level, message: unknown, params: unknown[]): string {
  const entry: Record<string, unknown> = { timestamp: time, level: level.name, requestId };
  if (params.length === 0) {
    entry['message'] = message;
    try {
      return JSON.stringify(entry, (_key, value: unknown) =>
        value instanceof Error ? Object.assign(errorFields(value), value) : value,
      );
    } catch {
      entry['message'] = format(message);
      return JSON.stringify(entry);
    }
  }
  entry['message'] = format(message, ...params);
  const error = params.find((param): param is Error => param instanceof Error);
  if (error !== undefined) {
    entry['errorType'] = error.constructor?.name ?? 'UnknownError';
    entry['errorMessage'] = error.message;
    entry['stackTrace'] = typeof error.stack === 'string' ? error.stack.split('\n') : [];
  }
  return JSON.stringify(entry);
}

const STDOUT_FD = 1;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `text` to stdout before returning. process.stdout is not enough: on a pipe or socket
 * Node queues what the kernel buffer cannot take and writes it later, so a burst of output could
 * still be queued when the response is posted and the host would file it under the next
 * invocation. Once something uses process.stdout, Node makes the fd non-blocking: a full buffer is
 * then waited out here. A host that stopped reading (EPIPE) is about to end the sandbox anyway.
 */
function writeAll(text: string): void {
  let bytes = Buffer.from(text);
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(writeSync(STDOUT_FD, bytes));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return;
      if (code !== 'EAGAIN') throw err;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

/** How the runtime logs an error it reports (`Invoke Error`, `Uncaught Exception`, …). */
export type ErrorLogger = (label: string, error: unknown) => void;

/** Replaces the console's level methods and returns the runtime's own error logger. */
export function patchConsole(requestIds: RequestIdSlot, env: NodeJS.ProcessEnv): ErrorLogger {
  const json = env['AWS_LAMBDA_LOG_FORMAT']?.toUpperCase() === 'JSON';
  const minimum = LEVELS[env['AWS_LAMBDA_LOG_LEVEL']?.toUpperCase() as LevelName]?.priority ?? LEVELS.TRACE.priority;

  const writer = (level: Level): LogFunction => {
    if (level.priority < minimum) return () => undefined;
    if (json) {
      return (message, ...params) => {
        const line = jsonLine(new Date().toISOString(), requestIds.value, level, message, params);
        writeAll(`${line.replace(/\n/g, '\r')}\n`);
      };
    }
    const prefix = `\t${level.name}\t`;
    return (message, ...params) => {
      const line = `${new Date().toISOString()}\t${requestIds.value}${prefix}${format(message, ...params)}`;
      writeAll(`${line.replace(/\n/g, '\r')}\n`);
    };
  };

  const target = console as unknown as Record<string, LogFunction>;
  target['trace'] = writer(LEVELS.TRACE);
  target['debug'] = writer(LEVELS.DEBUG);
  target['info'] = writer(LEVELS.INFO);
  target['log'] = target['info'];
  target['warn'] = writer(LEVELS.WARN);
  target['error'] = writer(LEVELS.ERROR);
  target['fatal'] = writer(LEVELS.FATAL);

  return json
    ? (_label, error) => console.error(intoError(error))
    : (label, error) => console.error(label, toFormatted(intoError(error)));
}
