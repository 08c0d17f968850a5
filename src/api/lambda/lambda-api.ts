/**
 * The Lambda rest-json service on the front door: route table → operation, Lambda's own 413
 * messages, rest-json error rendering. Route groups live beside this file, one per resource.
 */
import FindMyWay from 'find-my-way';
import type { HTTPVersion, Instance } from 'find-my-way';
import type { ApiService, RoutedOperation } from '../../http/service.js';
import type { AwsError } from '../../shared/errors/aws-error.js';
import { UnknownOperationError } from '../../shared/errors/aws-error.js';
import { renderRestJsonError } from '../../http/rest-json-errors.js';
import { RequestEntityTooLargeError } from '../../shared/errors/lambda-errors.js';
import type { ControlDeps } from '../../control/control-deps.js';
import type { InvokeService } from '../../invoke/invoke-service.js';
import type { LambdaRoute } from './lambda-route.js';
import { LAMBDA_ROUTES } from './routes.js';
import type { Authorize } from '../../iam/authz/authorize.js';
import type { IamInput } from './iam-spec.js';
import { authorizePlan, requestFacts } from './route-authorization.js';
import { describeLambdaCall, describeLambdaTargets, noteLambdaResponse } from './lambda-events.js';

const DEFAULT_MAX_BODY = 6 * 1024 * 1024;

interface RouteSet {
  readonly routes: LambdaRoute[];
}

export interface LambdaApiOptions {
  readonly region: string;
  readonly control: ControlDeps;
  readonly routes?: readonly LambdaRoute[];
  readonly invoke?: InvokeService;
  /** Every operation is authorized through it before it runs. */
  readonly authorizer: Authorize;
}

export class LambdaApi implements ApiService {
  readonly signingName = 'lambda';
  readonly #router: Instance<HTTPVersion.V1>;
  readonly #region: string;
  readonly #control: ControlDeps;
  readonly #invoke: InvokeService | undefined;
  readonly #authorizer: Authorize;
  readonly #limitNames = new Map<string, string>();

  constructor(options: LambdaApiOptions) {
    this.#region = options.region;
    this.#control = options.control;
    this.#invoke = options.invoke;
    this.#authorizer = options.authorizer;
    // Function ARNs may be 256 characters and layer ARNs 140; find-my-way's default cap is 100.
    this.#router = FindMyWay({ ignoreTrailingSlash: true, caseSensitive: true, maxParamLength: 2048 });
    const byKey = new Map<string, RouteSet>();
    for (const route of options.routes ?? LAMBDA_ROUTES) {
      const key = `${route.method} ${route.path}`;
      let set = byKey.get(key);
      if (set === undefined) {
        set = { routes: [] };
        byKey.set(key, set);
        this.#router.on(route.method, route.path, () => undefined, set);
      }
      set.routes.push(route);
      if (route.limitName !== undefined) this.#limitNames.set(route.name, route.limitName);
    }
  }

  route(method: string, rawPath: string, query: URLSearchParams): RoutedOperation {
    const found = this.#router.find(method as 'GET', rawPath);
    const set = found?.store as RouteSet | undefined;
    const route = set?.routes.find((r) => r.when === undefined || r.when(query));
    if (found === null || route === undefined) throw new UnknownOperationError();
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(found.params)) if (v !== undefined) params[k] = v;
    const control = this.#control;
    const invoke = this.#invoke;
    const region = this.#region;
    const authorizer = this.#authorizer;
    return {
      name: route.name,
      maxBodyBytes: route.maxBodyBytes ?? DEFAULT_MAX_BODY,
      run: async (req, caller) => {
        let body: Readonly<Record<string, unknown>> | undefined | null = null;
        const input: IamInput = {
          req,
          params,
          caller,
          region,
          body: () => (body === null ? (body = objectBody(req.body)) : body),
        };
        describeLambdaCall(req.note, route, params, query, input.body);
        const plan = route.iam(input);
        describeLambdaTargets(req.note, route, plan, caller.accountId);
        await authorizePlan(authorizer, control.store, caller, plan, requestFacts(req, region));
        const response = await route.handle({ req, caller, params, control, invoke, ctx: { region, accountId: plan.accountId } });
        noteLambdaResponse(req.note, response);
        return response;
      },
    };
  }

  tooLarge(operation: RoutedOperation): AwsError {
    return new RequestEntityTooLargeError(
      `Request must be smaller than ${operation.maxBodyBytes} bytes for the ${this.#limitNames.get(operation.name) ?? operation.name} operation`,
    );
  }

  renderError(err: AwsError): ReturnType<ApiService['renderError']> {
    return renderRestJsonError(err);
  }
}

/** The body as a JSON object for IAM specs; anything else is left to the handler to reject. */
function objectBody(raw: Buffer): Readonly<Record<string, unknown>> | undefined {
  if (raw.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
