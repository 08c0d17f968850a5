/**
 * UpdateFunctionConfiguration: merges the given settings into $LATEST (Environment replaces the
 * whole map, as AWS does), re-checks the unzipped budget when layers change, RevisionId precondition.
 */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { FunctionRef } from '../validation/function-ref.js';
import type { UpdateFunctionConfigurationInput } from '../validation/update-function-configuration.js';
import type { FunctionConfiguration } from '../../store/function-configuration.js';
import { formatLastModified } from '../../store/function-configuration.js';
import type { VersionRecord } from '../../store/records.js';
import { InvalidParameterValueError } from '../../shared/errors/lambda-errors.js';
import { newRevisionId } from '../../shared/clock.js';
import { LATEST, notFoundFor, toConfiguration } from './function-reader.js';
import { assertNotInProgress, assertRevision } from './update-guards.js';
import { resolveLayers } from './layer-references.js';
import { assertWithinUnzippedLimit } from './code-package.js';
import { openEnvironment, sealEnvironment } from './environment-sealing.js';
import { runtimeVersionArn } from './runtime-version.js';
import { assertAssumableByLambda } from './execution-role.js';
import { assertDeadLetterAllowed, readTargetCheck } from '../async-target-permission.js';

export async function updateFunctionConfiguration(
  deps: ControlDeps,
  ctx: ValidationContext,
  ref: FunctionRef,
  input: UpdateFunctionConfigurationInput,
  callerArn: string,
): Promise<FunctionConfiguration> {
  if (ref.qualifier !== undefined && ref.qualifier !== LATEST) {
    throw new InvalidParameterValueError('Only the $LATEST version of a function can be updated.');
  }
  const now = deps.clock.now();
  await checkDeadLetter(deps, ctx, ref, input, now);
  const updated = await deps.store.transact(async (tx) => {
    const latest = await tx.getVersion(ctx.accountId, ref.name, LATEST);
    if (latest === undefined) throw notFoundFor(ctx, { name: ref.name });
    assertRevision(latest, input.RevisionId);
    assertNotInProgress(latest);
    if (input.Role !== undefined) await assertAssumableByLambda(tx, ctx, input.Role, latest.config.FunctionArn);
    const config: FunctionConfiguration = { ...latest.config };
    if (input.Role !== undefined) config.Role = input.Role;
    if (input.Handler !== undefined) config.Handler = input.Handler;
    if (input.Description !== undefined) config.Description = input.Description;
    if (input.Timeout !== undefined) config.Timeout = input.Timeout;
    if (input.MemorySize !== undefined) config.MemorySize = input.MemorySize;
    if (input.Runtime !== undefined) {
      config.Runtime = input.Runtime;
      config.RuntimeVersionConfig = { RuntimeVersionArn: runtimeVersionArn(ctx.region, input.Runtime) };
    }
    if (input.TracingConfig !== undefined) config.TracingConfig = input.TracingConfig;
    if (input.EphemeralStorage !== undefined) config.EphemeralStorage = { Size: input.EphemeralStorage.Size };
    if (input.LoggingConfig !== undefined) config.LoggingConfig = { ...config.LoggingConfig, ...input.LoggingConfig };
    if (input.KMSKeyArn !== undefined) {
      if (input.KMSKeyArn === '') delete config.KMSKeyArn;
      else config.KMSKeyArn = input.KMSKeyArn;
    }
    if (input.DeadLetterConfig !== undefined) {
      if (input.DeadLetterConfig.TargetArn === undefined || input.DeadLetterConfig.TargetArn === '') delete config.DeadLetterConfig;
      else config.DeadLetterConfig = { TargetArn: input.DeadLetterConfig.TargetArn };
    }
    if (input.Layers !== undefined) {
      const layers = await resolveLayers(tx, ctx, input.Layers, callerArn);
      assertWithinUnzippedLimit(latest.unzippedSize, layers.unzippedSize);
      if (layers.references.length === 0) delete config.Layers;
      else config.Layers = layers.references;
    }
    config.LastModified = formatLastModified(now);
    config.RevisionId = newRevisionId();
    config.LastUpdateStatus = 'InProgress';
    config.LastUpdateStatusReason = 'The function is being created.';
    config.LastUpdateStatusReasonCode = 'Creating';
    const variables =
      input.Environment ?? openEnvironment(deps.keys, ctx.accountId, ref.name, LATEST, latest.envSealed);
    const record: VersionRecord = {
      ...latest,
      config,
      envSealed: sealEnvironment(deps.keys, ctx.accountId, ref.name, LATEST, variables),
    };
    await tx.putVersion(record);
    return record;
  });
  deps.deployer.schedule(ctx.accountId, ref.name, LATEST);
  deps.retire?.(ctx.accountId, ref.name, LATEST);
  return toConfiguration(deps.keys, updated);
}

/**
 * A new dead-letter target, or a new role for an existing one, needs the role's permission to send there.
 * Runs the update's own guards first so their errors keep precedence; the update re-runs them in its
 * transaction (the role's policies are read outside any transaction).
 */
async function checkDeadLetter(
  deps: ControlDeps,
  ctx: ValidationContext,
  ref: FunctionRef,
  input: UpdateFunctionConfigurationInput,
  now: Date,
): Promise<void> {
  if (input.Role === undefined && input.DeadLetterConfig === undefined) return;
  const check = await deps.store.transact(async (tx) => {
    const latest = await tx.getVersion(ctx.accountId, ref.name, LATEST);
    if (latest === undefined) throw notFoundFor(ctx, { name: ref.name });
    assertRevision(latest, input.RevisionId);
    assertNotInProgress(latest);
    if (input.Role !== undefined) await assertAssumableByLambda(tx, ctx, input.Role, latest.config.FunctionArn);
    const target = input.DeadLetterConfig === undefined ? latest.config.DeadLetterConfig?.TargetArn : input.DeadLetterConfig.TargetArn;
    if (target === undefined || target === '') return undefined;
    return readTargetCheck(tx, ctx, input.Role ?? latest.config.Role, ref.name, target);
  });
  await assertDeadLetterAllowed(deps.authorize, ctx.region, check, now);
}
