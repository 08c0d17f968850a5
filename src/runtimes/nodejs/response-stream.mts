/**
 * Response streaming handlers (`awslambda.streamifyResponse`), answered buffered: the Runtime API
 * server does not take streamed responses yet, and a RequestResponse Invoke of a streaming function
 * returns the whole stream as its payload anyway. The stream keeps the RIC's surface (a Writable with
 * setContentType, HttpResponseStream.from's prelude) so such functions load and run unchanged.
 */
import { Writable } from 'node:stream';
import { HANDLER_STREAMING } from './handler-loader.mjs';
import type { UserHandler } from './handler-loader.mjs';
import { buildAsyncContext, buildContext } from './invoke-context.mjs';
import type { NextInvocation } from './runtime-client.mjs';

const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
const HANDLER_HIGHWATERMARK = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');
const PRELUDE_DELIMITER_BYTES = 8;

export class InvalidStreamingOperation extends Error {}
InvalidStreamingOperation.prototype.name = 'Runtime.InvalidStreamingOperation';

type RawWrite = (chunk: string | Uint8Array) => void;

export class BufferedResponseStream extends Writable {
  /** Set by HttpResponseStream.from: writes the prelude ahead of the first chunk. */
  _onBeforeFirstWrite: ((write: RawWrite) => void) | undefined;
  #contentType = DEFAULT_CONTENT_TYPE;
  #chunks: Buffer[] = [];
  #started = false;

  constructor() {
    // Object mode lets any chunk through to _write, which stringifies non-binary ones as the RIC does.
    super({ objectMode: true });
  }

  get contentType(): string {
    return this.#contentType;
  }

  get body(): Buffer {
    return Buffer.concat(this.#chunks);
  }

  setContentType(contentType: string): void {
    if (this.#started) throw new InvalidStreamingOperation('Cannot set content-type, too late.');
    this.#contentType = contentType;
  }

  override _write(chunk: unknown, encoding: BufferEncoding | 'buffer', callback: (error?: Error | null) => void): void {
    if (!this.#started) {
      this.#started = true;
      this._onBeforeFirstWrite?.((raw) => this.#chunks.push(Buffer.from(raw)));
    }
    if (typeof chunk === 'string') {
      this.#chunks.push(Buffer.from(chunk, encoding === 'buffer' ? 'utf8' : encoding));
    } else if (chunk instanceof Uint8Array) {
      this.#chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } else {
      this.#chunks.push(Buffer.from(JSON.stringify(chunk) ?? ''));
    }
    callback();
  }
}

/** The `awslambda` global Lambda's Node runtimes provide to user code. */
export function installAwsLambdaGlobal(env: NodeJS.ProcessEnv): void {
  const optOut = env['AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA'];
  if (optOut === '1' || optOut === 'true') return;
  const streamifyResponse = (handler: UserHandler, options?: { highWaterMark?: unknown }): UserHandler => {
    const marks = handler as unknown as Record<symbol, unknown>;
    marks[HANDLER_STREAMING] = 'response';
    if (typeof options?.highWaterMark === 'number') marks[HANDLER_HIGHWATERMARK] = Math.trunc(options.highWaterMark);
    return handler;
  };
  const HttpResponseStream = {
    from(stream: BufferedResponseStream, prelude: unknown): BufferedResponseStream {
      stream.setContentType(HTTP_INTEGRATION_CONTENT_TYPE);
      const json = JSON.stringify(prelude);
      stream._onBeforeFirstWrite = (write) => {
        write(json);
        write(new Uint8Array(PRELUDE_DELIMITER_BYTES));
      };
      return stream;
    },
  };
  (globalThis as Record<string, unknown>)['awslambda'] = { streamifyResponse, HttpResponseStream };
}

export type StreamingOutcome =
  | { readonly kind: 'response'; readonly body: Buffer; readonly contentType: string }
  | { readonly kind: 'error'; readonly error: unknown };

function finished(stream: Writable): Promise<void> {
  if (stream.writableFinished) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', reject);
  });
}

/** Runs a streaming handler to completion and collects what it wrote. */
export async function runStreamingHandler(
  handler: UserHandler,
  invocation: NextInvocation,
  requestId: string,
  asyncOnly: boolean,
): Promise<StreamingOutcome> {
  const stream = new BufferedResponseStream();
  try {
    const event: unknown = JSON.parse(invocation.body.toString('utf8'));
    const context = asyncOnly
      ? buildAsyncContext(invocation.headers, requestId)
      : buildContext(invocation.headers, requestId, { callbackWaitsForEmptyEventLoop: true });
    const returned = handler(event, stream, context);
    if (typeof (returned as { then?: unknown } | null)?.then !== 'function') {
      return { kind: 'error', error: 'Streaming does not support non-async handlers.' };
    }
    const result = await returned;
    if (result !== undefined) console.warn('Streaming handlers ignore return values.');
    if (!stream.writableEnded) return { kind: 'error', error: 'Response stream is not finished.' };
    await finished(stream);
  } catch (err) {
    return { kind: 'error', error: err };
  }
  return { kind: 'response', body: stream.body, contentType: stream.contentType };
}
