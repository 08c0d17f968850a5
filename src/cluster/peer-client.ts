/**
 * The sending side of a forwarded Invoke: signs it for the node channel, posts it to the peer and checks
 * that the answer is the peer's, over this very request. An answer that is not signed, or a connection
 * cut after the request went out, is a ServiceException (the function may have run); a connection the
 * peer refused is PeerUnreachableError, which placement turns into running the invoke here.
 */
import type { Logger } from 'pino';
import { LambdaboxError } from '../shared/errors/lambdabox-error.js';
import { ServiceError } from '../shared/errors/aws-error.js';
import type { PlacementInput } from '../invoke/placement.js';
import type { InvokeResult } from '../invoke/invoke-types.js';
import { decodeMeta, encodeMeta, H } from './node-channel.js';
import type { NodeChannelKey } from './node-channel.js';
import { FORWARD_INVOKE_PATH, ForwardedOutcomeSchema, forwardedInvoke, outcomeResult } from './forwarded-invoke.js';

/** The peer could not be reached at all: nothing was sent, so nothing ran there. */
export class PeerUnreachableError extends LambdaboxError {
  constructor(url: string, cause: unknown) {
    super('ERR_PEER_UNREACHABLE', `cannot reach the node at ${url}`, { cause });
  }
}

/** Time a forwarded invoke may take beyond the function's timeout (a cold start, the hop). */
const HOP_MARGIN_MS = 60_000;

export interface PeerClientOptions {
  readonly key: NodeChannelKey;
  readonly nodeId: string;
  readonly logger: Logger;
  readonly now?: () => number;
}

export class PeerClient {
  readonly #o: PeerClientOptions;

  constructor(options: PeerClientOptions) {
    this.#o = options;
  }

  async invoke(peerUrl: string, input: PlacementInput): Promise<InvokeResult> {
    const meta = encodeMeta(forwardedInvoke(input.ctx, input.ref, input.request));
    const headers = this.#o.key.signRequest(this.#o.nodeId, 'POST', FORWARD_INVOKE_PATH, meta, input.request.payload, (this.#o.now ?? Date.now)());
    let res: Response;
    try {
      res = await fetch(new URL(FORWARD_INVOKE_PATH, peerUrl), {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/octet-stream' },
        body: input.request.payload,
        signal: AbortSignal.timeout(input.timeoutMs + HOP_MARGIN_MS),
      });
    } catch (err) {
      if (refused(err)) throw new PeerUnreachableError(peerUrl, err);
      throw new ServiceError('The invocation could not be completed on the node it was placed on.', { cause: err });
    }
    const body = Buffer.from(await res.arrayBuffer());
    const nonce = headers[H.nonce] ?? '';
    const head = this.#o.key.verifyResponse(nonce, res.headers, body);
    if (head === undefined) {
      this.#o.logger.error({ url: peerUrl, status: res.status }, 'a peer node answered a forwarded invoke without a valid signature');
      throw new ServiceError('The invocation could not be completed on the node it was placed on.');
    }
    const outcome = ForwardedOutcomeSchema.safeParse(decodeMeta(head.meta));
    if (!outcome.success) throw new ServiceError('The node the invocation was placed on gave an answer this node cannot read.');
    return outcomeResult(outcome.data, body);
  }
}

/** ECONNREFUSED (and a host that is not there): the request never left. */
function refused(err: unknown): boolean {
  const cause = err instanceof Error ? (err.cause as NodeJS.ErrnoException | undefined) : undefined;
  return cause?.code === 'ECONNREFUSED' || cause?.code === 'EHOSTUNREACH' || cause?.code === 'ENETUNREACH';
}
