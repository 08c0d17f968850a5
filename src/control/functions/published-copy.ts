/**
 * A published version is an immutable copy of $LATEST: qualified ARN, its own number and revision,
 * and its environment re-sealed under the version's own encryption context.
 */
import type { KeyService } from '../../shared/crypto/key-service.js';
import type { VersionRecord } from '../../store/records.js';
import { formatLastModified } from '../../store/function-configuration.js';
import { newRevisionId } from '../../shared/clock.js';
import { openEnvironment, sealEnvironment } from './environment-sealing.js';

export function publishedCopy(
  keys: KeyService,
  latest: VersionRecord,
  version: string,
  description: string,
  now: Date,
): VersionRecord {
  const variables = openEnvironment(keys, latest.accountId, latest.functionName, latest.version, latest.envSealed);
  return {
    ...latest,
    version,
    config: {
      ...latest.config,
      FunctionArn: `${latest.config.FunctionArn}:${version}`,
      Version: version,
      Description: description,
      RevisionId: newRevisionId(),
      LastModified: formatLastModified(now),
    },
    envSealed: sealEnvironment(keys, latest.accountId, latest.functionName, version, variables),
  };
}
