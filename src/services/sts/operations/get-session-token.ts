/**
 * GetSessionToken: temporary credentials that keep the calling user's (or root's) identity and
 * permissions. Only long-term credentials may call it.
 */
import type { Caller } from '../../../iam/caller.js';
import { issueTemporaryCredentials } from '../../../iam/sessions/temporary-credentials.js';
import type { TemporaryCredentials } from '../../../iam/sessions/temporary-credentials.js';
import type { StsDeps } from './sts-deps.js';
import { checkRange } from './sts-errors.js';
import { QueryAccessDeniedError } from '../../../shared/errors/query-errors.js';

const DEFAULT_SECONDS = 43_200;
/** AWS caps root's sessions at one hour, silently. */
const ROOT_MAX_SECONDS = 3600;

export function getSessionToken(deps: StsDeps, caller: Caller, durationSeconds: number | undefined): TemporaryCredentials {
  if (durationSeconds !== undefined) checkRange(durationSeconds, 'durationSeconds', 900, 129_600);
  if (caller.session !== undefined) throw new QueryAccessDeniedError('Cannot call GetSessionToken with session credentials');
  let seconds = durationSeconds ?? DEFAULT_SECONDS;
  if (caller.kind === 'root') seconds = Math.min(seconds, ROOT_MAX_SECONDS);
  const now = deps.now();
  return issueTemporaryCredentials(deps.keys, {
    accountId: caller.accountId,
    issuedAt: now.getTime(),
    expiresAt: Math.floor(now.getTime() / 1000) * 1000 + seconds * 1000,
    source: {
      arn: caller.arn,
      userId: caller.userId ?? caller.accountId,
      ...(caller.userName === undefined ? {} : { userName: caller.userName }),
    },
  });
}
