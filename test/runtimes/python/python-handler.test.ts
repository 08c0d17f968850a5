/**
 * The Python bootstrap's handler contract, as a plain child process against a real Runtime API
 * server: handler forms, the context object, results, warm state, output and log formats.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { ARN, RELAY, PYTHON, PYTHON_BOOTSTRAP, TRACE_ID, body, json, startPython, startRuntime, waitFor } from '../runtime-harness.js';
import type { RunningRuntime } from '../runtime-harness.js';

const CONTEXT_HANDLER = `
import os, sys

def handler(event, context):
    cc = context.client_context
    return {
        "event": event,
        "aws_request_id": context.aws_request_id,
        "invoked_function_arn": context.invoked_function_arn,
        "function_name": context.function_name,
        "function_version": context.function_version,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "log_group_name": context.log_group_name,
        "log_stream_name": context.log_stream_name,
        "remaining": context.get_remaining_time_in_millis(),
        "client_context": None if cc is None else {
            "custom": cc.custom, "env": cc.env, "installation_id": cc.client.installation_id,
            "app_title": cc.client.app_title,
        },
        "identity": [context.identity.cognito_identity_id, context.identity.cognito_identity_pool_id],
        "trace": os.environ.get("_X_AMZN_TRACE_ID"),
        "cwd": os.getcwd(),
        "path0": sys.path[0],
    }
`;

describe('python bootstrap: handler contract', () => {
  const running: RunningRuntime[] = [];
  const start = async (...args: Parameters<typeof startPython>): Promise<RunningRuntime> => {
    const rt = await startPython(...args);
    running.push(rt);
    return rt;
  };
  after(async () => {
    await Promise.all(running.map((rt) => rt.close()));
  });

  test('passes the event and a context with every field Lambda sets', async () => {
    const rt = await start('app.handler', { 'app.py': CONTEXT_HANDLER });
    const requestId = '8476a536-e9f4-11e8-9739-2dfe598c3fcd';
    const outcome = await rt.invoke({ hello: 'world', n: 1 }, { requestId, deadlineMs: Date.now() + 60_000 });
    assert.equal(outcome.kind, 'response');
    assert.equal(outcome.kind === 'response' && outcome.contentType, 'application/json');
    const result = json(outcome) as Record<string, unknown>;
    assert.deepEqual(result['event'], { hello: 'world', n: 1 });
    assert.equal(result['aws_request_id'], requestId);
    assert.equal(result['invoked_function_arn'], ARN);
    assert.equal(result['function_name'], 'fn');
    assert.equal(result['function_version'], '$LATEST');
    // A string, as in Lambda's Python runtime.
    assert.equal(result['memory_limit_in_mb'], '128');
    assert.equal(result['log_group_name'], '/aws/lambda/fn');
    assert.equal(result['log_stream_name'], '2025/01/01/[$LATEST]0123456789abcdef0123456789abcdef');
    const remaining = result['remaining'];
    assert.ok(typeof remaining === 'number' && remaining > 30_000 && remaining <= 60_000, `remaining ${String(remaining)}`);
    assert.equal(result['client_context'], null);
    assert.deepEqual(result['identity'], [null, null]);
    assert.equal(result['trace'], TRACE_ID);
    assert.equal(result['cwd'], rt.taskRoot);
    assert.equal(result['path0'], rt.taskRoot);
  });

  test('decodes client context and Cognito identity into objects', async () => {
    const rt = await start('app.handler', { 'app.py': CONTEXT_HANDLER });
    const clientContext = JSON.stringify({
      client: { installation_id: 'inst-1', app_title: 'Café' },
      custom: { k: 'v' },
      env: { locale: 'fr' },
    });
    const outcome = await rt.invoke(
      {},
      { clientContext, cognitoIdentity: JSON.stringify({ cognitoIdentityId: 'id-1', cognitoIdentityPoolId: 'pool-1' }) },
    );
    const result = json(outcome) as Record<string, unknown>;
    assert.deepEqual(result['client_context'], {
      custom: { k: 'v' },
      env: { locale: 'fr' },
      installation_id: 'inst-1',
      app_title: 'Café',
    });
    assert.deepEqual(result['identity'], ['id-1', 'pool-1']);
  });

  test('serializes results like json.dumps, bytes raw as application/unknown', async () => {
    const rt = await start('app.handler', {
      'app.py': `
import decimal
def handler(event, context):
    kind = event["kind"]
    if kind == "dict": return {"a": 1, "b": [True, None], "s": "é"}
    if kind == "none": return None
    if kind == "bytes": return b"\\x00raw"
    if kind == "decimal": return {"d": decimal.Decimal("2"), "f": decimal.Decimal("1.5")}
`,
    });
    assert.equal(body(await rt.invoke({ kind: 'dict' })), '{"a": 1, "b": [true, null], "s": "\\u00e9"}');
    assert.equal(body(await rt.invoke({ kind: 'none' })), 'null');
    const raw = await rt.invoke({ kind: 'bytes' });
    assert.equal(raw.kind === 'response' && raw.contentType, 'application/unknown');
    assert.deepEqual(raw.kind === 'response' && [...raw.body], [0, 114, 97, 119]);
    assert.equal(body(await rt.invoke({ kind: 'decimal' })), '{"d": 2, "f": 1.5}');
  });

  test('carries large events and results intact over the socket', async () => {
    const rt = await start('app.handler', { 'app.py': 'def handler(event, context):\n    return event["data"][::-1]\n' });
    const data = 'abcdefghij'.repeat(500_000); // 5 MB each way
    const outcome = await rt.invoke({ data });
    assert.equal(body(outcome), JSON.stringify([...data].reverse().join('')));
  });

  test('a result over 6 MB is refused and the same runtime serves the next invocation', async () => {
    const rt = await start('app.handler', {
      'app.py': 'def handler(event, context):\n    return "x" * (7 * 1024 * 1024) if event.get("big") else "small"\n',
    });
    const outcome = await rt.invoke({ big: true });
    assert.equal(outcome.kind, 'response-too-large');
    const next = await rt.invoke({});
    assert.equal(next.kind, 'response');
    assert.equal(json(next), 'small');
    const exited = await Promise.race([rt.exited, new Promise((resolve) => setTimeout(() => resolve('running'), 200))]);
    assert.equal(exited, 'running');
  });

  test('keeps module state between invocations of a warm runtime and updates _X_AMZN_TRACE_ID', async () => {
    const rt = await start('app.handler', {
      'app.py': `
import os
count = 0
def handler(event, context):
    global count
    count += 1
    return [count, os.environ.get("_X_AMZN_TRACE_ID")]
`,
    });
    assert.deepEqual(json(await rt.invoke({})), [1, TRACE_ID]);
    assert.deepEqual(json(await rt.invoke({}, { traceId: 'Root=1-2-3;Sampled=1' })), [2, 'Root=1-2-3;Sampled=1']);
    assert.deepEqual(json(await rt.invoke({}, { traceId: '' })), [3, null]);
  });

  test('loads handlers from packages (dots) and folders (slashes)', async () => {
    const files = {
      'pkg/__init__.py': '',
      'pkg/sub/__init__.py': '',
      'pkg/sub/mod.py': 'def handler(event, context):\n    return "package"\n',
      'lib/deep/app.py': 'def handler(event, context):\n    return "folder"\n',
    };
    const dotted = await start('pkg.sub.mod.handler', files);
    assert.equal(json(await dotted.invoke({})), 'package');
    const slashed = await start('lib/deep/app.handler', files);
    assert.equal(json(await slashed.invoke({})), 'folder');
  });

  test('print() goes to stdout at once; the root logger uses the Text format with the request id', async () => {
    const rt = await start(
      'app.handler',
      {
        'app.py': `
import logging
logger = logging.getLogger()
def handler(event, context):
    print("from print", end="")
    logger.debug("hidden debug")
    logger.info("an info line")
    logging.getLogger("child").warning("careful %s", "now")
    context.log("via context\\n")
    return 1
`,
      },
      { AWS_LAMBDA_LOG_LEVEL: 'INFO' },
    );
    const requestId = '0fbdd3d0-1234-4abc-8def-000000000001';
    await rt.invoke({}, { requestId });
    const out = await waitFor(rt.stdout, (s) => s.includes('via context'));
    assert.ok(out.startsWith('from print'), out);
    assert.doesNotMatch(out, /hidden debug/);
    assert.match(out, new RegExp(`\\[INFO\\]\\t\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\t${requestId}\\tan info line\\n`));
    assert.match(out, new RegExp(`\\[WARNING\\]\\t[^\\t]+Z\\t${requestId}\\tcareful now\\n`));
    assert.match(out, /via context\n/);
  });

  test('without AWS_LAMBDA_LOG_LEVEL the root logger keeps Python\'s WARNING level', async () => {
    const rt = await start('app.handler', {
      'app.py': 'import logging\ndef handler(e, c):\n    logging.info("quiet")\n    logging.error("loud")\n    return 1\n',
    });
    await rt.invoke({});
    const out = await waitFor(rt.stdout, (s) => s.includes('loud'));
    assert.doesNotMatch(out, /quiet/);
    assert.match(out, /^\[ERROR\]\t\S+Z\t[0-9a-f-]{36}\tloud\n$/);
  });

  test('AWS_LAMBDA_LOG_FORMAT=JSON writes one JSON object per record', async () => {
    const rt = await start(
      'app.handler',
      { 'app.py': 'import logging\ndef handler(e, c):\n    logging.getLogger("svc").warning("hi %d", 5, extra={"order": 7})\n    return 1\n' },
      { AWS_LAMBDA_LOG_FORMAT: 'JSON' },
    );
    const requestId = '0fbdd3d0-1234-4abc-8def-000000000002';
    await rt.invoke({}, { requestId });
    const line = (await waitFor(rt.stdout, (s) => s.includes('\n'))).trim();
    const record = JSON.parse(line) as Record<string, unknown>;
    assert.equal(record['level'], 'WARNING');
    assert.equal(record['message'], 'hi 5');
    assert.equal(record['logger'], 'svc');
    assert.equal(record['requestId'], requestId);
    assert.equal(record['order'], 7);
    assert.match(String(record['timestamp']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal('stackTrace' in record, false);
  });

  test('serves AWS_LAMBDA_RUNTIME_API in-process for code that only knows the TCP address', async () => {
    const rt = await start('app.handler', {
      'app.py': `
import os, urllib.request
def handler(event, context):
    address = os.environ["AWS_LAMBDA_RUNTIME_API"]
    with urllib.request.urlopen("http://%s/2018-06-01/ping" % address, timeout=5) as reply:
        return [address, reply.status, reply.read().decode()]
`,
    });
    const [address, status, text] = json(await rt.invoke({})) as [string, number, string];
    // Port 0 in the harness: the bootstrap picked a free port and published it.
    assert.match(address, /^127\.0\.0\.1:\d+$/);
    assert.notEqual(address, '127.0.0.1:0');
    assert.deepEqual([status, text], [200, 'pong']);
  });

  test('speaks TCP to AWS_LAMBDA_RUNTIME_API when there is no socket variable (through the relay)', async () => {
    const rt = await startRuntime({
      // relay.mjs serves the port here; the bootstrap it starts must not see the socket.
      command: [process.execPath, RELAY, '--', '/usr/bin/env', '-u', '_LAMBDABOX_RUNTIME_API_SOCKET', PYTHON, PYTHON_BOOTSTRAP],
      files: { 'app.py': 'import os\ndef handler(e, c):\n    return [e, os.environ.get("AWS_LAMBDA_RUNTIME_API")]\n' },
      env: { _HANDLER: 'app.handler', PYTHONPATH: dirname(PYTHON_BOOTSTRAP) },
    });
    running.push(rt);
    const [event, address] = json(await rt.invoke({ over: 'tcp' })) as [unknown, string];
    assert.deepEqual(event, { over: 'tcp' });
    assert.match(address, /^127\.0\.0\.1:\d+$/);
    assert.notEqual(address, '127.0.0.1:0');
    assert.deepEqual((json(await rt.invoke({ again: true })) as unknown[])[0], { again: true });
  });
});
