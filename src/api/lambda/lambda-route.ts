/** One Lambda REST operation: its path template, body limit and handler. */
import type { ApiRequest, ApiResponse } from '../../http/api-request.js';
import type { Caller } from '../../iam/caller.js';
import type { ValidationContext } from '../../control/validation/context.js';
import type { ControlDeps } from '../../control/control-deps.js';
import type { InvokeService } from '../../invoke/invoke-service.js';
import type { IamSpec } from './iam-spec.js';

export interface LambdaCall {
  readonly req: ApiRequest;
  readonly caller: Caller;
  /** Path parameters, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /**
   * Region and the account the operation acts in (the caller's, or the owner of another account's
   * function or layer the caller was authorized to use): the frame every name and ARN is resolved in.
   */
  readonly ctx: ValidationContext;
  readonly control: ControlDeps;
  /** The data plane; absent in a control-plane-only server. */
  readonly invoke: InvokeService | undefined;
}

export interface LambdaRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** find-my-way template, e.g. `/2015-03-31/functions/:FunctionName/configuration`. */
  readonly path: string;
  readonly name: string;
  /** @default 6 MiB */
  readonly maxBodyBytes?: number;
  /** The operation name AWS prints in its 413 message, when it differs from `name`. */
  readonly limitName?: string;
  /** For two operations on one path (e.g. ListLayers vs GetLayerVersionByArn): pick by query. */
  readonly when?: (query: URLSearchParams) => boolean;
  /** The IAM action(s) and resource(s) of the operation; LambdaApi authorizes them before `handle`. */
  readonly iam: IamSpec;
  handle(call: LambdaCall): Promise<ApiResponse>;
}
