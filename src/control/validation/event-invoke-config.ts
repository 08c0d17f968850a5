/** Put/UpdateFunctionEventInvokeConfig bodies (async retries, event age, destinations). */
import { InvalidParameterValueError } from '../../shared/errors/lambda-errors.js';
import { DESTINATION_ARN } from './patterns.js';
import { ViolationList } from './violations.js';
import { decodeBody, wire } from './wire.js';
import { arnHead, parseArn } from '../../shared/arn/arn.js';
import { isAccountId } from '../../shared/arn/ids.js';
import { valueOf } from '../../shared/arn/result.js';

export interface DestinationConfigInput {
  OnSuccess?: { Destination?: string };
  OnFailure?: { Destination?: string };
}

export interface EventInvokeConfigInput {
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
  DestinationConfig?: DestinationConfigInput;
}

/** [BM] MaximumRetryAttempts 0-2, MaximumEventAgeInSeconds 60-21600 */
export const MAXIMUM_RETRY_ATTEMPTS = { min: 0, max: 2 } as const;
export const MAXIMUM_EVENT_AGE_IN_SECONDS = { min: 60, max: 21600 } as const;

const destination = () => wire.struct({ Destination: wire.string() });
const members = {
  MaximumRetryAttempts: wire.integer(),
  MaximumEventAgeInSeconds: wire.integer(),
  DestinationConfig: wire.struct({ OnSuccess: destination(), OnFailure: destination() }),
};

/** Services a destination may be: Lambda, SNS, SQS, EventBridge (Kafka needs an ESM, which lambdabox lacks). */
const DESTINATION_SERVICES = new Set(['lambda', 'sns', 'sqs', 'events']);

export function serviceOf(arn: string): string | undefined {
  return arnHead(arn)?.service;
}

/**
 * The account, region and function name a Lambda destination names, whatever follows the name (a
 * qualifier or anything else): the partition and the region may be empty here.
 */
export function destinationFunction(arn: string): { readonly region: string; readonly accountId: string; readonly name: string } | undefined {
  const parts = valueOf(parseArn(arn));
  if (parts === undefined || parts.service !== 'lambda' || !isAccountId(parts.accountId) || !parts.resource.startsWith('function:')) {
    return undefined;
  }
  const name = parts.resource.slice('function:'.length).split(':')[0] ?? '';
  return name === '' ? undefined : { region: parts.region, accountId: parts.accountId, name };
}

/**
 * `mode` is 'put' (PUT, replaces the config) or 'update' (POST, changes only the given members);
 * AWS applies the same checks to both.
 */
export function parseEventInvokeConfigInput(body: unknown, _mode: 'put' | 'update'): EventInvokeConfigInput {
  const input = decodeBody(members, body);
  const onSuccess = input.DestinationConfig?.OnSuccess?.Destination;
  const onFailure = input.DestinationConfig?.OnFailure?.Destination;

  const v = new ViolationList();
  v.integer('maximumRetryAttempts', input.MaximumRetryAttempts, MAXIMUM_RETRY_ATTEMPTS.min, MAXIMUM_RETRY_ATTEMPTS.max);
  v.integer(
    'maximumEventAgeInSeconds',
    input.MaximumEventAgeInSeconds,
    MAXIMUM_EVENT_AGE_IN_SECONDS.min,
    MAXIMUM_EVENT_AGE_IN_SECONDS.max,
  );
  // [LS test_lambda_eventinvokeconfig_exceptions/put_destination_invalid_arn_pattern]
  v.string('destinationConfig.onSuccess.destination', onSuccess, { min: 0, max: 350, pattern: DESTINATION_ARN });
  v.string('destinationConfig.onFailure.destination', onFailure, { min: 0, max: 350, pattern: DESTINATION_ARN });
  v.throwIfAny();

  if (input.MaximumRetryAttempts === undefined && input.MaximumEventAgeInSeconds === undefined && input.DestinationConfig === undefined) {
    // [LS put_functionname_nootherargs]
    throw new InvalidParameterValueError('You must specify at least one of error handling or destination setting.');
  }
  const unsupported = [onSuccess, onFailure].some((d) => d !== undefined && d !== '' && !DESTINATION_SERVICES.has(serviceOf(d) ?? ''));
  if (unsupported) {
    // [LS put_destination_invalid_service_arn]: AWS prints its Java object for the whole config.
    const part = (kind: string, d: string | undefined): string => (d === undefined ? 'null' : `${kind}(destination=${d})`);
    throw new InvalidParameterValueError(
      `The provided destination config DestinationConfig(onSuccess=${part('OnSuccess', onSuccess)}, ` +
        `onFailure=${part('OnFailure', onFailure)}) is invalid.`,
    );
  }

  const out: EventInvokeConfigInput = {};
  if (input.MaximumRetryAttempts !== undefined) out.MaximumRetryAttempts = input.MaximumRetryAttempts;
  if (input.MaximumEventAgeInSeconds !== undefined) out.MaximumEventAgeInSeconds = input.MaximumEventAgeInSeconds;
  if (input.DestinationConfig !== undefined) {
    out.DestinationConfig = {
      ...(input.DestinationConfig.OnSuccess === undefined ? {} : { OnSuccess: onSuccess === undefined ? {} : { Destination: onSuccess } }),
      ...(input.DestinationConfig.OnFailure === undefined ? {} : { OnFailure: onFailure === undefined ? {} : { Destination: onFailure } }),
    };
  }
  return out;
}

/** A Lambda destination naming the configured function itself. [LS put_destination_recursive] */
export function checkDestinationNotSelf(
  config: DestinationConfigInput | undefined,
  functionName: string,
  where?: { readonly region: string; readonly accountId: string },
): void {
  for (const arn of [config?.OnSuccess?.Destination, config?.OnFailure?.Destination]) {
    const fn = arn === undefined ? undefined : destinationFunction(arn);
    // Only the same function in the same account and region is "itself".
    const same = fn !== undefined && fn.name === functionName && (where === undefined || (fn.region === where.region && fn.accountId === where.accountId));
    if (same) {
      throw new InvalidParameterValueError("You can't specify the function as a destination for itself.");
    }
  }
}
