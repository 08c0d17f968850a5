/**
 * Every Node.js runtime end to end: nodejs22.x and nodejs24.x run on Node binaries fetched once from
 * the npm registry into the runtime cache; nodejs20.x on the host's Node 20.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { deploy, FAST_MEMORY, invoke } from './invoke-harness.js';

const HANDLER = {
  'index.mjs': 'export const handler = async () => ({ node: process.version, env: process.env.AWS_EXECUTION_ENV, path: process.env.NODE_PATH });\n',
};

describe('Node.js runtimes', () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;
  before(async () => {
    fx = await startLambdabox();
    lambda = fx.lambda();
  });
  after(async () => {
    await fx.close();
  });

  for (const [runtime, major] of [['nodejs20.x', 20], ['nodejs22.x', 22], ['nodejs24.x', 24]] as const) {
    test(`${runtime} runs on Node ${major}`, async () => {
      const name = `rt-${major}`;
      await deploy(fx, lambda, name, HANDLER, { runtime, memorySize: FAST_MEMORY });
      const out = await invoke(lambda, name, {});
      assert.equal(out.functionError, undefined, out.text);
      const body = out.json<{ node: string; env: string; path: string }>();
      assert.match(body.node, new RegExp(`^v${major}\\.`));
      assert.equal(body.env, `AWS_Lambda_${runtime}`);
      assert.match(body.path, new RegExp(`^/opt/nodejs/node${major}/node_modules:`));
    });
  }
});
