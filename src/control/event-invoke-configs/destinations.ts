/**
 * Store-aware checks on an event-invoke DestinationConfig, after the request parser has checked the
 * model pattern and the destination service: a Lambda destination in this account and region must
 * exist ([LS put_destination_lambda_doesntexist]) and may not be the configured function itself
 * ([LS put_destination_recursive]); an SQS queue, SNS topic or EventBridge bus must name one.
 * What the execution-role check of each destination needs is read here too (async-target-permission.ts).
 */
import type { StoreTx } from '../../store/store.js';
import type { ValidationContext } from '../validation/context.js';
import type { DestinationConfigInput } from '../validation/event-invoke-config.js';
import { checkDestinationNotSelf } from '../validation/event-invoke-config.js';
import { InvalidParameterValueError } from '../../shared/errors/lambda-errors.js';
import type { ConfigTarget } from './config-target.js';
import type { TargetCheck, TargetCheckTx } from '../async-target-permission.js';
import { readTargetCheck } from '../async-target-permission.js';
import { parseArn } from '../../shared/arn/arn.js';
import { targetFunctionArnParts } from '../../shared/arn/function-arn.js';
import { isAccountId } from '../../shared/arn/ids.js';
import { valueOf } from '../../shared/arn/result.js';
import { primaryVersion, resolveQualifier } from '../functions/qualifier-resolver.js';

/** Queue, topic and event-bus ARNs: the resource part a delivery would go to (names per each service's rules). */
const OTHER_TARGETS: Readonly<Record<string, RegExp>> = {
  sqs: /^[a-zA-Z0-9_-]{1,80}(?:\.fifo)?$/,
  sns: /^[a-zA-Z0-9_-]{1,256}(?:\.fifo)?$/,
  events: /^event-bus\/[A-Za-z0-9._\-/]{1,256}$/,
};

/** A queue, topic or event bus ARN: partition and region spelled out, the resource named as its service names it. */
export function isOtherTarget(text: string): boolean {
  const arn = valueOf(parseArn(text));
  if (arn === undefined || arn.partition === '' || arn.region === '' || !isAccountId(arn.accountId)) return false;
  return Object.hasOwn(OTHER_TARGETS, arn.service) && (OTHER_TARGETS[arn.service]?.test(arn.resource) ?? false);
}

type Member = 'OnSuccess' | 'OnFailure';

function describe(member: Member, config: DestinationConfigInput): string {
  const value = config[member];
  // The Java toString AWS prints: an absent member is `null`. [LS put_destination_invalid_service_arn]
  return value === undefined ? 'null' : `${member}(destination=${value.Destination ?? 'null'})`;
}

function invalidConfig(config: DestinationConfigInput): InvalidParameterValueError {
  return new InvalidParameterValueError(
    `The provided destination config DestinationConfig(onSuccess=${describe('OnSuccess', config)}, ` +
      `onFailure=${describe('OnFailure', config)}) is invalid.`,
  );
}

/** False for an ARN no destination can have; throws for a function that does not exist. */
async function usable(tx: StoreTx, ctx: ValidationContext, arn: string): Promise<boolean> {
  const fn = targetFunctionArnParts(arn);
  if (fn === undefined) return isOtherTarget(arn);
  const local = fn.region === ctx.region && fn.accountId === ctx.accountId;
  if (local && (await tx.getFunction(ctx.accountId, fn.name)) === undefined) {
    throw new InvalidParameterValueError(`The destination ARN ${arn} is invalid.`);
  }
  return true;
}

export async function checkDestinations(
  tx: StoreTx,
  ctx: ValidationContext,
  functionName: string,
  config: DestinationConfigInput,
): Promise<void> {
  // OnFailure first, then OnSuccess (LocalStack's order; unverified against AWS).
  for (const arn of [config.OnFailure?.Destination, config.OnSuccess?.Destination]) {
    if (arn === undefined || arn === '') continue;
    if (!(await usable(tx, ctx, arn))) throw invalidConfig(config);
  }
  checkDestinationNotSelf(config, functionName, ctx);
}

/** The stored form: an empty or absent destination is none. */
export function destinationArn(value: { Destination?: string } | undefined): string | null {
  const arn = value?.Destination;
  return arn === undefined || arn === '' ? null : arn;
}

/** The execution role of the version a config applies to (an alias's primary version's). */
async function executionRole(tx: StoreTx, ctx: ValidationContext, target: ConfigTarget): Promise<string | undefined> {
  const { functionName, qualifier } = target;
  const resolved = await resolveQualifier(tx, { accountId: ctx.accountId, name: functionName, qualifier });
  if (resolved === undefined) return undefined;
  return (await tx.getVersion(ctx.accountId, functionName, primaryVersion(resolved)))?.config.Role;
}

/** What the role checks of the configured destinations need, OnFailure first (the order they are validated in). */
export async function readDestinationChecks(
  tx: TargetCheckTx,
  ctx: ValidationContext,
  target: ConfigTarget,
  config: DestinationConfigInput,
): Promise<TargetCheck[]> {
  const role = await executionRole(tx, ctx, target);
  if (role === undefined) return [];
  const checks: TargetCheck[] = [];
  for (const arn of [destinationArn(config.OnFailure), destinationArn(config.OnSuccess)]) {
    if (arn === null) continue;
    const check = await readTargetCheck(tx, ctx, role, target.functionName, arn);
    if (check !== undefined) checks.push(check);
  }
  return checks;
}
