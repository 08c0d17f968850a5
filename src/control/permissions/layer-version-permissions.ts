/**
 * Layer version permissions: AddLayerVersionPermission, RemoveLayerVersionPermission,
 * GetLayerVersionPolicy. A layer version's policy has its own RevisionId, renewed on every change.
 * The statement grants `lambda:GetLayerVersion` to an account (`{"AWS":"arn:aws:iam::<id>:root"}`), to
 * everyone (`"*"`), optionally only within an organization (`aws:PrincipalOrgID`).
 */
import type { ControlDeps } from '../control-deps.js';
import type { StoreTx } from '../../store/store.js';
import type { ValidationContext } from '../validation/context.js';
import type { LayerNameRef } from '../validation/layer-arn.js';
import { layerVersionArn } from '../validation/layer-arn.js';
import type { AddLayerVersionPermissionInput } from '../validation/permissions.js';
import { newRevisionId } from '../../shared/clock.js';
import { PolicyLengthExceededError, PreconditionFailedError, ResourceNotFoundError } from '../../shared/errors/lambda-errors.js';
import { AccessDeniedError } from '../../shared/errors/aws-error.js';
import { isOwnLayer, referencedLayerArn } from '../layers/layer-access.js';
import { duplicateStatement } from './add-permission.js';
import type { ResourceStatement } from './policy-document.js';
import { parseStoredPolicy, POLICY_MAX_BYTES, serializePolicy } from './policy-document.js';
import type { ResourcePolicyRecord } from '../../store/policy-records.js';

export interface LayerVersionTarget {
  readonly ref: LayerNameRef;
  readonly version: number;
  readonly principalArn: string;
  readonly action: string;
}

/** Layers of another region are never reachable (other accounts are decided by IAM before this runs). */
function checkRegion(ctx: ValidationContext, target: LayerVersionTarget): void {
  if (!isOwnLayer(ctx, { region: target.ref.region })) {
    const arn = referencedLayerArn(ctx, target.ref, target.version);
    throw new AccessDeniedError(
      `User: ${target.principalArn} is not authorized to perform: ${target.action} on resource: ${arn} ` +
        `because no resource-based policy allows the ${target.action} action`,
    );
  }
}

async function existingLayerVersion(tx: StoreTx, ctx: ValidationContext, target: LayerVersionTarget): Promise<string> {
  const arn = layerVersionArn(ctx, target.ref.name, target.version);
  const record = await tx.getLayerVersion(ctx.accountId, target.ref.name, target.version);
  if (record === undefined) throw new ResourceNotFoundError(`Layer version ${arn} does not exist.`);
  return arn;
}

function checkRevision(stored: ResourcePolicyRecord | undefined, revisionId: string | undefined): void {
  if (revisionId !== undefined && revisionId !== stored?.revisionId) {
    throw new PreconditionFailedError(
      'The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id',
    );
  }
}

function layerStatement(input: AddLayerVersionPermissionInput, arn: string): ResourceStatement {
  const principal: ResourceStatement['Principal'] =
    input.Principal === '*' ? '*' : { AWS: /^\d{12}$/.test(input.Principal) ? `arn:aws:iam::${input.Principal}:root` : input.Principal };
  return {
    Sid: input.StatementId,
    Effect: 'Allow',
    Principal: principal,
    Action: input.Action,
    Resource: arn,
    ...(input.OrganizationId === undefined ? {} : { Condition: { StringEquals: { 'aws:PrincipalOrgID': input.OrganizationId } } }),
  };
}

export async function addLayerVersionPermission(
  deps: ControlDeps,
  ctx: ValidationContext,
  target: LayerVersionTarget,
  input: AddLayerVersionPermissionInput,
  revisionId: string | undefined,
): Promise<{ Statement: string; RevisionId: string }> {
  checkRegion(ctx, target);
  const result = await deps.store.transact(async (tx) => {
    const arn = await existingLayerVersion(tx, ctx, target);
    const qualifier = String(target.version);
    const stored = await tx.getResourcePolicy(ctx.accountId, 'layer-version', target.ref.name, qualifier);
    checkRevision(stored, revisionId);
    const existing = parseStoredPolicy(stored?.policy).Statement;
    if (existing.some((s) => s.Sid === input.StatementId)) throw duplicateStatement(input.StatementId);
    const added = layerStatement(input, arn);
    const policy = serializePolicy([...existing, added]);
    const size = Buffer.byteLength(policy);
    if (size > POLICY_MAX_BYTES) {
      throw new PolicyLengthExceededError(`The final policy size (${size}) is bigger than the limit (${POLICY_MAX_BYTES}).`);
    }
    const revision = newRevisionId();
    await tx.putResourcePolicy({ accountId: ctx.accountId, kind: 'layer-version', name: target.ref.name, qualifier, policy, revisionId: revision });
    return { added, revision };
  });
  if (result.added.Principal === '*' && result.added.Condition === undefined) {
    deps.logger.warn({ layerVersion: result.added.Resource, sid: result.added.Sid }, 'layer version is now usable by every account (Principal "*")');
  }
  return { Statement: JSON.stringify(result.added), RevisionId: result.revision };
}

export async function removeLayerVersionPermission(
  deps: ControlDeps,
  ctx: ValidationContext,
  target: LayerVersionTarget,
  statementId: string,
  revisionId: string | undefined,
): Promise<void> {
  checkRegion(ctx, target);
  await deps.store.transact(async (tx) => {
    await existingLayerVersion(tx, ctx, target);
    const qualifier = String(target.version);
    const stored = await tx.getResourcePolicy(ctx.accountId, 'layer-version', target.ref.name, qualifier);
    checkRevision(stored, revisionId);
    const statements = parseStoredPolicy(stored?.policy).Statement;
    const kept = statements.filter((s) => s.Sid !== statementId);
    if (stored === undefined || kept.length === statements.length) {
      throw new ResourceNotFoundError(`Statement ${statementId} is not found in resource policy.`);
    }
    if (kept.length === 0) await tx.deleteResourcePolicy(ctx.accountId, 'layer-version', target.ref.name, qualifier);
    else await tx.putResourcePolicy({ ...stored, policy: serializePolicy(kept), revisionId: newRevisionId() });
  });
}

export async function getLayerVersionPolicy(
  deps: ControlDeps,
  ctx: ValidationContext,
  target: LayerVersionTarget,
): Promise<{ Policy: string; RevisionId: string }> {
  checkRegion(ctx, target);
  return deps.store.transact(async (tx) => {
    await existingLayerVersion(tx, ctx, target);
    const stored = await tx.getResourcePolicy(ctx.accountId, 'layer-version', target.ref.name, String(target.version));
    if (stored === undefined) throw new ResourceNotFoundError('No policy is associated with the given resource.');
    return { Policy: stored.policy, RevisionId: stored.revisionId };
  });
}
