/** AddPermission: appends a statement to the policy of a function, version or alias. */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { FunctionRef } from '../validation/function-ref.js';
import type { AddPermissionInput } from '../validation/permissions.js';
import { InvalidParameterValueError, PolicyLengthExceededError, ResourceConflictError } from '../../shared/errors/lambda-errors.js';
import { permissionStatement } from './permission-statement.js';
import { parseStoredPolicy, POLICY_MAX_BYTES, serializePolicy } from './policy-document.js';
import { bumpHolderRevision, checkHolderRevision, resolvePolicyHolder } from './policy-holder.js';

export function duplicateStatement(sid: string): ResourceConflictError {
  return new ResourceConflictError(
    `The statement id (${sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
  );
}

export async function addPermission(
  deps: ControlDeps,
  ctx: ValidationContext,
  ref: FunctionRef,
  input: AddPermissionInput,
): Promise<{ Statement: string }> {
  if (ref.qualifier === '$LATEST') {
    throw new InvalidParameterValueError('We currently do not support adding policies for $LATEST.');
  }
  const statement = await deps.store.transact(async (tx) => {
    const holder = await resolvePolicyHolder(tx, ctx, ref);
    checkHolderRevision(holder, input.RevisionId);
    const stored = await tx.getResourcePolicy(ctx.accountId, 'function', holder.name, holder.qualifier);
    const existing = parseStoredPolicy(stored?.policy).Statement;
    if (existing.some((s) => s.Sid === input.StatementId)) throw duplicateStatement(input.StatementId);
    const added = permissionStatement(input, holder.arn);
    const policy = serializePolicy([...existing, added]);
    const size = Buffer.byteLength(policy);
    if (size > POLICY_MAX_BYTES) {
      throw new PolicyLengthExceededError(`The final policy size (${size}) is bigger than the limit (${POLICY_MAX_BYTES}).`);
    }
    await tx.putResourcePolicy({ accountId: ctx.accountId, kind: 'function', name: holder.name, qualifier: holder.qualifier, policy, revisionId: '' });
    await bumpHolderRevision(tx, holder);
    return added;
  });
  if (statement.Principal === '*') {
    deps.logger.warn(
      { function: statement.Resource, sid: statement.Sid, action: statement.Action },
      'function policy grants access to everyone (Principal "*"): the function is public',
    );
  }
  return { Statement: JSON.stringify(statement) };
}
