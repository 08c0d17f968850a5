/**
 * The SQS service on the front door (signing name `sqs`), speaking both protocols: the JSON protocol of
 * current SDKs (`X-Amz-Target: AmazonSQS.<Action>`, `application/x-amz-json-1.0`) and the query protocol
 * of older clients such as Debian's CLI (form body with `Action=…`, XML responses). Both run the same
 * operations (SQS_ACTIONS); errors are rendered in the protocol of the request.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiRequest, ApiResponse } from '../../../http/api-request.js';
import { isAwsError } from '../../../shared/errors/aws-error.js';
import type { AwsError } from '../../../shared/errors/aws-error.js';
import { JsonSerializationError, JsonUnknownOperationError } from '../../../shared/errors/json-errors.js';
import { RequestTooLargeError } from '../../../shared/errors/query-errors.js';
import type { ApiService, RoutedOperation } from '../../../http/service.js';
import type { Caller } from '../../../iam/caller.js';
import type { SqsDeps } from '../sqs-deps.js';
import { invalidAction } from '../sqs-errors.js';
import { decodeQueryParams } from '../../../http/query/query-params.js';
import { xmlElement } from '../../../http/query/xml.js';
import { SQS_ACTIONS } from './sqs-actions.js';
import type { SqsActionContext } from './sqs-actions.js';
import { JsonInput, QueryInput } from './sqs-input.js';
import { toXmlResult } from './sqs-xml.js';
import { SQS_XMLNS, renderSqsJsonError, renderSqsQueryError } from './sqs-errors-render.js';
import { callParameters } from '../../../http/call-audit.js';

/** SQS's data events (CloudTrail records them only for trails that select queues), the rest management. */
const DATA_ACTIONS = new Set([
  'SendMessage',
  'SendMessageBatch',
  'ReceiveMessage',
  'DeleteMessage',
  'DeleteMessageBatch',
  'ChangeMessageVisibility',
  'ChangeMessageVisibilityBatch',
]);

function describe(req: ApiRequest, action: string, parameters: Readonly<Record<string, unknown>>): void {
  const data = DATA_ACTIONS.has(action);
  req.note?.describe({ eventName: action, management: !data, ...(data ? {} : { requestParameters: parameters }) });
}

/** awsJson's answer for a body that is not a JSON object. */
const NOT_AN_OBJECT = 'Start of structure or map found where not expected.';

// A 1 MiB message may triple in size when form-encoded, or grow sixfold as escaped JSON.
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const TARGET_PREFIX = 'AmazonSQS.';

const BATCH_ENTRY_NAMES: Readonly<Record<string, string>> = {
  SendMessageBatch: 'SendMessageBatchRequestEntry',
  DeleteMessageBatch: 'DeleteMessageBatchRequestEntry',
  ChangeMessageVisibilityBatch: 'ChangeMessageVisibilityBatchRequestEntry',
};

export interface SqsApiOptions {
  readonly deps: SqsDeps;
}

export class SqsApi implements ApiService {
  readonly signingName = 'sqs';
  readonly #deps: SqsDeps;

  constructor(options: SqsApiOptions) {
    this.#deps = options.deps;
  }

  route(): RoutedOperation {
    return { name: 'SQS', maxBodyBytes: MAX_BODY_BYTES, run: (req, caller) => this.#run(req, caller) };
  }

  tooLarge(): AwsError {
    return new RequestTooLargeError(MAX_BODY_BYTES);
  }

  /** Failures before the operation runs (signatures, body size): in the protocol the client spoke. */
  renderError(err: AwsError, requestId: string, headers?: IncomingHttpHeaders): ApiResponse {
    return typeof headers?.['x-amz-target'] === 'string' ? renderSqsJsonError(err) : renderSqsQueryError(err, requestId);
  }

  async #run(req: ApiRequest, caller: Caller): Promise<ApiResponse> {
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string') return this.#runJson(req, caller, target);
    return this.#runQuery(req, caller);
  }

  #context(req: ApiRequest, caller: Caller): SqsActionContext {
    return {
      deps: this.#deps,
      call: {
        caller,
        facts: { sourceIp: req.sourceIp, secureTransport: false, now: req.receivedAt, region: this.#deps.region, requestId: req.requestId },
      },
      host: req.host,
      path: req.rawPath,
    };
  }

  async #runJson(req: ApiRequest, caller: Caller, target: string): Promise<ApiResponse> {
    try {
      const action = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
      const handler = Object.hasOwn(SQS_ACTIONS, action) ? SQS_ACTIONS[action] : undefined;
      if (handler === undefined) throw new JsonUnknownOperationError(`Unknown operation ${target}`);
      let doc: unknown = {};
      if (req.body.length > 0) {
        try {
          doc = JSON.parse(req.body.toString('utf8'));
        } catch {
          throw new JsonSerializationError(NOT_AN_OBJECT);
        }
      }
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
        throw new JsonSerializationError(NOT_AN_OBJECT);
      }
      describe(req, action, doc as Record<string, unknown>);
      const result = await handler(new JsonInput(doc as Record<string, unknown>), this.#context(req, caller));
      if (!DATA_ACTIONS.has(action) && result !== undefined && result !== null && typeof result === 'object') req.note?.respond(result as Record<string, unknown>);
      return { status: 200, headers: { 'Content-Type': 'application/x-amz-json-1.0' }, body: result };
    } catch (err) {
      if (!isAwsError(err)) throw err;
      req.note?.failed(err);
      return renderSqsJsonError(err);
    }
  }

  async #runQuery(req: ApiRequest, caller: Caller): Promise<ApiResponse> {
    try {
      const values = decodeQueryParams(req.query, req.body);
      const action = values.get('Action') ?? '';
      const handler = Object.hasOwn(SQS_ACTIONS, action) ? SQS_ACTIONS[action] : undefined;
      if (handler === undefined) throw invalidAction(action);
      describe(req, action, callParameters(values.entries()));
      const input = new QueryInput(values, BATCH_ENTRY_NAMES[action] ?? '');
      const answer = await handler(input, this.#context(req, caller));
      if (!DATA_ACTIONS.has(action) && answer !== undefined && answer !== null && typeof answer === 'object') req.note?.respond(answer as Record<string, unknown>);
      const result = toXmlResult(action, answer);
      const body = xmlElement(
        `${action}Response`,
        { ...(result === undefined ? {} : { [`${action}Result`]: result }), ResponseMetadata: { RequestId: req.requestId } },
        { xmlns: SQS_XMLNS },
      );
      return { status: 200, headers: { 'Content-Type': 'text/xml' }, body };
    } catch (err) {
      if (!isAwsError(err)) throw err;
      req.note?.failed(err);
      return renderSqsQueryError(err, req.requestId);
    }
  }
}
