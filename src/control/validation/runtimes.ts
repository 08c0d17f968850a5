/**
 * Lambda runtime identifiers and which of them CreateFunction/UpdateFunctionConfiguration accept.
 *
 * - `RUNTIMES`: the Runtime enum of botocore @0e6e2404 (a superset of the Debian awscli 2.9.19 model).
 * - `CREATABLE_RUNTIMES`: the set real AWS lists when it rejects an unknown runtime, in AWS's own
 *   (hash-set) order, recorded in LocalStack `test_create_lambda_exceptions/invalid_runtime_exc`.
 * - `DEPRECATED_RUNTIMES`: past their block-create date; AWS answers them with "The runtime parameter
 *   of X is no longer supported…" ([LS test_create_deprecated_function_runtime_with_validation_enabled]
 *   for nodejs12.x, nodejs14.x, python3.7, java8, go1.x, provided, ruby2.7, dotnetcore3.1).
 * - `LAMBDABOX_RUNTIMES`: the ones lambdabox can run today (src/runtimes owns the bootstraps).
 */
import { InvalidParameterValueError } from '../../shared/errors/lambda-errors.js';

export const RUNTIMES = [
  'nodejs', 'nodejs4.3', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x', 'nodejs16.x',
  'nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x', 'java8', 'java8.al2', 'java11', 'java17', 'java21',
  'java25', 'python2.7', 'python3.6', 'python3.7', 'python3.8', 'python3.9', 'python3.10', 'python3.11',
  'python3.12', 'python3.13', 'python3.14', 'dotnetcore1.0', 'dotnetcore2.0', 'dotnetcore2.1', 'dotnetcore3.1',
  'dotnet6', 'dotnet8', 'dotnet10', 'nodejs4.3-edge', 'go1.x', 'ruby2.5', 'ruby2.7', 'ruby3.2', 'ruby3.3',
  'ruby3.4', 'ruby4.0', 'provided', 'provided.al2', 'provided.al2023', 'nodejs26.x', 'python3.15',
  'java8.al2023', 'java11.al2023', 'java17.al2023',
] as const;

export type Runtime = (typeof RUNTIMES)[number];

export const CREATABLE_RUNTIMES: readonly Runtime[] = [
  'nodejs20.x', 'python3.14', 'provided.al2023', 'python3.12', 'python3.13', 'nodejs24.x', 'nodejs22.x',
  'java25', 'python3.10', 'python3.11', 'java21', 'ruby3.3', 'ruby3.4', 'ruby3.2', 'python3.8', 'python3.9',
  'java17', 'nodejs16.x', 'dotnet10', 'dotnet8', 'java11', 'dotnet6', 'nodejs18.x', 'provided.al2', 'java8.al2',
];

/** Every retired identifier of the enum; the newest ones (nodejs26.x, python3.15, …) are not yet offered, not retired. */
export const DEPRECATED_RUNTIMES: readonly Runtime[] = [
  'nodejs', 'nodejs4.3', 'nodejs4.3-edge', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x',
  'java8', 'python2.7', 'python3.6', 'python3.7', 'dotnetcore1.0', 'dotnetcore2.0', 'dotnetcore2.1',
  'dotnetcore3.1', 'go1.x', 'ruby2.5', 'ruby2.7', 'provided',
];

export const LAMBDABOX_RUNTIMES: readonly Runtime[] = [
  'nodejs20.x', 'nodejs22.x', 'nodejs24.x', 'python3.11', 'python3.12', 'python3.13', 'provided.al2023', 'provided.al2',
];

/** ListLayers/ListLayerVersions ?CompatibleRuntime, in AWS's order. [LS list_layers_exc_compatibleruntime_invalid] */
export const LAYER_FILTER_RUNTIMES: readonly string[] = [
  'ruby3.5', 'ruby2.6', 'dotnetcore1.0', 'python3.7', 'nodejs8.10', 'nasa', 'ruby2.7', 'python2.7-greengrass',
  'dotnetcore2.0', 'python3.8', 'java21', 'dotnet6', 'dotnetcore2.1', 'python3.9', 'java11', 'nodejs6.10', 'provided',
  'dotnetcore3.1', 'dotnet8', 'java25', 'java17', 'nodejs', 'nodejs4.3', 'java8.al2', 'go1.x', 'dotnet10',
  'nodejs20.x', 'go1.9', 'byol', 'nodejs10.x', 'provided.al2023', 'nodejs22.x', 'python3.10', 'java8', 'nodejs12.x',
  'python3.11', 'nodejs24.x', 'nodejs8.x', 'python3.12', 'nodejs14.x', 'nodejs8.9', 'nodejs26.x', 'python3.13',
  'python3.14', 'nodejs16.x', 'python3.15', 'provided.al2', 'nodejs4.3-edge', 'nodejs18.x', 'ruby3.2', 'python3.4',
  'ruby3.3', 'ruby3.4', 'ruby2.5', 'python3.6', 'python2.7',
];

export function isRuntime(value: string): value is Runtime {
  return (RUNTIMES as readonly string[]).includes(value);
}

export function isCreatableRuntime(value: string): value is Runtime {
  return (CREATABLE_RUNTIMES as readonly string[]).includes(value);
}

export function isLambdaboxRuntime(value: string): value is Runtime {
  return (LAMBDABOX_RUNTIMES as readonly string[]).includes(value);
}

/**
 * The checks CreateFunction and UpdateFunctionConfiguration apply to `Runtime` (Zip packages), in
 * AWS's order. AWS reports these as InvalidParameterValueException, not ValidationException.
 */
export function checkFunctionRuntime(runtime: string): Runtime {
  if ((DEPRECATED_RUNTIMES as readonly string[]).includes(runtime)) {
    // [LS test_create_deprecated_function_runtime_with_validation_enabled]
    throw new InvalidParameterValueError(
      `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. ` +
        'We recommend you use a supported runtime while creating or updating functions.',
    );
  }
  if (!isCreatableRuntime(runtime)) {
    // [LS test_create_lambda_exceptions/invalid_runtime_exc, uppercase_runtime_exc]
    throw new InvalidParameterValueError(
      `Value ${runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: ` +
        `[${CREATABLE_RUNTIMES.join(', ')}] or be a valid ARN`,
    );
  }
  if (!isLambdaboxRuntime(runtime)) {
    // lambdabox-specific: AWS would accept it, but there is no bootstrap here to run it.
    throw new InvalidParameterValueError(
      `The runtime ${runtime} is not supported by lambdabox. Supported runtimes: [${LAMBDABOX_RUNTIMES.join(', ')}].`,
    );
  }
  return runtime;
}
