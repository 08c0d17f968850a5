/** A plain HTTP client for the Runtime API socket, playing the runtime's part in tests. */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuntimeApiServer } from '../../../src/sandbox/runtime-api/runtime-api-server.js';
import type { RuntimeApiServerOptions } from '../../../src/sandbox/runtime-api/runtime-api-server.js';
import type { InvocationRequest } from '../../../src/sandbox/runtime-api/invocation.js';

export const BASE = '/2018-06-01';

export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly socket: Socket;
  readonly reusedSocket: boolean;
}

export interface CallOptions {
  readonly headers?: OutgoingHttpHeaders;
  readonly body?: Buffer | string;
  /** Defaults to a fresh connection per call. */
  readonly agent?: Agent;
}

export function call(socketPath: string, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath, method, path, headers: options.headers, agent: options.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            socket: req.socket as Socket,
            reusedSocket: req.reusedSocket,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export function keepAliveAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 1 });
}

export function invocation(overrides: Partial<InvocationRequest> = {}): InvocationRequest {
  return {
    requestId: randomUUID(),
    payload: Buffer.from('{"key":"value"}'),
    deadlineMs: Date.now() + 3000,
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fn',
    traceId: 'Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=0',
    ...overrides,
  };
}

export interface Harness {
  readonly server: RuntimeApiServer;
  readonly socketPath: string;
  readonly dir: string;
  /** Closes the server and removes the temp dir. */
  readonly dispose: () => Promise<void>;
}

export async function startHarness(maxResponseBytes?: number, options: Omit<RuntimeApiServerOptions, 'socketPath'> = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'lambdabox-rapi-'));
  const socketPath = join(dir, 'runtime.sock');
  const server = new RuntimeApiServer({ socketPath, ...options, ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }) });
  await server.start();
  return {
    server,
    socketPath,
    dir,
    dispose: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The runtime's first /next, seen by the server (init done) and left waiting: the usual warm state.
 * `next` settles when an invocation answers it (wrapped, so awaiting this does not wait for that).
 */
export async function settleInit(h: Harness, agent?: Agent): Promise<{ readonly next: Promise<Reply> }> {
  const next = call(h.socketPath, 'GET', `${BASE}/runtime/invocation/next`, agent === undefined ? {} : { agent });
  await h.server.initDone;
  return { next };
}

/** The RIE's 403 body, spelled out here independently of the server's own rendering. */
export function stateTransitionBody(from: string, to: string): string {
  const message = `State transition from ${from} to ${to} failed for runtime. Error: State transition is not allowed`;
  return `{"errorMessage":"${message}","errorType":"InvalidStateTransition"}\n`;
}
