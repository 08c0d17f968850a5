/**
 * A function policy belongs to the function ($LATEST), a published version or an alias, and its
 * RevisionId is that holder's: GetPolicy returns it, AddPermission/RemovePermission check and bump it,
 * as Lambda does (the holder's GetFunction/GetAlias RevisionId changes with its policy).
 */
import type { StoreTx } from '../../store/store.js';
import type { AliasRecord, VersionRecord } from '../../store/records.js';
import type { ValidationContext } from '../validation/context.js';
import type { FunctionRef } from '../validation/function-ref.js';
import { functionArn } from '../validation/function-ref.js';
import { newRevisionId } from '../../shared/clock.js';
import { PreconditionFailedError } from '../../shared/errors/lambda-errors.js';
import { LATEST, resolveVersion } from '../functions/function-reader.js';

export interface PolicyHolder {
  readonly name: string;
  /** Store qualifier: `''` for the function, else the version number or alias name. */
  readonly qualifier: string;
  /** The ARN statements name as Resource. */
  readonly arn: string;
  readonly revisionId: string;
  readonly version: VersionRecord;
  readonly alias?: AliasRecord;
}

export async function resolvePolicyHolder(tx: StoreTx, ctx: ValidationContext, ref: FunctionRef): Promise<PolicyHolder> {
  const resolved = await resolveVersion(tx, ctx, ref);
  const qualifier = ref.qualifier === undefined || ref.qualifier === LATEST ? '' : (resolved.alias?.name ?? resolved.version.version);
  return {
    name: ref.name,
    qualifier,
    arn: functionArn(ctx, ref.name, qualifier === '' ? undefined : qualifier),
    revisionId: resolved.alias?.revisionId ?? resolved.version.config.RevisionId,
    version: resolved.version,
    ...(resolved.alias === undefined ? {} : { alias: resolved.alias }),
  };
}

export function checkHolderRevision(holder: PolicyHolder, revisionId: string | undefined): void {
  if (revisionId !== undefined && revisionId !== holder.revisionId) {
    throw new PreconditionFailedError(
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    );
  }
}

export async function bumpHolderRevision(tx: StoreTx, holder: PolicyHolder): Promise<void> {
  if (holder.alias !== undefined) {
    await tx.putAlias({ ...holder.alias, revisionId: newRevisionId() });
    return;
  }
  await tx.putVersion({ ...holder.version, config: { ...holder.version.config, RevisionId: newRevisionId() } });
}
