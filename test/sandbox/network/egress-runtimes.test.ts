/**
 * The relay list is served by every runtime family, not only Node: a Python function and a
 * custom-runtime (provided.al2023) bootstrap reach an allowlisted loopback server through its
 * in-sandbox forwarder and the lambdabox API through AWS_ENDPOINT_URL (NO_PROXY keeps both direct).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient, Runtime } from '@aws-sdk/client-lambda';
import { startLambdabox } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { TEST_ROLE } from '../../helpers/zips.js';
import { unixZipOf } from '../../helpers/unix-zip.js';
import { FAST_MEMORY, invoke } from '../../invoke/invoke-harness.js';
import { startEchoServer } from './egress-harness.js';
import type { EchoServer } from './egress-harness.js';

const PROBE_PY = `
import os, socket, urllib.request

def probe(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=3)
    s.sendall(b"ping")
    reply = s.recv(100).decode()
    s.close()
    health = urllib.request.urlopen(os.environ["AWS_ENDPOINT_URL"] + "/_lambdabox/health", timeout=3).status
    return {"reply": reply, "health": health}
`;

const HANDLER_PY = `${PROBE_PY}
def handler(event, context):
    return probe(event["port"])
`;

/** A custom runtime speaking the Runtime API over TCP (AWS_LAMBDA_RUNTIME_API), as custom runtimes do. */
const BOOTSTRAP_PY = `#!/usr/bin/python3
${PROBE_PY}
import json
api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime/invocation/"
while True:
    with urllib.request.urlopen(api + "next") as r:
        request_id = r.headers["Lambda-Runtime-Aws-Request-Id"]
        event = json.loads(r.read())
    body = json.dumps(probe(event["port"])).encode()
    urllib.request.urlopen(urllib.request.Request(api + request_id + "/response", data=body, method="POST")).read()
`;

describe('egress relays in every runtime family', () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;
  let server: EchoServer;

  before(async () => {
    server = await startEchoServer();
    // A host-local destination needs the operator's allowance as well as the function's tag.
    fx = await startLambdabox({ overrides: { egressAllowPrivate: [`127.0.0.1:${server.port}`] } });
    lambda = fx.lambda();
  });
  after(async () => {
    await fx?.close();
    await server?.close();
  });

  async function check(name: string, runtime: Runtime, handler: string, files: Parameters<typeof unixZipOf>[0]): Promise<void> {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: runtime,
        Handler: handler,
        Role: TEST_ROLE,
        Code: { ZipFile: unixZipOf(files) },
        MemorySize: FAST_MEMORY,
        Timeout: 20,
        Tags: { 'lambdabox:egress': `127.0.0.1:${server.port}` },
      }),
    );
    await fx.settled();
    const out = await invoke(lambda, name, { payload: JSON.stringify({ port: server.port }) });
    assert.equal(out.functionError, undefined, out.text);
    assert.deepEqual(out.json(), { reply: 'pong:ping', health: 200 });
  }

  test('python3.11', async () => {
    await check('py-egress', 'python3.11', 'index.handler', { 'index.py': HANDLER_PY });
  });

  test('provided.al2023', async () => {
    await check('custom-egress', 'provided.al2023', 'unused', { bootstrap: { content: BOOTSTRAP_PY, mode: 0o755 } });
  });
});
