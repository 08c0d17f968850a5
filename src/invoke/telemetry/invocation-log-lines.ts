/**
 * The log events one invocation leaves in its log group, in the function's log format. Text: Lambda's
 * INIT_START/START/END/REPORT lines around the function's output. JSON (advanced logging controls,
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html): the platform's
 * events as `{"time","type","record"}` objects filtered by SystemLogLevel (initStart, start and report
 * are INFO, runtimeDone DEBUG, as the Telemetry API levels them), and the function's lines filtered by
 * ApplicationLogLevel. A line that is not a JSON object with a valid `level` counts as INFO, as Lambda
 * reads it; our runtimes already drop lines below the level, and this filter holds for any runtime.
 */
import type { FunctionConfiguration } from '../../store/function-configuration.js';
import { endLine, initStartLine, reportLine, startLine, timeoutLine } from '../invocation-log.js';
import type { ReportFigures } from '../invocation-log.js';

const APPLICATION_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
const SYSTEM_LEVELS = ['DEBUG', 'INFO', 'WARN'] as const;

export interface InvocationLogInput {
  readonly logging: FunctionConfiguration['LoggingConfig'];
  readonly functionName: string;
  readonly version: string;
  readonly requestId: string;
  /** Set on a cold start: the runtime's version for INIT_START and the init phase's own output. */
  readonly init?: { readonly runtimeVersion: string; readonly runtimeVersionArn: string; readonly lines: readonly string[] };
  readonly lines: readonly string[];
  readonly timedOutAfterSeconds?: number;
  /** `success`, `error`, `timeout` or `failure`, as platform.report's status says. */
  readonly status: 'success' | 'error' | 'timeout' | 'failure';
  readonly report: ReportFigures;
  readonly now: Date;
}

export function invocationLogLines(input: InvocationLogInput): string[] {
  if (input.logging.LogFormat !== 'JSON') return textLines(input);
  const system = levelIndex(SYSTEM_LEVELS, input.logging.SystemLogLevel ?? 'INFO');
  const application = levelIndex(APPLICATION_LEVELS, input.logging.ApplicationLogLevel ?? 'INFO');
  const time = input.now.toISOString();
  const out: string[] = [];
  const platform = (level: (typeof SYSTEM_LEVELS)[number], type: string, record: Record<string, unknown>): void => {
    if (levelIndex(SYSTEM_LEVELS, level) >= system) out.push(JSON.stringify({ time, type, record }));
  };
  const own = (lines: readonly string[]): void => {
    for (const line of lines) if (applicationLevel(line) >= application) out.push(line);
  };
  if (input.init !== undefined) {
    platform('INFO', 'platform.initStart', {
      initializationType: 'on-demand',
      phase: 'init',
      runtimeVersion: input.init.runtimeVersion,
      runtimeVersionArn: input.init.runtimeVersionArn,
      functionName: input.functionName,
      functionVersion: input.version,
    });
    own(input.init.lines);
  }
  platform('INFO', 'platform.start', { requestId: input.requestId, version: input.version });
  own(input.lines);
  const r = input.report;
  platform('DEBUG', 'platform.runtimeDone', {
    requestId: input.requestId,
    status: input.status,
    metrics: { durationMs: round2(r.durationMs) },
  });
  platform('INFO', 'platform.report', {
    requestId: input.requestId,
    metrics: {
      durationMs: round2(r.durationMs),
      billedDurationMs: Math.max(1, Math.ceil(r.durationMs)),
      memorySizeMB: r.memorySizeMiB,
      maxMemoryUsedMB: r.maxMemoryUsedMiB,
      ...(r.initDurationMs === undefined ? {} : { initDurationMs: round2(r.initDurationMs) }),
    },
    status: input.status,
    ...(input.status === 'timeout' ? { errorType: 'Sandbox.Timedout' } : {}),
  });
  return out;
}

function textLines(input: InvocationLogInput): string[] {
  const out: string[] = [];
  if (input.init !== undefined) out.push(initStartLine(input.init.runtimeVersion, input.init.runtimeVersionArn), ...input.init.lines);
  out.push(startLine(input.requestId, input.version), ...input.lines);
  if (input.timedOutAfterSeconds !== undefined) out.push(timeoutLine(input.requestId, input.timedOutAfterSeconds, input.now));
  out.push(endLine(input.requestId), reportLine(input.report));
  return out;
}

function levelIndex(levels: readonly string[], level: string): number {
  const i = levels.indexOf(level.toUpperCase());
  return i < 0 ? levels.indexOf('INFO') : i;
}

/** The level Lambda reads from an application line: a JSON object's `level`, else INFO. */
function applicationLevel(line: string): number {
  const info = APPLICATION_LEVELS.indexOf('INFO');
  if (!line.startsWith('{')) return info;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return info;
    const level = (parsed as Record<string, unknown>)['level'];
    return typeof level === 'string' ? levelIndex(APPLICATION_LEVELS, level) : info;
  } catch {
    return info;
  }
}

function round2(ms: number): number {
  return Math.round(ms * 100) / 100;
}
