// TEMPORARY scaffolding while the PostgreSQL tables are ported; deleted before this lands.
import { InvariantError } from '../../shared/errors/lambdabox-error.js';
export function unported<T extends object>(area: string): T {
  return new Proxy({} as T, {
    get: (_t, prop) => () => {
      throw new InvariantError(`postgres ${area}.${String(prop)} not ported yet`);
    },
    ownKeys: () => [],
  });
}
