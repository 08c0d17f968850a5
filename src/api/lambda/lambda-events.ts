/**
 * How CloudTrail names and describes Lambda's calls. Lambda's event names carry the API version of the
 * operation's path (`CreateFunction20150331`), and operations revised in place add `v2`
 * (`UpdateFunctionConfiguration20150331v2`), as the Lambda developer guide's CloudTrail page lists them.
 * Invoke is Lambda's data event: recorded only for trails whose selectors ask for it.
 */
import type { ApiResponse } from '../../http/api-request.js';
import { callParameters } from '../../http/call-audit.js';
import type { CallNote, CallResource } from '../../http/call-note.js';
import type { IamPlan } from './iam-spec.js';
import type { LambdaRoute } from './lambda-route.js';

const REVISED = new Set([
  'GetFunction',
  'GetFunctionConfiguration',
  'UpdateFunctionConfiguration',
  'UpdateFunctionCode',
  'AddPermission',
  'RemovePermission',
  'GetPolicy',
]);

const DATA_EVENTS = new Set(['Invoke', 'InvokeAsync']);

const READ_ONLY = /^(Get|List)/;

export function lambdaEventName(route: Pick<LambdaRoute, 'name' | 'path'>): string {
  if (DATA_EVENTS.has(route.name)) return route.name;
  const date = /^\/(\d{4})-(\d{2})-(\d{2})\//.exec(route.path);
  if (date === null) return route.name;
  return `${route.name}${date[1]}${date[2]}${date[3]}${REVISED.has(route.name) ? 'v2' : ''}`;
}

/** Before authorization: the event is named even when the call is then denied. */
export function describeLambdaCall(
  note: CallNote | undefined,
  route: LambdaRoute,
  params: Readonly<Record<string, string>>,
  query: URLSearchParams,
  body: () => Readonly<Record<string, unknown>> | undefined,
): void {
  if (note === undefined) return;
  const dataEvent = DATA_EVENTS.has(route.name);
  note.describe({
    eventName: lambdaEventName(route),
    readOnly: dataEvent ? false : READ_ONLY.test(route.name),
    management: !dataEvent,
    // Invoke's payload is the caller's data, never recorded: only the function it named.
    requestParameters: dataEvent ? { ...params, ...callParameters(query) } : { ...params, ...callParameters(query), ...(body() ?? {}) },
  });
}

/** `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]` → name. */
function functionNameOf(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts[5] === 'function' ? parts[6] : undefined;
}

/** After the IAM plan: the resources the call names, the owner, and what a change would touch. */
export function describeLambdaTargets(note: CallNote | undefined, route: LambdaRoute, plan: IamPlan, callerAccount: string): void {
  if (note === undefined) return;
  const resources: CallResource[] = [];
  const data = DATA_EVENTS.has(route.name);
  for (const check of plan.checks) {
    const name = functionNameOf(check.resource);
    if (name !== undefined) resources.push({ type: 'AWS::Lambda::Function', name: data ? check.resource : name });
    else if (check.resource.split(':')[5] === 'layer') resources.push({ type: 'AWS::Lambda::LayerVersion', name: check.resource });
  }
  note.describe({ resources, ...(plan.accountId === callerAccount ? {} : { recipientAccountId: plan.accountId }) });
  if (data || READ_ONLY.test(route.name)) return;
  const changed = new Set<string>();
  for (const check of plan.checks) {
    const name = functionNameOf(check.resource);
    if (name === undefined || changed.has(name)) continue;
    changed.add(name);
    note.changed({ resourceType: 'AWS::Lambda::Function', resourceName: name, ...(plan.accountId === callerAccount ? {} : { accountId: plan.accountId }) });
  }
}

/** A changing call's JSON response, for `responseElements`. */
export function noteLambdaResponse(note: CallNote | undefined, response: ApiResponse): void {
  const body = response.body;
  if (note === undefined || body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) return;
  note.respond(body as Record<string, unknown>);
}
