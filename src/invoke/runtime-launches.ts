/** Adapts the runtime catalog to what an environment needs to start a runtime. */
import type { RuntimeCatalog } from '../runtimes/catalog.js';
import type { RuntimeLaunch, RuntimeResolver } from './invoke-types.js';

export function runtimeResolver(catalog: RuntimeCatalog): RuntimeResolver {
  return async (name: string): Promise<RuntimeLaunch> => {
    const d = await catalog.resolveRuntime(name);
    const [family, version] = [d.family === 'provided' ? 'provided' : d.family, d.languageVersion];
    return {
      command: d.command,
      env: d.env,
      // Runtime and language trees are shared by every environment: always read-only.
      mounts: d.mounts.map((m) => ({ kind: 'ro-bind' as const, source: m.source, dest: m.dest })),
      runtimeVersion: version === '' ? `${family}:al2023.v1` : `${family}:${version.split('.').slice(0, 2).join('.')}.v1`,
    };
  };
}
