/**
 * The error bodies Lambda itself produces for an invocation (lambda-api.md §3), returned with
 * `X-Amz-Function-Error: Unhandled` like function errors.
 */
export function timedOutBody(requestId: string, timeoutSeconds: number): string {
  return JSON.stringify({
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
  });
}

export function exitErrorBody(requestId: string, code: number | null, signal: string | null): string {
  const how = signal !== null ? `signal: ${signalName(signal)}` : `exit status ${code ?? 0}`;
  return JSON.stringify({
    errorType: 'Runtime.ExitError',
    errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${how}`,
  });
}

export function outOfMemoryBody(requestId: string): string {
  return JSON.stringify({
    errorType: 'Runtime.OutOfMemory',
    errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: signal: killed`,
  });
}

export function responseTooLargeBody(): string {
  return JSON.stringify({
    errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
    errorType: 'Function.ResponseSizeTooLarge',
  });
}

/** Go's names for signals, as Lambda prints them (`signal: killed`). */
function signalName(signal: string): string {
  const names: Record<string, string> = {
    SIGKILL: 'killed',
    SIGTERM: 'terminated',
    SIGSEGV: 'segmentation fault',
    SIGABRT: 'aborted',
    SIGINT: 'interrupt',
  };
  return names[signal] ?? signal.toLowerCase();
}
