/** One line of `lambdabox doctor` output: what was found and, when something is off, the exact fix. */
export type FindingStatus = 'ok' | 'warn' | 'fail';

export interface Finding {
  readonly status: FindingStatus;
  readonly message: string;
  /** A command or action that resolves the finding; absent when there is nothing to do. */
  readonly fix?: string;
}

export function ok(message: string): Finding {
  return { status: 'ok', message };
}

export function warn(message: string, fix: string): Finding {
  return { status: 'warn', message, fix };
}

export function fail(message: string, fix: string): Finding {
  return { status: 'fail', message, fix };
}
