/**
 * Issue 10.4: a tenant's `lambdabox:egress` tag alone never opens a service on the host. On a
 * server whose operator allows no host-local destination (the default), a function whose tag names
 * a loopback server exactly reaches nothing: the proxy refuses with a reason naming the operator's
 * setting, no forwarder exists for a raw connect, the function's log says why, and the server sees
 * no connection. (egress.test.ts has the operator's allowance opening one.) The destination is a
 * loopback server started here.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { invoke } from '../../invoke/invoke-harness.js';
import { deployProbe, startEchoServer } from './egress-harness.js';
import type { EchoServer, ProbeResult } from './egress-harness.js';

describe('egress to host-local services without the operator', { concurrency: false }, () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;
  let service: EchoServer;

  before(async () => {
    service = await startEchoServer();
    fx = await startLambdabox();
    lambda = fx.lambda();
  });
  after(async () => {
    await fx?.close();
    await service?.close();
  });

  test("a tag naming a loopback server exactly does not open it: only the operator's allowance can", async () => {
    await deployProbe(fx, lambda, 'tenant-opens-host', `127.0.0.1:${service.port}`);
    const out = await invoke(lambda, 'tenant-opens-host', {
      payload: JSON.stringify({
        ops: [
          { kind: 'connect', host: '127.0.0.1', port: service.port },
          { kind: 'http', url: `http://127.0.0.1:${service.port}/` },
          { kind: 'tcp', host: '127.0.0.1', port: service.port },
        ],
      }),
      tail: true,
    });
    assert.equal(out.functionError, undefined, out.text);
    const [connect, http, raw] = out.json<{ results: ProbeResult[] }>().results;
    assert.equal(connect?.outcome, '403', JSON.stringify(connect));
    assert.match(connect?.reply ?? '', /host address not allowed by the operator \(.*--egress-allow-private\)/);
    assert.equal(http?.outcome, '403', JSON.stringify(http));
    assert.equal(raw?.outcome, 'ECONNREFUSED', 'no forwarder for a destination the operator does not allow');
    assert.equal(service.connections(), 0, 'the host service saw a connection');
    const log = out.log ?? '';
    assert.match(log, new RegExp(`EGRESS-RULE Rule: 127\\.0\\.0\\.1:${service.port}\\tStatus: INACTIVE\\tReason: host address not allowed by the operator`));
    assert.equal(log.split('\n').filter((l) => l.startsWith('EGRESS ') && l.includes('Verdict: DENIED')).length, 2, log);
  });
});
