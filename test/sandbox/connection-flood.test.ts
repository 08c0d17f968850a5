/**
 * Issue 10, point 1: one function must not take the platform down by exhausting the server's file
 * descriptors. A hostile function forks children that open thousands of connections to one of its
 * host-side listeners (its Runtime API socket, the lambdabox API relay, the egress proxy) while a
 * second account invokes a benign function, lists its functions and checks health, over and over.
 * The other account sees no failure, the server's open descriptors (this process: the server runs
 * in-process) stay within a bound the flood would blow through, and the hostile environment is
 * destroyed with a server log line, a line in its function's log and a finding.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { CreateFunctionCommand, ListFunctionsCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox, TEST_REGION, type LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { ensureLambdaRole } from '../helpers/lambda-roles.js';
import { TEST_ROLE, zipOf } from '../helpers/zips.js';
import { deploy, instanceCgroupDirs, invoke, sleep } from '../invoke/invoke-harness.js';
import { requestAccount } from '../../src/cli/accounts-command.js';
import { findingsList } from '../../src/cli/findings-command.js';
import { createLogger } from '../../src/observe/logger.js';
import type { Finding } from '../../src/observe/findings/findings-log.js';
import { DEFAULT_LISTENER_LIMITS } from '../../src/sandbox/listener-limits.js';
import { SANDBOX_SOCKET_PATH } from '../../src/sandbox/environment.js';

/** Children × connections each: thousands, past any per-environment share, within the sandbox's 1024 fds a child. */
const CHILDREN = 4;
const PER_CHILD = 900;
/** How long a child holds its connections once it has them all (what lets the unfixed server's count be seen). */
const HOLD_MS = 1500;
/** The cap, the upstream socket a relayed connection adds, the front door's side of it, and slack for the test's own clients. */
const FD_BOUND = 3 * DEFAULT_LISTENER_LIMITS.connectionsPerEnvironment + 200;
/** Bounds of the other account's loop, in rounds and in time: it stops when the flood is over. */
const MAX_ROUNDS = 300;
const LOOP_DEADLINE_MS = 120_000;

const CHILD = `
const net = require('node:net');
const [path, n, hold] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];
let open = 0, errors = 0, firstError;
const held = [];
function one(tries) {
  return new Promise((resolve) => {
    const s = net.connect(path);
    s.once('connect', () => { open++; held.push(s); s.on('error', () => {}); resolve(); });
    s.once('error', (e) => {
      // A full accept backlog answers EAGAIN on a Unix socket: try again, as a flood would.
      if (tries > 0 && e.code === 'EAGAIN') setTimeout(() => one(tries - 1).then(resolve), 5);
      else { errors++; firstError ??= e.code; resolve(); }
    });
  });
}
(async () => {
  for (let i = 0; i < n; i += 50) await Promise.all(Array.from({ length: Math.min(50, n - i) }, () => one(40)));
  await new Promise((r) => setTimeout(r, hold));
  process.stdout.write(JSON.stringify({ open, errors, firstError }));
  process.exit(0);
})();
`;

const FLOOD = `
import { spawn } from 'node:child_process';
const CHILD = ${JSON.stringify(CHILD)};
const SOCKETS = {
  // The runtime hides the variable from the handler; the path is no secret (the sandbox's mount table shows it).
  'runtime-api': ${JSON.stringify(SANDBOX_SOCKET_PATH)},
  'api-relay': '/var/lambdabox-net/lambdabox-api.sock',
  'egress-proxy': '/var/lambdabox-net/egress.sock',
};
export const handler = async (event) => {
  const path = SOCKETS[event.target];
  const children = Array.from({ length: event.children }, () => new Promise((resolve) => {
    const c = spawn(process.execPath, ['-e', CHILD, path, String(event.perChild), String(event.holdMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    c.stdout.on('data', (d) => { out += d; });
    c.on('close', (code) => resolve({ code, out }));
  }));
  return { path, children: await Promise.all(children) };
};
`;

const BENIGN = "export const handler = async (event) => ({ ok: true, n: event.n });\n";

function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

async function findings(dataDir: string): Promise<Finding[]> {
  let text = '';
  await findingsList({ dataDir, json: true, write: (t) => (text += t) }, {});
  return (JSON.parse(text) as { Findings: Finding[] }).Findings;
}

describe('a function flooding its host-side listeners with connections', { concurrency: false, timeout: 300_000 }, () => {
  let fx: LambdaboxFixture;
  let admin: LambdaClient;
  let other: LambdaClient;
  const serverLog: string[] = [];

  before(async () => {
    fx = await startLambdabox({
      overrides: { logger: createLogger({ level: 'info', destination: { write: (line: string) => void serverLog.push(line) } }) },
    });
    admin = fx.lambda();
    await deploy(fx, admin, 'flood', { 'index.mjs': FLOOD }, { timeout: 60 });
    const created = await requestAccount(fx.url, TEST_REGION, fx.credentials);
    other = fx.lambda({ accessKeyId: created.AccessKeyId, secretAccessKey: created.SecretAccessKey });
    const role = TEST_ROLE.replace('000000000000', created.AccountId);
    await ensureLambdaRole(fx.box, role);
    await other.send(
      new CreateFunctionCommand({ FunctionName: 'benign', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: role, Code: { ZipFile: zipOf({ 'index.mjs': BENIGN }) }, MemorySize: 1769 }),
    );
    await fx.settled();
    const warm = await invoke(other, 'benign', { payload: '{"n":0}' });
    assert.equal(warm.functionError, undefined, warm.text);
  });
  after(() => fx?.close());

  /** The other account's work, repeated until `stop` says the flood is over; every failure is kept. */
  async function otherAccountLoop(stop: () => boolean, failures: string[]): Promise<number> {
    let rounds = 0;
    const deadline = Date.now() + LOOP_DEADLINE_MS;
    while (rounds < MAX_ROUNDS && Date.now() < deadline && (!stop() || rounds < 3)) {
      rounds += 1;
      try {
        const out = await invoke(other, 'benign', { payload: JSON.stringify({ n: rounds }) });
        if (out.functionError !== undefined || out.json<{ n: number }>().n !== rounds) failures.push(`invoke: ${out.text}`);
        const listed = await other.send(new ListFunctionsCommand({}));
        if (listed.Functions?.map((f) => f.FunctionName).join() !== 'benign') failures.push(`list: ${JSON.stringify(listed.Functions)}`);
        const health = await fetch(new URL('/_lambdabox/health', fx.url));
        await health.arrayBuffer();
        if (health.status !== 200) failures.push(`health: ${health.status}`);
      } catch (err) {
        failures.push(String(err));
      }
    }
    return rounds;
  }

  for (const target of ['runtime-api', 'api-relay', 'egress-proxy'] as const) {
    test(`${target}: the other account never fails, the server's fds stay bounded, the environment goes with a finding`, async (t) => {
      const before = openFds();
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, openFds());
      }, 20);
      let floodDone = false;
      const flooding = invoke(admin, 'flood', {
        payload: JSON.stringify({ target, children: CHILDREN, perChild: PER_CHILD, holdMs: HOLD_MS }),
        tail: true,
      }).finally(() => {
        floodDone = true;
      });
      const failures: string[] = [];
      let rounds: number[];
      let flood: Awaited<typeof flooding>;
      try {
        [rounds, flood] = await Promise.all([
          Promise.all([otherAccountLoop(() => floodDone, failures), otherAccountLoop(() => floodDone, failures)]),
          flooding,
        ]);
      } finally {
        clearInterval(sampler);
      }
      peak = Math.max(peak, openFds());
      t.diagnostic(`server fds ${before} → peak ${peak}; the other account's rounds: ${rounds.join(' + ')}`);

      assert.deepEqual(failures, [], `the other account failed in ${String(rounds)} rounds`);
      assert.ok(peak - before < FD_BOUND, `the server's open fds went from ${before} to ${peak} (bound: +${FD_BOUND}); the flood answered ${flood.text.slice(0, 300)}`);

      // The invocation in flight fails as a killed runtime does.
      assert.equal(flood.functionError, 'Unhandled', flood.text);
      assert.equal(flood.json<{ errorType: string }>().errorType, 'Runtime.ExitError');
      const log = flood.log ?? '';
      const limitLine = log.split('\n').find((l) => l.startsWith('LIMIT '));
      assert.ok(limitLine !== undefined, log);
      assert.match(limitLine, new RegExp(`Exceeded: ${DEFAULT_LISTENER_LIMITS.connectionsPerEnvironment} connections\\tListener: ${target}\\tAction: environment destroyed`));

      // Polls bounded at 30 s, not 5: the finding and the teardown of an environment holding thousands of
      // sockets can lag on a loaded machine; the bound only costs time when they never come.
      let found: Finding | undefined;
      for (let i = 0; i < 600 && found === undefined; i++) {
        found = (await findings(fx.dataDir)).find((f) => f.type === 'Impact:Lambda/ConnectionExhaustion' && f.limit?.listener === target);
        if (found === undefined) await sleep(50);
      }
      assert.ok(found !== undefined, 'a finding');
      assert.equal(found.functionArn, `arn:aws:lambda:${TEST_REGION}:000000000000:function:flood`);
      assert.equal(found.severity, 'High');
      assert.deepEqual(found.limit, { kind: 'connections', listener: target, max: DEFAULT_LISTENER_LIMITS.connectionsPerEnvironment });
      assert.match(limitLine, new RegExp(`Environment: ${found.envId}\\t`));

      const line = serverLog.find((l) => l.includes(found.envId) && l.includes('connections'));
      assert.ok(line !== undefined, 'a server log line');
      assert.match(
        (JSON.parse(line) as { msg: string }).msg,
        new RegExp(`^execution environment ${found.envId} of account 000000000000 function flood:\\$LATEST opened more than \\d+ connections \\(${target}\\): destroyed$`),
      );
      const envId = found.envId;
      let alive = true;
      for (let i = 0; i < 600 && alive; i++) {
        alive = instanceCgroupDirs(fx.dataDir).some((d) => basename(d) === envId);
        if (alive) await sleep(50);
      }
      assert.equal(alive, false, 'the flooding environment is destroyed');
    });
  }
});
