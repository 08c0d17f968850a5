/**
 * The `lambdabox:sandbox` tag and the backend names it takes. Kept in the kernel: tag validation (control),
 * the launcher (sandbox) and invoke all read them.
 */
/** Weakest isolation first: a backend's index is its rank. */
export const SANDBOX_BACKEND_NAMES = ['bwrap', 'gvisor'] as const;
export type SandboxBackendName = (typeof SANDBOX_BACKEND_NAMES)[number];

/**
 * The function tag that selects a backend (`lambdabox:sandbox=gvisor`); absent means the server
 * default. A tag may only raise isolation above the server's default: the operator chooses the
 * floor for every tenant, a tenant may ask for more, never for less.
 */
export const SANDBOX_TAG = 'lambdabox:sandbox';

export function isSandboxBackendName(value: string): value is SandboxBackendName {
  return (SANDBOX_BACKEND_NAMES as readonly string[]).includes(value);
}

/** How much a backend isolates, comparable: bwrap < gvisor. */
export function isolationRank(name: SandboxBackendName): number {
  return SANDBOX_BACKEND_NAMES.indexOf(name);
}

/**
 * The backend a function runs in: the stronger of its `lambdabox:sandbox` tag and the server
 * default. Tag validation refuses unknown values and values below the default; a tag stored
 * before either rule (or before the operator raised the default) still never runs below it.
 */
export function backendForTags(tags: Readonly<Record<string, string>>, serverDefault: SandboxBackendName): SandboxBackendName {
  const tagged = tags[SANDBOX_TAG];
  if (tagged === undefined || !isSandboxBackendName(tagged)) return serverDefault;
  return isolationRank(tagged) > isolationRank(serverDefault) ? tagged : serverDefault;
}
