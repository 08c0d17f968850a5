/**
 * Condition keys Lambda takes from a request body (Service Authorization Reference, AWS Lambda):
 * `aws:RequestTag/*` and `aws:TagKeys` from the tags CreateFunction and TagResource set and the keys
 * UntagResource removes, and the VPC and code signing keys of CreateFunction / UpdateFunctionConfiguration.
 * `aws:ResourceTag/*` is not here: the authorizer supplies the function's tags for every request.
 */
import type { ContextValue } from '../../iam/policy/conditions/context-value.js';
import { requestTagContext, tagKeysContext } from '../../iam/authz/tag-context.js';
import type { IamCheck, IamInput, IamPlan, IamSpec } from './iam-spec.js';

function stringMap(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

/** The keys a body's `Tags` map sets. */
export function bodyTagContext(input: IamInput): Record<string, ContextValue> {
  return requestTagContext(stringMap(input.body()?.['Tags']));
}

/** UntagResource's `?tagKeys=` (repeated). */
export function untagKeysContext(input: IamInput): Record<string, ContextValue> {
  return tagKeysContext(input.req.query.getAll('tagKeys'));
}

export interface BodyConditions {
  readonly context: Record<string, ContextValue>;
  readonly unknownKeys: string[];
}

/**
 * `lambda:SubnetIds` and `lambda:SecurityGroupIds` from `VpcConfig`, `lambda:CodeSigningConfigArn`. AWS
 * derives `lambda:VpcIds` from the subnets' VPC, which lambdabox cannot know: with subnets it is unknown
 * (fail closed), without them absent, as AWS has it for a function outside any VPC.
 */
export function functionSettingsConditions(input: IamInput): BodyConditions {
  const body = input.body();
  const context: Record<string, ContextValue> = {};
  const unknownKeys: string[] = [];
  const vpc = body?.['VpcConfig'];
  if (vpc !== null && typeof vpc === 'object' && !Array.isArray(vpc)) {
    const config = vpc as Record<string, unknown>;
    const subnets = strings(config['SubnetIds']);
    const groups = strings(config['SecurityGroupIds']);
    if (subnets !== undefined && subnets.length > 0) {
      context['lambda:SubnetIds'] = subnets;
      unknownKeys.push('lambda:VpcIds');
    }
    if (groups !== undefined && groups.length > 0) context['lambda:SecurityGroupIds'] = groups;
  }
  const csc = body?.['CodeSigningConfigArn'];
  if (typeof csc === 'string') context['lambda:CodeSigningConfigArn'] = csc;
  return { context, unknownKeys };
}

/** Adds keys to the plan's checks of `action` (the operation's own check, not PassRole or layer checks). */
export function withConditions(
  spec: IamSpec,
  action: string,
  conditions: (input: IamInput) => { readonly context: Readonly<Record<string, ContextValue>>; readonly unknownKeys?: readonly string[] },
): IamSpec {
  return (input) => {
    const plan = spec(input);
    const extra = conditions(input);
    return { ...plan, checks: plan.checks.map((check) => (check.action === action ? merge(check, extra) : check)) } satisfies IamPlan;
  };
}

function merge(check: IamCheck, extra: { readonly context: Readonly<Record<string, ContextValue>>; readonly unknownKeys?: readonly string[] }): IamCheck {
  const context = { ...(check.context ?? {}), ...extra.context };
  const unknownKeys = [...(check.unknownKeys ?? []), ...(extra.unknownKeys ?? [])];
  return {
    ...check,
    ...(Object.keys(context).length === 0 ? {} : { context }),
    ...(unknownKeys.length === 0 ? {} : { unknownKeys }),
  };
}
