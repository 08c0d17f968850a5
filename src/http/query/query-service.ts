/**
 * A query-protocol service on the front door (IAM, STS, SQS query mode). The request is a form-encoded
 * POST (or a GET with the same members in the URL) carrying `Action` and `Version`; the handler of that
 * action returns the members of `<ActionResult>`, which is wrapped as AWS does:
 * `<ActionResponse xmlns=…><ActionResult>…</ActionResult><ResponseMetadata><RequestId>…`.
 * Routing happens before the body is read, so one routed operation reads `Action` and dispatches.
 */
import type { ApiRequest, ApiResponse } from '../api-request.js';
import type { AwsError } from '../../shared/errors/aws-error.js';
import type { ApiService, RoutedOperation } from '../service.js';
import type { Caller } from '../../iam/caller.js';
import { renderQueryError } from './query-errors.js';
import { MissingActionError, RequestTooLargeError, missingMember, unknownQueryAction } from '../../shared/errors/query-errors.js';
import { QueryParams, decodeQueryParams } from './query-params.js';
import type { MissingParameter } from './query-params.js';
import { xmlElement } from './xml.js';
import { callParameters } from '../call-audit.js';
import type { XmlObject } from './xml.js';

/** Members of `<ActionResult>`; `undefined` for operations whose response has no result element. */
export type QueryResult = XmlObject | undefined;

export type QueryHandler = (params: QueryParams, req: ApiRequest, caller: Caller) => Promise<QueryResult>;

export interface QueryServiceOptions {
  /** SigV4 signing name, e.g. `iam`. */
  readonly signingName: string;
  /** API version, e.g. `2010-05-08` (used in the unknown-action message). */
  readonly version: string;
  /** Namespace of responses and errors, e.g. `https://iam.amazonaws.com/doc/2010-05-08/`. */
  readonly xmlns: string;
  /** Action name → handler. */
  readonly actions: Readonly<Record<string, QueryHandler>>;
  /** @default 1 MiB */
  readonly maxBodyBytes?: number;
  /** Error for a missing required member. @default IAM/STS `ValidationError` ("Value null at 'x'…") */
  readonly missingParameter?: MissingParameter;
  /** Error for an unknown action. @default `InvalidAction` "Could not find operation X for version V" */
  readonly unknownAction?: (action: string) => AwsError;
}

const DEFAULT_MAX_BODY = 1024 * 1024;

export function createQueryService(options: QueryServiceOptions): ApiService {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const missing = options.missingParameter ?? missingMember;
  const unknown = options.unknownAction ?? ((action: string) => unknownQueryAction(action, options.version));
  const actions = new Map(Object.entries(options.actions));

  async function run(req: ApiRequest, caller: Caller): Promise<ApiResponse> {
    const params = new QueryParams(decodeQueryParams(req.query, req.body), missing);
    const action = params.get('Action');
    if (action === undefined || action === '') throw new MissingActionError();
    const handler = actions.get(action);
    if (handler === undefined) throw unknown(action);
    // Named only once known: the client's text never becomes an event name.
    req.note?.describe({ eventName: action, requestParameters: callParameters(params.entries()) });
    const result = await handler(params, req, caller);
    if (result !== undefined) req.note?.respond(result);
    const body = xmlElement(
      `${action}Response`,
      {
        ...(result === undefined ? {} : { [`${action}Result`]: result }),
        ResponseMetadata: { RequestId: req.requestId },
      },
      { xmlns: options.xmlns },
    );
    return { status: 200, headers: { 'Content-Type': 'text/xml' }, body };
  }

  return {
    signingName: options.signingName,
    route(_method: string, _rawPath: string, query: URLSearchParams): RoutedOperation {
      return { name: query.get('Action') ?? `${options.signingName}:query`, maxBodyBytes, run };
    },
    tooLarge: () => new RequestTooLargeError(maxBodyBytes),
    renderError: (err: AwsError, requestId: string) => renderQueryError(err, requestId, options.xmlns),
  };
}
