/**
 * The X-Ray service on the front door (signing name `xray`): rest-json, every operation a `POST` to its model
 * path (`/TraceSegments`, `/Traces`, `/TraceSummaries`, `/ServiceGraph`, `/TraceGraph`), JSON bodies, errors
 * with `x-amzn-ErrorType` and a `Message` member (http/rest-json-errors.ts). Paths of operations not served
 * here (groups, sampling rules, insights, …) are UnknownOperationException.
 */
import type { ApiRequest, ApiResponse } from '../../../http/api-request.js';
import type { ApiService, RoutedOperation } from '../../../http/service.js';
import { renderRestJsonError } from '../../../http/rest-json-errors.js';
import type { Caller } from '../../../iam/caller.js';
import { isAwsError, UnknownOperationError } from '../../../shared/errors/aws-error.js';
import type { AwsError } from '../../../shared/errors/aws-error.js';
import { SerializationError } from '../../../shared/errors/lambda-errors.js';
import type { XrayDeps } from '../operations/xray-deps.js';
import { XRAY_ACTIONS } from './xray-actions.js';
import type { XrayAction } from './xray-actions.js';
import { XrayInput } from './xray-input.js';
import { XrayInvalidRequestError } from '../xray-errors.js';

/** PutTraceSegments' documents are 64 KB each; the daemon batches up to 50 of them. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface XrayApiOptions {
  readonly deps: XrayDeps;
}

function bodyOf(req: ApiRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  let doc: unknown;
  try {
    doc = JSON.parse(req.body.toString('utf8'));
  } catch {
    throw new SerializationError('Could not parse the request body as JSON.');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new SerializationError('Could not parse the request body as JSON.');
  return doc as Record<string, unknown>;
}

export class XrayApi implements ApiService {
  readonly signingName = 'xray';
  readonly #deps: XrayDeps;

  constructor(options: XrayApiOptions) {
    this.#deps = options.deps;
  }

  route(method: string, rawPath: string): RoutedOperation {
    const action = method === 'POST' && Object.hasOwn(XRAY_ACTIONS, rawPath) ? XRAY_ACTIONS[rawPath] : undefined;
    if (action === undefined) throw new UnknownOperationError();
    return { name: action.name, maxBodyBytes: MAX_BODY_BYTES, run: (req, caller) => this.#run(action, req, caller) };
  }

  tooLarge(): AwsError {
    return new XrayInvalidRequestError(`Request body exceeds ${MAX_BODY_BYTES} bytes.`);
  }

  renderError(err: AwsError): ApiResponse {
    return renderRestJsonError(err);
  }

  async #run(action: XrayAction, req: ApiRequest, caller: Caller): Promise<ApiResponse> {
    req.note?.describe({ eventName: action.name, readOnly: action.readOnly });
    try {
      const body = bodyOf(req);
      const parameters = action.parameters(body);
      if (parameters !== undefined) req.note?.describe({ requestParameters: parameters });
      const facts = { sourceIp: req.sourceIp, secureTransport: false, now: req.receivedAt, region: this.#deps.region, requestId: req.requestId };
      const result = await action.run(new XrayInput(body), this.#deps, { caller, facts });
      // Read-only calls record no response, as AWS; PutTraceSegments' answer holds only ids and error codes.
      if (!action.readOnly) req.note?.respond(result);
      return { status: 200, headers: { 'Content-Type': 'application/json' }, body: result };
    } catch (err) {
      if (!isAwsError(err)) throw err;
      req.note?.failed(err);
      return renderRestJsonError(err);
    }
  }
}
