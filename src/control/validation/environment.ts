/** Environment.Variables: names, reserved keys and the 4 KB limit, as AWS checks them. */
import { InvalidParameterValueError } from '../../shared/errors/lambda-errors.js';
import { ENVIRONMENT_VARIABLE_NAME } from './patterns.js';
import { mapKeysSatisfy, mapValuesSatisfy, matchesPattern, notNull, type ViolationList } from './violations.js';

/**
 * Keys Lambda sets itself and refuses in Environment (Developer Guide "Defined runtime environment
 * variables"). TZ is documented there too but AWS accepts it, and functions rely on setting it.
 */
export const RESERVED_ENVIRONMENT_KEYS: ReadonlySet<string> = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

/** Total size of the variables, measured on their compact JSON encoding. [LS test_large_environment_variables_fails] */
export const ENVIRONMENT_SIZE_LIMIT = 4096;

/**
 * Model checks: names must match the pattern, values must not be null. The member is sensitive, so
 * AWS prints no value (`Value at 'environment.variables'`).
 */
export function checkEnvironmentShape(
  variables: Readonly<Record<string, string | null>> | undefined,
  violations: ViolationList,
): void {
  if (variables === undefined) return;
  const names = Object.keys(variables);
  if (names.some((n) => !ENVIRONMENT_VARIABLE_NAME.regex.test(n))) {
    const constraint = mapKeysSatisfy([matchesPattern(ENVIRONMENT_VARIABLE_NAME.source)]);
    violations.add('environment.variables', variables, constraint, true);
  }
  if (Object.values(variables).some((v) => v === null)) {
    violations.add('environment.variables', variables, mapValuesSatisfy([notNull]), true);
  }
}

/** Service checks after model validation, in the order AWS reports them. */
export function checkEnvironmentRules(variables: Readonly<Record<string, string>>): void {
  const reserved = Object.keys(variables).filter((k) => RESERVED_ENVIRONMENT_KEYS.has(k));
  if (reserved.length > 0) {
    // Wording as real responses quote it (e.g. terraform/pulumi reports of AWS_REGION).
    throw new InvalidParameterValueError(
      'Lambda was unable to configure your environment variables because the environment variables you have ' +
        'provided contains reserved keys that are currently not supported for modification. ' +
        `Reserved keys used in this request: ${reserved.join(', ')}`,
    );
  }
  const measured = JSON.stringify(variables);
  if (Buffer.byteLength(measured, 'utf8') > ENVIRONMENT_SIZE_LIMIT) {
    // [LS test_large_environment_variables_fails]: AWS quotes the measured string back. lambdabox
    // reports its size instead: variables hold secrets, and error messages reach logs and audit
    // records, which must never hold a secret (SECURITY.md, invariant 4).
    throw new InvalidParameterValueError(
      'Lambda was unable to configure your environment variables because the environment variables you have ' +
        `provided exceeded the 4KB limit. String measured: ${Buffer.byteLength(measured)} bytes (values withheld)`,
    );
  }
}

/** Drops null values (already reported by the model checks) for the typed result. */
export function definedVariables(variables: Readonly<Record<string, string | null>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(variables)) if (v !== null) out[k] = v;
  return out;
}
