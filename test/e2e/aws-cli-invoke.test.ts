/**
 * `aws lambda invoke --log-type Tail` through the unmodified Debian AWS CLI v2, for a Node, a Python
 * and a custom-runtime (provided.al2023, a shell bootstrap driving the Runtime API with curl)
 * function in real sandboxes: the outfile, the printed StatusCode / ExecutedVersion / FunctionError,
 * and the LogResult, which decodes to Lambda's START / output / END / REPORT lines.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionCommand, PublishVersionCommand } from '@aws-sdk/client-lambda';
import type { CreateFunctionCommandInput } from '@aws-sdk/client-lambda';
import { startLambdabox } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { awsCli } from '../helpers/aws-cli.js';
import { unixZipOf } from '../helpers/unix-zip.js';
import { TEST_ROLE, zipOf } from '../helpers/zips.js';

const NODE_HANDLER = `
export const handler = async (event, context) => {
  console.log('node says hello to', event.name, 'in', context.awsRequestId);
  return { runtime: 'node', greeting: 'hello ' + event.name, requestId: context.awsRequestId, version: context.functionVersion };
};
`;

const PYTHON_HANDLER = `
def handler(event, context):
    if event.get("fail"):
        raise ValueError("python refuses " + event["name"])
    print("python says hello to", event["name"], "in", context.aws_request_id)
    return {"runtime": "python", "greeting": "hello " + event["name"], "requestId": context.aws_request_id}
`;

// /usr is bound into every sandbox, so the host's curl is there; the Runtime API is the relay's TCP port.
const CURL_BOOTSTRAP = `#!/bin/sh
set -eu
API="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime"
HEADERS="$(mktemp)"
while true; do
  EVENT="$(curl -sS -D "$HEADERS" "$API/invocation/next")"
  REQUEST_ID="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | cut -d: -f2 | tr -d '[:space:]')"
  echo "shell says hello in $REQUEST_ID"
  curl -sS -o /dev/null -X POST -H 'Content-Type: application/json' \\
    --data-binary "{\\"runtime\\":\\"provided\\",\\"event\\":$EVENT,\\"requestId\\":\\"$REQUEST_ID\\"}" \\
    "$API/invocation/$REQUEST_ID/response"
done
`;

// Without curl: the same loop in Python, over TCP like any custom runtime.
const PYTHON_BOOTSTRAP = `#!/usr/bin/python3
import json, os, urllib.request
api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime"
while True:
    with urllib.request.urlopen(api + "/invocation/next") as res:
        request_id = res.headers["Lambda-Runtime-Aws-Request-Id"]
        event = json.loads(res.read())
    print("shell says hello in " + request_id, flush=True)
    body = json.dumps({"runtime": "provided", "event": event, "requestId": request_id}).encode()
    req = urllib.request.Request(api + "/invocation/" + request_id + "/response", data=body, method="POST",
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
`;

interface CliInvokeOutput {
  readonly StatusCode: number;
  readonly ExecutedVersion?: string;
  readonly FunctionError?: string;
  readonly LogResult?: string;
}

interface Tail {
  readonly requestId: string;
  readonly lines: readonly string[];
  readonly text: string;
}

/** Decodes a LogResult and checks Lambda's frame around the function's output. */
function parseTail(logResult: string | undefined, version: string): Tail {
  assert.ok(logResult !== undefined && logResult !== '', 'no LogResult printed');
  const text = Buffer.from(logResult, 'base64').toString('utf8');
  const lines = text.split('\n').filter((line) => line !== '');
  const startAt = lines.findIndex((line) => line.startsWith('START '));
  assert.ok(startAt >= 0, text);
  // Only INIT_START may precede START (on an environment's first invoke).
  for (const line of lines.slice(0, startAt)) assert.match(line, /^INIT_START Runtime Version: /, text);
  const start = /^START RequestId: ([0-9a-f-]{36}) Version: (\S+)$/.exec(lines[startAt] ?? '');
  assert.ok(start !== null, text);
  const requestId = start[1] ?? '';
  assert.equal(start[2], version);
  const report = lines.at(-1) ?? '';
  assert.match(
    report,
    new RegExp(`^REPORT RequestId: ${requestId}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB`),
    text,
  );
  assert.equal(lines.at(-2), `END RequestId: ${requestId}`, text);
  return { requestId, lines: lines.slice(startAt + 1, -2), text };
}

describe('aws lambda invoke --log-type Tail (Debian AWS CLI v2)', () => {
  let fx: LambdaboxFixture;
  let dir: string;

  const invoke = async (name: string, payload: unknown, ...extra: string[]): Promise<{ out: CliInvokeOutput; file: unknown }> => {
    const outfile = join(dir, `${name}-${Date.now()}.json`);
    const r = await awsCli(
      ['lambda', 'invoke', '--function-name', name, '--cli-binary-format', 'raw-in-base64-out',
        '--payload', JSON.stringify(payload), '--log-type', 'Tail', ...extra, outfile],
      { endpoint: fx.url, ...fx.credentials, cwd: dir },
    );
    assert.equal(r.code, 0, `aws lambda invoke failed: ${r.stderr}`);
    return { out: r.json<CliInvokeOutput>(), file: JSON.parse(await readFile(outfile, 'utf8')) };
  };

  before(async () => {
    fx = await startLambdabox();
    dir = await mkdtemp(join(tmpdir(), 'lambdabox-cli-invoke-'));
    const lambda = fx.lambda();
    const create = (input: Omit<CreateFunctionCommandInput, 'Role'>): Promise<unknown> =>
      lambda.send(new CreateFunctionCommand({ Role: TEST_ROLE, Timeout: 30, ...input }));
    await create({ FunctionName: 'cli-node', Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: zipOf({ 'index.mjs': NODE_HANDLER }) } });
    await create({
      FunctionName: 'cli-python',
      Runtime: 'python3.11',
      Handler: 'lambda_function.handler',
      Code: { ZipFile: zipOf({ 'lambda_function.py': PYTHON_HANDLER }) },
    });
    const bootstrap = existsSync('/usr/bin/curl') ? CURL_BOOTSTRAP : PYTHON_BOOTSTRAP;
    await create({
      FunctionName: 'cli-provided',
      Runtime: 'provided.al2023',
      Handler: 'function.handler',
      Code: { ZipFile: unixZipOf({ bootstrap: { content: bootstrap, mode: 0o755 } }) },
    });
    await fx.settled();
    await lambda.send(new PublishVersionCommand({ FunctionName: 'cli-node' }));
    await fx.settled();
  });
  after(async () => {
    await fx?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  test('nodejs20.x: the outfile holds the result, the tail holds START, console output, END, REPORT', async () => {
    const { out, file } = await invoke('cli-node', { name: 'cli' });
    assert.equal(out.StatusCode, 200);
    assert.equal(out.ExecutedVersion, '$LATEST');
    assert.equal(out.FunctionError, undefined);
    const tail = parseTail(out.LogResult, '$LATEST');
    assert.deepEqual(file, { runtime: 'node', greeting: 'hello cli', requestId: tail.requestId, version: '$LATEST' });
    assert.ok(
      tail.lines.some((line) => line.endsWith(`\t${tail.requestId}\tINFO\tnode says hello to cli in ${tail.requestId}`)),
      tail.text,
    );
  });

  test('nodejs20.x with --qualifier 1: ExecutedVersion and the log name the version', async () => {
    const { out, file } = await invoke('cli-node', { name: 'v1' }, '--qualifier', '1');
    assert.equal(out.StatusCode, 200);
    assert.equal(out.ExecutedVersion, '1');
    const tail = parseTail(out.LogResult, '1');
    assert.deepEqual(file, { runtime: 'node', greeting: 'hello v1', requestId: tail.requestId, version: '1' });
  });

  test('python3.11: the outfile holds the result, the tail holds the printed line', async () => {
    const { out, file } = await invoke('cli-python', { name: 'cli' });
    assert.equal(out.StatusCode, 200);
    assert.equal(out.ExecutedVersion, '$LATEST');
    assert.equal(out.FunctionError, undefined);
    const tail = parseTail(out.LogResult, '$LATEST');
    assert.deepEqual(file, { runtime: 'python', greeting: 'hello cli', requestId: tail.requestId });
    assert.ok(tail.lines.includes(`python says hello to cli in ${tail.requestId}`), tail.text);
  });

  test('python3.11: an exception prints FunctionError Unhandled and the error lands in the outfile', async () => {
    const { out, file } = await invoke('cli-python', { name: 'bob', fail: true });
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, 'Unhandled');
    assert.equal(out.ExecutedVersion, '$LATEST');
    const tail = parseTail(out.LogResult, '$LATEST');
    const error = file as { errorType: string; errorMessage: string; requestId: string; stackTrace: unknown[] };
    assert.equal(error.errorType, 'ValueError');
    assert.equal(error.errorMessage, 'python refuses bob');
    assert.equal(error.requestId, tail.requestId);
    assert.ok(Array.isArray(error.stackTrace) && error.stackTrace.length > 0);
    assert.match(tail.text, /\[ERROR\] ValueError: python refuses bob/);
  });

  test('provided.al2023: the bootstrap drives the Runtime API; its echo is in the tail', async () => {
    const { out, file } = await invoke('cli-provided', { name: 'cli' });
    assert.equal(out.StatusCode, 200);
    assert.equal(out.ExecutedVersion, '$LATEST');
    assert.equal(out.FunctionError, undefined);
    const tail = parseTail(out.LogResult, '$LATEST');
    assert.deepEqual(file, { runtime: 'provided', event: { name: 'cli' }, requestId: tail.requestId });
    assert.ok(tail.lines.includes(`shell says hello in ${tail.requestId}`), tail.text);
  });
});
