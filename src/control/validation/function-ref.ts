/**
 * Resolution of the {FunctionName} path segment (a name, `123456789012:function:name`, a partial or
 * full ARN, each optionally `:qualifier`) plus ?Qualifier, with AWS's checks in AWS's order
 * (LocalStack's api_utils.get_name_and_qualifier, docs/SOURCES.md [LS]; cases recorded in LocalStack
 * `test_function_arns` and `test_function_name_and_qualifier_validation`).
 */
import { AccessDeniedError } from '../../shared/errors/aws-error.js';
import { InvalidParameterValueError, ResourceNotFoundError } from '../../shared/errors/lambda-errors.js';
import { partitionOf, type ValidationContext } from './context.js';
import { FUNCTION_NAME, NAMESPACED_FUNCTION_NAME, QUALIFIER } from './patterns.js';
import { matchesPattern, maxLength, minLength, validationFailure, type Violation } from './violations.js';
import { functionArn as buildFunctionArn, type FunctionArn } from '../../shared/arn/function-arn.js';
import {
  FUNCTION_NAME_DIALECT,
  NAMESPACED_FUNCTION_NAME_DIALECT,
  functionNamePattern,
  splitFunctionName,
  type FunctionNameParts,
} from '../../shared/arn/function-name.js';

export { layerArn, layerVersionArn, parseLayerVersionArn } from './layer-arn.js';

export interface FunctionRef {
  readonly name: string;
  readonly qualifier?: string;
}

/**
 * Which model shape the operation uses for FunctionName: it decides the pattern AWS prints and the
 * length limit. `CreateFunction` is FunctionName plus the 64-character limit on a bare name.
 */
export type FunctionNameShape = 'CreateFunction' | 'FunctionName' | 'NamespacedFunctionName';

/** The shape of {FunctionName} per operation (botocore @0e6e2404). */
export const FUNCTION_NAME_SHAPE = {
  CreateFunction: 'CreateFunction',
  UpdateFunctionCode: 'FunctionName',
  UpdateFunctionConfiguration: 'FunctionName',
  PublishVersion: 'FunctionName',
  CreateAlias: 'FunctionName',
  GetAlias: 'FunctionName',
  UpdateAlias: 'FunctionName',
  DeleteAlias: 'FunctionName',
  ListAliases: 'FunctionName',
  PutFunctionConcurrency: 'FunctionName',
  GetFunctionConcurrency: 'FunctionName',
  DeleteFunctionConcurrency: 'FunctionName',
  GetFunction: 'NamespacedFunctionName',
  GetFunctionConfiguration: 'NamespacedFunctionName',
  DeleteFunction: 'NamespacedFunctionName',
  ListVersionsByFunction: 'NamespacedFunctionName',
  Invoke: 'NamespacedFunctionName',
  AddPermission: 'NamespacedFunctionName',
  GetPolicy: 'NamespacedFunctionName',
  RemovePermission: 'NamespacedFunctionName',
  PutFunctionEventInvokeConfig: 'NamespacedFunctionName',
  UpdateFunctionEventInvokeConfig: 'NamespacedFunctionName',
  GetFunctionEventInvokeConfig: 'NamespacedFunctionName',
  DeleteFunctionEventInvokeConfig: 'NamespacedFunctionName',
  ListFunctionEventInvokeConfigs: 'NamespacedFunctionName',
} as const satisfies Record<string, FunctionNameShape>;

/** The same languages as the model patterns, with the parts named. */
const PARTS: Record<'FunctionName' | 'NamespacedFunctionName', RegExp> = {
  FunctionName: functionNamePattern(FUNCTION_NAME_DIALECT),
  NamespacedFunctionName: functionNamePattern(NAMESPACED_FUNCTION_NAME_DIALECT),
};

const MAX_LENGTH: Record<FunctionNameShape, number> = {
  CreateFunction: 140,
  FunctionName: 140,
  NamespacedFunctionName: 256,
};

/** A bare function name in CreateFunction is limited to 64 characters. [LS long_function_name_exc] */
const BARE_NAME_MAX = 64;

function splitName(raw: string, shape: FunctionNameShape): FunctionNameParts | undefined {
  return splitFunctionName(raw, PARTS[shape === 'NamespacedFunctionName' ? shape : 'FunctionName']);
}

/** Other account → 403 AccessDenied (empty message); other region → 404. [LS test_function_arns] */
function checkLocation(parts: FunctionNameParts, ctx: ValidationContext): void {
  if (parts.accountId !== undefined && parts.accountId !== ctx.accountId) throw new AccessDeniedError();
  if (parts.region !== undefined && parts.region !== ctx.region) {
    throw new ResourceNotFoundError(
      `Functions from '${parts.region}' are not reachable in this region ('${ctx.region}')`,
    );
  }
}

export function resolveFunctionRef(
  raw: string,
  queryQualifier: string | undefined,
  ctx: ValidationContext,
  shape: FunctionNameShape = 'FunctionName',
): FunctionRef {
  const parts = splitName(raw, shape);
  if (parts !== undefined) checkLocation(parts, ctx);

  const violations: Violation[] = [];
  const pattern = shape === 'NamespacedFunctionName' ? NAMESPACED_FUNCTION_NAME : FUNCTION_NAME;
  if (parts === undefined) violations.push({ field: 'functionName', value: raw, constraint: matchesPattern(pattern.source) });
  const bare = parts !== undefined && parts.name === raw;
  const max = shape === 'CreateFunction' && bare ? BARE_NAME_MAX : MAX_LENGTH[shape];
  if (raw.length > max) violations.push({ field: 'functionName', value: raw, constraint: maxLength(max) });
  if (raw.length < 1) violations.push({ field: 'functionName', value: raw, constraint: minLength(1) });
  if (queryQualifier !== undefined) {
    if (queryQualifier.length > 128) {
      violations.push({ field: 'qualifier', value: queryQualifier, constraint: maxLength(128) });
    }
    if (queryQualifier.length < 1) {
      violations.push({ field: 'qualifier', value: queryQualifier, constraint: minLength(1) });
    }
    if (!QUALIFIER.regex.test(queryQualifier)) {
      violations.push({ field: 'qualifier', value: queryQualifier, constraint: matchesPattern(QUALIFIER.source) });
    }
  }
  if (violations.length > 0 || parts === undefined) {
    const failure = validationFailure(violations);
    // CreateFunction reports a well-formed bare name that is too long as InvalidParameterValueException,
    // anything else as ValidationException. [LS long_function_name_exc, invalid_characters_in_function_name]
    if (shape === 'CreateFunction' && bare) throw new InvalidParameterValueError(failure.message);
    throw failure;
  }

  if (queryQualifier !== undefined && parts.qualifier !== undefined && queryQualifier !== parts.qualifier) {
    // [LS test_ops_with_arn_qualifier_mismatch]
    throw new InvalidParameterValueError(
      'The derived qualifier from the function name does not match the specified qualifier.',
    );
  }
  const qualifier = queryQualifier ?? parts.qualifier;
  return qualifier === undefined ? { name: parts.name } : { name: parts.name, qualifier };
}

export function functionArn(ctx: ValidationContext, name: string, qualifier?: string): FunctionArn {
  return buildFunctionArn({ partition: partitionOf(ctx), region: ctx.region, accountId: ctx.accountId, name, ...(qualifier === undefined ? {} : { qualifier }) });
}
