/** Adapts the runtime catalog to what an environment needs to start a runtime. */
import type { RuntimeCatalog } from '../runtimes/catalog.js';
import type { RuntimeLaunch, RuntimeResolver } from './invoke-types.js';

export function runtimeResolver(catalog: RuntimeCatalog): RuntimeResolver {
  return async (name: string): Promise<RuntimeLaunch> => {
    const d = await catalog.resolveRuntime(name);
    return {
      command: d.command,
      env: d.env,
      // Runtime and language trees are shared by every environment: always read-only.
      mounts: d.mounts.map((m) => ({ kind: 'ro-bind' as const, source: m.source, dest: m.dest })),
      runtimeVersion: runtimeVersionName(d.name, d.family, d.languageVersion),
    };
  };
}

/**
 * What INIT_START names as the runtime version, as Lambda spells it: `nodejs:20.v13` (major only),
 * `python:3.11.v24` (major.minor), `provided:al2023.v1`.
 */
export function runtimeVersionName(runtime: string, family: string, languageVersion: string): string {
  const parts = languageVersion.split('.');
  if (family === 'nodejs') return `nodejs:${parts[0] ?? ''}.v1`;
  if (family === 'python') return `python:${parts.slice(0, 2).join('.')}.v1`;
  return `provided:${runtime.slice(runtime.indexOf('.') + 1)}.v1`;
}
