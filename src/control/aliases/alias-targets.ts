/**
 * The service checks on what an alias points at: its version and the optional second version of a
 * weighted alias. Messages and their order are real AWS's, recorded in LocalStack
 * `test_lambda_api.snapshot.json` (`test_notfound_and_invalid_routingconfigs`) and, for the role,
 * quoted from AWS in serverless-heaven/serverless-aws-alias#64. The model checks (key pattern
 * `[0-9]+`, weight 0.0-1.0) ran before, while the request was parsed.
 */
import type { StoreTx } from '../../store/store.js';
import type { VersionRecord } from '../../store/records.js';
import type { ValidationContext } from '../validation/context.js';
import { functionArn } from '../validation/function-ref.js';
import { functionNotFound, InvalidParameterValueError } from '../../shared/errors/lambda-errors.js';
import { LATEST } from '../functions/function-reader.js';

export type VersionWeights = Readonly<Record<string, number>>;

/** A missing function and a missing version read the same: `Function not found: <arn>:<version>`. */
export async function targetVersionOrThrow(
  tx: StoreTx,
  ctx: ValidationContext,
  functionName: string,
  version: string,
): Promise<VersionRecord> {
  const record = await tx.getVersion(ctx.accountId, functionName, version);
  if (record === undefined) throw functionNotFound(functionArn(ctx, functionName, version));
  return record;
}

/**
 * Checks a routing configuration against the alias's version; returns the weights to store, or
 * null when the alias points at one version only (an empty map clears the routing, as in AWS).
 */
export async function checkRouting(
  tx: StoreTx,
  ctx: ValidationContext,
  target: VersionRecord,
  weights: VersionWeights | null,
): Promise<VersionWeights | null> {
  const entries = Object.entries(weights ?? {});
  const first = entries[0];
  if (first === undefined) return null;
  if (entries.length > 1) {
    throw new InvalidParameterValueError('Number of items in AdditionalVersionWeights cannot be greater than 1');
  }
  const [additional, weight] = first;
  if (additional === target.version) {
    throw new InvalidParameterValueError(
      `Invalid function version ${additional}. Function version ${additional} is already included in routing configuration.`,
    );
  }
  if (target.version === LATEST) {
    throw new InvalidParameterValueError('$LATEST is not supported for an alias pointing to more than 1 version');
  }
  const second = await targetVersionOrThrow(tx, ctx, target.functionName, additional);
  // Both versions of a weighted alias must share the execution role and the dead-letter queue
  // (Lambda developer guide, "configuring-alias-routing").
  if (second.config.Role !== target.config.Role) {
    throw new InvalidParameterValueError('Specified versions must be associated with the same execution role');
  }
  if ((second.config.DeadLetterConfig?.TargetArn ?? '') !== (target.config.DeadLetterConfig?.TargetArn ?? '')) {
    // The rule is AWS's; this wording follows the role message above and is unverified.
    throw new InvalidParameterValueError('Specified versions must be associated with the same dead letter queue');
  }
  return { [additional]: weight };
}
