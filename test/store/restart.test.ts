/**
 * State survives restarts, and SIGKILL during a burst of CreateFunction calls loses nothing that
 * was acknowledged and leaves no half-created function (issue 2, acceptance 4).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetFunctionCommand,
  LambdaClient,
  ListFunctionsCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PublishLayerVersionCommand,
  PublishVersionCommand,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { startLambdabox, TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY } from '../helpers/lambdabox-fixture.js';
import { startServerProcess } from '../helpers/server-process.js';
import { createLambdaRoleViaApi } from '../helpers/lambda-roles.js';
import { helloZip, zipOf, TEST_ROLE } from '../helpers/zips.js';

function clientFor(url: string): LambdaClient {
  return new LambdaClient({
    endpoint: url,
    region: TEST_REGION,
    maxAttempts: 1,
    credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY },
  });
}

async function listAll(lambda: LambdaClient): Promise<FunctionConfiguration[]> {
  const out: FunctionConfiguration[] = [];
  let marker: string | undefined;
  do {
    const page = await lambda.send(new ListFunctionsCommand({ Marker: marker, MaxItems: 50 }));
    out.push(...(page.Functions ?? []));
    marker = page.NextMarker;
  } while (marker !== undefined);
  return out;
}

describe('durability', () => {
  test('a restart keeps functions, versions, aliases, layers, tags and code', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lambdabox-restart-'));
    try {
      const first = await startLambdabox({ dataDir });
      const lambda = first.lambda();
      const layer = await lambda.send(new PublishLayerVersionCommand({ LayerName: 'keep', Content: { ZipFile: zipOf({ 'a.txt': 'a' }) } }));
      await lambda.send(new CreateFunctionCommand({
        FunctionName: 'keep-me', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE,
        Code: { ZipFile: helloZip('keep') }, Environment: { Variables: { SECRET_THING: 'value-1' } },
        Tags: { team: 'a' }, Layers: [layer.LayerVersionArn ?? ''],
      }));
      await first.settled();
      const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: 'keep-me' }));
      await lambda.send(new CreateAliasCommand({ FunctionName: 'keep-me', Name: 'live', FunctionVersion: v1.Version }));
      await first.close();

      const second = await startLambdabox({ dataDir });
      try {
        const again = second.lambda();
        const fn = await again.send(new GetFunctionCommand({ FunctionName: 'keep-me', Qualifier: 'live' }));
        assert.equal(fn.Configuration?.Version, '1');
        assert.equal(fn.Configuration?.State, 'Active');
        assert.deepEqual(fn.Configuration?.Environment?.Variables, { SECRET_THING: 'value-1' });
        assert.deepEqual(fn.Configuration?.Layers?.map((l) => l.Arn), [layer.LayerVersionArn]);
        const zip = Buffer.from(await (await fetch(fn.Code?.Location ?? '')).arrayBuffer());
        assert.deepEqual(zip, helloZip('keep'));
        const tags = await again.send(new ListTagsCommand({ Resource: fn.Configuration?.FunctionArn?.replace(/:live$/, '') }));
        assert.deepEqual(tags.Tags, { team: 'a' });
        const versions = await again.send(new ListVersionsByFunctionCommand({ FunctionName: 'keep-me' }));
        assert.deepEqual(versions.Versions?.map((v) => v.Version), ['$LATEST', '1']);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('SIGKILL during a burst of CreateFunction loses no acknowledged function and leaves no partial one', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lambdabox-crash-'));
    try {
      const server = await startServerProcess(dataDir);
      await createLambdaRoleViaApi(server.url, { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY }, TEST_ROLE);
      const lambda = clientFor(server.url);
      const acknowledged = new Map<string, string>();
      const attempted = new Set<string>();
      let killed = false;
      let next = 0;
      const worker = async (): Promise<void> => {
        while (!killed && next < 400) {
          const name = `burst-${next++}`;
          attempted.add(name);
          const zip = helloZip(name);
          try {
            const out = await lambda.send(new CreateFunctionCommand({
              FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE,
              Code: { ZipFile: zip }, Environment: { Variables: { FN_NAME: name } },
            }));
            acknowledged.set(name, out.CodeSha256 ?? '');
            if (acknowledged.size === 60) {
              server.child.kill('SIGKILL');
              killed = true;
            }
          } catch (err) {
            // Requests cut off by the kill are not acknowledged; they may or may not exist afterwards.
            if (!killed) throw new Error(`CreateFunction ${name} failed before the kill: ${String(err)}`);
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      const { signal } = await server.exited;
      assert.equal(signal, 'SIGKILL');
      lambda.destroy();

      const restarted = await startServerProcess(dataDir);
      const after = clientFor(restarted.url);
      try {
        const listed = await listAll(after);
        const names = new Set(listed.map((f) => f.FunctionName ?? ''));
        for (const name of acknowledged.keys()) assert.ok(names.has(name), `acknowledged ${name} is missing`);
        for (const name of names) assert.ok(attempted.has(name), `unexpected function ${name}`);
        for (const fn of listed) {
          const name = fn.FunctionName ?? '';
          await waitUntilFunctionActiveV2({ client: after, maxWaitTime: 30 }, { FunctionName: name });
          const got = await after.send(new GetFunctionCommand({ FunctionName: name }));
          assert.equal(got.Configuration?.State, 'Active', `${name} is not Active`);
          assert.deepEqual(got.Configuration?.Environment?.Variables, { FN_NAME: name });
          const zip = Buffer.from(await (await fetch(got.Code?.Location ?? '')).arrayBuffer());
          assert.equal(createHash('sha256').update(zip).digest('base64'), got.Configuration?.CodeSha256);
          assert.deepEqual(zip, helloZip(name));
          const ack = acknowledged.get(name);
          if (ack !== undefined) assert.equal(got.Configuration?.CodeSha256, ack);
        }
        assert.ok(acknowledged.size >= 60);
      } finally {
        after.destroy();
        restarted.child.kill('SIGTERM');
        const { code } = await restarted.exited;
        assert.equal(code, 0, 'SIGTERM drains and exits cleanly');
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
