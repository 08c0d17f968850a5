/**
 * IAM specs of the operations whose checks depend on the body: CreateFunction and
 * UpdateFunctionConfiguration need `lambda:GetLayerVersion` on every layer version they reference (which
 * for another account's layer means its layer-version policy must allow the caller's account) and expose
 * the list as `lambda:Layer`; both need `iam:PassRole` on the `Role` they name (pass-role-check.ts). Whether
 * Lambda could assume that role is checked inside the operations (control/functions/execution-role.ts).
 */
import type { IamCheck, IamInput, IamSpec } from './iam-spec.js';
import { functionCheck, functionTarget, layerVersionArnTarget, layerVersionCheck, ownAccountOnly, wholeFunction } from './iam-targets.js';
import { passRoleChecks } from './pass-role-check.js';
import { bodyTagContext, functionSettingsConditions, withConditions } from './request-conditions.js';

function layersOf(input: IamInput): string[] | undefined {
  const layers = input.body()?.['Layers'];
  if (!Array.isArray(layers)) return undefined;
  return layers.filter((l): l is string => typeof l === 'string');
}

function layerChecks(layers: readonly string[] | undefined): IamCheck[] {
  const checks: IamCheck[] = [];
  for (const arn of layers ?? []) {
    const target = layerVersionArnTarget(arn);
    if (target !== undefined) checks.push(layerVersionCheck('lambda:GetLayerVersion', target.layer, target.version));
  }
  return checks;
}

const createFunctionChecks: IamSpec = (input) => {
  const name = input.body()?.['FunctionName'];
  const target = wholeFunction(functionTarget(input, typeof name === 'string' ? name : ''));
  const layers = layersOf(input);
  // A function being created has no resource policy yet.
  const create: IamCheck = {
    action: 'lambda:CreateFunction',
    resource: target.arn,
    resourceAccountId: target.accountId,
    ...(layers === undefined ? {} : { context: { 'lambda:Layer': layers } }),
  };
  return { accountId: target.accountId, checks: [create, ...passRoleChecks(input, target.accountId), ...layerChecks(layers)] };
};

/** On the function as a whole, and never granted to another account by the function's policy (as on AWS). */
const updateFunctionConfigurationChecks: IamSpec = (input) => {
  const target = wholeFunction(functionTarget(input, input.params['FunctionName'] ?? ''));
  const layers = layersOf(input);
  return {
    accountId: target.accountId,
    checks: [
      ownAccountOnly(functionCheck('lambda:UpdateFunctionConfiguration', target, layers === undefined ? undefined : { 'lambda:Layer': layers }), input),
      ...passRoleChecks(input, target.accountId),
      ...layerChecks(layers),
    ],
  };
};

/**
 * CreateFunction also offers the tags it sets (`aws:RequestTag/*`, `aws:TagKeys`) and its VPC and code signing
 * keys. Tagging on create needs `lambda:TagResource` too, with the same tag keys (Lambda developer guide,
 * "Permissions required for working with tags"), so a Deny on TagResource cannot be sidestepped by creating
 * the function with the tag.
 */
export const createFunctionIam: IamSpec = (input) => {
  const plan = withConditions(createFunctionChecks, 'lambda:CreateFunction', (i) => {
    const settings = functionSettingsConditions(i);
    return { context: { ...settings.context, ...bodyTagContext(i) }, unknownKeys: settings.unknownKeys };
  })(input);
  const tags = bodyTagContext(input);
  const create = plan.checks[0];
  if (Object.keys(tags).length === 0 || create === undefined) return plan;
  const tag: IamCheck = { action: 'lambda:TagResource', resource: create.resource, resourceAccountId: create.resourceAccountId, context: tags };
  return { ...plan, checks: [create, tag, ...plan.checks.slice(1)] };
};

export const updateFunctionConfigurationIam: IamSpec = withConditions(
  updateFunctionConfigurationChecks,
  'lambda:UpdateFunctionConfiguration',
  functionSettingsConditions,
);
