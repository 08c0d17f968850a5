/**
 * The STS API (query protocol, 2011-06-15) on the front door: GetCallerIdentity, AssumeRole,
 * GetSessionToken. The SessionToken in a response is a sealed secret: nothing here logs results.
 */
import type { ApiRequest, ApiResponse } from '../../../http/api-request.js';
import type { AwsError } from '../../../shared/errors/aws-error.js';
import type { ApiService } from '../../../http/service.js';
import { constraintViolation, createQueryService } from '../../../http/query/index.js';
import type { QueryParams, QueryResult } from '../../../http/query/index.js';
import type { Caller } from '../../../iam/caller.js';
import type { RequestFacts } from '../../../iam/authz/access-request.js';
import { assumeRole } from '../operations/assume-role.js';
import { getSessionToken } from '../operations/get-session-token.js';
import type { StsDeps } from '../operations/sts-deps.js';
import type { TemporaryCredentials } from '../../../iam/sessions/temporary-credentials.js';
import { asQueryAuthError } from './query-auth-errors.js';

export const STS_VERSION = '2011-06-15';
export const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

function credentialsXml(c: TemporaryCredentials): QueryResult {
  return {
    AccessKeyId: c.accessKeyId,
    SecretAccessKey: c.secretAccessKey,
    SessionToken: c.sessionToken,
    // AWS writes whole seconds: 2019-11-09T13:34:41Z.
    Expiration: c.expiration.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

function int(params: QueryParams, name: string): number | undefined {
  const member = name.charAt(0).toLowerCase() + name.slice(1);
  return params.int(name, (raw) => constraintViolation(raw, member, 'Member must be an integer'));
}

function facts(deps: StsDeps, req: ApiRequest): RequestFacts {
  return { sourceIp: req.sourceIp, secureTransport: false, now: deps.now(), region: deps.region, requestId: req.requestId };
}

/** `aws:userid` as GetCallerIdentity reports it. */
function userIdOf(caller: Caller): string {
  return caller.userId ?? caller.accountId;
}

export function createStsApi(deps: StsDeps): ApiService {
  const service = createQueryService({
    signingName: 'sts',
    version: STS_VERSION,
    xmlns: STS_XMLNS,
    actions: {
      GetCallerIdentity: async (_params, _req, caller) => ({ Arn: caller.arn, UserId: userIdOf(caller), Account: caller.accountId }),
      AssumeRole: async (params, req, caller) => {
        const policy = params.get('Policy');
        const externalId = params.get('ExternalId');
        const sourceIdentity = params.get('SourceIdentity');
        const durationSeconds = int(params, 'DurationSeconds');
        const out = await assumeRole(deps, caller, facts(deps, req), {
          roleArn: params.required('RoleArn'),
          roleSessionName: params.required('RoleSessionName'),
          ...(durationSeconds === undefined ? {} : { durationSeconds }),
          ...(externalId === undefined ? {} : { externalId }),
          ...(policy === undefined ? {} : { policy }),
          policyArns: params.structs('PolicyArns.member').map((p) => p['arn'] ?? ''),
          tags: params.structs('Tags.member'),
          transitiveTagKeys: params.list('TransitiveTagKeys.member'),
          ...(sourceIdentity === undefined ? {} : { sourceIdentity }),
        });
        return {
          AssumedRoleUser: { AssumedRoleId: out.assumedRoleId, Arn: out.assumedRoleArn },
          Credentials: credentialsXml(out.credentials),
          PackedPolicySize: out.packedPolicySize,
          SourceIdentity: out.sourceIdentity,
        };
      },
      GetSessionToken: async (params, _req, caller) => {
        const credentials = getSessionToken(deps, caller, int(params, 'DurationSeconds'));
        return { Credentials: credentialsXml(credentials) };
      },
    },
  });
  return {
    signingName: service.signingName,
    route: (method, rawPath, query) => service.route(method, rawPath, query),
    tooLarge: (operation) => service.tooLarge(operation),
    renderError: (err: AwsError, requestId: string): ApiResponse => service.renderError(asQueryAuthError(err), requestId),
  };
}
