/**
 * Building blocks for route IAM specs: which function or layer a request names (in which account and
 * region), its ARN as IAM sees it, and where its resource policy lives. Parsing here is lenient: a
 * malformed name still yields a resource ARN to authorize, and the handler then reports the validation error.
 */
import type { ContextValue } from '../../iam/policy/conditions/context-value.js';
import type { IamCheck, IamInput, IamPlan, IamSpec } from './iam-spec.js';
import { queryParam } from './query-params.js';
import { LENIENT_FUNCTION_NAME_DIALECT, functionNamePattern, splitFunctionName } from '../../shared/arn/function-name.js';
import { parseLayerArn, type LayerArnParts } from '../../shared/arn/layer-arn.js';
import { isAwsPartition } from '../../shared/arn/ids.js';
import { valueOf } from '../../shared/arn/result.js';
import { policyQualifier } from '../../shared/arn/qualifier.js';

const FUNCTION_PARTS = functionNamePattern(LENIENT_FUNCTION_NAME_DIALECT);

/** A layer (version) ARN as IAM keys it: any name without colons, a spelled-out `aws…` partition, a region. */
function layerParts(arn: string): LayerArnParts | undefined {
  const parts = valueOf(parseLayerArn(arn));
  return parts !== undefined && isAwsPartition(parts.partition) && parts.region !== '' ? parts : undefined;
}

export interface FunctionTarget {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  readonly qualifier?: string;
  /** The ARN IAM evaluates: qualified when a qualifier is given, as AWS does. */
  readonly arn: string;
}

export function functionTarget(input: IamInput, raw: string, queryQualifier?: string): FunctionTarget {
  const parts = splitFunctionName(raw, FUNCTION_PARTS);
  const accountId = parts?.accountId ?? input.caller.accountId;
  const region = parts?.region ?? input.region;
  const name = parts?.name ?? raw;
  const qualifier = queryQualifier ?? parts?.qualifier;
  const base = `arn:aws:lambda:${region}:${accountId}:function:${name}`;
  return { accountId, region, name, ...(qualifier === undefined ? {} : { qualifier }), arn: qualifier === undefined ? base : `${base}:${qualifier}` };
}

export { policyQualifier };

export function functionCheck(action: string, target: FunctionTarget, context?: Readonly<Record<string, ContextValue>>): IamCheck {
  return {
    action,
    resource: target.arn,
    resourceAccountId: target.accountId,
    policyOf: { kind: 'function', accountId: target.accountId, name: target.name, qualifier: policyQualifier(target.qualifier) },
    ...(context === undefined ? {} : { context }),
  };
}

/**
 * The function as a whole, whatever qualifier the request named: what an operation on the function itself
 * (aliases, versions, code, configuration, concurrency, tags) is authorized on, with the function's own
 * policy. AWS lists these actions on the `function` resource only, so a statement on a version or alias
 * (`function:f:prod`) never grants them.
 */
export function wholeFunction(target: FunctionTarget): FunctionTarget {
  const { accountId, region, name } = target;
  return { accountId, region, name, arn: `arn:aws:lambda:${region}:${accountId}:function:${name}` };
}

/**
 * For the operations AWS does not serve to other accounts through resource-based policies
 * (UpdateFunctionConfiguration, AddPermission, RemovePermission: Lambda's developer guide lists the
 * cross-account APIs and leaves these out): another account's caller is judged without the function's
 * policy, so no statement in it can grant them. AWS's exact message for this refusal is not recorded
 * (LocalStack answers AccessDeniedException with no message); ours is the standard cross-account denial.
 */
export function ownAccountOnly(check: IamCheck, input: IamInput): IamCheck {
  if (check.resourceAccountId === input.caller.accountId) return check;
  const { policyOf: _ignored, ...rest } = check;
  return rest;
}

export interface FunctionSpecOptions {
  /**
   * Where the operation finds the version or alias it acts on: `'query'` = `?Qualifier` or the name's
   * `:qualifier` suffix (the operations whose model has Qualifier), `'name'` = the suffix only (InvokeAsync,
   * which runs what its name names). The resource is then that version's or alias's ARN, with its policy:
   * Lambda "compares the resource element in the IAM policy with both the FunctionName and Qualifier"
   * (developer guide, "Function resource names").
   * Absent: the operation acts on the function as a whole (wholeFunction), and a qualifier in the name is
   * left to the handler: concurrency and tag operations refuse it with AWS's recorded messages, the alias and
   * version operations ignore it (as LocalStack's recordings do), UpdateFunctionCode/Configuration refuse
   * anything but `$LATEST` (AWS's wording for that refusal is not recorded anywhere we could check).
   */
  readonly qualifier?: 'query' | 'name';
  /** false: not served across accounts through resource policies (ownAccountOnly). @default true */
  readonly crossAccount?: boolean;
  readonly context?: (input: IamInput) => Readonly<Record<string, ContextValue>> | undefined;
}

/** The spec of an operation on the function in `{FunctionName}`: `lambda:<action>` on the resource AWS names. */
export function onFunction(action: string, options: FunctionSpecOptions = {}): IamSpec {
  return (input) => {
    const named = functionTarget(
      input,
      input.params['FunctionName'] ?? '',
      options.qualifier === 'query' ? queryParam(input.req.query, 'Qualifier') : undefined,
    );
    const target = options.qualifier === undefined ? wholeFunction(named) : named;
    const check = functionCheck(action, target, options.context?.(input));
    return { accountId: target.accountId, checks: [options.crossAccount === false ? ownAccountOnly(check, input) : check] };
  };
}

/** The spec of an operation without a resource (`Resource: *`), acting in the caller's account. */
export function onAccount(action: string): IamSpec {
  return (input) => ({
    accountId: input.caller.accountId,
    checks: [{ action, resource: '*', resourceAccountId: input.caller.accountId }],
  });
}

export interface LayerTarget {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  readonly arn: string;
}

export function layerTarget(input: IamInput, raw: string): LayerTarget {
  const parts = layerParts(raw);
  const layer = parts?.version === undefined ? parts : undefined;
  const accountId = layer?.accountId ?? input.caller.accountId;
  const region = layer?.region ?? input.region;
  const name = layer?.name ?? raw;
  return { accountId, region, name, arn: `arn:aws:lambda:${region}:${accountId}:layer:${name}` };
}

export function layerVersionCheck(action: string, layer: LayerTarget, version: string): IamCheck {
  return {
    action,
    resource: `${layer.arn}:${version}`,
    resourceAccountId: layer.accountId,
    policyOf: { kind: 'layer-version', accountId: layer.accountId, name: layer.name, qualifier: version },
  };
}

/** `lambda:<action>` on the layer version `{LayerName}`/`{VersionNumber}`, with its layer-version policy. */
export function onLayerVersion(action: string): IamSpec {
  return (input) => {
    const layer = layerTarget(input, input.params['LayerName'] ?? '');
    return { accountId: layer.accountId, checks: [layerVersionCheck(action, layer, versionText(input.params['VersionNumber']))] };
  };
}

/** `lambda:<action>` on the layer `{LayerName}` (layers themselves have no policy). */
export function onLayer(action: string): IamSpec {
  return (input) => {
    const layer = layerTarget(input, input.params['LayerName'] ?? '');
    return { accountId: layer.accountId, checks: [{ action, resource: layer.arn, resourceAccountId: layer.accountId }] };
  };
}

/** A layer version ARN split for a check (GetLayerVersionByArn, function `Layers`); undefined if malformed. */
export function layerVersionArnTarget(arn: string): { layer: LayerTarget; version: string } | undefined {
  const parts = layerParts(arn);
  if (parts?.version === undefined) return undefined;
  const { region, accountId, name, version } = parts;
  return { layer: { accountId, region, name, arn: `arn:aws:lambda:${region}:${accountId}:layer:${name}` }, version: String(Number(version)) };
}

function versionText(raw: string | undefined): string {
  return raw !== undefined && /^\d+$/.test(raw) ? String(Number(raw)) : (raw ?? '');
}

/** Adds checks to a plan (e.g. lambda:GetLayerVersion for each layer a function uses). */
export function withChecks(plan: IamPlan, extra: readonly IamCheck[]): IamPlan {
  return { accountId: plan.accountId, checks: [...plan.checks, ...extra] };
}

/**
 * Tag operations act on the resource ARN in `{ARN}` (a function, for now), with its resource policy. Tags
 * belong to the function: a qualified ARN is authorized as the function (the handler then refuses it).
 */
export function onTaggable(action: string): IamSpec {
  return (input) => {
    const target = wholeFunction(functionTarget(input, input.params['ARN'] ?? ''));
    return { accountId: target.accountId, checks: [functionCheck(action, target)] };
  };
}

/** GetLayerVersionByArn is `lambda:GetLayerVersion` on the version its `?Arn=` names. */
export const getLayerVersionByArnIam: IamSpec = (input) => {
  const target = layerVersionArnTarget(queryParam(input.req.query, 'Arn') ?? '');
  if (target === undefined) {
    // Malformed: the handler answers with the validation error once the caller may read layers at all.
    return { accountId: input.caller.accountId, checks: [{ action: 'lambda:GetLayerVersion', resource: '*', resourceAccountId: input.caller.accountId }] };
  }
  return { accountId: target.layer.accountId, checks: [layerVersionCheck('lambda:GetLayerVersion', target.layer, target.version)] };
};
