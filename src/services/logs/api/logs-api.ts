/**
 * The CloudWatch Logs service on the front door (signing name `logs`): awsJson 1.1, `X-Amz-Target:
 * Logs_20140328.<Operation>`, bodies `application/x-amz-json-1.1`, errors `{"__type": <shape name>, "message": …}`.
 * The audit trail gets every call's name and parameters, except the log data: PutLogEvents' events are never
 * recorded, and the data events (PutLogEvents, GetLogEvents, FilterLogEvents) record only which group and
 * stream they named and no response.
 */
import type { ApiRequest, ApiResponse } from '../../../http/api-request.js';
import { isAwsError } from '../../../shared/errors/aws-error.js';
import type { AwsError } from '../../../shared/errors/aws-error.js';
import { JsonUnknownOperationError } from '../../../shared/errors/json-errors.js';
import { awsJsonBody, renderAwsJsonError, renderAwsJsonResult } from '../../../http/aws-json.js';
import { RequestTooLargeError } from '../../../shared/errors/query-errors.js';
import type { ApiService, RoutedOperation } from '../../../http/service.js';
import type { Caller } from '../../../iam/caller.js';
import type { LogsDeps } from '../operations/logs-deps.js';
import { LOGS_ACTIONS } from './logs-actions.js';
import { LogsInput } from './logs-input.js';

const TARGET_PREFIX = 'Logs_20140328.';
/** A full PutLogEvents batch is 1 MiB of messages; JSON escaping may make it up to six times larger. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** What a data event's record keeps of its request: the names, never the events or the pattern. */
const DATA_MEMBERS = ['logGroupName', 'logGroupIdentifier', 'logStreamName'];

export interface LogsApiOptions {
  readonly deps: LogsDeps;
}

function recordedParameters(doc: Record<string, unknown>, data: boolean): Record<string, unknown> {
  if (!data) return doc;
  return Object.fromEntries(DATA_MEMBERS.filter((m) => Object.hasOwn(doc, m)).map((m) => [m, doc[m]]));
}

export class LogsApi implements ApiService {
  readonly signingName = 'logs';
  readonly #deps: LogsDeps;

  constructor(options: LogsApiOptions) {
    this.#deps = options.deps;
  }

  route(): RoutedOperation {
    return { name: 'Logs', maxBodyBytes: MAX_BODY_BYTES, run: (req, caller) => this.#run(req, caller) };
  }

  tooLarge(): AwsError {
    return new RequestTooLargeError(MAX_BODY_BYTES);
  }

  renderError(err: AwsError): ApiResponse {
    return renderAwsJsonError('1.1', err);
  }

  async #run(req: ApiRequest, caller: Caller): Promise<ApiResponse> {
    try {
      const target = req.headers['x-amz-target'];
      const name = typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
      const action = Object.hasOwn(LOGS_ACTIONS, name) ? LOGS_ACTIONS[name] : undefined;
      if (action === undefined) throw new JsonUnknownOperationError(`Unknown operation ${String(target ?? '')}`);
      const doc = awsJsonBody(req);
      const data = action.data === true;
      req.note?.describe({ eventName: name, readOnly: action.readOnly, management: !data, requestParameters: recordedParameters(doc, data) });
      const facts = { sourceIp: req.sourceIp, secureTransport: false, now: req.receivedAt, region: this.#deps.region, requestId: req.requestId };
      const result = await action.run(new LogsInput(doc), { deps: this.#deps, call: { caller, facts } });
      if (!action.readOnly && !data) req.note?.respond(result);
      return renderAwsJsonResult('1.1', result);
    } catch (err) {
      if (!isAwsError(err)) throw err;
      req.note?.failed(err);
      return renderAwsJsonError('1.1', err);
    }
  }
}
