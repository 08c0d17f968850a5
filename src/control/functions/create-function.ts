/**
 * CreateFunction: validate, accept the package, and commit the function, its $LATEST and (with
 * Publish) version 1 in one transaction. The response shows State Pending as AWS does; the
 * deployer makes it Active once the stored code has been re-read and verified.
 */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { CreateFunctionInput } from '../validation/create-function.js';
import { functionArn } from '../validation/function-ref.js';
import type { FunctionConfiguration } from '../../store/function-configuration.js';
import { formatLastModified } from '../../store/function-configuration.js';
import type { VersionRecord } from '../../store/records.js';
import { ResourceConflictError } from '../../shared/errors/lambda-errors.js';
import { newRevisionId } from '../../shared/clock.js';
import { acceptCode } from './code-package.js';
import { resolveLayers } from './layer-references.js';
import { sealEnvironment } from './environment-sealing.js';
import { LATEST, toConfiguration } from './function-reader.js';
import { runtimeVersionArn } from './runtime-version.js';
import { publishedCopy } from './published-copy.js';
import { InvalidParameterValueError } from '../../shared/errors/lambda-errors.js';
import { assertAssumableByLambda } from './execution-role.js';
import { assertDeadLetterAllowed, readTargetCheck } from '../async-target-permission.js';
import { checkSandboxTagFloor } from '../validation/tags.js';

export async function createFunction(
  deps: ControlDeps,
  ctx: ValidationContext,
  input: CreateFunctionInput,
  callerArn: string,
): Promise<FunctionConfiguration> {
  const zip = input.Code.ZipFile;
  if (zip === undefined) throw new InvalidParameterValueError('Please provide a source for function code.');
  checkSandboxTagFloor(input.Tags, deps.defaultSandbox ?? 'bwrap');
  const name = input.FunctionName;
  const deadLetter = input.DeadLetterConfig?.TargetArn;
  const deadLetterCheck = await deps.store.transact(async (tx) => {
    await assertAssumableByLambda(tx, ctx, input.Role, functionArn(ctx, name));
    return deadLetter === undefined || deadLetter === '' ? undefined : readTargetCheck(tx, ctx, input.Role, name, deadLetter);
  });
  await assertDeadLetterAllowed(deps.authorize, ctx.region, deadLetterCheck, deps.clock.now());
  const layers = await deps.store.transact((tx) => resolveLayers(tx, ctx, input.Layers, callerArn));
  const code = await acceptCode(deps.blobs, zip, layers.unzippedSize);
  const now = deps.clock.now();
  const config: FunctionConfiguration = {
    FunctionName: name,
    FunctionArn: functionArn(ctx, name),
    ...(input.Runtime === undefined ? {} : { Runtime: input.Runtime }),
    Role: input.Role,
    ...(input.Handler === undefined ? {} : { Handler: input.Handler }),
    CodeSize: code.codeSize,
    Description: input.Description,
    Timeout: input.Timeout,
    MemorySize: input.MemorySize,
    LastModified: formatLastModified(now),
    CodeSha256: code.codeSha256,
    Version: LATEST,
    ...(input.KMSKeyArn === undefined ? {} : { KMSKeyArn: input.KMSKeyArn }),
    TracingConfig: input.TracingConfig,
    ...(input.DeadLetterConfig?.TargetArn === undefined ? {} : { DeadLetterConfig: { TargetArn: input.DeadLetterConfig.TargetArn } }),
    RevisionId: newRevisionId(),
    ...(layers.references.length === 0 ? {} : { Layers: layers.references }),
    State: 'Pending',
    StateReason: 'The function is being created.',
    StateReasonCode: 'Creating',
    PackageType: 'Zip',
    Architectures: [...input.Architectures],
    EphemeralStorage: { Size: input.EphemeralStorage.Size },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: input.LoggingConfig,
    ...(input.Runtime === undefined ? {} : { RuntimeVersionConfig: { RuntimeVersionArn: runtimeVersionArn(ctx.region, input.Runtime) } }),
  };
  const latest: VersionRecord = {
    accountId: ctx.accountId,
    functionName: name,
    version: LATEST,
    config,
    envSealed: sealEnvironment(deps.keys, ctx.accountId, name, LATEST, input.Environment),
    codeSha256Hex: code.sha256Hex,
    unzippedSize: code.unzippedSize,
  };
  const result = await deps.store.transact(async (tx) => {
    if ((await tx.getFunction(ctx.accountId, name)) !== undefined) {
      throw new ResourceConflictError(`Function already exist: ${name}`);
    }
    // Layers are checked again inside the transaction: one may have been deleted meanwhile.
    await resolveLayers(tx, ctx, input.Layers, callerArn);
    await tx.putFunction({
      accountId: ctx.accountId,
      name,
      createdAt: now.toISOString(),
      tags: input.Tags,
      reservedConcurrency: null,
      lastVersion: input.Publish ? 1 : 0,
    });
    await tx.putVersion(latest);
    if (!input.Publish) return latest;
    const v1 = publishedCopy(deps.keys, latest, '1', config.Description, now);
    await tx.putVersion(v1);
    return v1;
  });
  deps.deployer.schedule(ctx.accountId, name, LATEST);
  if (result.version !== LATEST) deps.deployer.schedule(ctx.accountId, name, result.version);
  return toConfiguration(deps.keys, result);
}
