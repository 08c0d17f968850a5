/**
 * The platform's lines around an invocation's own output, exactly as Lambda writes them
 * (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html shows the START/END/REPORT
 * lines), and the `X-Amz-Log-Result` tail (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html).
 */
export interface ReportFigures {
  readonly requestId: string;
  readonly version: string;
  readonly durationMs: number;
  readonly memorySizeMiB: number;
  readonly maxMemoryUsedMiB: number;
  readonly initDurationMs: number | undefined;
}

export function initStartLine(runtimeVersion: string, runtimeVersionArn: string): string {
  return `INIT_START Runtime Version: ${runtimeVersion}\tRuntime Version ARN: ${runtimeVersionArn}`;
}

export function startLine(requestId: string, version: string): string {
  return `START RequestId: ${requestId} Version: ${version}`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export function timeoutLine(requestId: string, timeoutSeconds: number, now = new Date()): string {
  return `${now.toISOString()} ${requestId} Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;
}

export function reportLine(r: ReportFigures): string {
  const billed = Math.max(1, Math.ceil(r.durationMs));
  let line =
    `REPORT RequestId: ${r.requestId}\tDuration: ${r.durationMs.toFixed(2)} ms\tBilled Duration: ${billed} ms\t` +
    `Memory Size: ${r.memorySizeMiB} MB\tMax Memory Used: ${r.maxMemoryUsedMiB} MB\t`;
  if (r.initDurationMs !== undefined) line += `Init Duration: ${r.initDurationMs.toFixed(2)} ms\t`;
  return line;
}

/** Base64 of the last 4 KB of the invocation's log, as `X-Amz-Log-Type: Tail` returns it. */
export function logTail(lines: readonly string[]): string {
  const text = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
  return text.subarray(Math.max(0, text.length - 4096)).toString('base64');
}
