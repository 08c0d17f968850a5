/**
 * The platform's own administrative API on the front door, SigV4-signed with service name `lambdabox`
 * (so it is authenticated like every AWS call and its decisions land in the decision records):
 * `POST /v1/accounts` creates an account. Only the platform administrator, the root of account
 * 000000000000, may call it: a platform policy denies every other principal explicitly, so even an
 * IAM user of that account with `*:*` is refused.
 */
import type { ApiRequest, ApiResponse } from '../../http/api-request.js';
import type { AwsError } from '../../shared/errors/aws-error.js';
import { UnknownOperationError } from '../../shared/errors/aws-error.js';
import type { ApiService, RoutedOperation } from '../../http/service.js';
import { renderRestJsonError } from '../../http/rest-json-errors.js';
import { RequestEntityTooLargeError } from '../../shared/errors/lambda-errors.js';
import type { Caller } from '../../iam/caller.js';
import type { Authorize } from '../../iam/authz/authorize.js';
import { DEFAULT_ACCOUNT_ID } from '../../iam/admin-bootstrap.js';
import { createAccount } from '../../iam/accounts/create-account.js';
import type { KeyService } from '../../shared/crypto/key-service.js';
import type { Store } from '../../store/store.js';
import { requestFacts } from '../lambda/route-authorization.js';

export const ADMIN_SIGNING_NAME = 'lambdabox';
export const CREATE_ACCOUNT_PATH = '/v1/accounts';

const ADMIN_ONLY_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'PlatformAdministratorOnly',
      Effect: 'Deny',
      NotPrincipal: { AWS: `arn:aws:iam::${DEFAULT_ACCOUNT_ID}:root` },
      Action: 'lambdabox:*',
      Resource: '*',
    },
  ],
});

export interface AdminApiOptions {
  readonly region: string;
  readonly store: Store;
  readonly keys: KeyService;
  readonly authorizer: Authorize;
  readonly now: () => Date;
}

export class AdminApi implements ApiService {
  readonly signingName = ADMIN_SIGNING_NAME;
  readonly #options: AdminApiOptions;

  constructor(options: AdminApiOptions) {
    this.#options = options;
  }

  route(method: string, rawPath: string): RoutedOperation {
    const path = rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
    if (method !== 'POST' || path !== CREATE_ACCOUNT_PATH) throw new UnknownOperationError();
    return { name: 'CreateAccount', maxBodyBytes: 4096, run: (req, caller) => this.#createAccount(req, caller) };
  }

  async #createAccount(req: ApiRequest, caller: Caller): Promise<ApiResponse> {
    const o = this.#options;
    await o.authorizer.authorize(
      caller,
      {
        action: 'lambdabox:CreateAccount',
        resource: `arn:aws:lambdabox::${DEFAULT_ACCOUNT_ID}:account/*`,
        resourceAccountId: DEFAULT_ACCOUNT_ID,
        resourcePolicy: ADMIN_ONLY_POLICY,
      },
      requestFacts(req, o.region),
    );
    const account = await createAccount(o.store, o.keys, o.now());
    return {
      status: 201,
      body: {
        AccountId: account.accountId,
        Arn: account.rootArn,
        AccessKeyId: account.accessKeyId,
        SecretAccessKey: account.secretAccessKey,
      },
    };
  }

  tooLarge(): AwsError {
    return new RequestEntityTooLargeError('Request must be smaller than 4096 bytes for the CreateAccount operation');
  }

  renderError(err: AwsError): ApiResponse {
    return renderRestJsonError(err);
  }
}
