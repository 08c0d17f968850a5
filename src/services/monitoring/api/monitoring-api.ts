/**
 * CloudWatch on the front door (signing name `monitoring`), speaking both of its protocols: JSON 1.0 with
 * awsQueryCompatible, as current SDKs send it (`X-Amz-Target: GraniteServiceVersion20100801.<Op>`,
 * `x-amzn-query-mode: true`), and the query protocol of older clients such as Debian's CLI (form body with
 * `Action=…`, XML answers). Both run the same operations; errors come back in the protocol of the request.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { ApiRequest, ApiResponse } from '../../../http/api-request.js';
import { isAwsError } from '../../../shared/errors/aws-error.js';
import type { AwsError } from '../../../shared/errors/aws-error.js';
import { JsonSerializationError, JsonUnknownOperationError } from '../../../shared/errors/json-errors.js';
import { RequestTooLargeError, unknownQueryAction } from '../../../shared/errors/query-errors.js';
import type { ApiService, RoutedOperation } from '../../../http/service.js';
import type { Caller } from '../../../iam/caller.js';
import { decodeQueryParams } from '../../../http/query/query-params.js';
import { xmlElement } from '../../../http/query/xml.js';
import { callParameters } from '../../../http/call-audit.js';
import type { MonitoringCall, MonitoringDeps } from '../monitoring-deps.js';
import { MONITORING_ACTIONS, READ_ONLY } from './monitoring-actions.js';
import { MonitoringInput, queryDocument } from './monitoring-input.js';
import { MONITORING_XMLNS, renderJsonError, renderXmlError, toJson, toXml } from './monitoring-render.js';

const TARGET_PREFIX = 'GraniteServiceVersion20100801.';

/**
 * JSON 1.0 when the request says so (its content type, or a target of this service); a form-encoded query
 * request that happens to carry some other X-Amz-Target header is still a query request, answered in XML.
 */
function speaksJson(headers: IncomingHttpHeaders | undefined): boolean {
  const target = headers?.['x-amz-target'];
  if (typeof target !== 'string') return false;
  const type = headers?.['content-type'] ?? '';
  return target.startsWith(TARGET_PREFIX) || (typeof type === 'string' && type.includes('x-amz-json'));
}
/** PutMetricData's documented 1 MB, form-encoded (up to three times larger) or escaped in JSON. */
const MAX_BODY_BYTES = 3 * 1024 * 1024;
const NOT_AN_OBJECT = 'Start of structure or map found where not expected.';
const DATA_EVENTS = new Set(['PutMetricData', 'GetMetricData', 'GetMetricStatistics', 'ListMetrics']);

/**
 * The body as sent before compression: SDKs gzip PutMetricData bodies over 10 KiB (the operation's
 * requestCompression trait). Inflating stops at the same limit as the raw body.
 */
function inflated(req: ApiRequest): Buffer {
  const encoding = req.headers['content-encoding'];
  if (typeof encoding !== 'string' || encoding.trim().toLowerCase() !== 'gzip' || req.body.length === 0) return req.body;
  try {
    return gunzipSync(req.body, { maxOutputLength: MAX_BODY_BYTES });
  } catch (err) {
    if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new RequestTooLargeError(MAX_BODY_BYTES);
    throw new JsonSerializationError('The request body is not valid gzip.');
  }
}

export interface MonitoringApiOptions {
  readonly deps: MonitoringDeps;
}

export class MonitoringApi implements ApiService {
  readonly signingName = 'monitoring';
  readonly #deps: MonitoringDeps;

  constructor(options: MonitoringApiOptions) {
    this.#deps = options.deps;
  }

  route(): RoutedOperation {
    return { name: 'CloudWatch', maxBodyBytes: MAX_BODY_BYTES, run: (req, caller) => this.#run(req, caller) };
  }

  tooLarge(): AwsError {
    return new RequestTooLargeError(MAX_BODY_BYTES);
  }

  renderError(err: AwsError, requestId: string, headers?: IncomingHttpHeaders): ApiResponse {
    return speaksJson(headers) ? renderJsonError(err) : renderXmlError(err, requestId);
  }

  #call(req: ApiRequest, caller: Caller): MonitoringCall {
    return { caller, facts: { sourceIp: req.sourceIp, secureTransport: false, now: req.receivedAt, region: this.#deps.region, requestId: req.requestId } };
  }

  #describe(req: ApiRequest, action: string, parameters: Readonly<Record<string, unknown>>): void {
    // CloudTrail logs CloudWatch's metric calls as data events (AWS::CloudWatch::Metric), without their values.
    const data = DATA_EVENTS.has(action);
    req.note?.describe({ eventName: action, readOnly: READ_ONLY.has(action), management: !data, ...(data ? {} : { requestParameters: parameters }) });
  }

  async #run(req: ApiRequest, caller: Caller): Promise<ApiResponse> {
    const target = req.headers['x-amz-target'];
    const json = speaksJson(req.headers) && typeof target === 'string';
    let body: Buffer;
    try {
      body = inflated(req);
    } catch (err) {
      if (!isAwsError(err)) throw err;
      return json ? renderJsonError(err) : renderXmlError(err, req.requestId);
    }
    const plain = { ...req, body };
    return json ? this.#runJson(plain, caller, target) : this.#runQuery(plain, caller);
  }

  async #runJson(req: ApiRequest, caller: Caller, target: string): Promise<ApiResponse> {
    try {
      const action = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
      const handler = Object.hasOwn(MONITORING_ACTIONS, action) ? MONITORING_ACTIONS[action] : undefined;
      if (handler === undefined) throw new JsonUnknownOperationError(`Unknown operation ${target}`);
      let doc: unknown = {};
      if (req.body.length > 0) {
        try {
          doc = JSON.parse(req.body.toString('utf8'));
        } catch {
          throw new JsonSerializationError(NOT_AN_OBJECT);
        }
      }
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new JsonSerializationError(NOT_AN_OBJECT);
      this.#describe(req, action, doc as Record<string, unknown>);
      const result = await handler(this.#deps, this.#call(req, caller), new MonitoringInput(doc as Record<string, unknown>, false));
      if (!READ_ONLY.has(action) && !DATA_EVENTS.has(action)) req.note?.respond(result);
      return { status: 200, headers: { 'Content-Type': 'application/x-amz-json-1.0' }, body: toJson(result) as object };
    } catch (err) {
      if (!isAwsError(err)) throw err;
      req.note?.failed(err);
      return renderJsonError(err);
    }
  }

  async #runQuery(req: ApiRequest, caller: Caller): Promise<ApiResponse> {
    try {
      const values = decodeQueryParams(req.query, req.body);
      const action = values.get('Action') ?? '';
      const handler = Object.hasOwn(MONITORING_ACTIONS, action) ? MONITORING_ACTIONS[action] : undefined;
      if (handler === undefined) throw unknownQueryAction(action, '2010-08-01');
      this.#describe(req, action, callParameters(values.entries()));
      const result = await handler(this.#deps, this.#call(req, caller), new MonitoringInput(queryDocument(values), true));
      if (!READ_ONLY.has(action) && !DATA_EVENTS.has(action)) req.note?.respond(result);
      const members = Object.keys(result).length === 0 ? undefined : toXml(result);
      const body = xmlElement(
        `${action}Response`,
        { ...(members === undefined ? {} : { [`${action}Result`]: members }), ResponseMetadata: { RequestId: req.requestId } },
        { xmlns: MONITORING_XMLNS },
      );
      return { status: 200, headers: { 'Content-Type': 'text/xml' }, body };
    } catch (err) {
      if (!isAwsError(err)) throw err;
      req.note?.failed(err);
      return renderXmlError(err, req.requestId);
    }
  }
}
