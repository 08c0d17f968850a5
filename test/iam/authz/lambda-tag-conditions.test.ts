/**
 * Lambda ABAC (issue 10 point 3): the function's tags at request time are `aws:ResourceTag/…` for every
 * operation on it, its versions and aliases; the tags CreateFunction and TagResource set and the keys
 * UntagResource removes are `aws:RequestTag/…` and `aws:TagKeys`. Before the fix no tag key was ever
 * supplied, so every tag-conditioned Deny below let the call through.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GetFunctionCommand,
  InvokeCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionConfigurationCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { startLambdabox, TEST_REGION, type LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { failure } from '../../helpers/aws-errors.js';
import { userWithKey } from './iam-principals.js';
import { assertDenied, createHello } from './abac-harness.js';

const ARN = `arn:aws:lambda:${TEST_REGION}:000000000000:function:`;

const create = (client: LambdaClient, name: string, tags?: Record<string, string>) => createHello(client, name, tags === undefined ? {} : { Tags: tags });

const explicitlyDenied = (call: Promise<unknown>, action: string, resource: string): Promise<void> =>
  assertDenied(call, action, resource, { name: 'AccessDeniedException' });

const ALLOW_ALL = { Effect: 'Allow', Action: ['lambda:*', 'iam:PassRole'], Resource: '*' };

describe('Lambda tag condition keys', () => {
  let fx: LambdaboxFixture;
  let admin: LambdaClient;

  before(async () => {
    fx = await startLambdabox();
    admin = fx.lambda();
    await create(admin, 'prodfn', { env: 'prod' });
    await create(admin, 'devfn');
    await create(admin, 'bluefn', { team: 'blue' });
    await fx.settled();
  });
  after(() => fx.close());

  test('a Deny on aws:ResourceTag/env=prod stops invoke and update of the prod-tagged function only', async () => {
    const key = await userWithKey(fx, {
      name: 'deployer',
      inline: [
        {
          Version: '2012-10-17',
          Statement: [
            ALLOW_ALL,
            {
              Effect: 'Deny',
              Action: ['lambda:InvokeFunction', 'lambda:UpdateFunctionConfiguration'],
              Resource: '*',
              Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } },
            },
          ],
        },
      ],
    });
    const user = fx.lambda(key);
    await explicitlyDenied(user.send(new InvokeCommand({ FunctionName: 'prodfn' })), 'lambda:InvokeFunction', `${ARN}prodfn`);
    // A qualified ARN names a version or alias of the function: AWS uses the function's tags.
    await explicitlyDenied(
      user.send(new InvokeCommand({ FunctionName: 'prodfn', Qualifier: '$LATEST' })),
      'lambda:InvokeFunction',
      `${ARN}prodfn:$LATEST`,
    );
    await explicitlyDenied(
      user.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'prodfn', Description: 'x' })),
      'lambda:UpdateFunctionConfiguration',
      `${ARN}prodfn`,
    );

    const invoked = await user.send(new InvokeCommand({ FunctionName: 'devfn', Payload: Buffer.from('{}') }));
    assert.equal(invoked.StatusCode, 200);
    assert.equal(invoked.FunctionError, undefined);
    await user.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'devfn', Description: 'updated' }));
    await fx.settled();

    // The tags as they are at request time: tagging devfn prod denies the very next call, untagging lifts it.
    await admin.send(new TagResourceCommand({ Resource: `${ARN}devfn`, Tags: { env: 'prod' } }));
    await explicitlyDenied(user.send(new InvokeCommand({ FunctionName: 'devfn', InvocationType: 'DryRun' })), 'lambda:InvokeFunction', `${ARN}devfn`);
    await admin.send(new UntagResourceCommand({ Resource: `${ARN}devfn`, TagKeys: ['env'] }));
    const dry = await user.send(new InvokeCommand({ FunctionName: 'devfn', InvocationType: 'DryRun' }));
    assert.equal(dry.StatusCode, 204);
  });

  test('a Deny on aws:TagKeys containing lambdabox:egress stops TagResource, UntagResource and CreateFunction with that tag', async () => {
    const key = await userWithKey(fx, {
      name: 'tagger',
      inline: [
        {
          Version: '2012-10-17',
          Statement: [
            ALLOW_ALL,
            {
              Effect: 'Deny',
              Action: ['lambda:TagResource', 'lambda:UntagResource', 'lambda:CreateFunction'],
              Resource: '*',
              Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['lambdabox:egress'] } },
            },
          ],
        },
      ],
    });
    const user = fx.lambda(key);
    await explicitlyDenied(
      user.send(new TagResourceCommand({ Resource: `${ARN}devfn`, Tags: { team: 'red', 'lambdabox:egress': 'example.com:443' } })),
      'lambda:TagResource',
      `${ARN}devfn`,
    );
    await explicitlyDenied(
      user.send(new UntagResourceCommand({ Resource: `${ARN}devfn`, TagKeys: ['lambdabox:egress'] })),
      'lambda:UntagResource',
      `${ARN}devfn`,
    );
    await explicitlyDenied(create(user, 'egressfn', { 'lambdabox:egress': 'example.com:443' }), 'lambda:CreateFunction', `${ARN}egressfn`);
    // Nothing was set or created.
    assert.deepEqual((await admin.send(new GetFunctionCommand({ FunctionName: 'devfn' }))).Tags, undefined);
    assert.equal((await failure(admin.send(new GetFunctionCommand({ FunctionName: 'egressfn' })))).name, 'ResourceNotFoundException');

    // Other tags, and no tags at all, are not affected.
    await user.send(new TagResourceCommand({ Resource: `${ARN}devfn`, Tags: { team: 'red' } }));
    await user.send(new UntagResourceCommand({ Resource: `${ARN}devfn`, TagKeys: ['team'] }));
    await create(user, 'teamfn', { team: 'red' });
    await create(user, 'plainfn');
    await fx.settled();
  });

  test('tagging on create needs lambda:TagResource: a Deny on TagResource alone cannot be sidestepped by CreateFunction', async () => {
    const key = await userWithKey(fx, {
      name: 'sidestep',
      inline: [
        {
          Version: '2012-10-17',
          Statement: [
            ALLOW_ALL,
            {
              Effect: 'Deny',
              Action: 'lambda:TagResource',
              Resource: '*',
              Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['lambdabox:egress'] } },
            },
          ],
        },
      ],
    });
    const user = fx.lambda(key);
    await explicitlyDenied(create(user, 'sidestepfn', { 'lambdabox:egress': 'example.com:443' }), 'lambda:TagResource', `${ARN}sidestepfn`);
    assert.equal((await failure(admin.send(new GetFunctionCommand({ FunctionName: 'sidestepfn' })))).name, 'ResourceNotFoundException');

    const createOnly = await userWithKey(fx, {
      name: 'createonly',
      inline: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['lambda:CreateFunction', 'iam:PassRole'], Resource: '*' }] }],
    });
    const limited = fx.lambda(createOnly);
    const untaggedOnly = await failure(create(limited, 'tagged-by-creator', { team: 'red' }));
    assert.equal(untaggedOnly.name, 'AccessDeniedException');
    assert.match(untaggedOnly.message, /not authorized to perform: lambda:TagResource on resource: .*function:tagged-by-creator because no identity-based policy allows/);
    await create(limited, 'untagged-by-creator');
    await fx.settled();
  });

  test('a Deny on aws:RequestTag/env=prod stops creating and tagging a prod function', async () => {
    const key = await userWithKey(fx, {
      name: 'creator',
      inline: [
        {
          Version: '2012-10-17',
          Statement: [
            ALLOW_ALL,
            {
              Effect: 'Deny',
              Action: ['lambda:CreateFunction', 'lambda:TagResource'],
              Resource: '*',
              Condition: { StringEquals: { 'aws:RequestTag/env': 'prod' } },
            },
          ],
        },
      ],
    });
    const user = fx.lambda(key);
    await explicitlyDenied(create(user, 'newprod', { env: 'prod' }), 'lambda:CreateFunction', `${ARN}newprod`);
    await explicitlyDenied(user.send(new TagResourceCommand({ Resource: `${ARN}devfn`, Tags: { env: 'prod' } })), 'lambda:TagResource', `${ARN}devfn`);
    await create(user, 'newdev', { env: 'dev' });
    await fx.settled();
  });

  test('an Allow conditioned on aws:ResourceTag/team gives exactly the functions with that tag', async () => {
    const key = await userWithKey(fx, {
      name: 'blue',
      inline: [
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['lambda:GetFunction', 'lambda:InvokeFunction'],
              Resource: '*',
              Condition: { StringEquals: { 'aws:ResourceTag/team': 'blue' } },
            },
          ],
        },
      ],
    });
    const user = fx.lambda(key);
    const got = await user.send(new GetFunctionCommand({ FunctionName: 'bluefn' }));
    assert.deepEqual(got.Tags, { team: 'blue' });
    assert.equal((await user.send(new InvokeCommand({ FunctionName: 'bluefn', InvocationType: 'DryRun' }))).StatusCode, 204);
    for (const name of ['prodfn', 'devfn']) {
      const denied = await failure(user.send(new GetFunctionCommand({ FunctionName: name })));
      assert.equal(denied.name, 'AccessDeniedException');
      assert.match(denied.message, /because no identity-based policy allows the lambda:GetFunction action$/);
    }
  });
});
