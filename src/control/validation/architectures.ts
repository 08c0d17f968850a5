/** Architectures: AWS's model checks, then lambdabox's own limit (it runs x86_64 only). */
import { InvalidParameterValueError } from '../../shared/errors/lambda-errors.js';
import { inEnum, maxLength, membersSatisfy, minLength, notNull, type ViolationList } from './violations.js';

export const AWS_ARCHITECTURES = ['x86_64', 'arm64'] as const;
export type LambdaboxArchitectures = ['x86_64'];

/** `field` is `architectures` (CreateFunction, UpdateFunctionCode). [LS multiple_architectures, uppercase_architecture] */
export function checkArchitectures(
  list: readonly (string | null)[] | undefined,
  v: ViolationList,
  field = 'architectures',
): void {
  if (list === undefined) return;
  if (list.length > 1) v.add(field, list, maxLength(1));
  if (list.length < 1) v.add(field, list, minLength(1));
  if (list.some((a) => a === null || !(AWS_ARCHITECTURES as readonly string[]).includes(a))) {
    v.add(field, list, membersSatisfy([inEnum(AWS_ARCHITECTURES), notNull]));
  }
}

export const ARM64_NOT_SUPPORTED =
  'lambdabox runs functions on x86_64 only: the arm64 architecture is not supported. ' +
  'Omit Architectures or set it to ["x86_64"].';

/** After the model checks: the one architecture lambdabox can run, or a clear refusal. */
export function lambdaboxArchitecture(list: readonly (string | null)[] | undefined): LambdaboxArchitectures {
  if (list !== undefined && list.some((a) => a !== 'x86_64')) throw new InvalidParameterValueError(ARM64_NOT_SUPPORTED);
  return ['x86_64'];
}
