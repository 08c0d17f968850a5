/**
 * One IAM API action: the IAM action it is authorized as, the resource ARN it acts on, and the handler.
 * The IAM service authorizes every action through `Authorize` before running it.
 */
import type { ApiRequest } from '../../../http/api-request.js';
import type { QueryParams } from '../../../http/query/query-params.js';
import type { QueryResult } from '../../../http/query/query-service.js';
import type { Caller } from '../../../iam/caller.js';
import type { IamDeps } from '../operations/iam-deps.js';

export interface IamCall {
  readonly params: QueryParams;
  readonly req: ApiRequest;
  readonly caller: Caller;
  readonly accountId: string;
  readonly deps: IamDeps;
}

export interface IamAction {
  /** e.g. `iam:CreateUser`. */
  readonly iamAction: string;
  /** The ARN evaluated against `Resource` (reads the store when the ARN depends on an entity's path). */
  resource(call: IamCall): Promise<string>;
  run(call: IamCall): Promise<QueryResult>;
}

export type IamActionTable = Readonly<Record<string, IamAction>>;
