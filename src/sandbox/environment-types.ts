/** What an execution environment is built from and what one invocation in it yields. */
import type { SandboxMount } from './launch/sandbox-spec.js';
import type { SandboxBackendName } from '../shared/platform-tags/sandbox-tag.js';
import type { InvocationOutcome } from './runtime-api/invocation.js';

/** The version an environment belongs to for its whole life (SECURITY.md, invariant 2). */
export interface VersionKey {
  readonly accountId: string;
  readonly functionName: string;
  /** `$LATEST` or a version number; never an alias. */
  readonly version: string;
  /** Changes whenever $LATEST's code or configuration changes, so old environments are never reused. */
  readonly revisionId: string;
  /** The sandbox backend; a tag change moves the function to new environments. @default 'bwrap' */
  readonly sandbox?: SandboxBackendName;
}

export function versionKeyString(key: VersionKey): string {
  return `${key.accountId}:${key.functionName}:${key.version}`;
}

/** What makes an idle environment reusable for an invoke: version, $LATEST revision and backend. */
export function warmKeyString(key: VersionKey): string {
  return `${versionKeyString(key)}:${key.revisionId}:${key.sandbox ?? 'bwrap'}`;
}

export interface EnvironmentSpec {
  readonly key: VersionKey;
  readonly memoryMiB: number;
  readonly tmpSizeMiB: number;
  readonly timeoutMs: number;
  /** Mounts for code (/var/task), layers (/opt), runtime (/var/runtime) and language (/var/lang). */
  readonly mounts: readonly SandboxMount[];
  readonly command: readonly string[];
  /**
   * The complete process environment of the runtime
   * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html), secrets included: sent
   * through a fd.
   */
  readonly env: Readonly<Record<string, string>>;
  readonly logStreamName: string;
}

export type EnvironmentOutcome =
  | InvocationOutcome
  | { readonly kind: 'timeout' }
  | { readonly kind: 'exit'; readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly oomKilled: boolean };

export interface EnvironmentInvocation {
  readonly outcome: EnvironmentOutcome;
  /** Set on the environment's first invocation: the time its runtime took to initialise. */
  readonly initDurationMs: number | undefined;
  readonly durationMs: number;
  readonly maxMemoryUsedMiB: number;
  /** What the runtime printed while it initialised (first invocation only). */
  readonly initLogLines: readonly string[];
  /** The function's output during this invocation. */
  readonly logLines: readonly string[];
  /** The environment is gone afterwards (timeout, crash, OOM, init failure). */
  readonly fatal: boolean;
}
