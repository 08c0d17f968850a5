/**
 * The two Invoke clients the benchmark drives both systems with: the AWS SDK's InvokeCommand, and a
 * raw client (node:http keep-alive + our SigV4 signer) that shows how much of a figure is the SDK's.
 * Both check every answer: a fast error must never count as an invocation.
 */
import { Agent, request } from 'node:http';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { signRequest } from '../src/iam/sigv4/sign.js';

export interface InvokeEndpoint {
  readonly url: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export type InvocationType = 'RequestResponse' | 'DryRun';

export interface Invoker {
  readonly kind: 'sdk' | 'raw';
  /**
   * One Invoke from worker `client` with the payload `{}`; rejects unless it succeeded. `onLog` (SDK
   * only) asks for the log tail (`LogType: Tail`) and receives it decoded.
   */
  invoke(client: number, functionName: string, type?: InvocationType, onLog?: (log: string) => void): Promise<void>;
  close(): void;
}

const EXPECTED = '{"ok":true}';
const PAYLOAD = Buffer.from('{}');

function check(functionName: string, type: InvocationType, status: number | undefined, functionError: string | undefined, body: string): void {
  const want = type === 'DryRun' ? 204 : 200;
  if (status !== want || functionError !== undefined || (type === 'RequestResponse' && body !== EXPECTED)) {
    throw new Error(`Invoke ${functionName} (${type}) answered ${String(status)} ${functionError ?? ''} ${body.slice(0, 300)}`);
  }
}

/** One LambdaClient per concurrent client, as an application would hold. */
export function sdkInvoker(endpoint: InvokeEndpoint, clients: number): Invoker {
  const pool = Array.from(
    { length: clients },
    () => new LambdaClient({ endpoint: endpoint.url, region: endpoint.region, credentials: endpoint.credentials, maxAttempts: 1 }),
  );
  return {
    kind: 'sdk',
    async invoke(client, functionName, type = 'RequestResponse', onLog) {
      const c = pool[client % pool.length];
      if (c === undefined) throw new Error('no SDK client');
      const out = await c.send(
        new InvokeCommand({ FunctionName: functionName, InvocationType: type, Payload: PAYLOAD, ...(onLog === undefined ? {} : { LogType: 'Tail' }) }),
      );
      check(functionName, type, out.StatusCode, out.FunctionError, Buffer.from(out.Payload ?? []).toString('utf8'));
      if (onLog !== undefined) onLog(Buffer.from(out.LogResult ?? '', 'base64').toString('utf8'));
    },
    close() {
      for (const c of pool) c.destroy();
    },
  };
}

/** SigV4-signed requests over node:http with keep-alive, one socket per concurrent client. */
export function rawInvoker(endpoint: InvokeEndpoint, clients: number): Invoker {
  const base = new URL(endpoint.url);
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const send = (functionName: string, type: InvocationType): Promise<{ status: number; functionError: string | undefined; body: string }> => {
    const path = `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`;
    const signed = signRequest({
      method: 'POST',
      path,
      headers: [
        ['host', base.host],
        ['content-type', 'application/json'],
        ['x-amz-invocation-type', type],
      ],
      body: PAYLOAD,
      ...endpoint.credentials,
      region: endpoint.region,
      service: 'lambda',
      now: new Date(),
    });
    return new Promise((resolve, reject) => {
      const req = request(
        { host: base.hostname, port: base.port, method: 'POST', path, agent, headers: [...signed.headers.flat(), 'content-length', String(PAYLOAD.length)] },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const fe = res.headers['x-amz-function-error'];
            resolve({ status: res.statusCode ?? 0, functionError: Array.isArray(fe) ? fe[0] : fe, body: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(PAYLOAD);
    });
  };
  return {
    kind: 'raw',
    async invoke(_client, functionName, type = 'RequestResponse', onLog) {
      if (onLog !== undefined) throw new Error('the raw client does not ask for log tails');
      const r = await send(functionName, type);
      check(functionName, type, r.status, r.functionError, r.body);
    },
    close() {
      agent.destroy();
    },
  };
}
