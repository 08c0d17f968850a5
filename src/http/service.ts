/** What the front door needs from each AWS-compatible service it serves on the shared port. */
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiRequest, ApiResponse } from './api-request.js';
import type { AwsError } from '../shared/errors/aws-error.js';
import type { Caller } from '../iam/caller.js';

export interface RoutedOperation {
  /** AWS operation name, e.g. `CreateFunction` (used in logs and error messages). */
  readonly name: string;
  /** Largest request body this operation accepts; larger ones get the service's 413. */
  readonly maxBodyBytes: number;
  run(req: ApiRequest, caller: Caller): Promise<ApiResponse>;
}

export interface ApiService {
  /** SigV4 signing name (credential-scope service) that routes requests here. */
  readonly signingName: string;
  /** Finds the operation for a request, or throws an AwsError (unknown path → 404 UnknownOperation). */
  route(method: string, rawPath: string, query: URLSearchParams): RoutedOperation;
  /** Error raised when the body exceeds `maxBodyBytes`. */
  tooLarge(operation: RoutedOperation): AwsError;
  /**
   * Renders an error in the service's protocol. `headers` lets a service that speaks two protocols on one
   * signing name (SQS: JSON and query) answer failures raised before the operation runs in the client's one.
   */
  renderError(err: AwsError, requestId: string, headers?: IncomingHttpHeaders): ApiResponse;
}
