/**
 * Whether a function's execution role may send to an asynchronous target (dead-letter queue or
 * destination), checked when the target is configured, as AWS does. The role is evaluated as the
 * session Lambda delivers with (src/iam/execution-role-caller.ts) against the target's ARN,
 * with the queue's Policy or the target function's resource policy, so configuration and delivery
 * agree. `explain`, not `authorize`: nothing is accessed yet, and a decision record would show the
 * role making a call it never made.
 *
 * The reading happens inside a store transaction and the evaluation after it: the authorizer reads
 * the role's policies through the store itself, and store transactions do not nest.
 */
import { randomUUID } from 'node:crypto';
import type { Authorize } from '../iam/authz/authorize.js';
import type { AccessRequest } from '../iam/authz/access-request.js';
import type { StoreTx } from '../store/store.js';
import type { SqsTx } from '../services/sqs/store/sqs-tx.js';
import type { ValidationContext } from './validation/context.js';
import { executionRoleCaller } from '../iam/execution-role-caller.js';
import { InvalidParameterValueError } from '../shared/errors/lambda-errors.js';
import { parseArn, type Arn } from '../shared/arn/arn.js';
import { functionArn, hasStrictNames, parseFunctionArn, type FunctionArn } from '../shared/arn/function-arn.js';
import { hasLineTerminator, isAccountId } from '../shared/arn/ids.js';
import { policyQualifier } from '../shared/arn/qualifier.js';
import { valueOf } from '../shared/arn/result.js';
import { partitionOf } from './validation/context.js';

export type TargetService = 'sqs' | 'sns' | 'lambda' | 'events';

/** What one target's check needs, read inside a transaction. */
export interface TargetCheck {
  readonly service: TargetService;
  readonly target: string;
  readonly roleArn: string;
  /** The configured (source) function, unqualified. */
  readonly functionArn: FunctionArn;
  readonly functionName: string;
  readonly request: AccessRequest;
}

/** The API action AWS names in its messages, per target service. */
export const TARGET_OPERATION: Readonly<Record<TargetService, string>> = {
  sqs: 'SendMessage',
  sns: 'Publish',
  lambda: 'InvokeFunction',
  events: 'PutEvents',
};

const ACTION: Readonly<Record<TargetService, string>> = {
  sqs: 'sqs:SendMessage',
  sns: 'sns:Publish',
  lambda: 'lambda:InvokeFunction',
  events: 'events:PutEvents',
};

const TARGET_SERVICES: ReadonlySet<string> = new Set<TargetService>(['sqs', 'sns', 'lambda', 'events']);

/** A target's ARN: any spelled-out partition, the region may be empty, a resource on one line. */
export function targetArn(text: string): (Arn & { readonly service: TargetService }) | undefined {
  const arn = valueOf(parseArn(text));
  if (arn === undefined || arn.partition === '' || !TARGET_SERVICES.has(arn.service)) return undefined;
  if (!isAccountId(arn.accountId) || hasLineTerminator(arn.resource)) return undefined;
  return { ...arn, service: arn.service as TargetService };
}

/**
 * Reads what the check of `target` needs; undefined for an ARN of a service no role sends to (the
 * request validators have refused those already).
 */
/** A target check also reads a queue's own policy (SQS's table). */
export type TargetCheckTx = StoreTx & Pick<SqsTx, 'getQueue'>;

export async function readTargetCheck(
  tx: TargetCheckTx,
  ctx: ValidationContext,
  roleArn: string,
  functionName: string,
  target: string,
): Promise<TargetCheck | undefined> {
  const arn = targetArn(target);
  if (arn === undefined) return undefined;
  const { service, accountId, resource } = arn;
  const local = arn.region === ctx.region;
  let resourcePolicy: string | undefined;
  // Only queues and functions lambdabox serves have policies; a target elsewhere is judged by the role's own.
  if (service === 'sqs' && local) {
    const policy = (await tx.getQueue(accountId, resource))?.attributes['Policy'];
    if (policy !== undefined && policy !== '') resourcePolicy = policy;
  } else if (service === 'lambda' && local) {
    const fn = valueOf(parseFunctionArn(target));
    if (fn !== undefined && hasStrictNames(fn)) {
      const record = await tx.getResourcePolicy(accountId, 'function', fn.name, policyQualifier(fn.qualifier));
      resourcePolicy = record?.policy;
    }
  }
  return {
    service,
    target,
    roleArn,
    functionArn: functionArn({ partition: partitionOf(ctx), region: ctx.region, accountId: ctx.accountId, name: functionName }),
    functionName,
    request: {
      action: ACTION[service],
      resource: target,
      resourceAccountId: accountId,
      ...(resourcePolicy === undefined ? {} : { resourcePolicy }),
    },
  };
}

/** True when the execution role's delivery session would be allowed to send to the target. */
export async function roleMaySend(authorize: Authorize, region: string, check: TargetCheck, now: Date): Promise<boolean> {
  const caller = executionRoleCaller(check.roleArn, check.functionArn, check.functionName, now);
  if (caller === undefined) return false;
  const decision = await authorize.explain(caller, check.request, {
    sourceIp: '',
    secureTransport: true,
    now,
    region,
    requestId: randomUUID(),
  });
  return decision.decision === 'Allowed';
}

/**
 * CreateFunction / UpdateFunctionConfiguration with a DeadLetterConfig the role may not send to: AWS names
 * the service, not the queue or topic (issue reports quoting it: aws-samples/aws-serverless-ecommerce-platform#41,
 * elastic/beats#13963 for SQS; functionalone/serverless-iam-roles-per-function#5 for SNS).
 */
export function deadLetterNotPermitted(service: TargetService): InvalidParameterValueError {
  return new InvalidParameterValueError(
    `The provided execution role does not have permissions to call ${TARGET_OPERATION[service]} on ${service.toUpperCase()}`,
  );
}

/**
 * Put/UpdateFunctionEventInvokeConfig with a destination the role may not send to: AWS names the ARN.
 * "The function's execution role …" for queues and topics (terraform-provider-aws's retry on it, user
 * reports); a function destination was reported as "The function execution role …" (a CloudFormation
 * deployment log), kept as quoted. PutEvents follows the queue/topic form (no quote found).
 */
export function destinationNotPermitted(check: TargetCheck): InvalidParameterValueError {
  const subject = check.service === 'lambda' ? 'The function execution role' : "The function's execution role";
  return new InvalidParameterValueError(
    `${subject} does not have permissions to call ${TARGET_OPERATION[check.service]} on ${check.target}`,
  );
}

/** Dead-letter targets are queues and topics; anything else is not the role's permission question. */
export async function assertDeadLetterAllowed(
  authorize: Authorize | undefined,
  region: string,
  check: TargetCheck | undefined,
  now: Date,
): Promise<void> {
  if (authorize === undefined || check === undefined || (check.service !== 'sqs' && check.service !== 'sns')) return;
  if (!(await roleMaySend(authorize, region, check, now))) throw deadLetterNotPermitted(check.service);
}

/** Every destination in order; the first the role may not send to is the error. */
export async function assertDestinationsAllowed(
  authorize: Authorize | undefined,
  region: string,
  checks: readonly TargetCheck[],
  now: Date,
): Promise<void> {
  if (authorize === undefined) return;
  for (const check of checks) {
    if (!(await roleMaySend(authorize, region, check, now))) throw destinationNotPermitted(check);
  }
}
