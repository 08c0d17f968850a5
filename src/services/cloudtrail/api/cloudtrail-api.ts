/**
 * The CloudTrail service on the front door (signing name `cloudtrail`): awsJson 1.1, `X-Amz-Target:
 * com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Operation>` (TARGET_PREFIXES), bodies
 * `application/x-amz-json-1.1`, errors `{"__type": <shape name>, "message": …}` with the error's status.
 */
import type { ApiRequest, ApiResponse } from '../../../http/api-request.js';
import { isAwsError } from '../../../shared/errors/aws-error.js';
import type { AwsError } from '../../../shared/errors/aws-error.js';
import { JsonUnknownOperationError } from '../../../shared/errors/json-errors.js';
import { awsJsonBody, renderAwsJsonError, renderAwsJsonResult } from '../../../http/aws-json.js';
import { RequestTooLargeError } from '../../../shared/errors/query-errors.js';
import type { ApiService, RoutedOperation } from '../../../http/service.js';
import type { Caller } from '../../../iam/caller.js';
import type { CloudTrailDeps } from '../operations/cloudtrail-deps.js';
import { CLOUDTRAIL_ACTIONS } from './cloudtrail-actions.js';
import { CloudTrailInput } from './cloudtrail-input.js';

/**
 * The model's `targetPrefix` (botocore, the CLI) and the Smithy service shape's name alone (the v3 JS SDK
 * sends `CloudTrail_20131101.<Operation>`); AWS answers both.
 */
const TARGET_PREFIXES = ['com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.', 'CloudTrail_20131101.'];
// The largest request is PutEventSelectors: 500 selector values of up to 2048 characters, escaped.
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface CloudTrailApiOptions {
  readonly deps: CloudTrailDeps;
}

export function renderCloudTrailError(err: AwsError): ApiResponse {
  return renderAwsJsonError('1.1', err);
}

export class CloudTrailApi implements ApiService {
  readonly signingName = 'cloudtrail';
  readonly #deps: CloudTrailDeps;

  constructor(options: CloudTrailApiOptions) {
    this.#deps = options.deps;
  }

  route(): RoutedOperation {
    return { name: 'CloudTrail', maxBodyBytes: MAX_BODY_BYTES, run: (req, caller) => this.#run(req, caller) };
  }

  tooLarge(): AwsError {
    return new RequestTooLargeError(MAX_BODY_BYTES);
  }

  renderError(err: AwsError): ApiResponse {
    return renderCloudTrailError(err);
  }

  async #run(req: ApiRequest, caller: Caller): Promise<ApiResponse> {
    try {
      const target = req.headers['x-amz-target'];
      const prefix = typeof target === 'string' ? TARGET_PREFIXES.find((p) => target.startsWith(p)) : undefined;
      const name = prefix === undefined ? '' : (target as string).slice(prefix.length);
      const action = Object.hasOwn(CLOUDTRAIL_ACTIONS, name) ? CLOUDTRAIL_ACTIONS[name] : undefined;
      if (action === undefined) throw new JsonUnknownOperationError(`Unknown operation ${String(target ?? '')}`);
      const doc = awsJsonBody(req);
      req.note?.describe({ eventName: name, requestParameters: doc });
      const facts = { sourceIp: req.sourceIp, secureTransport: false, now: req.receivedAt, region: this.#deps.region, requestId: req.requestId };
      const result = await action(new CloudTrailInput(doc), { deps: this.#deps, call: { caller, facts } });
      if (typeof result === 'object' && result !== null) req.note?.respond(result as Record<string, unknown>);
      return renderAwsJsonResult('1.1', result);
    } catch (err) {
      if (!isAwsError(err)) throw err;
      req.note?.failed(err);
      return renderCloudTrailError(err);
    }
  }
}
