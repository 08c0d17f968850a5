/**
 * The error bodies Lambda itself produces for an invocation (as LocalStack recorded them from AWS,
 * docs/SOURCES.md [LS]), returned with
 * `X-Amz-Function-Error: Unhandled` like function errors.
 */
export function timedOutBody(requestId: string, timeoutSeconds: number): string {
  return JSON.stringify({
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
  });
}

export function exitErrorBody(requestId: string, code: number | null, signal: string | null): string {
  // A clean exit is no error of the runtime's own: AWS words it differently (LocalStack's AWS recordings).
  const reason =
    signal !== null
      ? `Runtime exited with error: signal: ${signalName(signal)}`
      : code === 0 || code === null
        ? 'Runtime exited without providing a reason'
        : `Runtime exited with error: exit status ${code}`;
  return JSON.stringify({
    errorType: 'Runtime.ExitError',
    errorMessage: `RequestId: ${requestId} Error: ${reason}`,
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
