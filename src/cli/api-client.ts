/**
 * A minimal signed client of lambdabox's own REST API for CLI commands: SigV4 with the project's
 * signer, credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY(/AWS_SESSION_TOKEN) or else the
 * data dir's admin-credentials file, endpoint from --endpoint-url, LAMBDABOX_ENDPOINT_URL or
 * http://127.0.0.1:$LAMBDABOX_PORT (9700).
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { signRequest } from '../iam/sigv4/sign.js';
import { NoCredentialsError } from './cli-errors.js';

export interface ApiClientSettings {
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface ApiClientFlags {
  readonly endpointUrl?: string | undefined;
  readonly region?: string | undefined;
  readonly dataDir?: string | undefined;
}

export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function credentialsFromFile(text: string): { accessKeyId: string; secretAccessKey: string } | undefined {
  const value = (key: string): string | undefined => new RegExp(`^\\s*${key}\\s*=\\s*(\\S+)\\s*$`, 'm').exec(text)?.[1];
  const accessKeyId = value('aws_access_key_id');
  const secretAccessKey = value('aws_secret_access_key');
  return accessKeyId === undefined || secretAccessKey === undefined ? undefined : { accessKeyId, secretAccessKey };
}

export async function resolveApiClient(flags: ApiClientFlags, env: NodeJS.ProcessEnv): Promise<ApiClientSettings> {
  const endpoint = flags.endpointUrl ?? env['LAMBDABOX_ENDPOINT_URL'] ?? `http://127.0.0.1:${env['LAMBDABOX_PORT'] ?? '9700'}`;
  const region = flags.region ?? env['LAMBDABOX_REGION'] ?? env['AWS_REGION'] ?? 'us-east-1';
  const id = env['AWS_ACCESS_KEY_ID'];
  const secret = env['AWS_SECRET_ACCESS_KEY'];
  if (id !== undefined && id !== '' && secret !== undefined && secret !== '') {
    const token = env['AWS_SESSION_TOKEN'];
    return { endpoint, region, accessKeyId: id, secretAccessKey: secret, ...(token === undefined || token === '' ? {} : { sessionToken: token }) };
  }
  const dataDir = resolve(flags.dataDir ?? env['LAMBDABOX_HOME'] ?? `${homedir()}/.lambdabox`);
  const file = join(dataDir, 'admin-credentials');
  const found = credentialsFromFile(await readFile(file, 'utf8').catch(() => ''));
  if (found === undefined) {
    throw new NoCredentialsError(`no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where ${file} is readable`);
  }
  return { endpoint, region, ...found };
}

/** Sends one signed Lambda REST call; returns the parsed JSON body (undefined when empty). */
export async function callLambda(
  s: ApiClientSettings,
  method: string,
  path: string,
  options: { readonly query?: string; readonly body?: unknown } = {},
): Promise<unknown> {
  const url = new URL(path + (options.query === undefined ? '' : `?${options.query}`), s.endpoint);
  const body = options.body === undefined ? new Uint8Array() : Buffer.from(JSON.stringify(options.body));
  const signed = signRequest({
    method,
    path: url.pathname,
    query: url.search.slice(1),
    headers: [['host', url.host], ...(options.body === undefined ? [] : [['content-type', 'application/json'] as const])],
    body,
    accessKeyId: s.accessKeyId,
    secretAccessKey: s.secretAccessKey,
    ...(s.sessionToken === undefined ? {} : { sessionToken: s.sessionToken }),
    region: s.region,
    service: 'lambda',
    now: new Date(),
  });
  const res = await fetch(url, { method, headers: signed.headers, ...(body.length === 0 ? {} : { body }) });
  const text = await res.text();
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  if (!res.ok) {
    const fields = (parsed ?? {}) as Record<string, unknown>;
    const code = res.headers.get('x-amzn-errortype')?.split(':')[0] ?? String(fields['Type'] ?? res.status);
    throw new ApiCallError(res.status, code, `${code}: ${String(fields['message'] ?? fields['Message'] ?? text)}`);
  }
  return parsed;
}

/** What a JSON 1.1 call names: the service's signing name and its `X-Amz-Target` prefix. */
export interface Json11Service {
  /** e.g. `cloudtrail` */
  readonly signingName: string;
  /** e.g. `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101` */
  readonly targetPrefix: string;
}

/** Sends one signed JSON 1.1 call (`POST /`, `X-Amz-Target: <prefix>.<operation>`); returns the parsed body. */
export async function callJson11(s: ApiClientSettings, service: Json11Service, operation: string, input: unknown): Promise<unknown> {
  const url = new URL('/', s.endpoint);
  const body = Buffer.from(JSON.stringify(input ?? {}));
  const signed = signRequest({
    method: 'POST',
    path: url.pathname,
    query: '',
    headers: [
      ['host', url.host],
      ['content-type', 'application/x-amz-json-1.1'],
      ['x-amz-target', `${service.targetPrefix}.${operation}`],
    ],
    body,
    accessKeyId: s.accessKeyId,
    secretAccessKey: s.secretAccessKey,
    ...(s.sessionToken === undefined ? {} : { sessionToken: s.sessionToken }),
    region: s.region,
    service: service.signingName,
    now: new Date(),
  });
  const res = await fetch(url, { method: 'POST', headers: signed.headers, body });
  const text = await res.text();
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  if (!res.ok) {
    const fields = (parsed ?? {}) as Record<string, unknown>;
    // JSON 1.1 errors name their type in __type (possibly `namespace#Code`) or the x-amzn-errortype header.
    const type = String(fields['__type'] ?? res.headers.get('x-amzn-errortype') ?? res.status);
    const code = type.split('#').pop()?.split(':')[0] ?? type;
    throw new ApiCallError(res.status, code, `${code}: ${String(fields['message'] ?? fields['Message'] ?? text)}`);
  }
  return parsed;
}
