/**
 * Issue 13, acceptance 3: SIGKILL during a burst of API calls; after a restart, every call whose response
 * arrived has its event in the trail (the front door answers only once the event is durable).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { ListFunctionsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { startServerProcess } from '../../helpers/server-process.js';
import { readStore } from '../../helpers/store-reader.js';
import { TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY } from '../../helpers/lambdabox-fixture.js';

const credentials = { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY };
const WORKERS = 8;

test('a call whose response arrived before SIGKILL has its event after the restart', { timeout: 120_000 }, async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'lambdabox-audit-crash-'));
  try {
    const server = await startServerProcess(dataDir);
    const iam = new IAMClient({ endpoint: server.url, region: TEST_REGION, credentials, maxAttempts: 1 });
    const lambda = new LambdaClient({ endpoint: server.url, region: TEST_REGION, credentials, maxAttempts: 1 });
    const answered: string[] = [];
    let stop = false;
    let n = 0;
    const worker = async (w: number): Promise<void> => {
      while (!stop) {
        try {
          const i = n++;
          const out = i % 2 === 0 ? await iam.send(new CreateUserCommand({ UserName: `u-${w}-${i}` })) : await lambda.send(new ListFunctionsCommand({}));
          if (out.$metadata.requestId !== undefined) answered.push(out.$metadata.requestId);
        } catch {
          return; // the server is gone
        }
      }
    };
    const workers = Array.from({ length: WORKERS }, (_, w) => worker(w));
    // Kill mid-burst: once enough calls were answered, while the workers keep calls in flight.
    while (answered.length < 200) await new Promise((r) => setTimeout(r, 5));
    server.child.kill('SIGKILL');
    await server.exited;
    stop = true;
    await Promise.all(workers);
    iam.destroy();
    lambda.destroy();

    const restarted = await startServerProcess(dataDir);
    try {
      const rows = await readStore<{ record: string }>(restarted.store, dataDir, 'SELECT record FROM cloudtrail_events');
      const recorded = new Set(rows.map((r) => (JSON.parse(r.record) as { requestID: string }).requestID));
      const missing = answered.filter((id) => !recorded.has(id));
      assert.deepEqual(missing, [], `${missing.length} of ${answered.length} answered calls have no event`);
      // And through the API, after the restart.
      const trail = new CloudTrailClient({ endpoint: restarted.url, region: TEST_REGION, credentials, maxAttempts: 1 });
      const last = answered[answered.length - 1] ?? '';
      const found = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateUser' }], MaxResults: 50 }));
      assert.ok((found.Events?.length ?? 0) > 0);
      assert.ok(recorded.has(last));
      trail.destroy();
    } finally {
      restarted.child.kill('SIGKILL');
      await restarted.exited;
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
