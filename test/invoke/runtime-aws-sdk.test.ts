import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLambdabox } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { deploy, FAST_MEMORY, invoke } from './invoke-harness.js';

// Needs the compiled runtimes (npm test builds them): the SDK bundles live in dist/src/runtimes/nodejs/node_modules.
const ESM = `
import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { SQSClient } from '@aws-sdk/client-sqs';
import { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import sdk from '@aws-sdk/client-lambda';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
export const handler = async () => ({
  esm: [LambdaClient, InvokeCommand, STSClient, GetCallerIdentityCommand, SQSClient, KMSClient, SecretsManagerClient].map((f) => typeof f),
  sameInstance: require('@aws-sdk/client-lambda').LambdaClient === LambdaClient && sdk.LambdaClient === LambdaClient,
  resolved: require.resolve('@aws-sdk/client-sts'),
  region: await new STSClient({}).config.region(),
});
`;
const CJS = `
const { LambdaClient } = require('@aws-sdk/client-lambda');
const { SecretsManagerClient } = require('@aws-sdk/client-secrets-manager');
exports.handler = async () => ({ cjs: [typeof LambdaClient, typeof SecretsManagerClient] });
`;

describe('AWS SDK v3 clients on the module path of nodejs runtimes', () => {
  let fx: LambdaboxFixture;
  before(async () => {
    fx = await startLambdabox();
  });
  after(async () => {
    await fx.close();
  });

  test('import (ESM) and require (CommonJS) both find @aws-sdk/client-* inside the sandbox', async () => {
    const lambda = fx.lambda();
    await deploy(fx, lambda, 'sdk-esm', { 'index.mjs': ESM }, { memorySize: FAST_MEMORY });
    const esm = await invoke(lambda, 'sdk-esm');
    assert.equal(esm.functionError, undefined, esm.text);
    const out = esm.json<{ esm: string[]; sameInstance: boolean; resolved: string; region: string }>();
    assert.deepEqual(out.esm, Array(7).fill('function'));
    assert.equal(out.sameInstance, true);
    // Both are the bundled copy: /node_modules (bound for ES module resolution) or /var/runtime/node_modules.
    assert.match(out.resolved, /^(\/var\/runtime)?\/node_modules\/@aws-sdk\/client-sts\/index\.js$/);
    assert.equal(out.region, 'us-east-1');

    await deploy(fx, lambda, 'sdk-cjs', { 'index.js': CJS }, { memorySize: FAST_MEMORY });
    const cjs = await invoke(lambda, 'sdk-cjs');
    assert.equal(cjs.functionError, undefined, cjs.text);
    assert.deepEqual(cjs.json(), { cjs: ['function', 'function'] });
  });
});
