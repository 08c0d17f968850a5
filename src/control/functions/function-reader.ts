/**
 * Finds the version a (name, qualifier) pair means — `$LATEST`, a number, or an alias — and turns
 * stored records back into the FunctionConfiguration the API returns.
 */
import type { StoreTx } from '../../store/store.js';
import type { AliasRecord, FunctionRecord, VersionRecord } from '../../store/records.js';
import type { KeyService } from '../../shared/crypto/key-service.js';
import type { FunctionConfiguration } from '../../store/function-configuration.js';
import type { ValidationContext } from '../validation/context.js';
import type { FunctionRef } from '../validation/function-ref.js';
import { functionArn } from '../validation/function-ref.js';
import { functionNotFound } from '../../shared/errors/lambda-errors.js';
import { openEnvironment } from './environment-sealing.js';
import { LATEST } from '../../shared/arn/qualifier.js';
import { primaryVersion, resolveQualifier } from './qualifier-resolver.js';

export { LATEST, VERSION_NUMBER } from '../../shared/arn/qualifier.js';

export interface ResolvedVersion {
  readonly fn: FunctionRecord;
  readonly version: VersionRecord;
  /** Set when the qualifier named an alias. */
  readonly alias?: AliasRecord;
}

export function notFoundFor(ctx: ValidationContext, ref: FunctionRef): Error {
  return functionNotFound(functionArn(ctx, ref.name, ref.qualifier));
}

export async function getFunctionOrThrow(tx: StoreTx, ctx: ValidationContext, name: string): Promise<FunctionRecord> {
  const fn = await tx.getFunction(ctx.accountId, name);
  if (fn === undefined) throw functionNotFound(functionArn(ctx, name));
  return fn;
}

export async function resolveVersion(tx: StoreTx, ctx: ValidationContext, ref: FunctionRef): Promise<ResolvedVersion> {
  const fn = await tx.getFunction(ctx.accountId, ref.name);
  if (fn === undefined) throw notFoundFor(ctx, ref);
  const resolved = await resolveQualifier(tx, { accountId: ctx.accountId, ...ref });
  if (resolved === undefined) throw notFoundFor(ctx, ref);
  const version = await tx.getVersion(ctx.accountId, ref.name, primaryVersion(resolved));
  if (version === undefined) throw notFoundFor(ctx, ref);
  return resolved.kind === 'alias' ? { fn, version, alias: resolved.alias } : { fn, version };
}

/** The configuration as the API returns it; with an alias, FunctionArn carries the alias name as AWS does. */
export function toConfiguration(keys: KeyService, version: VersionRecord, alias?: AliasRecord): FunctionConfiguration {
  const variables = openEnvironment(keys, version.accountId, version.functionName, version.version, version.envSealed);
  const config: FunctionConfiguration = { ...version.config, Environment: { Variables: variables } };
  if (alias !== undefined) config.FunctionArn = `${unqualifiedArn(version)}:${alias.name}`;
  return config;
}

/** $LATEST's stored FunctionArn is unqualified; a published version's carries its number. */
export function unqualifiedArn(version: VersionRecord): string {
  const arn = version.config.FunctionArn;
  return version.version === LATEST ? arn : arn.slice(0, arn.lastIndexOf(':'));
}
