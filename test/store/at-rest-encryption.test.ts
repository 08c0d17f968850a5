/**
 * Nothing in the data dir except admin-credentials holds a zip's bytes, an environment variable's
 * value or the admin secret in plaintext (issue 2, acceptance 5). Zips are stored uncompressed here
 * so their content would be visible byte for byte if a blob were not encrypted.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { CreateFunctionCommand, PublishLayerVersionCommand, PublishVersionCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { startLambdabox, TEST_SECRET_ACCESS_KEY } from '../helpers/lambdabox-fixture.js';
import { TEST_ROLE } from '../helpers/zips.js';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

function storedZip(content: string): Buffer {
  return Buffer.from(zipSync({ 'index.mjs': [strToU8(content), { level: 0 }] }));
}

describe('encryption at rest', () => {
  test('no plaintext zip bytes, environment values or admin secret outside admin-credentials', async () => {
    const zipMarker = `ZIPMARKER-${randomBytes(12).toString('hex')}`;
    const layerMarker = `LAYERMARKER-${randomBytes(12).toString('hex')}`;
    const envMarker = `ENVMARKER-${randomBytes(12).toString('hex')}`;
    const envMarker2 = `ENVMARKER2-${randomBytes(12).toString('hex')}`;
    const sqsMarker = `SQSMARKER-${randomBytes(12).toString('hex')}`;
    const sqsAttrMarker = `SQSATTRMARKER-${randomBytes(12).toString('hex')}`;
    const fx = await startLambdabox();
    const dataDir = fx.dataDir;
    const needles = [zipMarker, layerMarker, envMarker, envMarker2, sqsMarker, sqsAttrMarker, TEST_SECRET_ACCESS_KEY].map((s) => Buffer.from(s));
    // A blob store that forgot to encrypt would still be caught through the base64 of the zip.
    try {
      const lambda = fx.lambda();
      await lambda.send(new PublishLayerVersionCommand({ LayerName: 'secret-layer', Content: { ZipFile: storedZip(`// ${layerMarker}`) } }));
      await lambda.send(new CreateFunctionCommand({
        FunctionName: 'secretive', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE,
        Code: { ZipFile: storedZip(`export const handler = async () => '${zipMarker}';`) },
        Environment: { Variables: { DB_PASSWORD: envMarker } },
      }));
      await fx.settled();
      await lambda.send(new PublishVersionCommand({ FunctionName: 'secretive' }));
      await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'secretive', Environment: { Variables: { API_TOKEN: envMarker2 } } }));
      await fx.settled();
      // An SQS message body and attribute stay sealed in the store.
      const sqs = new SQSClient({ endpoint: fx.url, region: 'us-east-1', credentials: fx.credentials, maxAttempts: 1 });
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'secret-queue' }));
      await sqs.send(new SendMessageCommand({
        QueueUrl, MessageBody: sqsMarker, MessageAttributes: { token: { DataType: 'String', StringValue: sqsAttrMarker } },
      }));
      sqs.destroy();

      const scan = async (when: string): Promise<void> => {
        const files = await filesUnder(dataDir);
        assert.ok(files.some((f) => f.includes(`${join(dataDir, 'blobs')}`)), 'blobs were written');
        for (const file of files) {
          const rel = relative(dataDir, file);
          if (rel === 'admin-credentials') continue;
          const bytes = await readFile(file);
          for (const needle of needles) {
            assert.equal(bytes.indexOf(needle), -1, `${rel} holds plaintext ${needle.toString().slice(0, 12)}… (${when})`);
          }
        }
      };
      await scan('while running');
      const credentials = await readFile(join(dataDir, 'admin-credentials'), 'utf8');
      assert.match(credentials, /^\[lambdabox\]$/m);
      assert.equal((await stat(join(dataDir, 'admin-credentials'))).mode & 0o777, 0o600);
      await fx.box.close();
      await scan('after shutdown');
    } finally {
      await fx.close();
    }
  });
});
