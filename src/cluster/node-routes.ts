/**
 * The receiving side of the node channel (`/_lambdabox/node/*`): a forwarded Invoke whose signature,
 * time, nonce and body hash check out runs here, and the answer goes back signed. The caller was
 * authenticated and authorized by the node it called; this one trusts that node because only a node
 * holds the channel key. Anything else gets 403 after at most the door's small internal-body limit.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { ApiRequest, ApiResponse } from '../http/api-request.js';
import { internalError, isAwsError } from '../shared/errors/aws-error.js';
import type { ValidationContext } from '../control/validation/context.js';
import type { FunctionRef } from '../control/validation/function-ref.js';
import type { InvokeRequest, InvokeResult } from '../invoke/invoke-types.js';
import { bodyMatches, decodeMeta, encodeMeta } from './node-channel.js';
import type { NodeChannelKey, SignedHead } from './node-channel.js';
import { FORWARD_INVOKE_PATH, ForwardedInvokeSchema, errorOutcome, resultOutcome } from './forwarded-invoke.js';
import type { ForwardedOutcome } from './forwarded-invoke.js';

/** A synchronous payload (6 MB) and room for the rest. */
export const NODE_CHANNEL_MAX_BODY_BYTES = 7 * 1024 * 1024;

/** What runs a forwarded invoke: the data plane, without placing it again (one hop at most). */
export interface LocalExecutor {
  executeHere(ctx: ValidationContext, ref: FunctionRef, request: InvokeRequest): Promise<InvokeResult>;
}

export interface NodeRoutesOptions {
  readonly key: NodeChannelKey;
  readonly nodeId: string;
  readonly executor: LocalExecutor;
  readonly logger: Logger;
  readonly now?: () => number;
}

export class NodeRoutes {
  readonly #o: NodeRoutesOptions;
  /** Heads verified before their body was read, by the request's header object. */
  readonly #verified = new WeakMap<IncomingHttpHeaders, SignedHead>();

  constructor(options: NodeRoutesOptions) {
    this.#o = options;
  }

  owns(rawPath: string): boolean {
    return rawPath.startsWith('/_lambdabox/node/');
  }

  /** A signed head may send a full payload; anything else is read only up to the door's default. */
  bodyLimit(method: string, rawPath: string, headers: IncomingHttpHeaders): number | undefined {
    if (rawPath !== FORWARD_INVOKE_PATH || method !== 'POST') return undefined;
    const head = this.#o.key.verifyRequest(method, rawPath, headers, this.#now());
    if (head === undefined) return undefined;
    this.#verified.set(headers, head);
    return NODE_CHANNEL_MAX_BODY_BYTES;
  }

  async handle(req: ApiRequest): Promise<ApiResponse | undefined> {
    if (req.rawPath !== FORWARD_INVOKE_PATH) return undefined;
    const forbidden: ApiResponse = { status: 403, body: { message: 'This route is for lambdabox nodes.' } };
    if (req.method !== 'POST') return forbidden;
    const head = this.#verified.get(req.headers) ?? this.#o.key.verifyRequest(req.method, req.rawPath, req.headers, this.#now());
    if (head === undefined || !bodyMatches(head, req.body)) return forbidden;
    let parsed;
    try {
      parsed = ForwardedInvokeSchema.safeParse(decodeMeta(head.meta));
    } catch {
      return { status: 400, body: { message: 'The forwarded invoke cannot be read.' } };
    }
    if (!parsed.success) return { status: 400, body: { message: 'The forwarded invoke cannot be read.' } };
    const f = parsed.data;
    let outcome: ForwardedOutcome;
    let body: Buffer = Buffer.alloc(0);
    try {
      const result = await this.#o.executor.executeHere(
        { region: f.region, accountId: f.accountId },
        { name: f.name, ...(f.qualifier === undefined ? {} : { qualifier: f.qualifier }) },
        {
          requestId: f.requestId,
          invocationType: 'RequestResponse',
          payload: req.body,
          tailLogs: f.tailLogs,
          invokedFunctionArn: f.invokedFunctionArn,
          ...(f.clientContext === undefined ? {} : { clientContext: f.clientContext }),
        },
      );
      outcome = resultOutcome(result);
      body = result.body ?? body;
    } catch (err) {
      if (!isAwsError(err)) this.#o.logger.error({ err, requestId: f.requestId }, 'a forwarded invoke failed');
      outcome = errorOutcome(isAwsError(err) ? err : internalError(err));
    }
    const meta = encodeMeta(outcome);
    return {
      status: outcome.kind === 'error' ? outcome.status : 200,
      headers: { ...this.#o.key.signResponse(this.#o.nodeId, head.nonce, meta, body, this.#now()), 'Content-Type': 'application/octet-stream' },
      body,
    };
  }

  #now(): number {
    return (this.#o.now ?? Date.now)();
  }
}
