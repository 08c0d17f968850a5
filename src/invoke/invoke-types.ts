/** An Invoke as the data plane sees it, and what it answers. */
import type { SandboxMount } from '../sandbox/launch/sandbox-spec.js';

export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';

export interface InvokeRequest {
  readonly requestId: string;
  readonly invocationType: InvocationType;
  readonly payload: Buffer;
  readonly tailLogs: boolean;
  /** Decoded X-Amz-Client-Context JSON text. */
  readonly clientContext?: string;
  /** The ARN as the caller named the function (unqualified, `:$LATEST`, `:alias`, `:N`). */
  readonly invokedFunctionArn: string;
  /** The caller's X-Amzn-Trace-Id, as sent (parsed and replaced when invalid by the data plane). */
  readonly traceHeader?: string;
}

export interface InvokeResult {
  readonly status: 200 | 202 | 204;
  readonly body?: Buffer;
  readonly contentType?: string;
  readonly executedVersion?: string;
  readonly functionError?: 'Unhandled';
  readonly logResult?: string;
}

/** How a runtime starts inside an environment (from the runtime catalog). */
export interface RuntimeLaunch {
  readonly command: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly mounts: readonly SandboxMount[];
  /** e.g. `nodejs:20.v1`, for INIT_START. */
  readonly runtimeVersion: string;
}

export type RuntimeResolver = (runtime: string) => Promise<RuntimeLaunch>;
