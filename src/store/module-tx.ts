/**
 * A store's transaction object is the union of its modules' statements (the core's and each service's).
 * Two modules defining the same method would silently shadow one another (the later one wins, and calls
 * meant for the other run its statement with the wrong arguments), so the union is refused instead.
 */
import { InvariantError } from '../shared/errors/lambdabox-error.js';

export function mergeModuleTx(parts: ReadonlyArray<{ readonly module: string; readonly tx: object }>): object {
  const owner = new Map<string, string>();
  for (const { module, tx } of parts) {
    for (const key of Object.keys(tx)) {
      const other = owner.get(key);
      if (other !== undefined) throw new InvariantError(`store modules ${other} and ${module} both define ${key}`);
      owner.set(key, module);
    }
  }
  return Object.assign({}, ...parts.map((p) => p.tx)) as object;
}
