/**
 * Two nodes in one process on one PostgreSQL database, sharing a blob dir and master key: a function
 * created on one invokes on the other; an invoke that would start cold on a node goes to the peer that
 * published an idle warm environment of that version, and runs there (the first node starts none);
 * errors come back as AWS errors; the node channel refuses unsigned and replayed requests; a node with
 * another master key refuses to join the store.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { CreateAccessKeyCommand, CreateUserCommand, DeleteUserPolicyCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startLambdabox, TEST_REGION } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { freshPostgresDatabase } from '../helpers/postgres-cluster.js';
import { deploy, invoke } from '../invoke/invoke-harness.js';
import type { LambdaboxOptions } from '../../src/lambdabox.js';
import { KeyService, parseMasterKey } from '../../src/shared/crypto/key-service.js';
import { NodeChannelKey, decodeMeta, encodeMeta, H } from '../../src/cluster/node-channel.js';
import { FORWARD_INVOKE_PATH } from '../../src/cluster/forwarded-invoke.js';
import { isLambdaboxError } from '../../src/shared/errors/lambdabox-error.js';

const HANDLER = {
  'index.js': `
    let calls = 0;
    exports.handler = async (event) => {
      calls += 1;
      if (event.fail) throw new Error('asked to fail');
      return { echo: event, calls };
    };
  `,
};

async function until(what: string, check: () => boolean, deadlineMs = 30_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('two nodes sharing a PostgreSQL store', () => {
  let db: { url: string; drop: () => Promise<void> };
  let blobDir: string;
  const masterKey = randomBytes(32).toString('hex');
  let a: LambdaboxFixture;
  let b: LambdaboxFixture;
  let lambdaA: LambdaClient;
  let lambdaB: LambdaClient;

  function nodeOptions(): Partial<LambdaboxOptions> {
    return { store: { kind: 'postgres', url: db.url }, blobDir, masterKey, nodeLeaseMs: 5_000 };
  }

  before(async () => {
    db = await freshPostgresDatabase();
    blobDir = await mkdtemp(join(tmpdir(), 'lbx-blobs-'));
    a = await startLambdabox({ overrides: nodeOptions() });
    b = await startLambdabox({ overrides: nodeOptions() });
    lambdaA = a.lambda();
    lambdaB = b.lambda();
  });

  after(async () => {
    await a?.close();
    await b?.close();
    await rm(blobDir, { recursive: true, force: true });
    await db?.drop();
  });

  test('each node sees the other, by its own id', async () => {
    const idA = a.box.cluster?.nodeId;
    const idB = b.box.cluster?.nodeId;
    assert.match(idA ?? '', /^node-[0-9a-f]{16}$/);
    assert.notEqual(idA, idB);
    await until('the nodes to see each other', () =>
      (a.box.cluster?.peers ?? []).some((p) => p.nodeId === idB) && (b.box.cluster?.peers ?? []).some((p) => p.nodeId === idA),
    );
    assert.equal(a.box.cluster?.peers.find((p) => p.nodeId === idB)?.url, b.url);
  });

  test('a function created on one node runs on the other; a cold invoke goes to the warm peer', async () => {
    await deploy(a, lambdaA, 'shared', HANDLER);
    await b.settled();
    // Neither node has an environment: node B starts one itself (no peer is warm, none less loaded).
    const first = await invoke(lambdaB, 'shared', { payload: '{"n":1}' });
    assert.equal(first.status, 200);
    assert.deepEqual(first.json(), { echo: { n: 1 }, calls: 1 });
    assert.equal(b.box.sandboxes?.stats().total, 1);
    assert.equal(a.box.sandboxes?.stats().total, 0);

    // Once A has read B's heartbeat with the idle environment, A's invoke runs in it rather than cold on A.
    const idB = b.box.cluster?.nodeId;
    await until("B's idle environment in A's view", () =>
      Object.values(a.box.cluster?.peers.find((p) => p.nodeId === idB)?.warm ?? {}).some((n) => n > 0),
    );
    const second = await invoke(lambdaA, 'shared', { payload: '{"n":2}', tail: true });
    assert.equal(second.status, 200);
    assert.deepEqual(second.json(), { echo: { n: 2 }, calls: 2 }, 'the same (warm) environment on B answered');
    assert.equal(second.executedVersion, '$LATEST');
    assert.match(second.log ?? '', /START RequestId: /, 'the log tail travels back');
    assert.equal(a.box.sandboxes?.stats().total, 0, 'A started no environment');

    const failed = await invoke(lambdaA, 'shared', { payload: '{"fail":true}' });
    assert.equal(failed.status, 200);
    assert.equal(failed.functionError, 'Unhandled');
    assert.equal(failed.json()['errorMessage'], 'asked to fail');
  });

  test('the node channel answers only signed, fresh, unreplayed requests; errors travel as AWS errors', async () => {
    const url = new URL(FORWARD_INVOKE_PATH, b.url);
    const unsigned = await fetch(url, { method: 'POST', body: '{}' });
    assert.equal(unsigned.status, 403);
    await unsigned.arrayBuffer();

    const key = new NodeChannelKey(new KeyService(parseMasterKey(masterKey)));
    const meta = encodeMeta({
      region: TEST_REGION,
      accountId: '000000000000',
      name: 'no-such-function',
      requestId: 'c0ffee00-0000-4000-8000-000000000001',
      invokedFunctionArn: `arn:aws:lambda:${TEST_REGION}:000000000000:function:no-such-function`,
      tailLogs: false,
    });
    const body = Buffer.from('{}');
    const headers = key.signRequest('node-0123456789abcdef', 'POST', FORWARD_INVOKE_PATH, meta, body, Date.now());
    const res = await fetch(url, { method: 'POST', headers, body });
    const resBody = Buffer.from(await res.arrayBuffer());
    assert.equal(res.status, 404);
    const head = key.verifyResponse(headers[H.nonce] ?? '', res.headers, resBody);
    assert.ok(head !== undefined, 'the answer is signed over our nonce');
    const outcome = decodeMeta(head.meta) as Record<string, unknown>;
    assert.equal(outcome['kind'], 'error');
    assert.equal(outcome['code'], 'ResourceNotFoundException');

    const replay = await fetch(url, { method: 'POST', headers, body });
    assert.equal(replay.status, 403, 'the same request again is refused');
    await replay.arrayBuffer();

    const tampered = key.signRequest('node-0123456789abcdef', 'POST', FORWARD_INVOKE_PATH, meta, body, Date.now());
    const changedBody = await fetch(url, { method: 'POST', headers: tampered, body: '{"evil":1}' });
    assert.equal(changedBody.status, 403, 'a body that is not the signed one is refused');
    await changedBody.arrayBuffer();
  });

  test("an IAM change made on one node applies on the other at once, not after a cache's lifetime", async () => {
    const iam = new IAMClient({ endpoint: a.url, region: TEST_REGION, credentials: a.credentials, maxAttempts: 1 });
    try {
      await iam.send(new CreateUserCommand({ UserName: 'lister' }));
      await iam.send(
        new PutUserPolicyCommand({
          UserName: 'lister',
          PolicyName: 'list',
          PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lambda:ListFunctions', Resource: '*' }] }),
        }),
      );
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'lister' }))).AccessKey;
      const onB = new LambdaClient({
        endpoint: b.url,
        region: TEST_REGION,
        credentials: { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' },
        maxAttempts: 1,
      });
      try {
        // B authorizes (and caches the user's policies), then A revokes them.
        await onB.send(new ListFunctionsCommand({}));
        await iam.send(new DeleteUserPolicyCommand({ UserName: 'lister', PolicyName: 'list' }));
        const deadline = Date.now() + 20_000;
        let denied = false;
        while (!denied && Date.now() < deadline) {
          denied = await onB.send(new ListFunctionsCommand({})).then(
            () => false,
            (err: unknown) => (err as { name?: string }).name === 'AccessDeniedException',
          );
          if (!denied) await new Promise((r) => setTimeout(r, 50));
        }
        assert.ok(denied, 'the revoked permission is revoked on the other node too');
      } finally {
        onB.destroy();
      }
    } finally {
      iam.destroy();
    }
  });

  test('a node whose master key differs refuses to start on the store', async () => {
    await assert.rejects(
      startLambdabox({ overrides: { ...nodeOptions(), masterKey: randomBytes(32).toString('hex') } }),
      (err: unknown) => isLambdaboxError(err) && err.code === 'ERR_MASTER_KEY_MISMATCH',
    );
  });
});

test('on SQLite too, a restart with another master key is refused before anything is written', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'lbx-keycheck-'));
  try {
    const first = await startLambdabox({ dataDir, overrides: { masterKey: randomBytes(32).toString('hex'), sandbox: false } });
    await first.close();
    await assert.rejects(
      startLambdabox({ dataDir, overrides: { masterKey: randomBytes(32).toString('hex'), sandbox: false } }),
      (err: unknown) => isLambdaboxError(err) && err.code === 'ERR_MASTER_KEY_MISMATCH',
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
