/**
 * The X-Ray daemon address inside a real bubblewrap sandbox: a Node and a Python function send a segment
 * document over UDP to AWS_XRAY_DAEMON_ADDRESS as the X-Ray SDKs do (`{"format":"json","version":1}` and the
 * document after a newline); the in-sandbox relay frames it over `xray.sock` to the host, the ingest stores
 * it as the function's account's, and BatchGetTraces through @aws-sdk/client-xray finds it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchGetTracesCommand, XRayClient } from '@aws-sdk/client-xray';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox, TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import type { Runtime } from '@aws-sdk/client-lambda';
import { deploy, FAST_MEMORY, invoke } from '../../invoke/invoke-harness.js';
import { unixZipOf } from '../../helpers/unix-zip.js';
import { TEST_ROLE } from '../../helpers/zips.js';
import { newTraceId, segment } from './xray-fixtures.js';

const NODE_HANDLER = `
import { createSocket } from 'node:dgram';
const send = (text) => new Promise((resolve, reject) => {
  const [host, port] = process.env.AWS_XRAY_DAEMON_ADDRESS.split(':');
  const s = createSocket('udp4');
  s.send(text, Number(port), host, (err) => { s.close(); err ? reject(err) : resolve(); });
});
export const handler = async (event) => {
  if (event.junk) await send('no header line');
  if (event.segment) await send('{"format":"json","version":1}\\n' + JSON.stringify(event.segment));
  // The relay runs in this process's event loop: give it a turn before the environment is frozen.
  await new Promise((r) => setTimeout(r, 200));
  return { address: process.env.AWS_XRAY_DAEMON_ADDRESS, host: process.env._AWS_XRAY_DAEMON_ADDRESS, port: process.env._AWS_XRAY_DAEMON_PORT };
};
`;

const PY_HANDLER = `
import json, os, socket, time

def handler(event, context):
    host, port = os.environ["AWS_XRAY_DAEMON_ADDRESS"].split(":")
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if "segment" in event:
        s.sendto(b'{"format":"json","version":1}\\n' + json.dumps(event["segment"]).encode(), (host, int(port)))
    s.close()
    time.sleep(0.2)
    return {"address": os.environ["AWS_XRAY_DAEMON_ADDRESS"], "host": os.environ["_AWS_XRAY_DAEMON_ADDRESS"], "port": os.environ["_AWS_XRAY_DAEMON_PORT"]}
`;

/** A custom runtime (provided.al2023, behind relay.mjs) speaking the Runtime API over TCP and sending UDP. */
const BOOTSTRAP_PY = `#!/usr/bin/python3
import json, os, socket, time, urllib.request
api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime/invocation/"
while True:
    with urllib.request.urlopen(api + "next") as r:
        request_id = r.headers["Lambda-Runtime-Aws-Request-Id"]
        event = json.loads(r.read())
    host, port = os.environ["AWS_XRAY_DAEMON_ADDRESS"].split(":")
    if "segment" in event:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.sendto(b'{"format":"json","version":1}\\n' + json.dumps(event["segment"]).encode(), (host, int(port)))
        s.close()
        time.sleep(0.2)
    body = json.dumps({"address": os.environ["AWS_XRAY_DAEMON_ADDRESS"], "host": os.environ["_AWS_XRAY_DAEMON_ADDRESS"], "port": os.environ["_AWS_XRAY_DAEMON_PORT"]}).encode()
    urllib.request.urlopen(urllib.request.Request(api + request_id + "/response", data=body, method="POST")).read()
`;

describe('the X-Ray daemon address in a sandbox', () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;
  let xray: XRayClient;

  before(async () => {
    fx = await startLambdabox();
    lambda = fx.lambda();
    xray = new XRayClient({ endpoint: fx.url, region: TEST_REGION, credentials: fx.credentials, maxAttempts: 1 });
  });
  after(async () => {
    xray?.destroy();
    await fx?.close();
  });

  /** Polls until the trace is stored; a no-op invoke thaws the environment in case it froze before relaying. */
  async function found(name: string, traceId: string): Promise<string[]> {
    for (let attempt = 0; attempt < 60; attempt++) {
      await fx.box.traceIngest.flush();
      const out = await xray.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
      const docs = out.Traces?.[0]?.Segments?.map((s) => s.Document ?? '') ?? [];
      if (docs.length > 0) return docs;
      if (attempt % 10 === 9) await invoke(lambda, name, { payload: '{}' });
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail(`trace ${traceId} never arrived`);
  }

  for (const [runtime, handler, files] of [
    ['nodejs20.x', 'index.handler', { 'index.mjs': NODE_HANDLER }],
    ['python3.11', 'index.handler', { 'index.py': PY_HANDLER }],
    ['provided.al2023', 'bootstrap', { bootstrap: { content: BOOTSTRAP_PY, mode: 0o755 } }],
  ] as const) {
    test(`${runtime}: a segment sent over UDP is found by BatchGetTraces`, { timeout: 120_000 }, async () => {
      const name = `xray-${runtime.replace(/\./g, '')}`;
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: runtime as Runtime,
          Handler: handler,
          Role: TEST_ROLE,
          Code: { ZipFile: unixZipOf(files) },
          MemorySize: FAST_MEMORY,
          Timeout: 20,
        }),
      );
      await fx.settled();
      const traceId = newTraceId();
      const doc = segment(traceId, { name, annotations: { runtime } });
      const out = await invoke(lambda, name, { payload: JSON.stringify({ segment: doc, junk: true }) });
      assert.equal(out.functionError, undefined, out.text);
      assert.deepEqual(out.json(), { address: '127.0.0.1:2000', host: '127.0.0.1', port: '2000' });
      const docs = await found(name, traceId);
      assert.deepEqual(docs.map((d) => JSON.parse(d) as unknown), [doc]);
    });
  }

  test('AWS_XRAY_DAEMON_ADDRESS may be overridden by the function', { timeout: 120_000 }, async () => {
    await deploy(fx, lambda, 'xray-override', { 'index.mjs': NODE_HANDLER }, { runtime: 'nodejs20.x', handler: 'index.handler', variables: { AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2999' } });
    const out = await invoke(lambda, 'xray-override', { payload: '{}' });
    assert.deepEqual(out.json(), { address: '127.0.0.1:2999', host: '127.0.0.1', port: '2000' });
  });
});
