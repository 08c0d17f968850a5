/**
 * The wire form of an event-invoke config and the two not-found answers AWS gives around these
 * configs ([LS TestLambdaEventInvokeConfig]).
 */
import type { EventInvokeConfigRecord } from '../../store/records.js';
import type { ValidationContext } from '../validation/context.js';
import { functionArn } from '../validation/function-ref.js';
import { ResourceNotFoundError } from '../../shared/errors/lambda-errors.js';

export interface FunctionEventInvokeConfig {
  /** Epoch seconds: this shape's timestamps are numbers on the wire, unlike FunctionConfiguration's. */
  LastModified: number;
  /** Always qualified, `…:$LATEST` included. */
  FunctionArn: string;
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
  /** Both members are always present, `{}` when unset. [LS put_destination_latest] */
  DestinationConfig: { OnSuccess: { Destination?: string }; OnFailure: { Destination?: string } };
}

const destination = (arn: string | null): { Destination?: string } => (arn === null ? {} : { Destination: arn });

export function toEventInvokeConfig(ctx: ValidationContext, record: EventInvokeConfigRecord): FunctionEventInvokeConfig {
  return {
    LastModified: record.lastModified,
    FunctionArn: functionArn(ctx, record.functionName, record.qualifier),
    ...(record.maximumRetryAttempts === null ? {} : { MaximumRetryAttempts: record.maximumRetryAttempts }),
    ...(record.maximumEventAgeInSeconds === null ? {} : { MaximumEventAgeInSeconds: record.maximumEventAgeInSeconds }),
    DestinationConfig: { OnSuccess: destination(record.onSuccess), OnFailure: destination(record.onFailure) },
  };
}

/** Put, Update and List name neither the function nor the qualifier. [LS put_functionname_name_notfound] */
export function functionDoesNotExist(): ResourceNotFoundError {
  return new ResourceNotFoundError("The function doesn't exist.");
}

/** Get, Delete, and Update of an absent config. [LS get_function_doesnotexist, delete_function_not_found] */
export function noEventInvokeConfig(ctx: ValidationContext, functionName: string, qualifier: string): ResourceNotFoundError {
  return new ResourceNotFoundError(
    `The function ${functionArn(ctx, functionName, qualifier)} doesn't have an EventInvokeConfig`,
  );
}
