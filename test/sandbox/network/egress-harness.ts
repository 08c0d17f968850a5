/**
 * Egress tests' shared parts: a loopback echo server (the only kind of destination these tests
 * use), a function that probes the network from inside its sandbox (raw TCP, CONNECT through
 * HTTPS_PROXY, plain HTTP through HTTP_PROXY), and a deploy step that sets the egress tag.
 */
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { TEST_ROLE, zipOf } from '../../helpers/zips.js';
import { FAST_MEMORY } from '../../invoke/invoke-harness.js';

export interface EchoServer {
  readonly port: number;
  /** Connections accepted so far. */
  readonly connections: () => number;
  close(): Promise<void>;
}

/** Answers `pong:<what it got>` and closes. */
export async function startEchoServer(): Promise<EchoServer> {
  let count = 0;
  const server: Server = createServer((socket) => {
    count++;
    socket.once('data', (data) => socket.end(`pong:${data.toString()}`));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    connections: () => count,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
      }),
  };
}

export type ProbeOp =
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'connect'; readonly host: string; readonly port: number }
  | { readonly kind: 'http'; readonly url: string };

export interface ProbeResult {
  /** 'connected' / an errno code (tcp); the proxy's status code (connect, http). */
  readonly outcome: string;
  /** What came back after sending `ping` (or the HTTP body). */
  readonly reply: string;
  readonly ms: number;
}

/** Runs inside the sandbox; node builtins only. */
export const PROBE_HANDLER = `
import net from 'node:net';
import http from 'node:http';

function tcp(host, port) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    let reply = '';
    let outcome = 'pending';
    const timer = setTimeout(() => { s.destroy(); resolve({ outcome: outcome === 'pending' ? 'TIMEOUT' : outcome, reply }); }, 3000);
    s.on('connect', () => { outcome = 'connected'; s.write('ping'); });
    s.on('data', (d) => { reply += d; });
    s.on('error', (e) => { clearTimeout(timer); resolve({ outcome: outcome === 'connected' ? outcome : e.code, reply }); });
    s.on('close', () => { clearTimeout(timer); resolve({ outcome: outcome === 'pending' ? 'CLOSED' : outcome, reply }); });
  });
}

function viaConnect(host, port) {
  const proxy = new URL(process.env.HTTPS_PROXY);
  return new Promise((resolve) => {
    const s = net.connect({ host: proxy.hostname, port: Number(proxy.port) });
    let buf = '';
    let status;
    const timer = setTimeout(() => { s.destroy(); resolve({ outcome: status ?? 'TIMEOUT', reply: buf }); }, 3000);
    const authority = (host.includes(':') ? '[' + host + ']' : host) + ':' + port;
    s.on('connect', () => s.write('CONNECT ' + authority + ' HTTP/1.1\\r\\nHost: ' + authority + '\\r\\n\\r\\n'));
    s.on('data', (d) => {
      buf += d;
      if (status === undefined && buf.includes('\\r\\n\\r\\n')) {
        status = buf.split(' ')[1];
        const rest = buf.slice(buf.indexOf('\\r\\n\\r\\n') + 4);
        buf = rest;
        if (status === '200') s.write('ping');
      }
    });
    const done = () => { clearTimeout(timer); resolve({ outcome: status ?? 'CLOSED', reply: buf }); };
    s.on('error', done);
    s.on('close', done);
  });
}

function viaHttp(url) {
  const proxy = new URL(process.env.HTTP_PROXY);
  return new Promise((resolve) => {
    const req = http.request({ host: proxy.hostname, port: Number(proxy.port), path: url, headers: { host: new URL(url).host } }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ outcome: String(res.statusCode), reply: body }));
    });
    req.on('error', (e) => resolve({ outcome: e.code, reply: '' }));
    req.end();
  });
}

export const handler = async (event) => {
  const results = [];
  for (const op of event.ops) {
    const started = Date.now();
    const r = op.kind === 'tcp' ? await tcp(op.host, op.port) : op.kind === 'connect' ? await viaConnect(op.host, op.port) : await viaHttp(op.url);
    results.push({ ...r, ms: Date.now() - started });
  }
  return { results, env: { proxy: process.env.HTTPS_PROXY, endpoint: process.env.AWS_ENDPOINT_URL, noProxy: process.env.NO_PROXY } };
};
`;

export async function deployProbe(
  fx: LambdaboxFixture,
  lambda: LambdaClient,
  name: string,
  egress: string | undefined,
): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: TEST_ROLE,
      Code: { ZipFile: zipOf({ 'index.mjs': PROBE_HANDLER }) },
      MemorySize: FAST_MEMORY,
      Timeout: 30,
      ...(egress === undefined ? {} : { Tags: { 'lambdabox:egress': egress } }),
    }),
  );
  await fx.settled();
}
