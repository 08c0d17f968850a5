/**
 * AssumeRole: validate as the STS model does, find the role, let its trust policy and the caller's own
 * policies decide, check the duration against the role (and the one-hour limit of role chaining), then mint
 * a sealed role session.
 */
import type { Caller } from '../../../iam/caller.js';
import type { RequestFacts } from '../../../iam/authz/access-request.js';
import { evaluationPrincipal, globalContext } from '../../../iam/authz/authorizer.js';
import { isAwsError } from '../../../shared/errors/aws-error.js';
import type { ContextValue } from '../../../iam/policy/conditions/context-value.js';
import { principalNameFromArn } from '../../../iam/ids.js';
import { issueRoleSession } from '../../../iam/sessions/execution-role-credentials.js';
import { assumedRoleArn } from '../../../iam/sessions/temporary-credentials.js';
import type { TemporaryCredentials } from '../../../iam/sessions/temporary-credentials.js';
import { resolveSessionInputs } from './session-inputs.js';
import { trustPolicyAllows } from '../../../iam/sessions/trust-policy.js';
import { resourceTagContext } from '../../../iam/authz/tag-context.js';
import type { StsDeps } from './sts-deps.js';
import { checkRange, checkString, notAuthorized, stsValidation } from './sts-errors.js';
import { QueryAccessDeniedError } from '../../../shared/errors/query-errors.js';

export interface AssumeRoleInput {
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly durationSeconds?: number;
  readonly externalId?: string;
  readonly policy?: string;
  readonly policyArns: readonly string[];
  readonly tags: ReadonlyArray<Record<string, string>>;
  /** Offered to policies as `sts:TransitiveTagKeys`; lambdabox does not carry tags into chained sessions. */
  readonly transitiveTagKeys?: readonly string[];
  readonly sourceIdentity?: string;
}

export interface AssumeRoleOutput {
  readonly credentials: TemporaryCredentials;
  readonly assumedRoleId: string;
  readonly assumedRoleArn: string;
  readonly packedPolicySize?: number;
  readonly sourceIdentity?: string;
}

const SESSION_NAME = /^[\w+=,.@-]*$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]*$/;
const CHAINED_MAX_SECONDS = 3600;
const DEFAULT_SECONDS = 3600;

export async function assumeRole(deps: StsDeps, caller: Caller, facts: RequestFacts, input: AssumeRoleInput): Promise<AssumeRoleOutput> {
  checkString(input.roleArn, 'roleArn', 20, 2048);
  checkString(input.roleSessionName, 'roleSessionName', 2, 64, SESSION_NAME);
  if (input.durationSeconds !== undefined) checkRange(input.durationSeconds, 'durationSeconds', 900, 43200);
  if (input.externalId !== undefined) checkString(input.externalId, 'externalId', 2, 1224, EXTERNAL_ID);
  if (input.sourceIdentity !== undefined) checkString(input.sourceIdentity, 'sourceIdentity', 2, 64, SESSION_NAME);
  if (caller.kind === 'root') throw new QueryAccessDeniedError('Roles may not be assumed by root accounts.');

  const denied = (action = 'sts:AssumeRole'): QueryAccessDeniedError => notAuthorized(caller.arn, action, input.roleArn);
  const target = principalNameFromArn(input.roleArn);
  if (target === undefined || target.kind !== 'role') {
    throw stsValidation(`${input.roleArn} is invalid`);
  }
  const { role, session } = await deps.store.transact(async (tx) => {
    const found = await tx.getRole(target.accountId, target.name);
    // A missing role is indistinguishable from one the caller may not assume.
    if (found === undefined || found.arn !== input.roleArn) throw denied();
    return { role: found, session: await resolveSessionInputs(tx, found.accountId, input.policy, input.policyArns, input.tags) };
  });

  const transitive = input.transitiveTagKeys ?? [];
  const context: Record<string, ContextValue> = {
    ...globalContext(caller, facts),
    // The trust policy is evaluated here, not by the authorizer: it needs the role's tags itself.
    ...resourceTagContext(role.tags, true),
    'aws:ResourceAccount': role.accountId,
    'sts:RoleSessionName': input.roleSessionName,
    ...(transitive.length === 0 ? {} : { 'sts:TransitiveTagKeys': [...transitive] }),
    ...(input.externalId === undefined ? {} : { 'sts:ExternalId': input.externalId }),
    ...(input.sourceIdentity === undefined ? {} : { 'sts:SourceIdentity': input.sourceIdentity }),
  };
  const tagKeys = Object.keys(session.tags);
  if (tagKeys.length > 0) {
    context['aws:TagKeys'] = tagKeys;
    for (const [k, v] of Object.entries(session.tags)) context[`aws:RequestTag/${k}`] = v;
  }
  const actions = ['sts:AssumeRole', ...(tagKeys.length > 0 ? ['sts:TagSession'] : []), ...(input.sourceIdentity === undefined ? [] : ['sts:SetSourceIdentity'])];
  const principal = evaluationPrincipal(caller, caller.session?.tags ?? {});
  for (const action of actions) {
    if (!trustPolicyAllows(role.assumeRolePolicy, principal, action, role.arn, context)) throw denied(action);
    try {
      // The caller's own side: identity policies (unless the trust policy names the caller itself), permissions
      // boundary and session policies. The authorizer records the decision.
      await deps.authorizer.authorize(
        caller,
        { action, resource: role.arn, resourceAccountId: role.accountId, resourcePolicy: role.assumeRolePolicy, context },
        facts,
      );
    } catch (err) {
      if (isAwsError(err) && err.status === 403) throw denied(action);
      throw err;
    }
  }

  const chained = caller.kind === 'assumed-role';
  const seconds = input.durationSeconds ?? DEFAULT_SECONDS;
  if (seconds > role.maxSessionDuration) {
    throw stsValidation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  if (chained && seconds > CHAINED_MAX_SECONDS) {
    throw stsValidation('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }
  const now = deps.now();
  const expiresAt = Math.floor(now.getTime() / 1000) * 1000 + seconds * 1000;
  // Tags of a chained caller's session do not carry over (lambdabox has no transitive tag keys).
  const tags = session.tags;
  const credentials = issueRoleSession(deps.keys, role, {
    sessionName: input.roleSessionName,
    issuedAt: now.getTime(),
    expiresAt,
    policies: session.policies,
    tags,
    ...(input.sourceIdentity === undefined ? {} : { sourceIdentity: input.sourceIdentity }),
  });
  return {
    credentials,
    assumedRoleId: `${role.roleId}:${input.roleSessionName}`,
    assumedRoleArn: assumedRoleArn(role.arn, input.roleSessionName),
    ...(session.packedPolicySize === undefined ? {} : { packedPolicySize: session.packedPolicySize }),
    ...(input.sourceIdentity === undefined ? {} : { sourceIdentity: input.sourceIdentity }),
  };
}
