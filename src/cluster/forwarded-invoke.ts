/**
 * What travels on the node channel for one forwarded Invoke: the request's fields (the payload is the
 * body) and, back, the result's fields (its body is the response body) or the AWS error the executing
 * node answered, as data. Schemas on both sides: the channel is authenticated, but a node of another
 * version must still be read, not trusted.
 */
import { z } from 'zod';
import { awsErrorFromData } from '../shared/errors/aws-error.js';
import type { AwsError } from '../shared/errors/aws-error.js';
import type { ValidationContext } from '../control/validation/context.js';
import type { FunctionRef } from '../control/validation/function-ref.js';
import type { InvokeRequest, InvokeResult } from '../invoke/invoke-types.js';

export const FORWARD_INVOKE_PATH = '/_lambdabox/node/invoke';

export const ForwardedInvokeSchema = z.object({
  region: z.string().min(1).max(64),
  accountId: z.string().regex(/^\d{12}$/),
  name: z.string().min(1).max(256),
  qualifier: z.string().min(1).max(128).optional(),
  requestId: z.string().min(1).max(128),
  invokedFunctionArn: z.string().min(1).max(512),
  tailLogs: z.boolean(),
  clientContext: z.string().max(16_384).optional(),
});

export const ForwardedOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('result'),
    status: z.union([z.literal(200), z.literal(202), z.literal(204)]),
    contentType: z.string().max(256).optional(),
    executedVersion: z.string().max(64).optional(),
    functionError: z.literal('Unhandled').optional(),
    logResult: z.string().max(8192).optional(),
  }),
  z.object({
    kind: z.literal('error'),
    code: z.string().min(1).max(128),
    status: z.number().int().min(400).max(599),
    message: z.string().max(65_536),
    messageKey: z.enum(['message', 'Message']).optional(),
    fields: z.record(z.string(), z.unknown()).optional(),
    headers: z.record(z.string(), z.string()).optional(),
  }),
]);

export type ForwardedInvoke = z.infer<typeof ForwardedInvokeSchema>;
export type ForwardedOutcome = z.infer<typeof ForwardedOutcomeSchema>;

export function forwardedInvoke(ctx: ValidationContext, ref: FunctionRef, request: InvokeRequest): ForwardedInvoke {
  return {
    region: ctx.region,
    accountId: ctx.accountId,
    name: ref.name,
    ...(ref.qualifier === undefined ? {} : { qualifier: ref.qualifier }),
    requestId: request.requestId,
    invokedFunctionArn: request.invokedFunctionArn,
    tailLogs: request.tailLogs,
    ...(request.clientContext === undefined ? {} : { clientContext: request.clientContext }),
  };
}

export function resultOutcome(result: InvokeResult): ForwardedOutcome {
  return {
    kind: 'result',
    status: result.status,
    ...(result.contentType === undefined ? {} : { contentType: result.contentType }),
    ...(result.executedVersion === undefined ? {} : { executedVersion: result.executedVersion }),
    ...(result.functionError === undefined ? {} : { functionError: result.functionError }),
    ...(result.logResult === undefined ? {} : { logResult: result.logResult }),
  };
}

export function errorOutcome(err: AwsError): ForwardedOutcome {
  return {
    kind: 'error',
    code: err.code,
    status: err.status,
    message: err.message,
    messageKey: err.messageKey,
    fields: { ...err.fields },
    headers: { ...err.headers },
  };
}

/** The executing node's answer as the receiving node gives it to its caller. */
export function outcomeResult(outcome: ForwardedOutcome, body: Buffer): InvokeResult {
  if (outcome.kind === 'error') throw awsErrorFromData(outcome);
  const { kind: _kind, ...fields } = outcome;
  return { ...fields, ...(outcome.status === 200 ? { body } : {}) };
}
