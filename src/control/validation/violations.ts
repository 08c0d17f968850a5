/**
 * AWS's model-validation errors. Lambda checks every member against the service model before the
 * operation runs and reports all violations in one ValidationException:
 *   `2 validation errors detected: Value '[x]' at 'compatibleRuntimes' failed to satisfy constraint: …; Value …`
 * (format recorded from real AWS in LocalStack `test_lambda_api.snapshot.json`, e.g.
 * `publish_layer_version_exc_invalid_runtime_arch`, `routing_config_exc_toohigh`, `untag_empty_keys`).
 */
import { ValidationError } from '../../shared/errors/lambda-errors.js';

export interface Violation {
  /** The member path in lowerCamelCase as AWS prints it, e.g. `ephemeralStorage.size`. */
  readonly field: string;
  /** The offending value; `null` prints as `Value null` (no quotes). */
  readonly value: unknown;
  readonly constraint: string;
  /** Sensitive members (environment variables) are reported without their value. */
  readonly sensitive?: boolean;
}

/** Java's `Double.toString` for the values AWS prints (`2.0`, `-1.0`, `0.5`). */
export function formatJavaDouble(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e7 ? n.toFixed(1) : String(n);
}

/** How Coral renders a value: lists as `[a, b]`, maps as `{k=v}`, doubles Java-style. */
export function formatAwsValue(value: unknown, asDouble = false): string {
  if (Array.isArray(value)) return `[${value.map((v) => formatAwsValue(v, asDouble)).join(', ')}]`;
  if (typeof value === 'number') return asDouble ? formatJavaDouble(value) : String(value);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${k}=${formatAwsValue(v, asDouble)}`);
    return `{${entries.join(', ')}}`;
  }
  return String(value);
}

export function describeViolation(v: Violation): string {
  if (v.sensitive === true) return `Value at '${v.field}' failed to satisfy constraint: ${v.constraint}`;
  const shown = v.value === null || v.value === undefined ? 'null' : `'${formatAwsValue(v.value)}'`;
  return `Value ${shown} at '${v.field}' failed to satisfy constraint: ${v.constraint}`;
}

export function validationFailure(violations: readonly Violation[]): ValidationError {
  const n = violations.length;
  const head = `${n} validation error${n === 1 ? '' : 's'} detected: `;
  return new ValidationError(head + violations.map(describeViolation).join('; '));
}

export function throwIfViolations(violations: readonly Violation[]): void {
  if (violations.length > 0) throw validationFailure(violations);
}

// Constraint phrases exactly as AWS prints them.
export const notNull = 'Member must not be null';
export const maxLength = (n: number): string => `Member must have length less than or equal to ${n}`;
export const minLength = (n: number): string => `Member must have length greater than or equal to ${n}`;
export const maxValue = (n: number | string): string => `Member must have value less than or equal to ${n}`;
export const minValue = (n: number | string): string => `Member must have value greater than or equal to ${n}`;
export const matchesPattern = (p: string): string => `Member must satisfy regular expression pattern: ${p}`;
export const inEnum = (values: readonly string[]): string =>
  `Member must satisfy enum value set: [${values.join(', ')}]`;
/**
 * A list whose members break a constraint: AWS prints every member constraint, usually ending in
 * not-null (layers, architectures) but not always (vpcConfig.subnetIds), so callers pass the full list.
 */
export const membersSatisfy = (constraints: readonly string[]): string =>
  `Member must satisfy constraint: [${constraints.join(', ')}]`;
export const mapKeysSatisfy = (constraints: readonly string[]): string =>
  `Map keys must satisfy constraint: [${constraints.join(', ')}]`;
export const mapValuesSatisfy = (constraints: readonly string[]): string =>
  `Map value must satisfy constraint: [${constraints.join(', ')}]`;

/** Collects violations for one request in model order. */
export class ViolationList {
  readonly items: Violation[] = [];

  add(field: string, value: unknown, constraint: string, sensitive = false): void {
    this.items.push({ field, value, constraint, ...(sensitive ? { sensitive } : {}) });
  }

  required(field: string, value: unknown): boolean {
    if (value !== undefined) return true;
    this.add(field, null, notNull);
    return false;
  }

  /** Length bounds first, then the pattern, as AWS orders the checks of one string member. */
  string(
    field: string,
    value: string | undefined,
    rule: { readonly min?: number; readonly max?: number; readonly pattern?: StringPattern },
  ): void {
    if (value === undefined) return;
    if (rule.max !== undefined && value.length > rule.max) this.add(field, value, maxLength(rule.max));
    if (rule.min !== undefined && value.length < rule.min) this.add(field, value, minLength(rule.min));
    if (rule.pattern !== undefined && !rule.pattern.regex.test(value)) {
      this.add(field, value, matchesPattern(rule.pattern.source));
    }
  }

  integer(field: string, value: number | undefined, min?: number, max?: number): void {
    if (value === undefined) return;
    if (max !== undefined && value > max) this.add(field, value, maxValue(max));
    if (min !== undefined && value < min) this.add(field, value, minValue(min));
  }

  enumValue(field: string, value: string | undefined, values: readonly string[]): void {
    if (value !== undefined && !values.includes(value)) this.add(field, value, inEnum(values));
  }

  throwIfAny(): void {
    throwIfViolations(this.items);
  }
}

/** A required member after its violations were collected: absent here still fails the AWS way. */
export function present<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw validationFailure([{ field, value: null, constraint: notNull }]);
  return value;
}

/** An AWS model pattern: `source` is printed in messages, `regex` is its whole-string JS equivalent. */
export interface StringPattern {
  readonly source: string;
  readonly regex: RegExp;
}

/** Java's `String.matches` semantics: the pattern must match the whole value. */
export function awsPattern(source: string, flags = ''): StringPattern {
  return { source, regex: new RegExp(`^(?:${source})$`, flags) };
}
