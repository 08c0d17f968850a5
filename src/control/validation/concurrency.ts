/** PutFunctionConcurrency body, and the rule that concurrency is set on unqualified functions only. */
import { InvalidParameterValueError } from '../../shared/errors/lambda-errors.js';
import type { FunctionRef } from './function-ref.js';
import { present, ViolationList } from './violations.js';
import { decodeBody, wire } from './wire.js';

export interface PutFunctionConcurrencyInput {
  ReservedConcurrentExecutions: number;
}

export function parsePutFunctionConcurrencyInput(body: unknown): PutFunctionConcurrencyInput {
  const input = decodeBody({ ReservedConcurrentExecutions: wire.integer() }, body);
  const v = new ViolationList();
  if (v.required('reservedConcurrentExecutions', input.ReservedConcurrentExecutions)) {
    v.integer('reservedConcurrentExecutions', input.ReservedConcurrentExecutions, 0);
  }
  v.throwIfAny();
  return { ReservedConcurrentExecutions: present(input.ReservedConcurrentExecutions, 'reservedConcurrentExecutions') };
}

/** [LS test_function_concurrency_exceptions/put_function_concurrency_with_qualified_arn] */
export function requireUnqualified(ref: FunctionRef): FunctionRef {
  if (ref.qualifier !== undefined) {
    throw new InvalidParameterValueError(
      'This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. ' +
        'Please specify either a function name or an unqualified function ARN.',
    );
  }
  return ref;
}
