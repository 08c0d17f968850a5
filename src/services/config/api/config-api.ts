/**
 * AWS Config on the front door (signing name `config`): awsJson 1.1, `X-Amz-Target:
 * StarlingDoveService.<Operation>` (botocore config/2014-11-12 metadata), so `aws configservice …` and the
 * SDK's ConfigServiceClient work unchanged against the server.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiRequest, ApiResponse } from '../../../http/api-request.js';
import type { ApiService, RoutedOperation } from '../../../http/service.js';
import type { AwsError } from '../../../shared/errors/aws-error.js';
import { isAwsError } from '../../../shared/errors/aws-error.js';
import { RequestTooLargeError } from '../../../shared/errors/query-errors.js';
import { JsonUnknownOperationError } from '../../../shared/errors/json-errors.js';
import { awsJsonBody, awsJsonOperation, renderAwsJsonError, renderAwsJsonResult } from '../../../http/aws-json.js';
import type { Caller } from '../../../iam/caller.js';
import type { ConfigDeps } from '../config-deps.js';
import { CONFIG_ACTIONS } from './config-actions.js';
import { ConfigInput } from './config-input.js';

const TARGET_PREFIX = 'StarlingDoveService';
// The largest request these operations take is 100 resource keys: far below this.
const MAX_BODY_BYTES = 1024 * 1024;

export interface ConfigApiOptions {
  readonly deps: ConfigDeps;
}

export class ConfigApi implements ApiService {
  readonly signingName = 'config';
  readonly #deps: ConfigDeps;

  constructor(options: ConfigApiOptions) {
    this.#deps = options.deps;
  }

  route(): RoutedOperation {
    return { name: 'Config', maxBodyBytes: MAX_BODY_BYTES, run: (req, caller) => this.#run(req, caller) };
  }

  tooLarge(): AwsError {
    return new RequestTooLargeError(MAX_BODY_BYTES);
  }

  renderError(err: AwsError, _requestId: string, _headers?: IncomingHttpHeaders): ApiResponse {
    return renderAwsJsonError('1.1', err);
  }

  async #run(req: ApiRequest, caller: Caller): Promise<ApiResponse> {
    try {
      const operation = awsJsonOperation(req, TARGET_PREFIX);
      const action = Object.hasOwn(CONFIG_ACTIONS, operation) ? CONFIG_ACTIONS[operation] : undefined;
      if (action === undefined) throw new JsonUnknownOperationError(`Unknown operation ${TARGET_PREFIX}.${operation}`);
      const call = {
        caller,
        facts: { sourceIp: req.sourceIp, secureTransport: false, now: req.receivedAt, region: this.#deps.region, requestId: req.requestId },
      };
      const body = awsJsonBody(req);
      req.note?.describe({ eventName: operation, requestParameters: body });
      return renderAwsJsonResult('1.1', await action(new ConfigInput(body), this.#deps, call));
    } catch (err) {
      if (!isAwsError(err)) throw err;
      req.note?.failed(err);
      return renderAwsJsonError('1.1', err);
    }
  }
}
