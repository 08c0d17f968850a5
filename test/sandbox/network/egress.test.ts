/**
 * Egress from real sandboxes (issue 5, acceptance 3): with no policy a function reaches nothing;
 * with an allowlist naming a loopback test server the operator allows (--egress-allow-private) it
 * reaches that server and nothing else, not even another one its tag names exactly; the
 * metadata address and lambdabox's own port stay closed whatever the policy says; every attempt
 * is in the function's log; a deny-listed name raises a finding `lambdabox findings list` shows.
 * Destinations are loopback servers started here, or addresses the proxy refuses before dialling.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { invoke } from '../../invoke/invoke-harness.js';
import { findingsList } from '../../../src/cli/findings-command.js';
import type { Finding } from '../../../src/observe/findings/findings-log.js';
import { deployProbe, startEchoServer } from './egress-harness.js';
import type { EchoServer, ProbeOp, ProbeResult } from './egress-harness.js';

interface ProbeAnswer {
  readonly results: ProbeResult[];
  readonly env: Record<string, string | undefined>;
}

describe('egress from execution environments', { concurrency: false }, () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;
  let allowed: EchoServer;
  let other: EchoServer;
  let doorPort: number;

  before(async () => {
    allowed = await startEchoServer();
    other = await startEchoServer();
    fx = await startLambdabox({ overrides: { egressAllowPrivate: [`127.0.0.1:${allowed.port}`] } });
    lambda = fx.lambda();
    doorPort = Number(new URL(fx.url).port);
  });
  after(async () => {
    await fx?.close();
    await allowed?.close();
    await other?.close();
  });

  async function probe(name: string, ops: ProbeOp[]): Promise<{ answer: ProbeAnswer; log: string }> {
    const out = await invoke(lambda, name, { payload: JSON.stringify({ ops }), tail: true });
    assert.equal(out.functionError, undefined, out.text);
    return { answer: out.json<ProbeAnswer>(), log: out.log ?? '' };
  }

  test('no policy: raw TCP to host loopback ports is refused and the proxy refuses, fast', async () => {
    await deployProbe(fx, lambda, 'no-policy', undefined);
    const { answer, log } = await probe('no-policy', [
      { kind: 'tcp', host: '127.0.0.1', port: allowed.port },
      { kind: 'tcp', host: '127.0.0.1', port: doorPort },
      { kind: 'connect', host: '127.0.0.1', port: allowed.port },
      { kind: 'http', url: `http://127.0.0.1:${allowed.port}/` },
    ]);
    const [rawTest, rawDoor, connect, http] = answer.results;
    assert.equal(rawTest?.outcome, 'ECONNREFUSED');
    assert.equal(rawDoor?.outcome, 'ECONNREFUSED');
    assert.equal(connect?.outcome, '403');
    assert.match(connect?.reply ?? '', /no egress policy/);
    assert.equal(http?.outcome, '403');
    // Refused, not dropped: a dropped connection would read TIMEOUT above (the probe's 3 s timer), so no
    // wall-clock bound on r.ms, which a loaded machine could miss.
    assert.equal(allowed.connections(), 0);
    assert.equal(answer.env['proxy'], 'http://127.0.0.1:9003');
    assert.equal(answer.env['endpoint'], 'http://127.0.0.1:9002');
    // Both proxy attempts are in the function's log, with the request id in flight.
    const denied = log.split('\n').filter((l) => l.startsWith('EGRESS ') && l.includes('Verdict: DENIED'));
    assert.equal(denied.length, 2, log);
    assert.match(denied[0] ?? '', new RegExp(`Destination: 127\\.0\\.0\\.1:${allowed.port}\\t.*Reason: no egress policy`));
    assert.match(denied[0] ?? '', /Function: arn:aws:lambda:us-east-1:000000000000:function:no-policy\t?/);
    assert.doesNotMatch(denied[0] ?? '', /RequestId: -/);
  });

  test('an allowlisted loopback server the operator allows is reached (proxy and forwarder), and nothing else', async () => {
    // The tag names both servers exactly; the operator allows only the first.
    await deployProbe(fx, lambda, 'allow-one', `127.0.0.1:${allowed.port} 127.0.0.1:${other.port}`);
    const { answer, log } = await probe('allow-one', [
      { kind: 'connect', host: '127.0.0.1', port: allowed.port },
      { kind: 'tcp', host: '127.0.0.1', port: allowed.port },
      { kind: 'connect', host: '127.0.0.1', port: other.port },
      { kind: 'tcp', host: '127.0.0.1', port: other.port },
      { kind: 'connect', host: 'localhost', port: allowed.port },
      { kind: 'tcp', host: '127.0.0.1', port: doorPort },
    ]);
    const [viaProxy, viaForward, otherProxy, otherRaw, byName, door] = answer.results;
    assert.deepEqual([viaProxy?.outcome, viaProxy?.reply], ['200', 'pong:ping']);
    assert.deepEqual([viaForward?.outcome, viaForward?.reply], ['connected', 'pong:ping']);
    assert.equal(otherProxy?.outcome, '403');
    assert.match(otherProxy?.reply ?? '', /not allowed by the operator/);
    assert.equal(otherRaw?.outcome, 'ECONNREFUSED');
    assert.equal(byName?.outcome, '403', 'a name is not the literal the policy names');
    assert.equal(door?.outcome, 'ECONNREFUSED');
    assert.equal(other.connections(), 0);
    const lines = log.split('\n').filter((l) => l.startsWith('EGRESS '));
    const allowedLines = lines.filter((l) => l.includes('Verdict: ALLOWED'));
    assert.equal(allowedLines.length, 2, log);
    for (const l of allowedLines) assert.match(l, new RegExp(`\\tAllowance: 127\\.0\\.0\\.1:${allowed.port}\\t`));
    assert.match(log, new RegExp(`EGRESS-RULE Rule: 127\\.0\\.0\\.1:${other.port}\\tStatus: INACTIVE`));
    assert.ok(lines.some((l) => l.includes(`Destination: 127.0.0.1:${other.port}`) && l.includes('Verdict: DENIED')), log);
  });

  test('metadata and lambdabox itself stay closed even when allowlisted', async () => {
    await deployProbe(fx, lambda, 'allow-metadata', `169.254.169.254:80 [fd00:ec2::254]:80 127.0.0.1:${doorPort}`);
    const { answer, log } = await probe('allow-metadata', [
      { kind: 'connect', host: '169.254.169.254', port: 80 },
      { kind: 'http', url: 'http://169.254.169.254/latest/meta-data/' },
      { kind: 'connect', host: 'fd00:ec2::254', port: 80 },
      { kind: 'connect', host: '127.0.0.1', port: doorPort },
      { kind: 'tcp', host: '127.0.0.1', port: doorPort },
    ]);
    assert.deepEqual(
      answer.results.map((r) => r.outcome),
      ['403', '403', '403', '403', 'ECONNREFUSED'],
    );
    assert.match(answer.results[0]?.reply ?? '', /link-local, metadata/);
    assert.match(answer.results[3]?.reply ?? '', /lambdabox's own service/);
    assert.equal(log.split('\n').filter((l) => l.startsWith('EGRESS ') && l.includes('Verdict: DENIED')).length, 4, log);
  });

  test('a deny-listed name is refused even when allowed, and raises a finding', async () => {
    await deployProbe(fx, lambda, 'miner', '*:*');
    const { answer, log } = await probe('miner', [{ kind: 'connect', host: 'pool.supportxmr.com', port: 3333 }]);
    assert.equal(answer.results[0]?.outcome, '403');
    assert.match(answer.results[0]?.reply ?? '', /threat list/);
    assert.match(log, /EGRESS .*Destination: pool\.supportxmr\.com:3333\t.*Verdict: DENIED/);
    let findings: Finding[] = [];
    for (let i = 0; i < 50 && findings.length === 0; i++) {
      let text = '';
      await findingsList({ dataDir: fx.dataDir, json: true, write: (t) => (text += t) }, {});
      findings = (JSON.parse(text) as { Findings: Finding[] }).Findings;
      if (findings.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(findings.length, 1);
    const f = findings[0];
    assert.equal(f?.type, 'CryptoCurrency:Lambda/BitcoinTool.B!DNS');
    assert.equal(f?.functionArn, 'arn:aws:lambda:us-east-1:000000000000:function:miner');
    assert.deepEqual(f?.destination, { host: 'pool.supportxmr.com', port: 3333 });
    assert.match(f?.envId ?? '', /^env-[0-9a-f]{16}$/);
    let table = '';
    await findingsList({ dataDir: fx.dataDir, write: (t) => (table += t) }, {});
    assert.match(table, /CryptoCurrency:Lambda\/BitcoinTool\.B!DNS\tHigh\tarn:aws:lambda:us-east-1:000000000000:function:miner\t/);
  });
});
