/**
 * UpdateFunctionCode: new package for $LATEST (LastUpdateStatus InProgress until the deployer has
 * verified it), with RevisionId precondition, DryRun (validate only) and Publish.
 */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { FunctionRef } from '../validation/function-ref.js';
import type { UpdateFunctionCodeInput } from '../validation/update-function-code.js';
import type { FunctionConfiguration } from '../../store/function-configuration.js';
import { formatLastModified } from '../../store/function-configuration.js';
import type { VersionRecord } from '../../store/records.js';
import { InvalidParameterValueError } from '../../shared/errors/lambda-errors.js';
import { newRevisionId } from '../../shared/clock.js';
import { acceptCode, codeSha256Of, inspectCode } from './code-package.js';
import { LATEST, notFoundFor, toConfiguration } from './function-reader.js';
import { assertNotInProgress, assertRevision } from './update-guards.js';
import { referencedLayersSize } from './layer-budget.js';
import { publishInTx } from './publish.js';

export async function updateFunctionCode(
  deps: ControlDeps,
  ctx: ValidationContext,
  ref: FunctionRef,
  input: UpdateFunctionCodeInput,
): Promise<FunctionConfiguration> {
  if (ref.qualifier !== undefined && ref.qualifier !== LATEST) {
    throw new InvalidParameterValueError('Only the $LATEST version of a function can be updated.');
  }
  const zip = input.ZipFile;
  if (zip === undefined) throw new InvalidParameterValueError('Please provide a source for function code.');
  const { current, layersSize } = await deps.store.transact(async (tx) => {
    const v = await tx.getVersion(ctx.accountId, ref.name, LATEST);
    if (v === undefined) throw notFoundFor(ctx, { name: ref.name });
    return { current: v, layersSize: await referencedLayersSize(tx, v.config.Layers) };
  });
  assertRevision(current, input.RevisionId);
  assertNotInProgress(current);
  if (input.DryRun) {
    await inspectCode(zip, layersSize);
    const sha = codeSha256Of(zip);
    return toConfiguration(deps.keys, { ...current, config: { ...current.config, CodeSha256: sha.base64, CodeSize: zip.length } });
  }
  const code = await acceptCode(deps.blobs, zip, layersSize);
  const now = deps.clock.now();
  const result = await deps.store.transact(async (tx) => {
    const latest = await tx.getVersion(ctx.accountId, ref.name, LATEST);
    if (latest === undefined) throw notFoundFor(ctx, { name: ref.name });
    assertRevision(latest, input.RevisionId);
    assertNotInProgress(latest);
    const updated: VersionRecord = {
      ...latest,
      codeSha256Hex: code.sha256Hex,
      unzippedSize: code.unzippedSize,
      config: {
        ...latest.config,
        CodeSha256: code.codeSha256,
        CodeSize: code.codeSize,
        LastModified: formatLastModified(now),
        RevisionId: newRevisionId(),
        LastUpdateStatus: 'InProgress',
        LastUpdateStatusReason: 'The function is being created.',
        LastUpdateStatusReasonCode: 'Creating',
      },
    };
    await tx.putVersion(updated);
    if (!input.Publish) return updated;
    return (await publishInTx(tx, deps.keys, updated, undefined, now)).version;
  });
  deps.deployer.schedule(ctx.accountId, ref.name, LATEST);
  deps.retire?.(ctx.accountId, ref.name, LATEST);
  if (result.version !== LATEST) deps.deployer.schedule(ctx.accountId, ref.name, result.version);
  return toConfiguration(deps.keys, result);
}
