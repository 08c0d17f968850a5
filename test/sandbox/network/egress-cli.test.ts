/**
 * `lambdabox egress set|get|clear` through the real API (TagResource / ListTags / UntagResource),
 * and the tag's own validation: the wildcard syntax AWS's tag pattern lacks is accepted for this
 * one key, and a malformed policy is refused as InvalidParameterValueException.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateFunctionCommand, ListTagsCommand, TagResourceCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { helloZip, TEST_ROLE } from '../../helpers/zips.js';
import { egressClear, egressGet, egressSet } from '../../../src/cli/egress-command.js';

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:tagged';

describe('egress policy through tags and the CLI', () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;
  const env = { AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY };

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false } });
    lambda = fx.lambda();
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'tagged', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE, Code: { ZipFile: helloZip() } }));
  });
  after(async () => {
    await fx?.close();
  });

  test('set writes the tag, get reads it, clear removes it', async () => {
    let out = '';
    const o = { endpointUrl: fx.url, write: (t: string) => (out += t) };
    assert.equal(await egressSet('tagged', ['*.example.com:443', '127.0.0.1:8080,[::1]:6379'], o, env), 0);
    const tags = await lambda.send(new ListTagsCommand({ Resource: ARN }));
    assert.equal(tags.Tags?.['lambdabox:egress'], '*.example.com:443 127.0.0.1:8080,[::1]:6379');
    out = '';
    await egressGet('tagged', o, env);
    assert.equal(out, '*.example.com:443 127.0.0.1:8080,[::1]:6379\n');
    await egressClear('tagged', o, env);
    assert.equal((await lambda.send(new ListTagsCommand({ Resource: ARN }))).Tags?.['lambdabox:egress'], undefined);
    out = '';
    await egressGet(ARN, o, env);
    assert.match(out, /no egress policy/);
  });

  test('the CLI refuses a bad or too long policy before calling', async () => {
    const o = { endpointUrl: fx.url, write: () => undefined };
    await assert.rejects(egressSet('tagged', ['example.com'], o, env), /not host:port/);
    const many = Array.from({ length: 20 }, (_, i) => `host-${i}.example.com:443`);
    await assert.rejects(egressSet('tagged', many, o, env), /at most 256/);
  });

  test('TagResource validates the policy; other tags keep AWS rules', async () => {
    await assert.rejects(
      lambda.send(new TagResourceCommand({ Resource: ARN, Tags: { 'lambdabox:egress': '*.*:443' } })),
      (err: Error) => err.name === 'InvalidParameterValueException' && /Invalid lambdabox:egress tag: '\*\.\*:443'/.test(err.message),
    );
    await assert.rejects(
      lambda.send(new TagResourceCommand({ Resource: ARN, Tags: { other: '*.example.com' } })),
      (err: Error) => err.name === 'ValidationException',
    );
    await lambda.send(new TagResourceCommand({ Resource: ARN, Tags: { 'lambdabox:egress': '*:443' } }));
  });
});
