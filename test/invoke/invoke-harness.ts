/**
 * Shared steps of the end-to-end Invoke tests: deploy a function from source files through the real
 * SDK, invoke it through the SDK (decoded payload, log tail) or as a raw signed HTTP request (exact
 * headers), and look at the sandboxes the server runs. Everything goes through real HTTP.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CreateFunctionCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient, LoggingConfig, Runtime } from '@aws-sdk/client-lambda';
import { signRequest } from '../../src/iam/sigv4/sign.js';
import { instanceName } from '../../src/lambdabox.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { TEST_REGION } from '../helpers/lambdabox-fixture.js';
import { TEST_ROLE, zipOf } from '../helpers/zips.js';

/** One full vCPU (Lambda's 1,769 MB): Node starts in tens of ms instead of seconds at 128 MB. */
export const FAST_MEMORY = 1769;
export const ACCOUNT = '000000000000';
export const ARN_PREFIX = `arn:aws:lambda:${TEST_REGION}:${ACCOUNT}:function:`;

export interface DeployOptions {
  readonly handler?: string;
  readonly runtime?: Runtime;
  readonly memorySize?: number;
  readonly timeout?: number;
  readonly variables?: Record<string, string>;
  readonly publish?: boolean;
  /** Another execution role than TEST_ROLE (it must exist and trust Lambda). */
  readonly role?: string;
  readonly tracing?: 'Active' | 'PassThrough';
  readonly logging?: LoggingConfig;
}

/** Creates a function from `files` and waits until it is Active. */
export async function deploy(
  fx: LambdaboxFixture,
  lambda: LambdaClient,
  name: string,
  files: Readonly<Record<string, string>>,
  options: DeployOptions = {},
): Promise<{ version: string | undefined }> {
  const out = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: options.runtime ?? 'nodejs20.x',
      Handler: options.handler ?? 'index.handler',
      Role: options.role ?? TEST_ROLE,
      Code: { ZipFile: zipOf(files) },
      ...(options.tracing === undefined ? {} : { TracingConfig: { Mode: options.tracing } }),
      ...(options.logging === undefined ? {} : { LoggingConfig: options.logging }),
      MemorySize: options.memorySize ?? FAST_MEMORY,
      Timeout: options.timeout ?? 10,
      ...(options.variables === undefined ? {} : { Environment: { Variables: options.variables } }),
      ...(options.publish === true ? { Publish: true } : {}),
    }),
  );
  await fx.settled();
  return { version: out.Version };
}

export interface Invoked {
  readonly status: number | undefined;
  readonly text: string;
  readonly functionError: string | undefined;
  readonly executedVersion: string | undefined;
  readonly requestId: string | undefined;
  /** The decoded X-Amz-Log-Result. */
  readonly log: string | undefined;
  json<T = Record<string, unknown>>(): T;
}

export interface InvokeOptions {
  readonly payload?: string | Uint8Array;
  readonly qualifier?: string;
  readonly tail?: boolean;
  /** base64 X-Amz-Client-Context */
  readonly clientContext?: string;
}

export async function invoke(lambda: LambdaClient, functionName: string, options: InvokeOptions = {}): Promise<Invoked> {
  const payload = options.payload === undefined ? undefined : typeof options.payload === 'string' ? Buffer.from(options.payload) : options.payload;
  const out = await lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      ...(payload === undefined ? {} : { Payload: payload }),
      ...(options.qualifier === undefined ? {} : { Qualifier: options.qualifier }),
      ...(options.tail === true ? { LogType: 'Tail' } : {}),
      ...(options.clientContext === undefined ? {} : { ClientContext: options.clientContext }),
    }),
  );
  const text = Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8');
  return {
    status: out.StatusCode,
    text,
    functionError: out.FunctionError,
    executedVersion: out.ExecutedVersion,
    requestId: out.$metadata.requestId,
    log: out.LogResult === undefined ? undefined : Buffer.from(out.LogResult, 'base64').toString('utf8'),
    json<T>() {
      return JSON.parse(text) as T;
    },
  };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Buffer;
}

/** A SigV4-signed Invoke over plain fetch, to see the exact status, headers and bytes. */
export async function rawInvoke(
  fx: LambdaboxFixture,
  path: string,
  body: Uint8Array = new Uint8Array(),
  headers: Readonly<Record<string, string>> = {},
): Promise<RawResponse> {
  const url = new URL(path, fx.url);
  const signed = signRequest({
    method: 'POST',
    path: url.pathname,
    query: url.search.slice(1),
    headers: [['host', url.host], ...Object.entries(headers)],
    body,
    ...fx.credentials,
    region: TEST_REGION,
    service: 'lambda',
    now: new Date(),
  });
  const res = await fetch(url, { method: 'POST', headers: signed.headers, body });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

export function invocationsPath(functionName: string, qualifier?: string): string {
  const q = qualifier === undefined ? '' : `?Qualifier=${encodeURIComponent(qualifier)}`;
  return `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations${q}`;
}

export interface HostProcess {
  readonly pid: number;
  readonly ppid: number;
  /** Real uid. */
  readonly uid: number;
  /** `R`, `S`, … `Z` for a zombie (dead, waiting for its parent to reap it). */
  readonly state: string;
  readonly cmdline: string;
}

/** Every host process with its real uid and command line (what `ps -eo uid,pid,cmd` shows). */
export function hostProcesses(): HostProcess[] {
  const list: HostProcess[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const uid = /^Uid:\s+([0-9]+)/m.exec(status)?.[1];
      const ppid = /^PPid:\s+([0-9]+)/m.exec(status)?.[1];
      const state = /^State:\s+(\S+)/m.exec(status)?.[1] ?? '?';
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      if (uid !== undefined) list.push({ pid: Number(name), ppid: Number(ppid), uid: Number(uid), state, cmdline });
    } catch {
      // The process ended while we looked.
    }
  }
  return list;
}

export const CGROUP_ROOT = '/sys/fs/cgroup';

/** This server's environment cgroups (pids controller), one directory per environment. */
export function instanceCgroupDirs(dataDir: string, controller = 'pids'): string[] {
  const dir = join(CGROUP_ROOT, controller, 'lambdabox', instanceName(dataDir));
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => join(dir, e.name));
  } catch {
    return [];
  }
}

/** Every host process inside this server's sandboxes (members of its environments' cgroups). */
export function sandboxProcesses(dataDir: string): HostProcess[] {
  const pids = new Set<number>();
  for (const dir of instanceCgroupDirs(dataDir)) {
    try {
      for (const line of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n')) if (line !== '') pids.add(Number(line));
    } catch {
      // The environment went away while we looked.
    }
  }
  return hostProcesses().filter((p) => pids.has(p.pid));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
